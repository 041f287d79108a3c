//! 乡贤档案: create, read, update, delete, verify, consent, reveal, claim,
//! merge, and a person's own export and erasure.

pub mod claim;
pub mod input;
pub mod me;
pub mod merge;
pub mod search;
pub mod view;
pub mod write;

pub use input::{ProfileFields, ProfileReq};
pub use view::ProfileView;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::auth::{CurrentUser, policy};
use crate::entity::profile;
use crate::error::{AppError, AppResult};

/// A live (not deleted) profile, or 404.
pub async fn find_live(conn: &impl ConnectionTrait, id: i64) -> AppResult<profile::Model> {
    profile::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|p| p.deleted_at.is_none())
        .ok_or_else(|| AppError::not_found("乡贤档案"))
}

/// Unlisted profiles of the caller's scope, newest change first, with their
/// count. Search never returns them, for anyone; they open directly for the
/// organizers of their scope and administrators, so those need another way
/// to find them. Staff (who may not see unlisted profiles) get nothing.
pub async fn unlisted_in_scope(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    limit: u64,
) -> AppResult<(u64, Vec<profile::Model>)> {
    let scope = policy::profile_list(actor)?;
    if scope.listed_only {
        return Ok((0, Vec::new()));
    }
    let query = profile::Entity::find()
        .filter(profile::Column::HometownCode.starts_with(&scope.prefix))
        .filter(profile::Column::DeletedAt.is_null())
        .filter(profile::Column::Listed.eq(false));
    let total = query.clone().count(conn).await?;
    let items = query
        .order_by_desc(profile::Column::UpdatedAt)
        .order_by_desc(profile::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    Ok((total, items))
}
