//! Inviting people: from a registry search (the same filters, scope and
//! index as `GET /api/v1/profiles`) or a list of ids. Only live, listed,
//! consenting people the caller may read are invited, each once per event;
//! the rest are reported with the reason, never silently dropped or doubled.

use std::collections::{BTreeSet, HashMap};

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};

use super::view::{InvitationView, invitation_views};
use super::{INVITED, STATUSES, load};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProfileAction};
use crate::db::Db;
use crate::domain::limits::event::MAX_INVITE;
use crate::entity::{event, event_invitation, profile};
use crate::error::{AppError, AppResult};
use crate::search::Search;
use crate::service::audit::{self, Event};
use crate::service::export::{ProfileFilter, refuse_paging};
use crate::service::fields::china;
use crate::service::notice;
use crate::service::profile::search::matching_ids;
use crate::service::region::RegionNames;

/// `POST /api/v1/events/{id}/invitations`: exactly one of the two.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteReq {
    pub filters: Option<ProfileFilter>,
    pub profile_ids: Option<Vec<i64>>,
}

/// One person not invited, and why.
#[derive(Debug, Serialize)]
pub struct Skipped {
    pub profile_id: i64,
    /// `already_invited`, `no_consent`, `unlisted` or `not_found`.
    pub reason: &'static str,
    pub reason_label: &'static str,
}

/// What an invitation call did.
#[derive(Debug, Serialize)]
pub struct InviteReport {
    pub invited: usize,
    pub invitation_ids: Vec<i64>,
    pub skipped: Vec<Skipped>,
}

fn skipped(profile_id: i64, reason: &'static str) -> Skipped {
    let reason_label = match reason {
        "already_invited" => "已邀请过，未重复邀请",
        "no_consent" => "本人未同意被联系",
        "unlisted" => "档案未公开",
        _ => "档案不存在或无权查看",
    };
    Skipped {
        profile_id,
        reason,
        reason_label,
    }
}

/// The people the request names, as ids, before the per-person checks.
async fn requested_ids(
    conn: &impl ConnectionTrait,
    search: &Search,
    actor: &CurrentUser,
    req: InviteReq,
) -> AppResult<Vec<i64>> {
    let ids = match (req.filters, req.profile_ids) {
        (Some(filter), None) => {
            refuse_paging(&filter)?;
            if filter.stale.is_some() {
                return Err(AppError::invalid("stale", "邀请不按“久未确认”筛选"));
            }
            matching_ids(conn, search, actor, &filter, MAX_INVITE + 1).await?
        }
        (None, Some(ids)) => {
            if ids.is_empty() {
                return Err(AppError::invalid("profile_ids", "请至少选择一位乡贤"));
            }
            ids
        }
        _ => {
            return Err(AppError::invalid(
                "filters",
                "请给出 filters（按档案检索条件邀请）或 profile_ids（按档案编号邀请）之一",
            ));
        }
    };
    let unique: BTreeSet<i64> = ids.iter().copied().collect();
    if unique.len() > MAX_INVITE {
        return Err(AppError::invalid(
            "filters",
            format!("一次最多邀请 {MAX_INVITE} 人，请缩小范围"),
        ));
    }
    // Keep the search's order (best matches first), without repeats.
    let mut seen = BTreeSet::new();
    Ok(ids.into_iter().filter(|id| seen.insert(*id)).collect())
}

