//! Sign-in, sign-out, who am I, password change.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;
use tower_sessions::Session;

use crate::auth::{CurrentUser, client_addr};
use crate::error::{AppError, AppResult};
use crate::extract::Json;
use crate::service::session;
use crate::service::user;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
        .route("/auth/password", post(change_password))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginReq {
    username: String,
    password: String,
}

/// Client address of an anonymous request.
pub struct Anon(pub String);

impl axum::extract::FromRequestParts<AppState> for Anon {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, AppError> {
        Ok(Self(client_addr(parts)))
    }
}

async fn login(
    State(state): State<AppState>,
    Anon(addr): Anon,
    session: Session,
    Json(req): Json<LoginReq>,
) -> AppResult<impl IntoResponse> {
    let found = session::sign_in(&state, &session, &addr, &req.username, &req.password).await?;
    let password = session::password_status(&state, &found);
    Ok(axum::Json(
        json!({ "user": user::view(state.db.conn(), found).await?, "password": password }),
    ))
}

async fn logout(
    State(state): State<AppState>,
    me: CurrentUser,
    session: Session,
) -> AppResult<impl IntoResponse> {
    session::sign_out(&state.db, &session, &me).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn me(State(state): State<AppState>, me: CurrentUser) -> AppResult<impl IntoResponse> {
    let password = session::password_status(&state, &me.user);
    Ok(axum::Json(
        json!({ "user": user::view(state.db.conn(), me.user).await?, "password": password }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PasswordReq {
    current: String,
    new: String,
}

async fn change_password(
    State(state): State<AppState>,
    me: CurrentUser,
    session: Session,
    Json(req): Json<PasswordReq>,
) -> AppResult<impl IntoResponse> {
    session::change_password(&state, &session, &me, &req.current, req.new).await?;
    Ok(StatusCode::NO_CONTENT)
}
