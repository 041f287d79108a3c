//! Answers to an invitation: through the personal one-time link (public, no
//! sign-in), by the person signed in, or recorded by staff who were told on
//! the phone. Acceptances beyond the capacity wait on a list; a decline of a
//! seated person gives the seat to the longest waiting one.
//!
//! The link is `HMAC(server key, salt)`; only its SHA-256 and the salt are
//! stored, so the database alone never yields a working link, while staff can
//! print the same card again (the server derives it from the salt).

use base64::Engine;
use chrono::{DateTime, FixedOffset, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};

use super::view::Counts;
use super::{ACCEPTED, ATTENDED, DECLINED, INVITED, WAITLISTED, kind_label, status_label};
use crate::auth::{Ctx, CurrentUser};
use crate::db::Db;
use crate::domain::Role;
use crate::entity::{event, event_invitation, profile};
use crate::error::{AppError, AppResult};
use crate::service::audit;
use crate::service::fields::china;
use crate::service::{guarded, notice};

/// A fresh salt and the link's hash to store.
pub fn new_link(server_key: &str) -> (String, String) {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let salt = hex::encode(bytes);
    let hash = crate::auth::token::hash(&token_for(server_key, &salt));
    (salt, hash)
}

/// The link token of an invitation, derived from its salt.
pub fn token_for(server_key: &str, salt: &str) -> String {
    let mac = crate::crypto::hmac_sm3(server_key.as_bytes(), &[b"rsvp-link", salt.as_bytes()]);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac)
}

/// `POST /api/v1/rsvp/{token}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RsvpReq {
    pub answer: Answer,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    Accept,
    Decline,
}

impl Answer {
    pub fn parse(raw: &str) -> AppResult<Self> {
        match raw {
            "accept" => Ok(Self::Accept),
            "decline" => Ok(Self::Decline),
            _ => Err(AppError::invalid(
                "answer",
                "应为 accept（参加）或 decline（不参加）",
            )),
        }
    }
}

/// What the public RSVP page and answer show: the event and this
/// invitation's own answer, nothing about the person or the other invitees.
#[derive(Debug, Serialize)]
pub struct RsvpView {
    pub title: String,
    pub kind: String,
    pub kind_label: &'static str,
    pub starts_at: DateTime<FixedOffset>,
    pub place: String,
    pub provider: String,
    pub status: String,
    pub status_label: &'static str,
    /// Whether the link can still answer.
    pub open: bool,
}

fn rsvp_view(e: &event::Model, inv: &event_invitation::Model) -> RsvpView {
    RsvpView {
        title: e.title.clone(),
        kind: e.kind.clone(),
        kind_label: kind_label(&e.kind),
        starts_at: e.starts_at.with_timezone(&china()),
        place: e.place.clone(),
        provider: e.provider.clone(),
        status: inv.status.clone(),
        status_label: status_label(&inv.status),
        open: refusal(e, inv).is_none(),
    }
}

/// The invitation and event a token opens, or 404 (an unknown link says no more).
pub async fn find(
    conn: &impl ConnectionTrait,
    token: &str,
) -> AppResult<(event_invitation::Model, event::Model)> {
    let missing = || AppError::not_found("邀请链接");
    if token.is_empty() || token.len() > 100 {
        return Err(missing());
    }
    let inv = event_invitation::Entity::find()
        .filter(event_invitation::Column::TokenHash.eq(crate::auth::token::hash(token)))
        .one(conn)
        .await?
        .ok_or_else(missing)?;
    let e = event::Entity::find_by_id(inv.event_id)
        .one(conn)
        .await?
        .ok_or_else(missing)?;
    Ok((inv, e))
}

/// Why the link can no longer answer, if it cannot.
fn refusal(e: &event::Model, inv: &event_invitation::Model) -> Option<&'static str> {
    if inv.status == ATTENDED {
        Some("您已签到，邀请链接不再用于回复")
    } else if inv.token_used_at.is_some() {
        Some("该邀请链接已使用过，每个链接只能回复一次；如需改变请联系活动组织方")
    } else if e.starts_at <= Utc::now() {
        Some("活动已开始或已结束，邀请链接已失效")
    } else {
        None
    }
}

