//! Founder self-registration: the account comes with a draft profile of their
//! own, which they can later swap for one an organizer drafted (by claiming
//! it with a code). Shared by `POST /api/v1/auth/register` and `/register`.
//! The draft stays unlisted (out of search, lists and matching) until an
//! organizer verifies it; each client address may register a few times an hour.

use sea_orm::{ActiveModelTrait, Set};
use serde::Deserialize;

use crate::auth::password::PasswordPolicy;
use crate::auth::throttle::LoginThrottle;
use crate::auth::{AuthVia, CurrentUser, password};
use crate::db::Db;
use crate::domain::Role;
use crate::entity::{profile, user};
use crate::error::{AppError, AppResult};
use crate::service::audit::Ctx;
use crate::service::profile::{ProfileReq, input, write};
use crate::service::user as users;

/// What a founder types to sign up.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterReq {
    pub username: String,
    pub password: String,
    pub name: String,
    pub hometown_code: String,
    pub mobile: Option<String>,
}

/// Counts the attempt against the address's registrations (429 past them;
/// an attempt refused for its content gives the count back), validates
/// everything before hashing, then creates the account and its unlisted draft
/// profile in one transaction. The caller starts the session.
pub async fn register(
    db: &Db,
    limits: &LoginThrottle,
    policy: PasswordPolicy,
    client_addr: &str,
    req: RegisterReq,
) -> AppResult<(user::Model, profile::Model)> {
    limits
        .register(client_addr)
        .map_err(AppError::too_many_requests)?;
    let result = create(db, policy, client_addr, req).await;
    if matches!(
        result,
        Err(AppError::Invalid { .. } | AppError::Conflict { .. } | AppError::BadRequest(_))
    ) {
        limits.unregister(client_addr);
    }
    result
}

async fn create(
    db: &Db,
    policy: PasswordPolicy,
    client_addr: &str,
    req: RegisterReq,
) -> AppResult<(user::Model, profile::Model)> {
    let username = users::check_username(&req.username)?;
    policy.check("password", &req.password, &username, req.mobile.as_deref())?;
    let mut fields = input::validate(
        db.conn(),
        ProfileReq {
            name: Some(req.name),
            hometown_code: Some(req.hometown_code),
            mobile: req.mobile,
            ..Default::default()
        },
    )
    .await?;
    // Listed once an organizer has verified it (`profile::write::verify`).
    fields.listed = Some(false);
    let hash = password::hash(req.password).await?;
    let txn = db.write().await?;
    let ctx = Ctx {
        actor_id: None,
        actor_name: username.clone(),
        client_addr: client_addr.to_owned(),
    };
    let account = users::insert(
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
    // The new founder is the author of their own draft.
    let actor = CurrentUser {
        user: account.clone(),
        role: Role::Founder,
        via: AuthVia::Session,
        client_addr: client_addr.to_owned(),
    };
    let draft = write::insert(&*txn, &actor, fields, Some(account.id)).await?;
    let mut linked: user::ActiveModel = account.into();
    linked.profile_id = Set(Some(draft.id));
    let account = linked.update(&*txn).await?;
    txn.commit().await?;
    Ok((account, draft))
}
