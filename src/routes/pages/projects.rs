//! `/projects`: the 项目库 of the caller's county (or the city) for staff and
//! administrators — the list with filters, and one project with its 对接
//! entries and the way to 匹配人选 (`matches`). Creating and editing are in
//! `project_form`.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::forms::{Errors, chain_groups, choices, nonblank, refusal};
use super::regions::counties;
use super::render::{Page, PageResult};
use crate::auth::policy::ProjectSight;
use crate::domain::Stage;
use crate::domain::company::plan;
use crate::service::pipeline::{self, PipelineFilter};
use crate::service::project::{self, ProjectFilter, ProjectView};
use crate::service::referral::{self, ReferralFilter};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects", get(list))
        .route("/projects/{id}", get(show))
}

const PER_PAGE: u64 = 20;

/// The list's filters as the query string carries them.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
struct ListQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    county: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    page: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<ListQuery>,
) -> PageResult<Response> {
    let current = super::forms::page_number(query.page.as_deref());
    // Blank selects are no filter; the page number lives in the pager's links.
    let query = ListQuery {
        q: nonblank(query.q.as_deref()),
        chain: nonblank(query.chain.as_deref()),
        county: nonblank(query.county.as_deref()),
        stage: nonblank(query.stage.as_deref()),
        page: None,
    };
    let filter = ProjectFilter {
        q: query.q.clone(),
        chain: query.chain.clone(),
        county: query.county.clone(),
        stage: query.stage.clone(),
        page: None,
        per_page: None,
    };
    let conn = state.db.conn();
    let (status, total, rows, errors) =
        match project::browse(conn, &page.me, &filter, current, PER_PAGE).await {
            Ok((total, items)) => {
                let rows: Vec<ProjectView> = items
                    .into_iter()
                    .map(|(p, sight)| ProjectView::seen(p, &state.regions, sight))
                    .collect();
                (axum::http::StatusCode::OK, total, rows, Errors::default())
            }
            // A filter the service refuses is shown beside its field.
            Err(e) => {
                let (status, errors) = refusal(e)?;
                (status, 0, Vec::new(), errors)
            }
        };
    let scope = page.me.list_scope().unwrap_or_default();
    let county_choices = counties(conn, &scope).await?;
    let html = page
        .render(
            &state,
            "projects/list.html",
            context! {
                rows, total, current, errors,
                pages => total.div_ceil(PER_PAGE).max(1),
                query_base => serde_urlencoded::to_string(&query).unwrap_or_default(),
                filter => query,
                counties => (county_choices.len() > 1).then_some(county_choices),
                chains => chain_groups(),
                stages => choices(Stage::ALL, Stage::as_str, Stage::label),
            },
        )
        .await?;
    Ok((status, html).into_response())
}

/// `?name=` of the project page: a name to find someone to shortlist.
#[derive(Debug, Default, Deserialize)]
struct ShowQuery {
    name: Option<String>,
}

/// One project, its referrals (以商招商), the people shortlisted for it and where each conversation stands; with
/// `name`, the people of that name who may be shortlisted (加入对接 by name, as on the
/// 匹配人选 page).
pub async fn show_page(
    state: &AppState,
    page: &Page,
    id: i64,
    errors: Errors,
    name: Option<String>,
) -> PageResult<axum::response::Html<String>> {
    let conn = state.db.conn();
    let (found, sight) = project::show(conn, &page.me, id).await?;
    let full = sight == ProjectSight::Full;
    let (entries_total, entries, entries_hidden) = if full {
        let filter = PipelineFilter {
            project: Some(id.to_string()),
            ..Default::default()
        };
        let listed = pipeline::list_counted(conn, &page.me, &filter, 1, 100).await?;
        let hidden = listed.hidden;
        (
            listed.total,
            pipeline::views(conn, listed.items).await?,
            hidden,
        )
    } else {
        (0, Vec::new(), 0)
    };
    let can_edit = project::may_write(&page.me, &found);
    let referrals = if full {
        let filter = ReferralFilter {
            project: Some(id),
            ..Default::default()
        };
        let (_, rows) = referral::list(conn, &page.me, &filter, 1, 100).await?;
        referral::views(conn, &page.me, rows).await?
    } else {
        Vec::new()
    };
    let name_hits = match &name {
        Some(n) if full && can_edit => super::matches::by_name(state, page, n).await?,
        _ => Vec::new(),
    };
    let p = ProjectView::seen(found, &state.regions, sight);
    page.render(
        state,
        "projects/show.html",
        context! { p, entries, entries_total, entries_hidden, can_edit, full, errors, name, name_hits,
        stall_days => pipeline::STALL_DAYS, referrals, plan_companies => plan::all_names() },
    )
    .await
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> PageResult<Response> {
    let name = nonblank(q.name.as_deref());
    Ok(show_page(&state, &page, id, Errors::default(), name)
        .await?
        .into_response())
}
