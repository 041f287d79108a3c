//! Signing in and out of a browser session: shared by the JSON API and the
//! pages, so both write the same audit events and set the same session keys.
//! (`auth::login` binds the session; this module checks, audits and ends.)

use tower_sessions::Session;

use crate::auth::login::{session_error, start_session};
use crate::auth::session_store::{DbSessionStore, EPOCH};
use crate::auth::{AuthVia, CurrentUser};
use crate::db::Db;
use crate::entity::user;
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Ctx, Event, action};
use crate::service::user as users;
use crate::state::AppState;

/// Checks the password and starts a session; a failure is audited as
/// `login_failed` and answers `Unauthorized`, the same whether the user
/// exists, is disabled or typed a wrong password. Past the failure budget of
/// the address or the account (see `auth::throttle`) every attempt answers
/// `TooManyRequests` without checking the password, also audited as `login_failed`.
pub async fn sign_in(
    state: &AppState,
    session: &Session,
    client_addr: &str,
    username: &str,
    password: &str,
) -> AppResult<user::Model> {
    let db = &state.db;
    let throttle = &state.login_throttle;
    let reservation = match throttle.reserve(client_addr, username) {
        Ok(reservation) => reservation,
        Err(wait) => {
            failed(db, client_addr, username, "尝试次数过多，已拒绝").await?;
            return Err(AppError::too_many_requests(wait));
        }
    };
    let found = match users::authenticate(db, username, password).await {
        Ok(found) => found,
        Err(e) => {
            // Our failure, not the caller's: it does not count against them.
            throttle.refund(reservation);
            return Err(e);
        }
    };
    let Some(found) = found else {
        throttle.keep(reservation);
        failed(db, client_addr, username, "").await?;
        return Err(AppError::Unauthorized);
    };
    throttle.succeed(reservation);
    start_session(session, &found).await?;
    let ctx = Ctx {
        actor_id: Some(found.id),
        actor_name: found.username.clone(),
        client_addr: client_addr.to_owned(),
    };
    audit::record(
        db.conn(),
        &ctx,
        Event::about::<user::Model>(action::LOGIN, found.id),
    )
    .await?;
    let policy = state.config.password_policy;
    super::password_notice::send_if_due(db, policy, &found, chrono::Utc::now()).await?;
    Ok(found)
}

/// Audits a failed or refused sign-in under the name that was typed.
pub async fn failed(db: &Db, client_addr: &str, username: &str, detail: &str) -> AppResult<()> {
    let ctx = Ctx {
        actor_id: None,
        actor_name: username.chars().take(64).collect(),
        client_addr: client_addr.to_owned(),
    };
    let event = Event::about_all::<user::Model>(action::LOGIN_FAILED).detail(detail);
    audit::record(db.conn(), &ctx, event).await?;
    Ok(())
}

/// Ends this browser session (only this one) and audits the `logout`.
pub async fn sign_out(db: &Db, session: &Session, me: &CurrentUser) -> AppResult<()> {
    session.flush().await.map_err(session_error)?;
    audit::record(
        db.conn(),
        &me.ctx(),
        Event::about::<user::Model>(action::LOGOUT, me.id()),
    )
    .await?;
    Ok(())
}

/// Changes the caller's own password; every other session and every token of
/// theirs ends, and this session (if it is a browser session) carries on under
/// a new id. A wrong current password spends the same failure budget as a
/// wrong sign-in (`auth::throttle`) and is audited as `login_failed`.
pub async fn change_password(
    state: &AppState,
    session: &Session,
    me: &CurrentUser,
    current: &str,
    new: String,
) -> AppResult<()> {
    let db = &state.db;
    let throttle = &state.login_throttle;
    let name = &me.user.username;
    let reservation = match throttle.reserve(&me.client_addr, name) {
        Ok(reservation) => reservation,
        Err(wait) => {
            failed(db, &me.client_addr, name, "修改密码：尝试次数过多，已拒绝").await?;
            return Err(AppError::too_many_requests(wait));
        }
    };
    if !users::verify_current(&me.user, current).await {
        throttle.keep(reservation);
        failed(db, &me.client_addr, name, "修改密码：当前密码不正确").await?;
        return Err(AppError::invalid("current", "当前密码不正确"));
    }
    throttle.succeed(reservation);
    let policy = state.config.password_policy;
    let updated = users::change_password(db, &me.ctx(), &me.user, current, new, policy).await?;
    let txn = db.write().await?;
    DbSessionStore::delete_for_user(&*txn, me.id(), None).await?;
    txn.commit().await?;
    if me.via == AuthVia::Session {
        // The session layer saves this session under its new id after the handler returns.
        session.cycle_id().await.map_err(session_error)?;
        session
            .insert(EPOCH, updated.auth_epoch)
            .await
            .map_err(session_error)?;
    }
    Ok(())
}

/// What a signed-in user should know about their password: whether they must
/// change it now, when it runs out and whether that is within the notice period.
pub fn password_status(state: &AppState, u: &user::Model) -> serde_json::Value {
    let expires_at = crate::auth::password_expires_at(u, state.config.password_policy);
    let notice = expires_at.is_some_and(|t| {
        t - chrono::Utc::now() <= chrono::Duration::days(crate::auth::password::NOTICE_DAYS)
    });
    serde_json::json!({
        "must_change": u.must_change_password
            || expires_at.is_some_and(|t| t <= chrono::Utc::now()),
        "expires_at": expires_at,
        "notice": notice,
    })
}
