//! Account administration (administrators only).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{patch, post};

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Json, Path};
use crate::routes::api::ListView;
use crate::service::user::{self, CreateUserReq, UpdateUserReq};
use crate::service::user_admin;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", post(create).get(list))
        .route("/users/{id}", patch(update))
}

async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<CreateUserReq>,
) -> AppResult<impl IntoResponse> {
    let created = user_admin::create(&state.db, &me, req, state.config.password_policy).await?;
    Ok((StatusCode::CREATED, axum::Json(created)))
}

async fn list(State(state): State<AppState>, me: CurrentUser) -> AppResult<impl IntoResponse> {
    let items = user_admin::list(state.db.conn(), &me).await?;
    Ok(axum::Json(ListView::all(items)))
}

async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<UpdateUserReq>,
) -> AppResult<impl IntoResponse> {
    let updated = user_admin::update(&state.db, &me, id, req, state.config.password_policy).await?;
    Ok(axum::Json(user::view(state.db.conn(), updated).await?))
}
