//! 对接: the people shortlisted for a project, where each conversation
//! stands, and the dated log of contacts. An entry with no contact for 30
//! days is stalled; a person already in many active entries is shown as
//! such, so that the same few people are not asked by every county at once.

pub mod write;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access};
use crate::domain::{PipelineStatus, Role};
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

/// Whether an open entry has had no contact for `STALL_DAYS` days.
pub fn is_stalled(e: &pipeline_entry::Model) -> bool {
    let open = PipelineStatus::parse(&e.status).is_ok_and(|s| OPEN.contains(&s));
    open && days_since_contact(e) >= STALL_DAYS
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

/// A pipeline entry as the API shows it.
#[derive(Debug, Serialize)]
pub struct PipelineView {
    pub id: i64,
    pub project_id: i64,
    pub project_title: String,
    pub county_code: String,
    pub profile_id: i64,
    pub profile_name: String,
    pub status: String,
    pub status_label: String,
    /// The states this entry may move to next.
    pub next_statuses: Vec<&'static str>,
    pub note: String,
    pub assigned_to: Option<i64>,
    pub last_contact_at: Option<DateTime<Utc>>,
    pub days_since_contact: i64,
    pub stalled: bool,
    /// How many conversations (推荐 · 已联系 · 洽谈中) the person is in, this one included.
    pub active_asks: u64,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Views of entries, with their projects' titles and people's names.
pub async fn views(
    conn: &impl ConnectionTrait,
    entries: Vec<pipeline_entry::Model>,
) -> AppResult<Vec<PipelineView>> {
    let project_ids: Vec<i64> = entries.iter().map(|e| e.project_id).collect();
    let profile_ids: Vec<i64> = entries.iter().map(|e| e.profile_id).collect();
    let projects: HashMap<i64, project::Model> = project::Entity::find()
        .filter(project::Column::Id.is_in(project_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let names: HashMap<i64, String> = profile::Entity::find()
        .select_only()
        .column(profile::Column::Id)
        .column(profile::Column::Name)
        .filter(profile::Column::Id.is_in(profile_ids.clone()))
        .into_tuple::<(i64, String)>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let asks = active_asks(conn, &profile_ids).await?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let status = PipelineStatus::parse(&e.status).ok();
            let p = projects.get(&e.project_id);
            PipelineView {
                id: e.id,
                project_id: e.project_id,
                project_title: p.map(|p| p.title.clone()).unwrap_or_default(),
                county_code: p.map(|p| p.county_code.clone()).unwrap_or_default(),
                profile_id: e.profile_id,
                profile_name: names.get(&e.profile_id).cloned().unwrap_or_default(),
                status_label: status.map(|s| s.label().to_owned()).unwrap_or_default(),
                next_statuses: status.map(|s| codes(next_statuses(s))).unwrap_or_default(),
                days_since_contact: days_since_contact(&e),
                stalled: is_stalled(&e),
                active_asks: asks.get(&e.profile_id).copied().unwrap_or(0),
                status: e.status,
                note: e.note,
                assigned_to: e.assigned_to,
                last_contact_at: e.last_contact_at,
                created_by: e.created_by,
                created_at: e.created_at,
                updated_at: e.updated_at,
            }
        })
        .collect())
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

/// Filters of `GET /api/v1/pipeline`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineFilter {
    pub project: Option<String>,
    pub status: Option<String>,
    pub stalled: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// One page of the entries of projects in the caller's scope whose person the caller may
/// see, most recently changed first, with their total.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    filter: &PipelineFilter,
    page: u64,
    per_page: u64,
) -> AppResult<(u64, Vec<pipeline_entry::Model>)> {
    let listed = list_counted(conn, actor, filter, page, per_page).await?;
    Ok((listed.total, listed.items))
}

/// A page of entries, and how many more entries of the same projects hold people the
/// caller may not see (shown only as that count).
#[derive(Debug)]
pub struct Listed {
    pub total: u64,
    pub hidden: u64,
    pub items: Vec<pipeline_entry::Model>,
}

/// `list`, with the count of hidden entries.
pub async fn list_counted(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    filter: &PipelineFilter,
    page: u64,
    per_page: u64,
) -> AppResult<Listed> {
    policy::require_role(actor, &[Role::Admin, Role::Staff])?;
    let scope = actor
        .list_scope()
        .ok_or_else(|| AppError::forbidden("无权查看对接记录"))?;
    let in_scope = Query::select()
        .column(project::Column::Id)
        .from(project::Entity)
        .and_where(project::Column::CountyCode.starts_with(scope.as_str()))
        .to_owned();
    let mut query = pipeline_entry::Entity::find().filter(
        Expr::col((pipeline_entry::Entity, pipeline_entry::Column::ProjectId))
            .in_subquery(in_scope),
    );
    if let Some(raw) = fields::non_blank(&filter.project) {
        let id: i64 = raw
            .parse()
            .map_err(|_| AppError::invalid("project", "应为项目 id"))?;
        crate::service::project::load(conn, actor, id, Access::Read).await?;
        query = query.filter(pipeline_entry::Column::ProjectId.eq(id));
    }
    if let Some(raw) = fields::non_blank(&filter.status) {
        let status = PipelineStatus::parse(raw).map_err(|m| AppError::invalid("status", m))?;
        query = query.filter(pipeline_entry::Column::Status.eq(status.as_str()));
    }
    if let Some(raw) = fields::non_blank(&filter.stalled) {
        query = if fields::boolean("stalled", raw)? {
            query.filter(stalled_condition())
        } else {
            query.filter(stalled_condition().not())
        };
    }
    // Every candidate, so that the total stays exact once the unseen are taken out.
    let all = query
        .order_by_desc(pipeline_entry::Column::UpdatedAt)
        .order_by_desc(pipeline_entry::Column::Id)
        .all(conn)
        .await?;
    let seen = shown(conn, actor, &all).await?;
    let hidden = (all.len() - seen.len()) as u64;
    let visible: Vec<pipeline_entry::Model> =
        all.into_iter().filter(|e| seen.contains(&e.id)).collect();
    let total = visible.len() as u64;
    let items = visible
        .into_iter()
        .skip(usize::try_from((page - 1) * per_page).unwrap_or(usize::MAX))
        .take(usize::try_from(per_page).unwrap_or(usize::MAX))
        .collect();
    Ok(Listed {
        total,
        hidden,
        items,
    })
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
