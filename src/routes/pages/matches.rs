//! `/projects/{id}/matches`: 匹配人选 for a project.
//!
//! SLOT for the matching engine (branch `matching`, not merged here): once
//! `GET /api/v1/projects/{id}/matches` exists, this handler calls the same
//! service and the template lists the people with their score parts, reasons,
//! what is missing and `active_asks`, each with a 加入对接 button posting to
//! `/pipeline` (see `pipeline::shortlist`). Until then it says the feature is
//! coming and offers the manual way (a profile number).

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use minijinja::context;

use super::render::{Page, PageResult};
use crate::auth::policy::Access;
use crate::service::project::{self, ProjectView};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/projects/{id}/matches", get(show))
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    let found = project::load(state.db.conn(), &page.me, id, Access::Read).await?;
    let p = ProjectView::new(found, &state.regions);
    page.render(&state, "projects/matches.html", context! { p })
        .await
}
