//! 对接: the people shortlisted for a project, where each conversation
//! stands, and the dated log of contacts. An entry with no contact for 30
//! days is stalled; a person already in many active entries is shown as
//! such, so that the same few people are not asked by every county at once.

pub mod batch;
pub mod follow_up;
mod history;
mod list;
pub mod remind;
mod view;
pub mod write;

pub use history::{StatusChange, status_history};
pub use list::{Listed, PipelineFilter, list, list_counted};
pub use view::{PipelineView, views};

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access};
use crate::domain::PipelineStatus;
use crate::entity::{collaboration_request, pipeline_contact, pipeline_entry, profile, project};
use crate::error::{AppError, AppResult};
use crate::service::fields;

/// No contact for this many days makes an entry stalled.
pub const STALL_DAYS: i64 = 30;

/// Where a conversation may go next: one step forward, or dropped from any
/// state that is not final.
pub fn next_statuses(from: PipelineStatus) -> &'static [PipelineStatus] {
    use PipelineStatus::*;
    match from {
        Recommended => &[Contacted, Dropped],
        Contacted => &[Negotiating, Dropped],
        Negotiating => &[Signed, Dropped],
        Signed => &[Landed, Dropped],
        Landed | Dropped => &[],
    }
}

/// Checks a status change; the 400 names the states allowed next.
pub fn check_transition(from: PipelineStatus, to: PipelineStatus) -> AppResult<()> {
    let allowed = next_statuses(from);
    if allowed.contains(&to) {
        return Ok(());
    }
    let message = if allowed.is_empty() {
        format!(
            "对接已是最终状态“{}”（{}），不能再改为 {}",
            from.label(),
            from.as_str(),
            to.as_str()
        )
    } else {
        let names: Vec<String> = allowed
            .iter()
            .map(|s| format!("{}（{}）", s.as_str(), s.label()))
            .collect();
        format!(
            "不能从“{}”改为“{}”；下一步只能是：{}",
            from.label(),
            to.label(),
            names.join("、")
        )
    };
    Err(AppError::invalid("status", message))
}

/// The statuses in which a person is still being asked.
pub const ASKING: [PipelineStatus; 3] = [
    PipelineStatus::Recommended,
    PipelineStatus::Contacted,
    PipelineStatus::Negotiating,
];

/// The statuses that can still stall (everything but landed and dropped).
const OPEN: [PipelineStatus; 4] = [
    PipelineStatus::Recommended,
    PipelineStatus::Contacted,
    PipelineStatus::Negotiating,
    PipelineStatus::Signed,
];

fn codes(statuses: &[PipelineStatus]) -> Vec<&'static str> {
    statuses.iter().map(|s| s.as_str()).collect()
}

/// Per person, the pipeline entries not yet signed, landed or dropped — how
/// many conversations the person is already in. Every id given has an entry
/// in the map (0 when the person is in none).
pub async fn active_asks(
    conn: &impl ConnectionTrait,
    profile_ids: &[i64],
) -> Result<HashMap<i64, u64>, DbErr> {
    let mut out: HashMap<i64, u64> = profile_ids.iter().map(|id| (*id, 0)).collect();
    for chunk in profile_ids.chunks(500) {
        let rows: Vec<(i64, i64)> = pipeline_entry::Entity::find()
            .select_only()
            .column(pipeline_entry::Column::ProfileId)
            .column_as(Expr::col(pipeline_entry::Column::Id).count(), "asks")
            .filter(pipeline_entry::Column::ProfileId.is_in(chunk.iter().copied()))
            .filter(pipeline_entry::Column::Status.is_in(codes(&ASKING)))
            .group_by(pipeline_entry::Column::ProfileId)
            .into_tuple()
            .all(conn)
            .await?;
        for (id, n) in rows {
            out.insert(id, u64::try_from(n).unwrap_or(0));
        }
    }
    Ok(out)
}

/// Whole 咸宁 days since the last contact (or since shortlisting, if none).
pub fn days_since_contact(e: &pipeline_entry::Model) -> i64 {
    let last = e.last_contact_at.unwrap_or(e.created_at);
    Ord::max((fields::today() - fields::local_date(last)).num_days(), 0)
}

/// Whether an entry is still open (not landed or dropped).
fn is_open(e: &pipeline_entry::Model) -> bool {
    PipelineStatus::parse(&e.status).is_ok_and(|s| OPEN.contains(&s))
}

/// Whether an open entry has had no contact for `STALL_DAYS` days.
pub fn is_stalled(e: &pipeline_entry::Model) -> bool {
    is_open(e) && days_since_contact(e) >= STALL_DAYS
}

