//! `POST/GET /tokens`, `DELETE /tokens/{id}`: Bearer tokens of the calling user.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{delete, post};
use serde::Deserialize;
use serde_json::json;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Json, Path};
use crate::routes::api::ListView;
use crate::service::token;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tokens", post(create).get(list))
        .route("/tokens/{id}", delete(revoke))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateReq {
    name: String,
    expires_in_days: Option<i64>,
}

async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<CreateReq>,
) -> AppResult<impl IntoResponse> {
    let (model, plain) = token::create(&state.db, &me, &req.name, req.expires_in_days).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(json!({"id": model.id, "name": model.name, "token": plain,
            "created_at": model.created_at, "expires_at": model.expires_at,
            "last_used_at": model.last_used_at})),
    ))
}

async fn list(State(state): State<AppState>, me: CurrentUser) -> AppResult<impl IntoResponse> {
    Ok(axum::Json(ListView::all(
        token::list(state.db.conn(), me.id()).await?,
    )))
}

async fn revoke(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    token::revoke(&state.db, &me.ctx(), me.id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
