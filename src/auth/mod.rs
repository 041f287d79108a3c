//! Who is calling: sessions for browsers, Bearer tokens for scripts, and the
//! one policy module that decides what a caller may do.

mod ctx;
pub mod login;
pub mod password;
pub mod policy;
pub mod secret;
pub mod session_store;
pub mod throttle;
pub mod token;

use std::sync::{Arc, Mutex};

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sea_orm::EntityTrait;
use tower_sessions::Session;

use crate::domain::Role;
use crate::entity::user;
use crate::error::AppError;
use crate::state::AppState;

pub use ctx::Ctx;

/// The client's address as the service believes it (see `app::client_addr`).
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

/// Filled in by the authenticating extractor so that the audit middleware,
/// which sees only the response, knows who was refused.
#[derive(Clone, Default)]
pub struct ActorSlot(pub Arc<Mutex<Option<(i64, String)>>>);

impl ActorSlot {
    pub fn get(&self) -> Option<(i64, String)> {
        self.0.lock().ok().and_then(|g| g.clone())
    }
    fn set(&self, id: i64, name: &str) {
        if let Ok(mut g) = self.0.lock() {
            *g = Some((id, name.to_owned()));
        }
    }
}

/// How the caller proved who they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthVia {
    Session,
    Token(i64),
}

/// A signed-in, enabled user.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user: user::Model,
    pub role: Role,
    pub via: AuthVia,
    pub client_addr: String,
}

impl CurrentUser {
    pub fn id(&self) -> i64 {
        self.user.id
    }

    /// The operator at the command line, acting as an administrator. Id 0 is
    /// never a real account (ids start at 1), so audit rows show who it was.
    pub fn system(what: &str) -> Self {
        let now = chrono::Utc::now();
        let user = user::Model {
            id: 0,
            username: format!("system:{what}"),
            password_hash: String::new(),
            role: Role::Admin.as_str().into(),
            scope_code: None,
            incubator_id: None,
            display_name: "命令行".into(),
            disabled: false,
            auth_epoch: 0,
            profile_id: None,
            must_change_password: false,
            password_changed_at: None,
            created_at: now,
            updated_at: now,
        };
        Self {
            user,
            role: Role::Admin,
            via: AuthVia::Session,
            client_addr: "local".into(),
        }
    }

    /// The audit context of this caller.
    pub fn ctx(&self) -> Ctx {
        Ctx {
            actor_id: Some(self.user.id),
            actor_name: self.user.username.clone(),
            client_addr: self.client_addr.clone(),
        }
    }
}

/// The client address of a request, for audit rows of anonymous callers.
pub fn client_addr(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ClientAddr>()
        .map(|c| c.0.clone())
        .unwrap_or_else(|| "unknown".into())
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let client_addr = client_addr(parts);
        let (user, via) = if let Some(bearer) = bearer(parts) {
            let (token_id, user) = token::authenticate(&state.db, &bearer)
                .await?
                .ok_or(AppError::Unauthorized)?;
            (user, AuthVia::Token(token_id))
        } else {
            let session = Session::from_request_parts(parts, state)
                .await
                .map_err(|_| AppError::Unauthorized)?;
            let uid: Option<i64> = session.get(session_store::USER_ID).await.ok().flatten();
            let epoch: Option<i32> = session.get(session_store::EPOCH).await.ok().flatten();
            let (Some(uid), Some(epoch)) = (uid, epoch) else {
                return Err(AppError::Unauthorized);
            };
            session_store::check_age(&session, &state.config).await?;
            let user = user::Entity::find_by_id(uid)
                .one(state.db.conn())
                .await?
                .ok_or(AppError::Unauthorized)?;
            // A password change bumps the epoch and so ends older sessions.
            if user.auth_epoch != epoch {
                return Err(AppError::Unauthorized);
            }
            (user, AuthVia::Session)
        };
        if user.disabled {
            return Err(AppError::Unauthorized);
        }
        let role = Role::parse(&user.role).map_err(|_| AppError::Unauthorized)?;
        if let Some(slot) = parts.extensions.get::<ActorSlot>() {
            slot.set(user.id, &user.username);
        }
        // The path as the client sent it: nested routers see it without `/api/v1`.
        let path = parts
            .extensions
            .get::<axum::extract::OriginalUri>()
            .map_or_else(|| parts.uri.path().to_owned(), |u| u.path().to_owned());
        if !password_change_allowed(&path) {
            password_gate(&user, state.config.password_policy)?;
        }
        Ok(Self {
            user,
            role,
            via,
            client_addr,
        })
    }
}

/// The paths that stay open to someone who must change their password first:
/// changing it, who am I, signing out.
fn password_change_allowed(path: &str) -> bool {
    matches!(
        path,
        "/api/v1/auth/password"
            | "/api/v1/auth/me"
            | "/api/v1/auth/logout"
            | "/password"
            | "/logout"
    )
}

/// Refuses everything to a user whose password was reset by an administrator
/// (`password_change_required`) or has run out under the `dengbao` policy
/// (`password_expired`), until they change it.
pub fn password_gate(user: &user::Model, policy: password::PasswordPolicy) -> Result<(), AppError> {
    if user.must_change_password {
        return Err(AppError::ForbiddenCode {
            code: "password_change_required",
            message: "密码已由管理员重置，请先修改密码".into(),
        });
    }
    if password_expires_at(user, policy).is_some_and(|t| t <= chrono::Utc::now()) {
        return Err(AppError::ForbiddenCode {
            code: "password_expired",
            message: "密码已超过 90 天未修改，请先修改密码".into(),
        });
    }
    Ok(())
}

/// When the user's password runs out under `policy`, if ever.
pub fn password_expires_at(
    user: &user::Model,
    policy: password::PasswordPolicy,
) -> Option<chrono::DateTime<chrono::Utc>> {
    policy.expires_at(user.password_changed_at.unwrap_or(user.created_at))
}

/// The Bearer token of the request, if it names one.
pub fn bearer_of(headers: &axum::http::HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

fn bearer(parts: &Parts) -> Option<String> {
    bearer_of(&parts.headers)
}