/// Invites the people a filter returns, or the ids given, to an event the caller runs.
pub async fn invite(
    db: &Db,
    search: &Search,
    server_key: &str,
    actor: &CurrentUser,
    event_id: i64,
    req: InviteReq,
) -> AppResult<InviteReport> {
    load(db.conn(), actor, event_id).await?;
    let ids = requested_ids(db.conn(), search, actor, req).await?;
    let txn = db.write().await?;
    let e = load(&*txn, actor, event_id).await?;
    if e.starts_at <= Utc::now() {
        return Err(AppError::conflict(
            "event_past",
            "活动已开始或已结束，不能再发邀请",
        ));
    }
    let mut people: HashMap<i64, profile::Model> = HashMap::new();
    for chunk in ids.chunks(500) {
        for p in profile::Entity::find()
            .filter(profile::Column::Id.is_in(chunk.iter().copied()))
            .all(&*txn)
            .await?
        {
            people.insert(p.id, p);
        }
    }
    let already: BTreeSet<i64> = event_invitation::Entity::find()
        .filter(event_invitation::Column::EventId.eq(e.id))
        .all(&*txn)
        .await?
        .into_iter()
        .map(|i| i.profile_id)
        .collect();
    let mut report = InviteReport {
        invited: 0,
        invitation_ids: Vec::new(),
        skipped: Vec::new(),
    };
    let mut events = Vec::new();
    let now = Utc::now();
    for id in &ids {
        // One the caller may not read is reported exactly as one that does not exist.
        let Some(p) = people
            .get(id)
            .filter(|p| p.deleted_at.is_none() && p.merged_into.is_none())
            .filter(|p| policy::profile(actor, p, ProfileAction::Read).is_ok())
        else {
            report.skipped.push(skipped(*id, "not_found"));
            continue;
        };
        let reason = if already.contains(id) {
            Some("already_invited")
        } else if !p.listed {
            Some("unlisted")
        } else if !p.consent_match {
            Some("no_consent")
        } else {
            None
        };
        if let Some(reason) = reason {
            report.skipped.push(skipped(*id, reason));
            continue;
        }
        let (salt, hash) = super::rsvp::new_link(server_key);
        let row = event_invitation::ActiveModel {
            event_id: Set(e.id),
            profile_id: Set(p.id),
            status: Set(INVITED.into()),
            token_hash: Set(hash),
            token_salt: Set(salt),
            token_used_at: Set(None),
            answered_at: Set(None),
            attended_at: Set(None),
            checked_in_by: Set(None),
            invited_by: Set(Some(actor.id())),
            created_at: Set(now),
            ..Default::default()
        };
        let created = event_invitation::Entity::insert(row).exec(&*txn).await?;
        let inv_id = created.last_insert_id;
        report.invitation_ids.push(inv_id);
        events.push(
            Event::new(audit::action::CREATE, "event_invitation", inv_id).after(
                serde_json::json!({"event_id": e.id, "profile_id": p.id, "status": INVITED}),
            ),
        );
        crate::service::notify::to_profile(
            &*txn,
            p.id,
            crate::service::notify::Template::EventInvited,
            serde_json::json!({"event": e.title, "place": e.place, "invitation_id": inv_id,
                               "starts_at": e.starts_at.with_timezone(&crate::service::fields::china())
                                   .format("%Y年%m月%d日 %H:%M").to_string()}),
        )
        .await?;
        if let Some(owner) = p.owner_user_id {
            notice::send(
                &*txn,
                owner,
                "event_invited",
                &invited_message(&e),
                "/me/events",
            )
            .await?;
        }
    }
    report.invited = report.invitation_ids.len();
    let all_repeats =
        !report.skipped.is_empty() && report.skipped.iter().all(|s| s.reason == "already_invited");
    if report.invited == 0 && all_repeats {
        return Err(AppError::conflict(
            "duplicate",
            "所选乡贤都已邀请过，未重复邀请",
        ));
    }
    audit::record_many(&*txn, &actor.ctx(), events).await?;
    txn.commit().await?;
    Ok(report)
}

fn invited_message(e: &event::Model) -> String {
    format!(
        "您受邀参加“{}”（{}，{}），请在“我的活动”中回复是否参加",
        e.title,
        e.starts_at
            .with_timezone(&china())
            .format("%Y年%m月%d日 %H:%M"),
        e.place
    )
}

/// Filters of `GET /api/v1/events/{id}/invitations`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitationFilter {
    pub status: Option<String>,
}

/// The invitations of an event the caller runs, in the order they were sent.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    names: &RegionNames,
    event_id: i64,
    filter: &InvitationFilter,
) -> AppResult<(event::Model, Vec<InvitationView>)> {
    let e = load(conn, actor, event_id).await?;
    let mut query =
        event_invitation::Entity::find().filter(event_invitation::Column::EventId.eq(e.id));
    if let Some(s) = crate::service::fields::non_blank(&filter.status) {
        if !STATUSES.contains(&s) {
            return Err(AppError::invalid(
                "status",
                "状态应为 invited、accepted、waitlisted、declined 或 attended",
            ));
        }
        query = query.filter(event_invitation::Column::Status.eq(s));
    }
    let rows = query
        .order_by_asc(event_invitation::Column::Id)
        .all(conn)
        .await?;
    let views = invitation_views(conn, actor, names, rows).await?;
    Ok((e, views))
}
