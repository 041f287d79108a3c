//! `/`: the first page after sign-in. Staff and administrators see the city
//! or county; organizers their township or village: 乡贤会 coverage against
//! the full-coverage target, villages with no registered 乡贤, and the talent
//! pool by chain, county and where people live now; staff and administrators
//! also the projects by chain and the 对接 entries by status. Operators go
//! to their incubator, founders to their own profile.

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use serde_json::json;

use super::coverage::{Row, chart_data, rows};
use super::render::{Page, PageResult};
use crate::domain::{CITY_CODE, Role};
use crate::service::pipeline::{self, PipelineFilter};
use crate::service::{coverage, stats};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(show))
        .route("/licences", get(licences))
}

/// Credits and licences of what the site ships from others (the map's boundaries, ECharts).
async fn licences(State(state): State<AppState>, page: Page) -> PageResult<Response> {
    Ok(page
        .render(&state, "licences.html", context! {})
        .await?
        .into_response())
}

async fn show(State(state): State<AppState>, page: Page) -> PageResult<Response> {
    match page.me.role {
        Role::Founder => return Ok(Redirect::to("/me").into_response()),
        Role::Operator => return Ok(Redirect::to("/incubator").into_response()),
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
    let month = stats::this_month(conn, &prefix).await?;
    let (empty_total, empty_villages) =
        stats::villages_without_profiles(conn, &prefix, &state.regions, 60).await?;
    let (total, items) = rows(cov);
    // Projects and their pipeline are staff's work; organizers do not see them.
    let staff = crate::service::project::works_on_projects(&page.me);
    let (projects, pipeline, stalled) = if staff {
        let stalled = PipelineFilter {
            stalled: Some("true".into()),
            ..Default::default()
        };
        (
            Some(stats::projects_by_chain(conn, &prefix).await?),
            Some(stats::pipeline_by_status(conn, &prefix).await?),
            pipeline::list(conn, &page.me, &stalled, 1, 1).await?.0,
        )
    } else {
        (None, None, 0)
    };
    let mut organizations =
        crate::service::organization::members::counts(conn, &page.me, &state.regions).await?;
    organizations.truncate(10);
    let service = if crate::service::service_request::handles(&page.me) {
        let today = crate::service::fields::today();
        let (open, overdue) =
            crate::service::service_request::counts(conn, &page.me, today).await?;
        Some(json!({"open": open, "overdue": overdue}))
    } else {
        None
    };
    // The map of the six counties, when the rows are the city's counties.
    let map = (prefix == CITY_CODE && !items.is_empty()).then(|| map_data(&items));
    // Read by web/static/js/charts.js from a JSON data island (not executed, so CSP allows it).
    let charts = json!({
        "coverage": chart_data(&items, &prefix),
        "map": map,
        "chains": pool.by_chain,
        "segments": pool.by_segment,
        "counties": pool.by_county,
        "cities": pool.top_residence_cities,
        "projects": projects,
        "pipeline": pipeline,
    });
    Ok(page
        .render(
            &state,
            "dashboard.html",
            context! {
                total, items, pool, charts, region_name, empty_total, empty_villages, month,
                show_counties => prefix.len() <= 4, staff, show_map => map.is_some(), projects, pipeline, stalled,
                stall_days => pipeline::STALL_DAYS, organizations, service,
            },
        )
        .await?
        .into_response())
}

/// The coverage map's data: one entry per county, keyed by its code (the
/// boundaries in `web/static/geo/xianning-421200.json` carry the same codes).
fn map_data(items: &[Row]) -> serde_json::Value {
    let counties: Vec<serde_json::Value> = items
        .iter()
        .map(|r| {
            json!({
                "code": r.code, "name": r.name,
                "village_pct": r.village_pct, "township_pct": r.township_pct,
                "villages": r.figures.villages,
                "villages_with": r.figures.villages_with_association,
                "townships": r.figures.townships,
                "townships_with": r.figures.townships_with_association,
                "profiles": r.figures.profiles,
            })
        })
        .collect();
    json!({ "geo": "/static/geo/xianning-421200.json", "counties": counties })
}
