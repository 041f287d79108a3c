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

/// The coverage chart's data (read by `web/static/js/charts.js`).
pub fn chart_data(items: &[Row], root_code: &str) -> serde_json::Value {
    serde_json::json!({
        "names": items.iter().map(|r| r.name.clone()).collect::<Vec<_>>(),
        "village_pct": items.iter().map(|r| r.village_pct).collect::<Vec<_>>(),
        "township_pct": items.iter().map(|r| r.township_pct).collect::<Vec<_>>(),
        "villages": items.iter().map(|r| r.figures.villages).collect::<Vec<_>>(),
        "villages_with": items.iter().map(|r| r.figures.villages_with_association).collect::<Vec<_>>(),
        "townships": items.iter().map(|r| r.figures.townships).collect::<Vec<_>>(),
        "townships_with": items.iter().map(|r| r.figures.townships_with_association).collect::<Vec<_>>(),
        // Below a county there are no townships to cover.
        "show_townships": root_code.len() < 9,
    })
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
    let charts = serde_json::json!({ "coverage": chart_data(&items, &root_code) });
    page.render(
        &state,
        "coverage.html",
        context! { total, items, parent, charts, region_name => if full_name.is_empty() { total_name(&root_code) } else { full_name } },
    )
    .await
}

fn total_name(code: &str) -> String {
    if code == CITY_CODE {
        "咸宁市".into()
    } else {
        code.into()
    }
}
