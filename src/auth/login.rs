//! Binding a browser session to an account: the session keys that sign-in and
//! registration set. Checking passwords, auditing and ending sessions is the
//! service's (`service::session`).

use tower_sessions::Session;

use crate::auth::session_store::{AUTH_AT, CSRF, EPOCH, SEEN_AT, USER_ID};
use crate::entity::user;
use crate::error::{AppError, AppResult};

pub(crate) fn session_error(e: tower_sessions::session::Error) -> AppError {
    if crate::auth::session_store::is_outage(&e) {
        return AppError::Unavailable;
    }
    AppError::Internal(e.into())
}

/// Binds the session to `account` (sign-in and registration).
pub async fn start_session(session: &Session, account: &user::Model) -> AppResult<()> {
    // A fresh id on sign-in, so a planted session id is worthless; a fresh
    // CSRF token for the same reason (the pages mint one on the next render).
    session.cycle_id().await.map_err(session_error)?;
    session.remove_value(CSRF).await.map_err(session_error)?;
    session
        .insert(USER_ID, account.id)
        .await
        .map_err(session_error)?;
    session
        .insert(EPOCH, account.auth_epoch)
        .await
        .map_err(session_error)?;
    let now = chrono::Utc::now().timestamp_millis();
    session.insert(AUTH_AT, now).await.map_err(session_error)?;
    session.insert(SEEN_AT, now).await.map_err(session_error)?;
    Ok(())
}
