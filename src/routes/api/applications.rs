//! `/applications`: following and deciding applications for openings.

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::auth::CurrentUser;
use crate::auth::policy::ApplicationAction;
use crate::error::AppResult;
use crate::extract::{Json, Path, Query};
use crate::routes::api::{ListView, Paging};
use crate::service::application::write::{self, DecideReq};
use crate::service::application::{self, ApplicationFilter};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/applications", get(list))
        .route("/applications/{id}", get(show).patch(decide))
}

async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(filter): Query<ApplicationFilter>,
) -> AppResult<impl IntoResponse> {
    let (page, per_page) = Paging::resolve(filter.page, filter.per_page)?;
    let (total, rows) = application::list(state.db.conn(), &me, &filter, page, per_page).await?;
    let items = application::views(state.db.conn(), rows, &state.regions).await?;
    Ok(axum::Json(ListView::new(total, items)))
}

async fn show(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    let (found, _, _) =
        application::load(state.db.conn(), &me, id, ApplicationAction::Read).await?;
    let view = application::views(state.db.conn(), vec![found], &state.regions).await?;
    Ok(axum::Json(view.into_iter().next()))
}

async fn decide(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<DecideReq>,
) -> AppResult<impl IntoResponse> {
    let updated = write::decide(&state.db, &me, id, req).await?;
    let view = application::views(state.db.conn(), vec![updated], &state.regions).await?;
    Ok(axum::Json(view.into_iter().next()))
}
