//! Account administration (administrators only).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{patch, post};

use crate::auth::{CurrentUser, policy};
use crate::domain::Role;
use crate::error::AppResult;
use crate::extract::{Json, Path};
use crate::routes::api::ListView;
use crate::service::user::{self, CreateUserReq, UpdateUserReq};
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
    policy::require_role(&me, &[Role::Admin])?;
    let created =
        user::create_with(&state.db, &me.ctx(), req, state.config.password_policy).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(user::view(state.db.conn(), created).await?),
    ))
}

async fn list(State(state): State<AppState>, me: CurrentUser) -> AppResult<impl IntoResponse> {
    policy::require_role(&me, &[Role::Admin])?;
    let users = user::list(state.db.conn()).await?;
    let mut items = Vec::with_capacity(users.len());
    for u in users {
        items.push(user::view(state.db.conn(), u).await?);
    }
    Ok(axum::Json(ListView::all(items)))
}

async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<UpdateUserReq>,
) -> AppResult<impl IntoResponse> {
    policy::require_role(&me, &[Role::Admin])?;
    let updated = user::update(
        &state.db,
        &me.ctx(),
        me.id(),
        id,
        req,
        state.config.password_policy,
    )
    .await?;
    Ok(axum::Json(user::view(state.db.conn(), updated).await?))
}
