//! 乡贤档案: create, read, update, delete, verify, consent, reveal, claim,
//! merge, and a person's own export and erasure.

pub mod batch;
pub mod claim;
pub mod consent;
pub mod duplicates;
pub mod input;
pub mod me;
pub mod merge;
pub mod reveal;
pub mod search;
pub mod transfer;
pub mod view;
pub mod write;

pub use crate::auth::policy::ProfileAction;
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

/// Loads a live profile for `action` by `actor`: one call, and a missing id,
/// a deleted record and a record outside the caller's scope are the same error.
pub async fn load(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
    action: ProfileAction,
) -> AppResult<profile::Model> {
    let found = find_live(conn, id).await?;
    policy::profile(actor, &found, action)?;
    Ok(found)
}

/// What the caller may do with a profile they can read: the buttons a page shows.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Allowed {
    pub edit: bool,
    pub verify: bool,
    pub reveal: bool,
    pub consent: bool,
    pub issue_claim: bool,
    pub delete: bool,
    pub merge: bool,
    /// Put the person forward for a project (staff and administrators).
    pub shortlist: bool,
    /// Open the person's ranked projects (`/profiles/{id}/matches`): staff and administrators.
    pub matches: bool,
}

/// Asks the policy one action at a time.
pub fn allowed(actor: &CurrentUser, p: &profile::Model) -> Allowed {
    let may = |a| policy::profile(actor, p, a).is_ok();
    Allowed {
        edit: may(ProfileAction::Edit),
        verify: may(ProfileAction::Verify),
        reveal: may(ProfileAction::Reveal),
        consent: consent::may_change(actor, p),
        issue_claim: may(ProfileAction::IssueClaim) && p.owner_user_id.is_none(),
        delete: may(ProfileAction::Delete),
        merge: may(ProfileAction::Merge),
        shortlist: policy::require_role(
            actor,
            &[crate::domain::Role::Admin, crate::domain::Role::Staff],
        )
        .is_ok(),
        matches: crate::service::project::require_works_on_projects(actor).is_ok(),
    }
}

/// The part of the registry the caller may list (which hometowns, listed only or not);
/// 403 for roles that list no profiles.
pub fn list_scope(actor: &CurrentUser) -> AppResult<policy::ProfileListScope> {
    policy::profile_list(actor)
}

/// Who may download the import template or export the registry: organizers,
/// staff and administrators (the export itself keeps to their scope).
pub fn may_export(actor: &CurrentUser) -> AppResult<()> {
    policy::require_role(
        actor,
        &[
            crate::domain::Role::Admin,
            crate::domain::Role::Organizer,
            crate::domain::Role::Staff,
        ],
    )
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
