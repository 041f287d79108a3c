//! Applications of founders for incubator openings: who sees which, how they
//! are shown (with the 专栏4-2 subsidy and whether the applicant qualifies),
//! and the order in which they are decided.

pub mod applicant;
pub mod write;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::auth::policy::{self, ApplicationAction, ApplicationScope};
use crate::domain::ApplicationStatus;
use crate::entity::{application, incubator, opening, profile, user};
use crate::error::{AppError, AppResult};
use crate::service::fields;
use crate::service::region::RegionNames;
use crate::service::subsidy::{self, Estimate};

/// Where an application may go next by a decision. A decision may be taken straight from
/// 已提交 as well as after 审核中. 撤回 is the applicant's own step (`write::withdraw`).
pub fn next_statuses(from: ApplicationStatus) -> &'static [ApplicationStatus] {
    use ApplicationStatus::*;
    match from {
        Submitted => &[Reviewing, Accepted, Rejected],
        Reviewing => &[Accepted, Rejected],
        Accepted => &[MovedIn],
        Rejected | MovedIn | Withdrawn => &[],
    }
}

/// Checks a status change; the 400 names the states allowed next.
pub fn check_transition(from: ApplicationStatus, to: ApplicationStatus) -> AppResult<()> {
    let allowed = next_statuses(from);
    if allowed.contains(&to) {
        return Ok(());
    }
    let next: Vec<String> = allowed
        .iter()
        .map(|s| format!("{}（{}）", s.as_str(), s.label()))
        .collect();
    let message = if next.is_empty() {
        format!("申请已是最终状态“{}”，不能再更改", from.label())
    } else {
        format!(
            "不能从“{}”改为“{}”；下一步只能是：{}",
            from.label(),
            to.label(),
            next.join("、")
        )
    };
    Err(AppError::invalid("status", message))
}

/// An application as the API shows it.
#[derive(Debug, Serialize)]
pub struct ApplicationView {
    pub id: i64,
    pub opening_id: i64,
    pub opening_title: String,
    pub incubator_id: i64,
    pub incubator: String,
    pub county_code: String,
    pub founder_user_id: i64,
    pub founder_name: String,
    pub profile_id: Option<i64>,
    pub plan: String,
    pub team_size: i32,
    pub area_needed_m2: f64,
    pub status: String,
    pub status_label: String,
    pub next_statuses: Vec<&'static str>,
    pub note: String,
    pub decided_by: Option<i64>,
    /// Whether the applicant qualifies for the returning-founder subsidy here.
    pub subsidy_qualifies: bool,
    pub subsidy_reason: String,
    /// The subsidy per year for 3 years at the opening's rent; `None` when the
    /// opening is not in the scheme.
    pub subsidy_estimate: Option<Estimate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Everything a view of some applications needs, loaded in a few queries.
struct Related {
    openings: HashMap<i64, opening::Model>,
    incubators: HashMap<i64, incubator::Model>,
    profiles: HashMap<i64, profile::Model>,
    founders: HashMap<i64, String>,
}

async fn related(conn: &impl ConnectionTrait, apps: &[application::Model]) -> AppResult<Related> {
    let opening_ids: Vec<i64> = apps.iter().map(|a| a.opening_id).collect();
    let openings: Vec<opening::Model> = opening::Entity::find()
        .filter(opening::Column::Id.is_in(opening_ids))
        .all(conn)
        .await?;
    let incubators = crate::service::opening::incubators_of(conn, &openings).await?;
    let profile_ids: Vec<i64> = apps.iter().filter_map(|a| a.profile_id).collect();
    let profiles = profile::Entity::find()
        .filter(profile::Column::Id.is_in(profile_ids))
        .all(conn)
        .await?;
    let founder_ids: Vec<i64> = apps.iter().map(|a| a.founder_user_id).collect();
    let founders = user::Entity::find()
        .filter(user::Column::Id.is_in(founder_ids))
        .all(conn)
        .await?;
    Ok(Related {
        openings: openings.into_iter().map(|o| (o.id, o)).collect(),
        incubators,
        profiles: profiles.into_iter().map(|p| (p.id, p)).collect(),
        founders: founders
            .into_iter()
            .map(|u| {
                let name = if u.display_name.is_empty() {
                    u.username
                } else {
                    u.display_name
                };
                (u.id, name)
            })
            .collect(),
    })
}

/// Views of applications, with their openings, incubators and subsidy standing.
pub async fn views(
    conn: &impl ConnectionTrait,
    apps: Vec<application::Model>,
    names: &RegionNames,
) -> AppResult<Vec<ApplicationView>> {
    let r = related(conn, &apps).await?;
    Ok(apps
        .into_iter()
        .map(|a| {
            let o = r.openings.get(&a.opening_id);
            let inc = o.and_then(|o| r.incubators.get(&o.incubator_id));
            let p = a.profile_id.and_then(|id| r.profiles.get(&id));
            let eligible = o.is_some_and(|o| o.subsidy_eligible);
            let (qualifies, reason) = subsidy::qualification(p, eligible, names);
            let status = ApplicationStatus::parse(&a.status).ok();
            ApplicationView {
                id: a.id,
                opening_id: a.opening_id,
                opening_title: o.map(|o| o.title.clone()).unwrap_or_default(),
                incubator_id: inc.map_or(0, |i| i.id),
                incubator: inc.map(|i| i.name.clone()).unwrap_or_default(),
                county_code: inc.map(|i| i.county_code.clone()).unwrap_or_default(),
                founder_user_id: a.founder_user_id,
                founder_name: p
                    .filter(|p| p.deleted_at.is_none())
                    .map(|p| p.name.clone())
                    .or_else(|| r.founders.get(&a.founder_user_id).cloned())
                    .unwrap_or_default(),
                profile_id: a.profile_id,
                status_label: status.map(|s| s.label().to_owned()).unwrap_or_default(),
                next_statuses: status
                    .map(|s| next_statuses(s).iter().map(|n| n.as_str()).collect())
                    .unwrap_or_default(),
                subsidy_qualifies: qualifies,
                subsidy_reason: reason,
                subsidy_estimate: o
                    .filter(|o| o.subsidy_eligible)
                    .map(|o| subsidy::at_rent(o.monthly_rent)),
                plan: a.plan,
                team_size: a.team_size,
                area_needed_m2: a.area_needed_m2,
                status: a.status,
                note: a.note,
                decided_by: a.decided_by,
                created_at: a.created_at,
                updated_at: a.updated_at,
            }
        })
        .collect())
}

/// An application with its opening and incubator, if the caller may do `action`.
pub async fn load(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
    action: ApplicationAction,
) -> AppResult<(application::Model, opening::Model, incubator::Model)> {
    let app = application::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("入驻申请"))?;
    let opening = opening::Entity::find_by_id(app.opening_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("入驻空间"))?;
    let inc = crate::service::incubator::find(conn, opening.incubator_id).await?;
    policy::application(actor, &app, &inc, action)?;
    Ok((app, opening, inc))
}

