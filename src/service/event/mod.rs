//! 乡情返乡活动 and 创业培训: events of a region, the people invited to them, their
//! answers through a personal one-time link, and attendance at the door.
//!
//! Access is decided here (`allow`, `load`, `list_prefix`), so the API, the
//! pages, the exports and the check-in page cannot disagree: staff of a scope
//! holding the event's region and administrators do everything; organizers do
//! the same for events of their township or village. For anyone else an event
//! does not exist.

pub mod checkin;
pub mod export;
pub mod followup;
pub mod invite;
pub mod rsvp;
pub mod view;
pub mod write;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::domain::{EventKind, Role};
use crate::entity::event;
use crate::error::{AppError, AppResult};

pub use view::{EventView, InvitationView};

/// An invitation's status.
pub const INVITED: &str = "invited";
pub const ACCEPTED: &str = "accepted";
/// Accepted beyond the capacity: given a seat when an accepted person declines.
pub const WAITLISTED: &str = "waitlisted";
pub const DECLINED: &str = "declined";
pub const ATTENDED: &str = "attended";
pub const STATUSES: [&str; 5] = [INVITED, ACCEPTED, WAITLISTED, DECLINED, ATTENDED];

/// The Chinese label of an invitation status.
pub fn status_label(s: &str) -> &'static str {
    match s {
        INVITED => "已邀请",
        ACCEPTED => "已确认参加",
        WAITLISTED => "候补",
        DECLINED => "不参加",
        ATTENDED => "已签到",
        _ => "",
    }
}

/// The Chinese label of an event kind code.
pub fn kind_label(kind: &str) -> &'static str {
    EventKind::parse(kind).map(|k| k.label()).unwrap_or("")
}

/// Whether `actor` may run events of `region_code`: staff of a scope holding
/// it, organizers for a township or village inside theirs, administrators.
fn runs(actor: &CurrentUser, region_code: &str) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Staff => actor.covers(region_code),
        Role::Organizer => region_code.len() >= 9 && actor.covers(region_code),
        Role::Operator | Role::Founder => false,
    }
}

/// May `actor` create an event in `region_code`? 403 when not: creating
/// names a region the caller chose, so nothing is disclosed.
pub fn may_create(actor: &CurrentUser, region_code: &str) -> AppResult<()> {
    if runs(actor, region_code) {
        return Ok(());
    }
    Err(match actor.role {
        Role::Staff | Role::Organizer | Role::Admin => AppError::forbidden(format!(
            "region_code：地区 {region_code} 不在您的管辖范围内（组织者只能为本乡镇或本村办活动）"
        )),
        _ => AppError::forbidden(format!("{}不能举办活动", actor.role.label())),
    })
}

/// Who may open the events pages and lists at all.
pub fn may_list(actor: &CurrentUser) -> AppResult<String> {
    match actor.role {
        Role::Admin | Role::Staff | Role::Organizer => actor.list_scope(),
        Role::Operator | Role::Founder => None,
    }
    .ok_or_else(|| AppError::forbidden(format!("{}无权查看活动", actor.role.label())))
}

/// An event `actor` may run; a missing one and one out of reach are the same 404.
pub async fn load(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
) -> AppResult<event::Model> {
    let found = event::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("活动"))?;
    if !runs(actor, &found.region_code) {
        return Err(AppError::Hidden(format!("event {id} 不在权限范围内")));
    }
    Ok(found)
}

/// Filters of `GET /api/v1/events`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFilter {
    pub kind: Option<String>,
    /// `upcoming` or `past`.
    pub when: Option<String>,
}

/// The events `actor` may run, the coming ones first by date, then the past
/// ones newest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    filter: &EventFilter,
) -> AppResult<Vec<event::Model>> {
    let prefix = may_list(actor)?;
    let mut query = event::Entity::find().filter(event::Column::RegionCode.starts_with(&prefix));
    if let Some(kind) = crate::service::fields::non_blank(&filter.kind) {
        let kind = EventKind::parse(kind).map_err(|m| AppError::invalid("kind", m))?;
        query = query.filter(event::Column::Kind.eq(kind.as_str()));
    }
    let now = chrono::Utc::now();
    match crate::service::fields::non_blank(&filter.when) {
        None => {}
        Some("upcoming") => query = query.filter(event::Column::StartsAt.gte(now)),
        Some("past") => query = query.filter(event::Column::StartsAt.lt(now)),
        Some(_) => {
            return Err(AppError::invalid(
                "when",
                "应为 upcoming（将要举行）或 past（已举行）",
            ));
        }
    }
    let rows = query
        .order_by_desc(event::Column::StartsAt)
        .order_by_desc(event::Column::Id)
        .limit(1000)
        .all(conn)
        .await?;
    // Organizers see only the township and village events of their scope.
    let (mut coming, past): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .filter(|e| runs(actor, &e.region_code))
        .partition(|e| e.starts_at >= now);
    coming.reverse();
    coming.extend(past);
    Ok(coming)
}
