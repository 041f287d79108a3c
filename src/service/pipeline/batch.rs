//! Several people put forward for one project at once (the registry list's 加入对接): all or
//! nothing, in one transaction. Each person is decided as one shortlist is — the caller
//! must work on the project and read the person, who must be listed and consenting; one the
//! caller may not read, or that does not exist, refuses the whole batch with the 404 of a
//! missing record, without saying which. People already on the project's list are left
//! as they are.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::write::{insert_entry, refusal};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access, ProfileAction};
use crate::db::Db;
use crate::entity::{pipeline_entry, profile};
use crate::error::{AppError, AppResult};
use crate::service::matching::outcome::{Scorer, parts_json, score_one};

/// What a batch did: entries added, and people who were on the list already.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Added {
    pub added: u64,
    pub already: u64,
}

/// Puts every person of `ids` on `project_id`'s pipeline, each entry audited.
pub async fn shortlist_many(
    db: &Db,
    actor: &CurrentUser,
    project_id: i64,
    ids: &[i64],
    scorer: Scorer<'_>,
) -> AppResult<Added> {
    let txn = db.write().await?;
    let project = crate::service::project::load(&*txn, actor, project_id, Access::Write).await?;
    let mut people = Vec::with_capacity(ids.len());
    for &id in ids {
        let person = profile::Entity::find_by_id(id)
            .one(&*txn)
            .await?
            .filter(|p| p.deleted_at.is_none())
            .filter(|p| policy::profile(actor, p, ProfileAction::Read).is_ok())
            .ok_or_else(|| AppError::Hidden(format!("批量加入对接：档案 {id} 不可读")))?;
        people.push(person);
    }
    // Refusals name the person (the caller reads them), every one at once.
    let refused: Vec<String> = people.iter().filter_map(refusal).collect();
    if !refused.is_empty() {
        return Err(AppError::invalid("id", refused.join("；")));
    }
    let mut done = Added::default();
    for person in people {
        let on_list = pipeline_entry::Entity::find()
            .filter(pipeline_entry::Column::ProjectId.eq(project.id))
            .filter(pipeline_entry::Column::ProfileId.eq(person.id))
            .count(&*txn)
            .await?
            > 0;
        if on_list {
            done.already += 1;
            continue;
        }
        let (score, parts) = score_one(scorer, &project, &person).await?;
        let kept = Some((score, parts_json(&parts)));
        insert_entry(&*txn, actor, &project, person.id, actor.id(), kept).await?;
        done.added += 1;
    }
    txn.commit().await?;
    Ok(done)
}
