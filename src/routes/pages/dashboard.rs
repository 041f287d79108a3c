//! `/`: the first page after sign-in. Staff and administrators see the city
//! or county; organizers their township or village: headline figures with
//! this month's change, 乡贤会 coverage (a county map at city level), villages
//! with no registered 乡贤, and the talent pool by chain and where people live
//! now; staff and administrators also the projects by chain and the 对接
//! entries by status. `/?region=CODE` opens a county or township of the
//! caller's scope on the same page (the coverage service decides, so another
//! county answers as a region that does not exist). Operators go to their
//! incubator, founders to their own profile.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use serde::Deserialize;
use serde_json::json;

use super::coverage::{chart_data, rows};
use super::dashboard_map;
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

#[derive(Deserialize)]
struct DashboardQuery {
    region: Option<String>,
}

/// The level above `code` when the caller covers it: where 返回 goes.
fn up(page: &Page, state: &AppState, code: &str) -> Option<serde_json::Value> {
    let parent = match code.len() {
        12 => &code[..9],
        9 => &code[..6],
        6 => CITY_CODE,
        _ => return None,
    };
    if !page.me.covers(parent) {
        return None;
    }
    let name = match state.regions.local_name(parent) {
        n if n.is_empty() => "咸宁市".to_owned(),
        n => n,
    };
    // The caller's own area is their plain dashboard.
    let own = page
        .me
        .scope()
        .filter(|_| !page.me.is(Role::Admin))
        .unwrap_or(CITY_CODE);
    Some(json!({"name": name, "code": parent, "own": parent == own}))
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<DashboardQuery>,
) -> PageResult<Response> {
    match page.me.role {
        Role::Founder => return Ok(Redirect::to("/me").into_response()),
        Role::Operator => return Ok(Redirect::to("/incubator").into_response()),
        Role::Admin | Role::Staff | Role::Organizer => {}
    }
    let region = q.region.filter(|r| !r.trim().is_empty());
    let drilled = region.is_some();
    let conn = state.db.conn();
    let cov = coverage::for_caller(conn, &page.me, region.as_deref().map(str::trim)).await?;
    let prefix = cov.region.code.clone();
    let region_name = match state.regions.local_name(&prefix) {
        n if n.is_empty() => cov.region.name.clone(),
        n => n,
    };
    let pool = stats::talent_pool(conn, &prefix, &state.regions).await?;
    let month = stats::this_month(conn, &prefix).await?;
    let (empty_total, empty_villages) =
        stats::villages_without_profiles(conn, &prefix, &state.regions, 40).await?;
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
    let show_map = prefix == CITY_CODE && !items.is_empty();
    let legend = if show_map {
        dashboard_map::legend(&items)
    } else {
        Vec::new()
    };
    let map = show_map.then(|| dashboard_map::data(&items, &legend));
    // Read by web/static/js/charts.js from a JSON data island (not executed, so CSP allows it).
    let charts = json!({
        "coverage": (!show_map).then(|| chart_data(&items, &prefix)),
        "map": map,
        "chains": pool.by_chain,
        "cities": pool.top_residence_cities,
        "projects": projects,
        "pipeline": pipeline,
    });
    let up = drilled.then(|| up(&page, &state, &prefix)).flatten();
    Ok(page
        .render(
            &state,
            "dashboard.html",
            context! {
                total, items, pool, charts, region_name, empty_total, empty_villages, month,
                staff, show_map, legend, projects, pipeline, stalled, drilled, up,
                drill_here => true,
                stall_days => pipeline::STALL_DAYS, organizations, service,
            },
        )
        .await?
        .into_response())
}
