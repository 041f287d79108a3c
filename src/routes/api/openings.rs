//! `/openings`: searching incubator openings, changing or withdrawing them,
//! and applying for one.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Json, Path, Query};
use crate::routes::api::{ListView, Paging};
use crate::service::application::{self, write::ApplyReq};
use crate::service::incubator;
use crate::service::opening::write::{self, OpeningReq};
use crate::service::opening::{self, OpeningFilter, OpeningView};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openings", get(search))
        .route("/openings/{id}", get(show).patch(update).delete(remove))
        .route("/openings/{id}/applications", post(apply))
}

async fn search(
    State(state): State<AppState>,
    _me: CurrentUser,
    Query(filter): Query<OpeningFilter>,
) -> AppResult<impl IntoResponse> {
    let (page, per_page) = Paging::resolve(filter.page, filter.per_page)?;
    let (total, rows) = opening::search(state.db.conn(), &filter, page, per_page).await?;
    let items = opening::views(state.db.conn(), rows, &state.regions).await?;
    Ok(axum::Json(ListView::new(total, items)))
}

async fn show(
    State(state): State<AppState>,
    _me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    let found = opening::find_live(state.db.conn(), id).await?;
    let inc = incubator::find(state.db.conn(), found.incubator_id).await?;
    Ok(axum::Json(OpeningView::new(
        found,
        Some(&inc),
        &state.regions,
    )))
}

async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<OpeningReq>,
) -> AppResult<impl IntoResponse> {
    let (updated, inc) = write::update(&state.db, &me, id, req).await?;
    Ok(axum::Json(OpeningView::new(
        updated,
        Some(&inc),
        &state.regions,
    )))
}

async fn remove(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    write::delete(&state.db, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn apply(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ApplyReq>,
) -> AppResult<impl IntoResponse> {
    let created = application::write::apply(&state.db, &me, id, req).await?;
    let view = application::views(state.db.conn(), vec![created], &state.regions).await?;
    Ok((StatusCode::CREATED, axum::Json(view.into_iter().next())))
}
