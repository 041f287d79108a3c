//! `/service-requests`: the 返乡创业综合服务中心.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{patch, post};

use crate::auth::CurrentUser;
use crate::entity::service_request;
use crate::error::{AppError, AppResult};
use crate::extract::{Json, Path, Query};
use crate::routes::api::ListView;
use crate::service::fields;
use crate::service::service_request::write::{self, RequestReq, UpdateReq};
use crate::service::service_request::{self as requests, RequestFilter, RequestView};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/service-requests", post(create).get(list))
        .route("/service-requests/{id}", patch(update))
}

async fn one_view(state: &AppState, r: service_request::Model) -> AppResult<RequestView> {
    requests::views(state.db.conn(), vec![r], &state.regions, fields::today())
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("服务申请"))
}

async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<RequestReq>,
) -> AppResult<impl IntoResponse> {
    let created = write::create(&state.db, &me, req).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(one_view(&state, created).await?),
    ))
}

async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(filter): Query<RequestFilter>,
) -> AppResult<impl IntoResponse> {
    let today = fields::today();
    let rows = requests::list(state.db.conn(), &me, &filter, today).await?;
    let items = requests::views(state.db.conn(), rows, &state.regions, today).await?;
    Ok(axum::Json(ListView::all(items)))
}

async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<UpdateReq>,
) -> AppResult<impl IntoResponse> {
    let updated = write::update(&state.db, &me, id, req).await?;
    Ok(axum::Json(one_view(&state, updated).await?))
}
