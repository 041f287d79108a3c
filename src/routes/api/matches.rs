//! Matching: people for a project, projects for a person, openings for the calling founder.

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Path, Query};
use crate::service::matching::{self, MatchQuery};
use crate::service::project::matches::{self, Engine};
use crate::state::AppState;

fn engine(state: &AppState) -> Engine<'_> {
    Engine {
        search: &state.search,
        names: &state.regions,
        weights: &state.config.match_weights,
    }
}

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
    let (_, list) = matches::people_for(state.db.conn(), engine(&state), &me, id, &page).await?;
    Ok(axum::Json(list))
}

async fn for_profile(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<MatchQuery>,
) -> AppResult<impl IntoResponse> {
    let page = q.page()?;
    let list = matches::projects_for(state.db.conn(), engine(&state), &me, id, &page).await?;
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
