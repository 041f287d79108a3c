//! 请本人确认: staff or an organizer of the record's scope sends the person a one-time link
//! (at most once a week per record); the person opens it on a phone and either confirms
//! (sets `last_confirmed_at`) or says what is wrong. A correction is not applied by itself:
//! the link can be forwarded, so whoever holds it must not be able to change a contact or a
//! name; it waits on the freshness page for the organizer, who checks with the person.

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use serde_json::json;

use crate::auth::CurrentUser;
use crate::db::Db;
use crate::entity::{profile, profile_confirm_request as request};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Ctx, Event, action};
use crate::service::notify::{self, Template};
use crate::service::profile::ProfileAction;
use crate::service::region::RegionNames;

/// How long a link works.
pub const LINK_DAYS: i64 = 30;
/// The least time between two requests for one record.
pub const EVERY_DAYS: i64 = 7;
/// The longest correction kept.
const MAX_CORRECTION: usize = 1000;

/// The link token of a request, derived from its salt with the server key.
pub fn token_for(server_key: &str, salt: &str) -> String {
    let mac = crate::crypto::hmac_sm3(server_key.as_bytes(), &[b"confirm-link", salt.as_bytes()]);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac)
}

/// What a sent request reports.
#[derive(Debug, Serialize)]
pub struct Requested {
    pub request_id: i64,
    /// Messages queued (e-mail and/or SMS).
    pub queued: usize,
}

/// `POST /freshness/{id}/request`: sends the person a confirmation link through every
/// channel they can be reached on. Out of scope answers as missing.
pub async fn request(
    db: &Db,
    actor: &CurrentUser,
    server_key: &str,
    id: i64,
) -> AppResult<Requested> {
    let txn = db.write().await?;
    let p = crate::service::profile::load(&*txn, actor, id, ProfileAction::Verify).await?;
    if p.mobile.is_none() && p.email.is_none() {
        return Err(AppError::invalid(
            "profile",
            "该档案没有手机号或电子邮箱，无法发送确认请求；请电话或当面核实后在档案里更新",
        ));
    }
    let now = Utc::now();
    let recent = request::Entity::find()
        .filter(request::Column::ProfileId.eq(id))
        .filter(request::Column::CreatedAt.gt(now - Duration::days(EVERY_DAYS)))
        .one(&*txn)
        .await?;
    if let Some(r) = recent {
        let day = r
            .created_at
            .with_timezone(&crate::service::fields::china())
            .format("%m月%d日");
        return Err(AppError::conflict(
            "recently_requested",
            format!("{day}已向本人发送过确认请求，一周内不再重复发送"),
        ));
    }
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let salt = hex::encode(bytes);
    let hash = crate::auth::token::hash(&token_for(server_key, &salt));
    let created = request::Entity::insert(request::ActiveModel {
        profile_id: Set(id),
        token_salt: Set(salt),
        token_hash: Set(hash),
        requested_by: Set(Some(actor.id())),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(LINK_DAYS)),
        used_at: Set(None),
        correction: Set(None),
        ..Default::default()
    })
    .exec(&*txn)
    .await?;
    let request_id = created.last_insert_id;
    let queued = notify::to_profile(
        &*txn,
        id,
        Template::ConfirmRequest,
        json!({"request_id": request_id}),
    )
    .await?;
    if queued == 0 {
        return Err(AppError::invalid(
            "profile",
            "本人已退订短信和邮件通知，无法发送确认请求；请电话或当面核实",
        ));
    }
    audit::record(
        &*txn,
        &actor.ctx(),
        Event::new(action::CREATE, "profile_confirm_request", request_id)
            .after(json!({"profile_id": id, "messages": queued}))
            .detail(format!("请本人确认（乡贤档案 #{id}）")),
    )
    .await?;
    txn.commit().await?;
    Ok(Requested { request_id, queued })
}

/// What the person sees through the link: their record, contacts masked (the link may
/// have been forwarded).
#[derive(Debug, Serialize)]
pub struct ConfirmView {
    pub name: String,
    pub hometown: String,
    pub employer: String,
    pub title: String,
    pub mobile: Option<String>,
    pub wechat: Option<String>,
    pub email: Option<String>,
    pub last_confirmed: Option<String>,
}