/// The public page's view of a link.
pub async fn show(conn: &impl ConnectionTrait, token: &str) -> AppResult<RsvpView> {
    let (inv, e) = find(conn, token).await?;
    Ok(rsvp_view(&e, &inv))
}

/// The person answers through their link, once.
pub async fn answer_by_link(
    db: &Db,
    token: &str,
    answer: Answer,
    client_addr: &str,
) -> AppResult<RsvpView> {
    let txn = db.write().await?;
    let (inv, e) = find(&*txn, token).await?;
    if let Some(why) = refusal(&e, &inv) {
        return Err(AppError::gone("token", why));
    }
    let ctx = Ctx {
        actor_id: None,
        actor_name: "邀请链接".into(),
        client_addr: client_addr.to_owned(),
    };
    let after = apply(&*txn, &ctx, &e, &inv, answer, true).await?;
    txn.commit().await?;
    Ok(rsvp_view(&e, &after))
}

/// The person signed in answers an invitation of their own profile; or staff
/// running the event record an answer given on the phone. Either may change
/// an earlier answer until the event starts.
pub async fn answer_signed_in(
    db: &Db,
    actor: &CurrentUser,
    invitation_id: i64,
    answer: Answer,
) -> AppResult<event_invitation::Model> {
    let txn = db.write().await?;
    let inv = event_invitation::Entity::find_by_id(invitation_id)
        .one(&*txn)
        .await?
        .ok_or_else(|| AppError::not_found("邀请"))?;
    let e = if actor.role == Role::Founder {
        let own = profile::Entity::find_by_id(inv.profile_id)
            .one(&*txn)
            .await?
            .is_some_and(|p| p.owner_user_id == Some(actor.id()) && p.deleted_at.is_none());
        if !own {
            return Err(AppError::Hidden(format!(
                "invitation {invitation_id} 不是本人的"
            )));
        }
        event::Entity::find_by_id(inv.event_id)
            .one(&*txn)
            .await?
            .ok_or_else(|| AppError::not_found("活动"))?
    } else {
        super::load(&*txn, actor, inv.event_id).await?
    };
    if inv.status == ATTENDED || e.starts_at <= Utc::now() {
        return Err(AppError::conflict(
            "closed",
            "活动已开始或已签到，不能再更改回复",
        ));
    }
    let after = apply(&*txn, &actor.ctx(), &e, &inv, answer, false).await?;
    txn.commit().await?;
    Ok(after)
}

/// Writes the answer (guarded on the status seen), moves the waiting list,
/// and audits both; inside the caller's transaction.
async fn apply(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    e: &event::Model,
    inv: &event_invitation::Model,
    answer: Answer,
    uses_link: bool,
) -> AppResult<event_invitation::Model> {
    // Serialises answers to one event (PostgreSQL; SQLite has one writer), so
    // two people cannot both take the last seat.
    event::Entity::find_by_id(e.id)
        .lock_exclusive()
        .one(conn)
        .await?;
    let others = event_invitation::Entity::find()
        .filter(event_invitation::Column::EventId.eq(e.id))
        .filter(event_invitation::Column::Id.ne(inv.id))
        .all(conn)
        .await?;
    let seated = Counts::of(&others).seated();
    let to = match answer {
        Answer::Decline => DECLINED,
        Answer::Accept if inv.status == ACCEPTED => ACCEPTED,
        Answer::Accept if seated < u64::try_from(e.capacity).unwrap_or(0) => ACCEPTED,
        Answer::Accept => WAITLISTED,
    };
    let now = Utc::now();
    let mut update = event_invitation::Entity::update_many()
        .col_expr(event_invitation::Column::Status, Expr::value(to))
        .col_expr(event_invitation::Column::AnsweredAt, Expr::value(now))
        .filter(event_invitation::Column::Status.eq(inv.status.clone()));
    if uses_link {
        update = update
            .col_expr(event_invitation::Column::TokenUsedAt, Expr::value(now))
            .filter(event_invitation::Column::TokenUsedAt.is_null());
    }
    let after = guarded::update_where(conn, inv.id, update)
        .await?
        .ok_or_else(|| AppError::gone("token", "该邀请刚刚已被回复，请刷新查看"))?;
    audit::updated(conn, ctx, inv, &after).await?;
    if inv.status == ACCEPTED && to == DECLINED {
        promote_next(conn, ctx, e).await?;
    }
    Ok(after)
}

