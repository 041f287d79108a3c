//! Requests to the 返乡创业综合服务中心: a founder asks for 注册登记, 政策咨询,
//! 创业指导, 社保接续, 用地指标 or 融资担保; staff of the founder's county take
//! it (`submitted` → `accepted` → `resolved` | `rejected`); it is due a number
//! of working days after filing (`domain::holidays`) and flagged when overdue;
//! the founder rates the answer 1–5. Every step is a notice to the other side
//! (`write`).
//!
//! Who sees what is decided here, in `allow` and `scope`: the founder their
//! own requests, staff those of the counties in their scope, administrators
//! all; to anyone else a request does not exist.

pub mod write;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::auth::CurrentUser;
use crate::domain::holidays;
use crate::domain::organization::exact;
use crate::domain::{Role, ServiceKind, ServiceStatus};
use crate::entity::{profile, service_request, user};
use crate::error::{AppError, AppResult};
use crate::region::RegionNames;
use crate::service::audit::Audited;
use crate::service::fields;

/// Working days a request may wait by default (`--service-due-days`).
pub const DEFAULT_DUE_DAYS: u32 = 5;

static DUE_DAYS: AtomicU32 = AtomicU32::new(DEFAULT_DUE_DAYS);

/// Sets this process's working days to answer (from the configuration).
pub fn set_due_days(days: u32) {
    DUE_DAYS.store(days.max(1), Ordering::Relaxed);
}

pub fn due_days() -> u32 {
    DUE_DAYS.load(Ordering::Relaxed)
}

/// When a request filed at `submitted_at` is due (a 咸宁 date).
pub fn due_on(submitted_at: DateTime<Utc>) -> NaiveDate {
    holidays::due_on(fields::local_date(submitted_at), due_days())
}

/// Whether a request is still open past its due date on `today`.
pub fn is_overdue(r: &service_request::Model, today: NaiveDate) -> bool {
    let open = ServiceStatus::parse(&r.status).is_ok_and(ServiceStatus::is_open);
    open && holidays::is_overdue(due_on(r.submitted_at), today)
}

impl Audited for service_request::Model {
    const ENTITY: &'static str = "service_request";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> Value {
        json!({"founder_user_id": self.founder_user_id, "county_code": self.county_code,
               "kind": self.kind, "summary": self.summary, "status": self.status,
               "note": self.note, "handled_by": self.handled_by, "rating": self.rating})
    }
}

/// Whether the caller may read (and act on) a request: its founder, staff of
/// a scope holding its county, administrators.
fn allow(actor: &CurrentUser, r: &service_request::Model) -> AppResult<()> {
    let ok = match actor.role {
        Role::Admin => true,
        Role::Founder => r.founder_user_id == actor.id(),
        Role::Staff => actor.covers(&r.county_code),
        Role::Organizer | Role::Operator => false,
    };
    if ok {
        Ok(())
    } else {
        Err(AppError::Hidden(format!(
            "service_request {} 不在权限范围内",
            r.id
        )))
    }
}

/// One request the caller may see; missing and out of reach are the same 404.
pub async fn load(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
) -> AppResult<service_request::Model> {
    let found = service_request::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("服务申请"))?;
    allow(actor, &found)?;
    Ok(found)
}

/// Whether the caller handles requests (staff and administrators).
pub fn handles(actor: &CurrentUser) -> bool {
    matches!(actor.role, Role::Admin | Role::Staff)
}

/// Filters of `GET /api/v1/service-requests`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestFilter {
    pub status: Option<String>,
    /// `true`: only open requests past their due date.
    pub overdue: Option<bool>,
}

