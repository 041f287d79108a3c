//! `POST /auth/register`: a returning founder signs up (see `service::registration`).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use serde_json::json;
use tower_sessions::Session;

use super::auth::Anon;
use crate::auth::login;
use crate::error::AppResult;
use crate::extract::Json;
use crate::service::profile::ProfileView;
use crate::service::registration::{self, RegisterReq};
use crate::service::user;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/auth/register", post(register))
}

async fn register(
    State(state): State<AppState>,
    Anon(addr): Anon,
    session: Session,
    Json(req): Json<RegisterReq>,
) -> AppResult<impl IntoResponse> {
    let (account, draft) = registration::register(
        &state.db,
        &state.login_throttle,
        state.config.password_policy,
        &addr,
        req,
    )
    .await?;
    login::start_session(&session, &account).await?;
    let view = user::view(state.db.conn(), account).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(json!({"user": view, "profile": ProfileView::new(draft, &state.regions, true)})),
    ))
}