/// Gives a freed seat to the longest waiting person, who is told in-site when
/// they have an account.
pub(super) async fn promote_next(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    e: &event::Model,
) -> AppResult<()> {
    let Some(next) = event_invitation::Entity::find()
        .filter(event_invitation::Column::EventId.eq(e.id))
        .filter(event_invitation::Column::Status.eq(WAITLISTED))
        .order_by_asc(event_invitation::Column::AnsweredAt)
        .order_by_asc(event_invitation::Column::Id)
        .one(conn)
        .await?
    else {
        return Ok(());
    };
    let update = event_invitation::Entity::update_many()
        .col_expr(event_invitation::Column::Status, Expr::value(ACCEPTED))
        .filter(event_invitation::Column::Status.eq(WAITLISTED));
    let Some(after) = guarded::update_where(conn, next.id, update).await? else {
        return Ok(());
    };
    audit::updated(conn, ctx, &next, &after).await?;
    if let Some(owner) = profile::Entity::find_by_id(after.profile_id)
        .one(conn)
        .await?
        .and_then(|p| p.owner_user_id)
    {
        let message = format!("“{}”有名额空出，您已由候补转为确认参加", e.title);
        notice::send(conn, owner, "event_seat", &message, "/me/events").await?;
    }
    Ok(())
}

/// Whether an invitation still waits for an answer (for the pages).
pub fn awaiting(inv: &event_invitation::Model) -> bool {
    inv.status == INVITED
}

/// The invitation `invitation_id` of an event the caller runs, with its link
/// token, for printing the card; a missing one and one out of reach are the same 404.
pub async fn card(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    server_key: &str,
    event_id: i64,
    invitation_id: i64,
) -> AppResult<(event::Model, event_invitation::Model, String)> {
    let e = super::load(conn, actor, event_id).await?;
    let inv = event_invitation::Entity::find_by_id(invitation_id)
        .one(conn)
        .await?
        .filter(|i| i.event_id == e.id)
        .ok_or_else(|| AppError::not_found("邀请"))?;
    let token = token_for(server_key, &inv.token_salt);
    Ok((e, inv, token))
}

/// The invitations of the person signed in (a founder's own profile), newest event first.
pub async fn mine(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
) -> AppResult<Vec<(event::Model, event_invitation::Model)>> {
    let Some(profile_id) = actor.user.profile_id else {
        return Ok(Vec::new());
    };
    let own = profile::Entity::find_by_id(profile_id)
        .one(conn)
        .await?
        .is_some_and(|p| p.owner_user_id == Some(actor.id()) && p.deleted_at.is_none());
    if !own {
        return Ok(Vec::new());
    }
    let rows = event_invitation::Entity::find()
        .filter(event_invitation::Column::ProfileId.eq(profile_id))
        .all(conn)
        .await?;
    let mut out = Vec::new();
    for inv in rows {
        if let Some(e) = event::Entity::find_by_id(inv.event_id).one(conn).await? {
            out.push((e, inv));
        }
    }
    out.sort_by_key(|a| std::cmp::Reverse(a.0.starts_at));
    Ok(out)
}

/// Erasure: the person's invitations (and so their links) are removed; a seat
/// they held at a coming event goes to the next on the waiting list.
pub async fn erase_for(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    profile_ids: &[i64],
) -> AppResult<()> {
    let rows = event_invitation::Entity::find()
        .filter(event_invitation::Column::ProfileId.is_in(profile_ids.iter().copied()))
        .all(conn)
        .await?;
    for inv in rows {
        event_invitation::Entity::delete_by_id(inv.id)
            .exec(conn)
            .await?;
        audit::deleted(conn, ctx, &inv).await?;
        if inv.status != ACCEPTED {
            continue;
        }
        if let Some(e) = event::Entity::find_by_id(inv.event_id)
            .one(conn)
            .await?
            .filter(|e| e.starts_at > Utc::now())
        {
            promote_next(conn, ctx, &e).await?;
        }
    }
    Ok(())
}
