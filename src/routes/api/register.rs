//! `POST /auth/register`: a returning founder signs up; the account comes with
//! a draft profile of their own, which they can later swap for one an
//! organizer drafted (by claiming it with a code).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use serde::Deserialize;
use serde_json::json;
use tower_sessions::Session;

use super::auth::Anon;
use crate::auth::session_store::{EPOCH, USER_ID};
use crate::auth::{AuthVia, CurrentUser, password};
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::extract::Json;
use crate::service::profile::{ProfileReq, ProfileView, input, write};
use crate::service::user;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/auth/register", post(register))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegisterReq {
    username: String,
    password: String,
    name: String,
    hometown_code: String,
    mobile: Option<String>,
}

async fn register(
    State(state): State<AppState>,
    Anon(addr): Anon,
    session: Session,
    Json(req): Json<RegisterReq>,
) -> AppResult<impl IntoResponse> {
    let username = user::check_username(&req.username)?;
    password::check_new("password", &req.password)?;
    let fields = input::validate(
        state.db.conn(),
        ProfileReq {
            name: Some(req.name),
            hometown_code: Some(req.hometown_code),
            mobile: req.mobile,
            ..Default::default()
        },
    )
    .await?;
    let hash = password::hash(req.password).await?;
    let txn = state.db.write().await?;
    let ctx = crate::service::audit::Ctx {
        actor_id: None,
        actor_name: username.clone(),
        client_addr: addr.clone(),
    };
    let account = user::insert(
        &*txn,
        &ctx,
        &username,
        hash,
        Role::Founder,
        None,
        None,
        None,
    )
    .await?;
    let actor = CurrentUser {
        user: account.clone(),
        role: Role::Founder,
        via: AuthVia::Session,
        client_addr: addr,
    };
    let draft = write::insert(&*txn, &actor, fields, Some(account.id)).await?;
    let mut linked: crate::entity::user::ActiveModel = account.clone().into();
    linked.profile_id = sea_orm::Set(Some(draft.id));
    sea_orm::ActiveModelTrait::update(linked, &*txn).await?;
    txn.commit().await?;
    state.search_nudge();
    session
        .cycle_id()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    session
        .insert(USER_ID, account.id)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    session
        .insert(EPOCH, account.auth_epoch)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let mut view = user::view(state.db.conn(), account).await?;
    view.profile_id = Some(draft.id);
    Ok((
        StatusCode::CREATED,
        axum::Json(json!({"user": view, "profile": ProfileView::new(draft, &state.regions, true)})),
    ))
}
