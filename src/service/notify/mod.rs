//! Notices beyond the site: e-mail and SMS through one outbox.
//!
//! A service that announces something (an application decided, a 对接 entry assigned…)
//! calls [`to_user`] or [`to_profile`] in its own transaction, next to `notice::send`
//! (the in-site channel, written directly). That writes one outbox row per channel the
//! person can be reached on and has not opted out of. The row keeps ids and non-personal
//! words only; the dispatcher ([`dispatch`]) reads the name and contact when it sends, so a
//! failed event writes no row and an erased person leaves none ([`forget`]).

pub mod channel;
pub mod dispatch;
pub mod optout;
pub mod template;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use serde_json::Value;

use crate::entity::{notification_outbox as outbox, profile, user};
pub use template::Template;

/// The outbox channels (the site channel is the `notices` table).
pub const EMAIL: &str = "email";
pub const SMS: &str = "sms";
pub const CHANNELS: [&str; 2] = [EMAIL, SMS];

/// Row states.
pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";
pub const CANCELLED: &str = "cancelled";

/// Queues `template` for the person behind account `user_id` (through the profile the
/// account owns; an account without one has only the in-site channel).
pub async fn to_user(
    conn: &impl ConnectionTrait,
    user_id: i64,
    template: Template,
    params: Value,
) -> Result<usize, DbErr> {
    let Some(u) = user::Entity::find_by_id(user_id).one(conn).await? else {
        return Ok(0);
    };
    let Some(pid) = u.profile_id else {
        return Ok(0);
    };
    queue(conn, Some(user_id), pid, template, params, Utc::now()).await
}

/// Queues `template` for the person of profile `profile_id` (with or without an account).
pub async fn to_profile(
    conn: &impl ConnectionTrait,
    profile_id: i64,
    template: Template,
    params: Value,
) -> Result<usize, DbErr> {
    queue(conn, None, profile_id, template, params, Utc::now()).await
}

async fn queue(
    conn: &impl ConnectionTrait,
    user_id: Option<i64>,
    profile_id: i64,
    template: Template,
    params: Value,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let Some(p) = profile::Entity::find_by_id(profile_id).one(conn).await? else {
        return Ok(0);
    };
    if p.deleted_at.is_some() {
        return Ok(0);
    }
    let opted = optout::channels_of(conn, profile_id).await?;
    let mut rows = Vec::new();
    for (channel, reachable) in [(EMAIL, p.email.is_some()), (SMS, p.mobile.is_some())] {
        if !reachable || opted.iter().any(|c| c == channel) {
            continue;
        }
        rows.push(outbox::ActiveModel {
            user_id: Set(user_id),
            profile_id: Set(Some(profile_id)),
            channel: Set(channel.into()),
            template: Set(template.key().into()),
            params: Set(params.to_string()),
            status: Set(PENDING.into()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            last_error: Set(String::new()),
            created_at: Set(now),
            sent_at: Set(None),
            ..Default::default()
        });
    }
    let n = rows.len();
    if n > 0 {
        outbox::Entity::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(n)
}

/// Erasure: every outbox row of these profiles or this account is deleted, sent or not
/// (the words in them were about the person), and the opt-outs and confirmation links too.
pub async fn forget(
    conn: &impl ConnectionTrait,
    profile_ids: &[i64],
    user_id: Option<i64>,
) -> Result<(), DbErr> {
    use crate::entity::{notification_optout, profile_confirm_request};
    let mut who =
        sea_orm::Condition::any().add(outbox::Column::ProfileId.is_in(profile_ids.to_vec()));
    if let Some(uid) = user_id {
        who = who.add(outbox::Column::UserId.eq(uid));
    }
    outbox::Entity::delete_many().filter(who).exec(conn).await?;
    notification_optout::Entity::delete_many()
        .filter(notification_optout::Column::ProfileId.is_in(profile_ids.to_vec()))
        .exec(conn)
        .await?;
    profile_confirm_request::Entity::delete_many()
        .filter(profile_confirm_request::Column::ProfileId.is_in(profile_ids.to_vec()))
        .exec(conn)
        .await?;
    Ok(())
}
