//! `/`: the first page after sign-in. Staff and administrators see the city
//! or county; organizers their township or village: 乡贤会 coverage against
//! the full-coverage target, villages with no registered 乡贤, and the talent
//! pool by chain, county and where people live now.

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use serde_json::json;

use super::coverage::{chart_data, rows};
use super::render::{Page, PageResult};
use crate::domain::Role;
use crate::service::{coverage, stats};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(show))
}

async fn show(State(state): State<AppState>, page: Page) -> PageResult<Response> {
    match page.me.role {
        Role::Founder => return Ok(Redirect::to("/me").into_response()),
        Role::Operator => {
            return Ok(page
                .render(&state, "dashboard_operator.html", context! {})
                .await?
                .into_response());
        }
        Role::Admin | Role::Staff | Role::Organizer => {}
    }
    let conn = state.db.conn();
    let cov = coverage::for_caller(conn, &page.me, None).await?;
    let prefix = cov.region.code.clone();
    let region_name = match state.regions.local_name(&prefix) {
        n if n.is_empty() => cov.region.name.clone(),
        n => n,
    };
    let pool = stats::talent_pool(conn, &prefix, &state.regions).await?;
    let (empty_total, empty_villages) =
        stats::villages_without_profiles(conn, &prefix, &state.regions, 60).await?;
    let (total, items) = rows(cov);
    // Read by web/static/js/charts.js from a JSON data island (not executed, so CSP allows it).
    let charts = json!({
        "coverage": chart_data(&items, &prefix),
        "chains": pool.by_chain,
        "segments": pool.by_segment,
        "counties": pool.by_county,
        "cities": pool.top_residence_cities,
    });
    Ok(page
        .render(
            &state,
            "dashboard.html",
            context! { total, items, pool, charts, region_name, empty_total, empty_villages, show_counties => prefix.len() <= 4 },
        )
        .await?
        .into_response())
}