/// The SQL twin of `is_stalled`.
fn stalled_condition() -> Condition {
    let cutoff: DateTime<Utc> = fields::start_of(fields::today() - Duration::days(STALL_DAYS - 1));
    Condition::all()
        .add(pipeline_entry::Column::Status.is_in(codes(&OPEN)))
        .add(
            Condition::any()
                .add(
                    Condition::all()
                        .add(pipeline_entry::Column::LastContactAt.is_null())
                        .add(pipeline_entry::Column::CreatedAt.lt(cutoff)),
                )
                .add(
                    Condition::all()
                        .add(pipeline_entry::Column::LastContactAt.is_not_null())
                        .add(pipeline_entry::Column::LastContactAt.lt(cutoff)),
                ),
        )
}

/// An entry and its project, if the caller may act on the project.
pub async fn load(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
    access: Access,
) -> AppResult<(pipeline_entry::Model, project::Model)> {
    let entry = pipeline_entry::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("对接记录"))?;
    let project = crate::service::project::find(conn, entry.project_id).await?;
    policy::project(actor, &project, access)?;
    if shown(conn, actor, std::slice::from_ref(&entry))
        .await?
        .is_empty()
    {
        return Err(AppError::Hidden(format!(
            "pipeline_entry {id} 不在权限范围内"
        )));
    }
    Ok((entry, project))
}

/// The ids of the entries whose person the caller may see (`policy::pipeline_person`): the
/// project being in scope is not enough.
async fn shown(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    entries: &[pipeline_entry::Model],
) -> AppResult<HashSet<i64>> {
    let mut people: HashMap<i64, profile::Model> = HashMap::new();
    let mut introduced: HashSet<(i64, i64)> = HashSet::new();
    let ids: Vec<i64> = entries.iter().map(|e| e.profile_id).collect();
    for chunk in ids.chunks(500) {
        for p in profile::Entity::find()
            .filter(profile::Column::Id.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            people.insert(p.id, p);
        }
        for (project_id, profile_id) in collaboration_request::Entity::find()
            .select_only()
            .column(collaboration_request::Column::ProjectId)
            .column(collaboration_request::Column::ProfileId)
            .filter(collaboration_request::Column::ProfileId.is_in(chunk.iter().copied()))
            .filter(collaboration_request::Column::Status.eq("accepted"))
            .into_tuple::<(i64, i64)>()
            .all(conn)
            .await?
        {
            introduced.insert((project_id, profile_id));
        }
    }
    Ok(entries
        .iter()
        .filter(|e| {
            people.get(&e.profile_id).is_some_and(|p| {
                // An erased person left nothing to show but the placeholder: the entry stays
                // on the record, closed.
                let erased = p.deleted_at.is_some()
                    && p.mobile.is_none()
                    && p.name == crate::service::profile::me::CLOSED_NAME;
                erased
                    || policy::pipeline_person(
                        actor,
                        p,
                        introduced.contains(&(e.project_id, e.profile_id)),
                    )
            })
        })
        .map(|e| e.id)
        .collect())
}

/// The contact log of an entry, newest first.
pub async fn contacts(
    conn: &impl ConnectionTrait,
    entry_id: i64,
) -> Result<Vec<pipeline_contact::Model>, DbErr> {
    pipeline_contact::Entity::find()
        .filter(pipeline_contact::Column::EntryId.eq(entry_id))
        .order_by_desc(pipeline_contact::Column::At)
        .order_by_desc(pipeline_contact::Column::Id)
        .all(conn)
        .await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use PipelineStatus::*;

    #[test]
    fn conversations_move_one_step_forward_or_are_dropped() {
        assert!(check_transition(Recommended, Contacted).is_ok());
        assert!(check_transition(Contacted, Negotiating).is_ok());
        assert!(check_transition(Negotiating, Signed).is_ok());
        assert!(check_transition(Signed, Landed).is_ok());
        for from in [Recommended, Contacted, Negotiating, Signed] {
            assert!(check_transition(from, Dropped).is_ok());
        }
    }

    #[test]
    fn backwards_skips_and_final_states_are_refused_naming_the_next_states() {
        let err = check_transition(Contacted, Recommended).unwrap_err();
        assert_eq!(err.field(), Some("status"));
        assert!(err.to_string().contains("negotiating"));
        assert!(err.to_string().contains("dropped"));
        assert!(check_transition(Recommended, Signed).is_err());
        assert!(check_transition(Recommended, Recommended).is_err());
        assert!(check_transition(Landed, Dropped).is_err());
        assert!(check_transition(Dropped, Contacted).is_err());
    }
}
