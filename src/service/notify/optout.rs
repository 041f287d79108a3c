//! Opting out per channel, the signed unsubscribe link in every e-mail and SMS, and the
//! links the templates point at (derived at send time, never stored in the outbox).

use base64::Engine;
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use serde_json::Value;

use super::channel::Channels;
use super::{CHANNELS, Template};
use crate::db::Db;
use crate::entity::{event_invitation, notification_optout as optout, profile_confirm_request};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Ctx, Event, action};

/// The channels this person has opted out of.
pub async fn channels_of(
    conn: &impl ConnectionTrait,
    profile_id: i64,
) -> Result<Vec<String>, DbErr> {
    Ok(optout::Entity::find()
        .filter(optout::Column::ProfileId.eq(profile_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| o.channel)
        .collect())
}

fn channel(raw: &str) -> AppResult<&'static str> {
    CHANNELS
        .into_iter()
        .find(|c| *c == raw)
        .ok_or_else(|| AppError::invalid("channel", "应为 email（邮件）或 sms（短信）"))
}

/// Sets whether `profile_id` receives `channel`; cancels its pending rows on that channel
/// when it opts out. Audited under `ctx`. The caller has decided this is the person.
pub async fn set(
    db: &Db,
    ctx: &Ctx,
    profile_id: i64,
    raw_channel: &str,
    receive: bool,
) -> AppResult<()> {
    use crate::entity::notification_outbox as outbox;
    let channel = channel(raw_channel)?;
    let txn = db.write().await?;
    let had = channels_of(&*txn, profile_id)
        .await?
        .iter()
        .any(|c| c == channel);
    if receive && had {
        optout::Entity::delete_many()
            .filter(optout::Column::ProfileId.eq(profile_id))
            .filter(optout::Column::Channel.eq(channel))
            .exec(&*txn)
            .await?;
    } else if !receive && !had {
        optout::Entity::insert(optout::ActiveModel {
            profile_id: Set(profile_id),
            channel: Set(channel.into()),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec_without_returning(&*txn)
        .await?;
        outbox::Entity::update_many()
            .col_expr(
                outbox::Column::Status,
                sea_orm::sea_query::Expr::value(super::CANCELLED),
            )
            .col_expr(
                outbox::Column::LastError,
                sea_orm::sea_query::Expr::value("本人已退订"),
            )
            .filter(outbox::Column::ProfileId.eq(profile_id))
            .filter(outbox::Column::Channel.eq(channel))
            .filter(outbox::Column::Status.eq(super::PENDING))
            .exec(&*txn)
            .await?;
    } else {
        return Ok(());
    }
    let word = if receive { "恢复接收" } else { "退订" };
    audit::record(
        &*txn,
        ctx,
        Event::new(action::UPDATE, "notification_optout", profile_id)
            .after(serde_json::json!({"channel": channel, "receive": receive}))
            .detail(format!(
                "{word}{}通知",
                if channel == "email" {
                    "邮件"
                } else {
                    "短信"
                }
            )),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

fn unsubscribe_token(server_key: &str, profile_id: i64, channel: &str) -> String {
    let mac = crate::crypto::hmac_sm3(
        server_key.as_bytes(),
        &[
            b"unsubscribe",
            profile_id.to_string().as_bytes(),
            b":",
            channel.as_bytes(),
        ],
    );
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&mac[..16])
}

/// The link in a message that opts its reader out of that channel, no sign-in needed.
pub fn unsubscribe_url(ch: &Channels, profile_id: i64, channel: &str) -> String {
    let t = unsubscribe_token(&ch.server_key, profile_id, channel);
    format!("{}/unsubscribe/{profile_id}/{channel}/{t}", ch.public_url)
}

/// `GET/POST /unsubscribe/{profile}/{channel}/{token}`: a wrong token answers as an
/// unknown link (404), so the route cannot be used to probe profile ids.
pub async fn unsubscribe(
    db: &Db,
    server_key: &str,
    profile_id: i64,
    raw_channel: &str,
    token: &str,
    client_addr: &str,
) -> AppResult<&'static str> {
    check_link(server_key, profile_id, raw_channel, token)?;
    let channel = channel(raw_channel)?;
    let ctx = Ctx {
        actor_id: None,
        actor_name: "unsubscribe-link".into(),
        client_addr: client_addr.into(),
    };
    set(db, &ctx, profile_id, channel, false).await?;
    Ok(channel)
}

/// The absolute link a template points at, or `None` when its record is gone.
pub async fn link_for(
    conn: &impl ConnectionTrait,
    ch: &Channels,
    template: Template,
    params: &Value,
) -> Result<Option<String>, DbErr> {
    let id = |k: &str| params.get(k).and_then(Value::as_i64).unwrap_or(0);
    let base = &ch.public_url;
    Ok(Some(match template {
        Template::ApplicationDecided => format!("{base}/applications/{}", id("application_id")),
        Template::PipelineAssigned | Template::PipelineStalled => {
            format!("{base}/pipeline/{}", id("entry_id"))
        }
        Template::ClaimApproved => format!("{base}/subsidy"),
        Template::EventInvited => {
            let Some(inv) = event_invitation::Entity::find_by_id(id("invitation_id"))
                .one(conn)
                .await?
            else {
                return Ok(None);
            };
            let token = crate::service::event::rsvp::token_for(&ch.server_key, &inv.token_salt);
            format!("{base}/rsvp/{token}")
        }
        Template::ConfirmRequest => {
            let Some(req) = profile_confirm_request::Entity::find_by_id(id("request_id"))
                .one(conn)
                .await?
            else {
                return Ok(None);
            };
            let token =
                crate::service::freshness::confirm::token_for(&ch.server_key, &req.token_salt);
            format!("{base}/confirm/{token}")
        }
    }))
}

/// Checks an unsubscribe link without acting on it (the page behind it shows a button).
pub fn check_link(
    server_key: &str,
    profile_id: i64,
    raw_channel: &str,
    token: &str,
) -> AppResult<()> {
    let missing = || AppError::not_found("退订链接");
    let channel = CHANNELS
        .into_iter()
        .find(|c| *c == raw_channel)
        .ok_or_else(missing)?;
    let expected = unsubscribe_token(server_key, profile_id, channel);
    if bool::from(subtle::ConstantTimeEq::ct_eq(
        expected.as_bytes(),
        token.as_bytes(),
    )) {
        Ok(())
    } else {
        Err(missing())
    }
}

/// 邮件 or 短信.
pub fn label(channel: &str) -> &'static str {
    if channel == super::EMAIL {
        "邮件"
    } else {
        "短信"
    }
}

/// The signed-in person's own switch for `channel` (from /me/privacy).
pub async fn set_own(
    db: &Db,
    actor: &crate::auth::CurrentUser,
    raw_channel: &str,
    receive: bool,
) -> AppResult<()> {
    let id = crate::service::profile::me::own_profile_id(actor)?;
    set(db, &actor.ctx(), id, raw_channel, receive).await
}

/// The channels the signed-in person has opted out of.
pub async fn own(
    conn: &impl ConnectionTrait,
    actor: &crate::auth::CurrentUser,
) -> AppResult<Vec<String>> {
    let id = crate::service::profile::me::own_profile_id(actor)?;
    Ok(channels_of(conn, id).await?)
}
