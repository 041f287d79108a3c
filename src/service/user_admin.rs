//! Account administration as an actor does it: the same operations as [`super::user`],
//! each deciding first that the actor is an administrator. The CLI, which acts as the
//! system, calls [`super::user`] directly.

use sea_orm::ConnectionTrait;

use crate::auth::CurrentUser;
use crate::auth::password::PasswordPolicy;
use crate::auth::policy;
use crate::db::Db;
use crate::domain::Role;
use crate::entity::user as user_entity;
use crate::error::AppResult;
use crate::service::user::{self, CreateUserReq, UpdateUserReq, UserView};

/// Only administrators manage accounts (403 for everyone else).
pub fn require_admin(actor: &CurrentUser) -> AppResult<()> {
    policy::require_role(actor, &[Role::Admin])
}

/// `POST /api/v1/users`.
pub async fn create(
    db: &Db,
    actor: &CurrentUser,
    req: CreateUserReq,
    rules: PasswordPolicy,
) -> AppResult<UserView> {
    require_admin(actor)?;
    let created = user::create_with(db, &actor.ctx(), req, rules).await?;
    user::view(db.conn(), created).await
}

/// `GET /api/v1/users`: every account.
pub async fn list(conn: &impl ConnectionTrait, actor: &CurrentUser) -> AppResult<Vec<UserView>> {
    require_admin(actor)?;
    let users = user::list(conn).await?;
    let mut items = Vec::with_capacity(users.len());
    for u in users {
        items.push(user::view(conn, u).await?);
    }
    Ok(items)
}

/// One account.
pub async fn find(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
) -> AppResult<user_entity::Model> {
    require_admin(actor)?;
    user::find(conn, id).await
}

/// `PATCH /api/v1/users/{id}`.
pub async fn update(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    req: UpdateUserReq,
    rules: PasswordPolicy,
) -> AppResult<user_entity::Model> {
    require_admin(actor)?;
    user::update(db, &actor.ctx(), actor.id(), id, req, rules).await
}
