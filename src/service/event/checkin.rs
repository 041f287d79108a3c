//! Check-in at the door (the invitee's QR scanned on a staff phone, or a
//! button on the list), and each person's attendance history.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use super::{ATTENDED, kind_label, load, status_label};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::entity::{event, event_invitation};
use crate::error::{AppError, AppResult};
use crate::service::audit;
use crate::service::fields::china;
use crate::service::guarded;
use crate::service::profile::{self, ProfileAction};

/// The door opens this long before the start, and closes this long after.
const OPENS_BEFORE: Duration = Duration::hours(24);
const CLOSES_AFTER: Duration = Duration::hours(48);

/// `POST /api/v1/events/{id}/checkin`: exactly one of the two.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckinReq {
    pub profile_id: Option<i64>,
    pub token: Option<String>,
}

/// The invitation of `event` that `req` names; a person not invited (or a
/// link of another event) is refused naming the field, saying nothing more.
async fn invitation(
    conn: &impl ConnectionTrait,
    e: &event::Model,
    req: &CheckinReq,
) -> AppResult<event_invitation::Model> {
    match (&req.profile_id, &req.token) {
        (Some(profile_id), None) => event_invitation::Entity::find()
            .filter(event_invitation::Column::EventId.eq(e.id))
            .filter(event_invitation::Column::ProfileId.eq(*profile_id))
            .one(conn)
            .await?
            .ok_or_else(|| AppError::invalid("profile_id", "该乡贤未受邀参加本活动，不能签到")),
        (None, Some(token)) => {
            let not_ours = || AppError::invalid("token", "该二维码不是本活动的邀请，不能签到");
            let (inv, _) = super::rsvp::find(conn, token.trim())
                .await
                .map_err(|_| not_ours())?;
            if inv.event_id == e.id {
                Ok(inv)
            } else {
                Err(not_ours())
            }
        }
        _ => Err(AppError::invalid(
            "profile_id",
            "请给出 profile_id（档案编号）或 token（邀请二维码）之一",
        )),
    }
}

/// Marks an invitee of an event the caller runs as attended, once.
pub async fn checkin(
    db: &Db,
    actor: &CurrentUser,
    event_id: i64,
    req: CheckinReq,
) -> AppResult<event_invitation::Model> {
    let txn = db.write().await?;
    let e = load(&*txn, actor, event_id).await?;
    let inv = invitation(&*txn, &e, &req).await?;
    let now = Utc::now();
    if now < e.starts_at - OPENS_BEFORE || now > e.starts_at + CLOSES_AFTER {
        return Err(AppError::conflict(
            "not_open",
            "签到从活动开始前 24 小时开放，到开始后 48 小时结束",
        ));
    }
    let already = || AppError::conflict("already_checked_in", "该乡贤已签到");
    if inv.status == ATTENDED {
        return Err(already());
    }
    let update = event_invitation::Entity::update_many()
        .col_expr(event_invitation::Column::Status, Expr::value(ATTENDED))
        .col_expr(event_invitation::Column::AttendedAt, Expr::value(now))
        .col_expr(
            event_invitation::Column::CheckedInBy,
            Expr::value(actor.id()),
        )
        .filter(event_invitation::Column::Status.ne(ATTENDED));
    let after = guarded::update_where(&*txn, inv.id, update)
        .await?
        .ok_or_else(already)?;
    audit::updated(&*txn, &actor.ctx(), &inv, &after).await?;
    txn.commit().await?;
    Ok(after)
}

/// One event on a person's record.
#[derive(Clone, Debug, Serialize)]
pub struct Attendance {
    pub event_id: i64,
    pub title: String,
    pub kind_label: &'static str,
    pub starts_at: DateTime<FixedOffset>,
    pub place: String,
    pub status: String,
    pub status_label: &'static str,
}

/// The events a person was invited to, newest first, for a viewer who may read the person.
pub async fn history(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    profile_id: i64,
) -> AppResult<Vec<Attendance>> {
    profile::load(conn, actor, profile_id, ProfileAction::Read).await?;
    history_unchecked(conn, profile_id).await
}

/// [`history`] for a caller that has already loaded the profile for reading.
pub async fn history_unchecked(
    conn: &impl ConnectionTrait,
    profile_id: i64,
) -> AppResult<Vec<Attendance>> {
    let rows = event_invitation::Entity::find()
        .filter(event_invitation::Column::ProfileId.eq(profile_id))
        .order_by_desc(event_invitation::Column::Id)
        .all(conn)
        .await?;
    let events: std::collections::HashMap<i64, event::Model> = event::Entity::find()
        .filter(event::Column::Id.is_in(rows.iter().map(|r| r.event_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let mut out: Vec<Attendance> = rows
        .into_iter()
        .filter_map(|r| {
            let e = events.get(&r.event_id)?;
            Some(Attendance {
                event_id: e.id,
                title: e.title.clone(),
                kind_label: kind_label(&e.kind),
                starts_at: e.starts_at.with_timezone(&china()),
                place: e.place.clone(),
                status_label: status_label(&r.status),
                status: r.status,
            })
        })
        .collect();
    out.sort_by_key(|a| std::cmp::Reverse(a.starts_at));
    Ok(out)
}
