//! Who is calling: sessions for browsers, Bearer tokens for scripts, and the
//! one policy module that decides what a caller may do.

mod ctx;
pub mod login;
pub mod password;
pub mod policy;
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
            let (token_id, user) = token::authenticate(state.db.conn(), &bearer)
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
        Ok(Self {
            user,
            role,
            via,
            client_addr,
        })
    }
}

fn bearer(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}
