//! Matching: people for a project, projects for a person, openings for the calling founder.

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access, ProfileAction};
use crate::error::AppResult;
use crate::extract::{Path, Query};
use crate::service::matching::{self, MatchQuery};
use crate::service::{profile, project};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects/{id}/matches", get(for_project))
        .route("/profiles/{id}/matches", get(for_profile))
        .route("/openings/recommended", get(openings))
        .route("/matching/report", get(report))
}

/// Per score band, what became of the 对接 entries shortlisted in it.
async fn report(State(state): State<AppState>, me: CurrentUser) -> AppResult<impl IntoResponse> {
    Ok(axum::Json(
        matching::outcome::report(state.db.conn(), &me).await?,
    ))
}

async fn for_project(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<MatchQuery>,
) -> AppResult<impl IntoResponse> {
    let page = q.page()?;
    let found = project::load(state.db.conn(), &me, id, Access::Read).await?;
    let list = matching::match_project(
        state.db.conn(),
        &state.search,
        &state.regions,
        &state.config.match_weights,
        &found,
        &page,
    )
    .await?;
    Ok(axum::Json(list))
}

async fn for_profile(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<MatchQuery>,
) -> AppResult<impl IntoResponse> {
    let page = q.page()?;
    let found = profile::find_live(state.db.conn(), id).await?;
    policy::profile(&me, &found, ProfileAction::Read)?;
    let list = matching::match_profile(
        state.db.conn(),
        &state.search,
        &state.regions,
        &state.config.match_weights,
        &found,
        &page,
    )
    .await?;
    Ok(axum::Json(list))
}

async fn openings(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<MatchQuery>,
) -> AppResult<impl IntoResponse> {
    let limit = q.limit()?;
    let list = matching::recommend_openings(
        state.db.conn(),
        &state.regions,
        &state.config.opening_weights,
        &me,
        limit,
    )
    .await?;
    Ok(axum::Json(list))
}