/// Filters of `GET /api/v1/applications`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationFilter {
    pub status: Option<String>,
    pub opening: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// One page of the applications the caller may see, newest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    filter: &ApplicationFilter,
    page: u64,
    per_page: u64,
) -> AppResult<(u64, Vec<application::Model>)> {
    let opening_id = || Expr::col((application::Entity, application::Column::OpeningId));
    // Applications for the openings of the incubators `cond` selects.
    let openings_where = |cond: sea_orm::Condition| {
        Query::select()
            .column(opening::Column::Id)
            .from(opening::Entity)
            .cond_where(cond)
            .to_owned()
    };
    let mut query = application::Entity::find();
    query = match policy::application_scope(actor)? {
        ApplicationScope::All => query,
        ApplicationScope::Founder(uid) => query.filter(application::Column::FounderUserId.eq(uid)),
        ApplicationScope::Incubator(id) => {
            let cond = sea_orm::Condition::all().add(opening::Column::IncubatorId.eq(id));
            query.filter(opening_id().in_subquery(openings_where(cond)))
        }
        ApplicationScope::Region(prefix) => {
            let incubators = Query::select()
                .column(incubator::Column::Id)
                .from(incubator::Entity)
                .and_where(incubator::Column::CountyCode.starts_with(prefix.as_str()))
                .to_owned();
            let cond = sea_orm::Condition::all()
                .add(Expr::col(opening::Column::IncubatorId).in_subquery(incubators));
            query.filter(opening_id().in_subquery(openings_where(cond)))
        }
    };
    if let Some(raw) = fields::non_blank(&filter.status) {
        let status = ApplicationStatus::parse(raw).map_err(|m| AppError::invalid("status", m))?;
        query = query.filter(application::Column::Status.eq(status.as_str()));
    }
    if let Some(raw) = fields::non_blank(&filter.opening) {
        let id: i64 = raw
            .parse()
            .map_err(|_| AppError::invalid("opening", "应为入驻空间 id"))?;
        query = query.filter(application::Column::OpeningId.eq(id));
    }
    let total = query.clone().count(conn).await?;
    let items = query
        .order_by_desc(application::Column::CreatedAt)
        .order_by_desc(application::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(conn)
        .await?;
    Ok((total, items))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use ApplicationStatus::*;

    #[test]
    fn applications_are_reviewed_decided_and_moved_into() {
        assert!(check_transition(Submitted, Reviewing).is_ok());
        assert!(check_transition(Reviewing, Accepted).is_ok());
        assert!(check_transition(Reviewing, Rejected).is_ok());
        assert!(check_transition(Accepted, MovedIn).is_ok());
        assert!(check_transition(Submitted, Accepted).is_ok());
    }

    #[test]
    fn no_way_back_and_nothing_after_a_final_state() {
        assert_eq!(
            check_transition(Accepted, Rejected).unwrap_err().field(),
            Some("status")
        );
        assert!(check_transition(Reviewing, Submitted).is_err());
        assert!(check_transition(Submitted, MovedIn).is_err());
        assert!(check_transition(Rejected, Accepted).is_err());
        assert!(check_transition(MovedIn, Accepted).is_err());
    }
}
