//! `/incubators`: 孵化载体, and posting their openings.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Json, Path, Query};
use crate::routes::api::{ListView, Paging};
use crate::service::incubator::{self, IncubatorFilter, IncubatorReq, IncubatorView};
use crate::service::opening::OpeningView;
use crate::service::opening::write::{self as opening_write, OpeningReq};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/incubators", post(create).get(list))
        .route("/incubators/{id}", get(show).patch(update))
        .route("/incubators/{id}/openings", post(create_opening))
}

async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<IncubatorReq>,
) -> AppResult<impl IntoResponse> {
    let created = incubator::create(&state.db, &me, req).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(IncubatorView::new(created, &state.regions)),
    ))
}

async fn list(
    State(state): State<AppState>,
    _me: CurrentUser,
    Query(filter): Query<IncubatorFilter>,
) -> AppResult<impl IntoResponse> {
    let (page, per_page) = Paging::resolve(filter.page, filter.per_page)?;
    let (total, rows) = incubator::list(state.db.conn(), &filter, page, per_page).await?;
    let items = rows
        .into_iter()
        .map(|i| IncubatorView::new(i, &state.regions))
        .collect();
    Ok(axum::Json(ListView::new(total, items)))
}

async fn show(
    State(state): State<AppState>,
    _me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    let found = incubator::find(state.db.conn(), id).await?;
    Ok(axum::Json(IncubatorView::new(found, &state.regions)))
}

async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<IncubatorReq>,
) -> AppResult<impl IntoResponse> {
    let updated = incubator::update(&state.db, &me, id, req).await?;
    Ok(axum::Json(IncubatorView::new(updated, &state.regions)))
}

async fn create_opening(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<OpeningReq>,
) -> AppResult<impl IntoResponse> {
    let (created, inc) = opening_write::create(&state.db, &me, id, req).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(OpeningView::new(created, Some(&inc), &state.regions)),
    ))
}
