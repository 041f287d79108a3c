//! 乡贤档案: create, read, update, delete, verify, consent, reveal, claim,
//! merge, and a person's own export and erasure.

pub mod claim;
pub mod input;
pub mod me;
pub mod merge;
pub mod view;
pub mod write;

pub use input::{ProfileFields, ProfileReq};
pub use view::ProfileView;

use sea_orm::{ConnectionTrait, EntityTrait};

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
