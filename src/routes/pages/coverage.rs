//! `/coverage`: 乡贤会 coverage of the caller's area, drilling down to
//! counties, townships and villages (the plan's target is 全覆盖).

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::render::{Page, PageResult};
use crate::domain::CITY_CODE;
use crate::service::coverage::{self, Coverage, Figures};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/coverage", get(show))
}

/// One row of the coverage table, with the shares worked out.
#[derive(Serialize)]
pub struct Row {
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub figures: Figures,
    /// Percent of villages with a 乡贤会, one decimal.
    pub village_pct: f64,
    /// Percent of townships with a 乡贤联谊会, one decimal.
    pub township_pct: f64,
    /// Whether there is a level below to drill into.
    pub drill: bool,
}

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

fn row(code: String, name: String, figures: Figures) -> Row {
    Row {
        village_pct: pct(figures.villages_with_association, figures.villages),
        township_pct: pct(figures.townships_with_association, figures.townships),
        drill: code.len() < 12,
        code,
        name,
        figures,
    }
}

/// The table rows and the chart data of one coverage answer.
pub fn rows(cov: Coverage) -> (Row, Vec<Row>) {
    let total = row(cov.region.code, cov.region.name, cov.region.figures);
    let items = cov
        .items
        .into_iter()
        .map(|c| row(c.code, c.name, c.figures))
        .collect();
    (total, items)
}

#[derive(Deserialize)]
struct CoverageQuery {
    region: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<CoverageQuery>,
) -> PageResult<Html<String>> {
    let region = q.region.filter(|r| !r.is_empty());
    let cov = coverage::for_caller(state.db.conn(), &page.me, region.as_deref()).await?;
    let root_code = cov.region.code.clone();
    let parent = (root_code.len() > 4)
        .then(|| match root_code.len() {
            12 => root_code[..9].to_owned(),
            9 => root_code[..6].to_owned(),
            _ => CITY_CODE.to_owned(),
        })
        .filter(|p| page.me.covers(p));
    let full_name = state.regions.local_name(&root_code);
    let (total, items) = rows(cov);
    page.render(
        &state,
        "coverage.html",
        context! { total, items, parent, region_name => if full_name.is_empty() { total_name(&root_code) } else { full_name } },
    )
    .await
}

fn total_name(code: &str) -> String {
    if code == CITY_CODE { "咸宁市".into() } else { code.into() }
}