/// The request and its live profile behind a link; an unknown link is 404, a used or
/// expired one is 410 with a message saying what to do.
async fn find(
    conn: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<(request::Model, profile::Model)> {
    let missing = || AppError::not_found("确认链接");
    if token.is_empty() || token.len() > 100 {
        return Err(missing());
    }
    let r = request::Entity::find()
        .filter(request::Column::TokenHash.eq(crate::auth::token::hash(token)))
        .one(conn)
        .await?
        .ok_or_else(missing)?;
    if r.used_at.is_some() {
        return Err(AppError::gone(
            "token",
            "这个确认链接已经用过了。如需再次确认或更正，请联系您所在村（社区）的乡贤联络员。",
        ));
    }
    if r.expires_at < now {
        return Err(AppError::gone(
            "token",
            "这个确认链接已过期（30 天内有效）。请联系您所在村（社区）的乡贤联络员重新发送。",
        ));
    }
    let p = crate::service::profile::find_live(conn, r.profile_id)
        .await
        .map_err(|_| missing())?;
    Ok((r, p))
}

/// `GET /confirm/{token}`.
pub async fn show(
    conn: &impl ConnectionTrait,
    names: &RegionNames,
    token: &str,
) -> AppResult<ConfirmView> {
    let (_, p) = find(conn, token, Utc::now()).await?;
    let (mobile, wechat, email) = crate::service::profile::view::masked_contacts(&p);
    Ok(ConfirmView {
        name: p.name.clone(),
        hometown: names.local_name(&p.hometown_code),
        employer: p.employer.clone(),
        title: p.title.clone(),
        mobile,
        wechat,
        email,
        last_confirmed: p.last_confirmed_at.map(|t| {
            t.with_timezone(&crate::service::fields::china())
                .format("%Y年%m月%d日")
                .to_string()
        }),
    })
}

/// How a link was answered, for the page the person lands on after answering:
/// `Some(true)` confirmed, `Some(false)` a correction sent, `None` unknown or not used.
pub async fn answered(conn: &impl ConnectionTrait, token: &str) -> AppResult<Option<bool>> {
    if token.is_empty() || token.len() > 100 {
        return Ok(None);
    }
    let r = request::Entity::find()
        .filter(request::Column::TokenHash.eq(crate::auth::token::hash(token)))
        .one(conn)
        .await?;
    Ok(r.filter(|r| r.used_at.is_some())
        .map(|r| r.correction.is_none()))
}

fn link_ctx(client_addr: &str) -> Ctx {
    Ctx {
        actor_id: None,
        actor_name: "confirm-link".into(),
        client_addr: client_addr.into(),
    }
}

/// Marks the link used (once: conditional on it being unused).
async fn use_link(
    conn: &impl ConnectionTrait,
    r: &request::Model,
    correction: Option<String>,
) -> AppResult<()> {
    let done = request::Entity::update_many()
        .col_expr(request::Column::UsedAt, Expr::value(Utc::now()))
        .col_expr(request::Column::Correction, Expr::value(correction))
        .filter(request::Column::Id.eq(r.id))
        .filter(request::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::gone("token", "这个确认链接已经用过了。"));
    }
    Ok(())
}

/// `POST /confirm/{token}` with 确认无误: the record counts as confirmed today.
pub async fn confirm(db: &Db, token: &str, client_addr: &str) -> AppResult<()> {
    let txn = db.write().await?;
    let now = Utc::now();
    let (r, p) = find(&*txn, token, now).await?;
    use_link(&*txn, &r, None).await?;
    // Only this column: an organizer's edit under way is neither overwritten nor refused.
    profile::Entity::update_many()
        .col_expr(profile::Column::LastConfirmedAt, Expr::value(now))
        .filter(profile::Column::Id.eq(p.id))
        .exec(&*txn)
        .await?;
    audit::record(
        &*txn,
        &link_ctx(client_addr),
        Event::new(action::UPDATE, "profile", p.id)
            .before(json!({"last_confirmed_at": p.last_confirmed_at}))
            .after(json!({"last_confirmed_at": now}))
            .detail("本人通过确认链接确认信息无误"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// `POST /confirm/{token}` with a correction: kept for the organizer, not applied.
pub async fn correct(db: &Db, token: &str, text: &str, client_addr: &str) -> AppResult<()> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid(
            "correction",
            "请写明哪项信息需要更正，以及正确的内容",
        ));
    }
    if text.chars().count() > MAX_CORRECTION {
        return Err(AppError::invalid(
            "correction",
            format!("更正说明最多 {MAX_CORRECTION} 字"),
        ));
    }
    let txn = db.write().await?;
    let (r, p) = find(&*txn, token, Utc::now()).await?;
    use_link(&*txn, &r, Some(text.to_owned())).await?;
    audit::record(
        &*txn,
        &link_ctx(client_addr),
        Event::new(action::UPDATE, "profile_confirm_request", r.id).detail(format!(
            "本人通过确认链接提交更正（乡贤档案 #{}），待联络员核实",
            p.id
        )),
    )
    .await?;
    if let Some(uid) = r.requested_by {
        crate::service::notice::send(
            &*txn,
            uid,
            "profile_correction",
            &format!("乡贤档案 #{} 的本人提交了更正，请核实后更新档案", p.id),
            "/freshness",
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A correction waiting for the organizer.
#[derive(Debug, Serialize)]
pub struct Correction {
    pub profile_id: i64,
    pub name: String,
    pub text: String,
    pub at: String,
}

/// The corrections of the last 90 days on records the caller may verify.
pub async fn corrections(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
) -> AppResult<Vec<Correction>> {
    let rows = request::Entity::find()
        .filter(request::Column::Correction.is_not_null())
        .filter(request::Column::UsedAt.gt(Utc::now() - Duration::days(90)))
        .order_by_desc(request::Column::UsedAt)
        .limit(200)
        .all(conn)
        .await?;
    let mut out = Vec::new();
    for r in rows {
        // The same check as any other read of the record: out of scope is left out.
        let Ok(p) =
            crate::service::profile::load(conn, actor, r.profile_id, ProfileAction::Verify).await
        else {
            continue;
        };
        out.push(Correction {
            profile_id: p.id,
            name: p.name,
            text: r.correction.unwrap_or_default(),
            at: r
                .used_at
                .map(|t| {
                    t.with_timezone(&crate::service::fields::china())
                        .format("%m月%d日")
                        .to_string()
                })
                .unwrap_or_default(),
        });
    }
    Ok(out)
}
