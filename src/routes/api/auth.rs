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

use crate::auth::session_store::{DbSessionStore, EPOCH, USER_ID};
use crate::auth::{AuthVia, CurrentUser, client_addr};
use crate::error::{AppError, AppResult};
use crate::extract::Json;
use crate::service::audit::{self, Ctx, Event, action};
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
    let Some(found) = user::authenticate(&state.db, &req.username, &req.password).await? else {
        let ctx = Ctx {
            actor_id: None,
            actor_name: req.username.chars().take(64).collect(),
            client_addr: addr,
        };
        audit::record(
            state.db.conn(),
            &ctx,
            Event {
                action: action::LOGIN_FAILED,
                entity: "user",
                ..Default::default()
            },
        )
        .await?;
        // One body whether the user exists, is disabled or typed a wrong password.
        return Err(AppError::Unauthorized);
    };
    // A fresh id on sign-in, so a planted session id is worthless.
    session
        .cycle_id()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    session
        .insert(USER_ID, found.id)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    session
        .insert(EPOCH, found.auth_epoch)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let ctx = Ctx {
        actor_id: Some(found.id),
        actor_name: found.username.clone(),
        client_addr: addr,
    };
    audit::record(
        state.db.conn(),
        &ctx,
        Event::new(action::LOGIN, "user", found.id),
    )
    .await?;
    Ok(axum::Json(
        json!({ "user": user::view(state.db.conn(), found).await? }),
    ))
}

async fn logout(
    State(state): State<AppState>,
    me: CurrentUser,
    session: Session,
) -> AppResult<impl IntoResponse> {
    session
        .flush()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    audit::record(
        state.db.conn(),
        &me.ctx(),
        Event::new(action::LOGOUT, "user", me.id()),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn me(State(state): State<AppState>, me: CurrentUser) -> AppResult<impl IntoResponse> {
    Ok(axum::Json(
        json!({ "user": user::view(state.db.conn(), me.user).await? }),
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
    let updated =
        user::change_password(&state.db, &me.ctx(), &me.user, &req.current, req.new).await?;
    // Every stored session of the user ends; this one carries on under a new
    // id, which the session layer saves after this handler returns.
    let txn = state.db.write().await?;
    DbSessionStore::delete_for_user(&*txn, me.id(), None).await?;
    txn.commit().await?;
    if me.via == AuthVia::Session {
        session
            .cycle_id()
            .await
            .map_err(|e| AppError::Internal(e.into()))?;
        session
            .insert(EPOCH, updated.auth_epoch)
            .await
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    Ok(StatusCode::NO_CONTENT)
}