/// The requests the caller may see, newest first; `today` decides `overdue`.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    filter: &RequestFilter,
    today: NaiveDate,
) -> AppResult<Vec<service_request::Model>> {
    let mut query = service_request::Entity::find();
    query = match actor.role {
        Role::Admin => query,
        Role::Founder => query.filter(service_request::Column::FounderUserId.eq(actor.id())),
        Role::Staff => {
            let scope = actor.scope().unwrap_or("-").to_owned();
            query.filter(service_request::Column::CountyCode.starts_with(&scope))
        }
        Role::Organizer | Role::Operator => {
            return Err(AppError::forbidden(format!(
                "{}无权查看创业服务申请",
                actor.role.label()
            )));
        }
    };
    if let Some(raw) = filter.status.as_deref().filter(|s| !s.trim().is_empty()) {
        let status = exact(
            raw,
            ServiceStatus::parse,
            ServiceStatus::as_str,
            ServiceStatus::codes(),
        )
        .map_err(|m| AppError::invalid("status", m))?;
        query = query.filter(service_request::Column::Status.eq(status.as_str()));
    }
    let rows = query
        .order_by_desc(service_request::Column::SubmittedAt)
        .order_by_desc(service_request::Column::Id)
        .limit(2000)
        .all(conn)
        .await?;
    Ok(match filter.overdue {
        Some(want) => rows
            .into_iter()
            .filter(|r| is_overdue(r, today) == want)
            .collect(),
        None => rows,
    })
}

/// Open and overdue requests of the caller's scope, for the dashboard.
pub async fn counts(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    today: NaiveDate,
) -> AppResult<(usize, usize)> {
    let rows = list(conn, actor, &RequestFilter::default(), today).await?;
    let open: Vec<_> = rows
        .iter()
        .filter(|r| ServiceStatus::parse(&r.status).is_ok_and(ServiceStatus::is_open))
        .collect();
    let overdue = open.iter().filter(|r| is_overdue(r, today)).count();
    Ok((open.len(), overdue))
}

/// A request as the API shows it.
#[derive(Debug, Serialize)]
pub struct RequestView {
    pub id: i64,
    pub kind: String,
    pub kind_label: &'static str,
    pub summary: String,
    pub status: String,
    pub status_label: &'static str,
    pub county_code: String,
    pub county: String,
    pub founder_user_id: i64,
    /// The founder's name as on their profile (or account).
    pub founder_name: String,
    pub note: String,
    pub handled_by: Option<i64>,
    pub handled_at: Option<DateTime<Utc>>,
    pub rating: Option<i32>,
    pub rated_at: Option<DateTime<Utc>>,
    pub submitted_at: DateTime<Utc>,
    /// The last working day to answer, in 咸宁.
    pub due_on: NaiveDate,
    pub overdue: bool,
    pub updated_at: DateTime<Utc>,
}

/// Views of `rows`, with the founders' names; `today` decides `overdue`.
pub async fn views(
    conn: &impl ConnectionTrait,
    rows: Vec<service_request::Model>,
    names: &RegionNames,
    today: NaiveDate,
) -> AppResult<Vec<RequestView>> {
    let user_ids: Vec<i64> = rows.iter().map(|r| r.founder_user_id).collect();
    let profile_ids: Vec<i64> = rows.iter().filter_map(|r| r.profile_id).collect();
    let users: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| {
            let name = if u.display_name.is_empty() {
                u.username
            } else {
                u.display_name
            };
            (u.id, name)
        })
        .collect();
    let people: HashMap<i64, String> = profile::Entity::find()
        .filter(profile::Column::Id.is_in(profile_ids))
        .filter(profile::Column::DeletedAt.is_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let founder_name = r
                .profile_id
                .and_then(|p| people.get(&p).cloned())
                .or_else(|| users.get(&r.founder_user_id).cloned())
                .unwrap_or_default();
            RequestView {
                overdue: is_overdue(&r, today),
                due_on: due_on(r.submitted_at),
                kind_label: ServiceKind::parse(&r.kind)
                    .map(ServiceKind::label)
                    .unwrap_or(""),
                status_label: ServiceStatus::parse(&r.status)
                    .map(ServiceStatus::label)
                    .unwrap_or(""),
                county: names.local_name(&r.county_code),
                founder_name,
                id: r.id,
                kind: r.kind,
                summary: r.summary,
                status: r.status,
                county_code: r.county_code,
                founder_user_id: r.founder_user_id,
                note: r.note,
                handled_by: r.handled_by,
                handled_at: r.handled_at,
                rating: r.rating,
                rated_at: r.rated_at,
                submitted_at: r.submitted_at,
                updated_at: r.updated_at,
            }
        })
        .collect())
}
