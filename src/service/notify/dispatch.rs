//! The dispatcher: claims due outbox rows, sends each through its channel, and on failure
//! retries with back-off (1 min, 5 min, 30 min, 2 h, 12 h, then `failed`). Every send and
//! every failure is audited with the contact masked.
//!
//! Claiming is a conditional UPDATE on (status, attempts), so two instances on one
//! PostgreSQL never send a row twice; a claim holds a lease, and a row whose instance died
//! mid-send is due again when the lease ends.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::Value;

use super::channel::Channels;
use super::{CANCELLED, EMAIL, FAILED, PENDING, SENDING, SENT, Template, optout};
use crate::db::Db;
use crate::domain::mobile::{mask_handle, mask_mobile};
use crate::entity::{notification_outbox as outbox, profile};
use crate::service::audit::{self, Ctx, Event};

/// Waits before the 2nd, 3rd, … attempt; after the last, the row is `failed`.
pub const BACKOFF_MINUTES: [i64; 5] = [1, 5, 30, 120, 720];
/// How long a claimed row is held before another instance may take it.
const LEASE_MINUTES: i64 = 10;
/// Rows claimed per step.
const BATCH: u64 = 20;
/// Sent, failed and cancelled rows are deleted after this many days.
pub const KEEP_DAYS: i64 = 90;
/// The audit action of a send or a failure.
pub const ACTION: &str = crate::service::audit::action::NOTIFY;

/// What one step did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Step {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
    pub cancelled: usize,
}

impl Step {
    pub fn total(&self) -> usize {
        self.sent + self.retried + self.failed + self.cancelled
    }
}

/// Sends every row due at `now` (one batch); the background task and the tests call this.
pub async fn step(db: &Db, ch: &Channels, now: DateTime<Utc>) -> Result<Step, DbErr> {
    let due = outbox::Entity::find()
        .filter(outbox::Column::Status.is_in([PENDING, SENDING]))
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .limit(BATCH)
        .all(db.conn())
        .await?;
    let mut done = Step::default();
    for row in due {
        if !claim(db, &row, now).await? {
            continue;
        }
        let attempts = row.attempts + 1;
        let outcome = deliver(db, ch, &row).await?;
        let retry = usize::try_from(attempts - 1).unwrap_or(usize::MAX);
        let (status, next, error) = match &outcome {
            Outcome::Sent(_) => (SENT, now, String::new()),
            Outcome::Cancelled(why) => (CANCELLED, now, why.clone()),
            Outcome::Failed(why) => match BACKOFF_MINUTES.get(retry) {
                Some(wait) => (PENDING, now + Duration::minutes(*wait), why.clone()),
                None => (FAILED, now, why.clone()),
            },
        };
        match (&outcome, status) {
            (Outcome::Sent(_), _) => done.sent += 1,
            (Outcome::Cancelled(_), _) => done.cancelled += 1,
            (_, FAILED) => done.failed += 1,
            _ => done.retried += 1,
        }
        finish(db, &row, attempts, status, next, &error, &outcome).await?;
    }
    Ok(done)
}

/// Steps until nothing is due at `now` (tests; a bounded number of rounds).
pub async fn drain(db: &Db, ch: &Channels, now: DateTime<Utc>) -> Result<Step, DbErr> {
    let mut all = Step::default();
    for _ in 0..100 {
        let s = step(db, ch, now).await?;
        if s.total() == 0 {
            break;
        }
        all.sent += s.sent;
        all.retried += s.retried;
        all.failed += s.failed;
        all.cancelled += s.cancelled;
    }
    Ok(all)
}

async fn claim(db: &Db, row: &outbox::Model, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let txn = db.write().await?;
    let taken = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(SENDING))
        .col_expr(outbox::Column::Attempts, Expr::value(row.attempts + 1))
        .col_expr(
            outbox::Column::NextAttemptAt,
            Expr::value(now + Duration::minutes(LEASE_MINUTES)),
        )
        .filter(outbox::Column::Id.eq(row.id))
        .filter(outbox::Column::Status.eq(row.status.clone()))
        .filter(outbox::Column::Attempts.eq(row.attempts))
        .exec(&*txn)
        .await?;
    txn.commit().await?;
    Ok(taken.rows_affected == 1)
}

enum Outcome {
    /// Sent to this (masked) address.
    Sent(String),
    Cancelled(String),
    Failed(String),
}

async fn deliver(db: &Db, ch: &Channels, row: &outbox::Model) -> Result<Outcome, DbErr> {
    let person = match row.profile_id {
        Some(id) => profile::Entity::find_by_id(id).one(db.conn()).await?,
        None => None,
    };
    let Some(p) = person.filter(|p| p.deleted_at.is_none()) else {
        return Ok(Outcome::Cancelled("档案已删除".into()));
    };
    if optout::channels_of(db.conn(), p.id)
        .await?
        .contains(&row.channel)
    {
        return Ok(Outcome::Cancelled("本人已退订".into()));
    }
    let Some(template) = Template::parse(&row.template) else {
        return Ok(Outcome::Cancelled(format!("未知模板 {}", row.template)));
    };
    let params: Value = serde_json::from_str(&row.params).unwrap_or(Value::Null);
    let Some(link) = super::optout::link_for(db.conn(), ch, template, &params).await? else {
        return Ok(Outcome::Cancelled("链接对应的记录已不存在".into()));
    };
    let unsubscribe = super::optout::unsubscribe_url(ch, p.id, &row.channel);
    let text = template.render(&params, &p.name, &link, &unsubscribe);
    let (to, masked) = if row.channel == EMAIL {
        let Some(addr) = p.email.as_deref() else {
            return Ok(Outcome::Cancelled("没有电子邮箱".into()));
        };
        (addr.to_owned(), mask_handle(addr))
    } else {
        let Some(m) = p.mobile.as_deref() else {
            return Ok(Outcome::Cancelled("没有手机号".into()));
        };
        (m.to_owned(), mask_mobile(m))
    };
    let sent = if row.channel == EMAIL {
        let Some(mail) = &ch.mail else {
            return Ok(Outcome::Cancelled("未配置邮件服务器（--smtp-url）".into()));
        };
        mail.send(&to, &text.subject, &text.body).await
    } else {
        ch.sms.send(&to, &text.sms).await
    };
    Ok(match sent {
        Ok(()) => Outcome::Sent(masked),
        // A server may echo the address back: never keep it in clear.
        Err(e) => Outcome::Failed(format!("{}（{masked}）", e.replace(&to, &masked))),
    })
}

async fn finish(
    db: &Db,
    row: &outbox::Model,
    attempts: i32,
    status: &str,
    next: DateTime<Utc>,
    error: &str,
    outcome: &Outcome,
) -> Result<(), DbErr> {
    let txn = db.write().await?;
    let now = Utc::now();
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(status))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(next))
        .col_expr(
            outbox::Column::LastError,
            Expr::value(error.chars().take(500).collect::<String>()),
        )
        .col_expr(
            outbox::Column::SentAt,
            Expr::value((status == SENT).then_some(now)),
        )
        .filter(outbox::Column::Id.eq(row.id))
        .filter(outbox::Column::Status.eq(SENDING))
        .filter(outbox::Column::Attempts.eq(attempts))
        .exec(&*txn)
        .await?;
    let channel = if row.channel == EMAIL {
        "邮件"
    } else {
        "短信"
    };
    let detail = match outcome {
        Outcome::Sent(to) => format!("{channel}已发送（{}）至 {to}", row.template),
        Outcome::Cancelled(why) => format!("{channel}未发送（{}）：{why}", row.template),
        Outcome::Failed(why) if status == FAILED => {
            format!(
                "{channel}发送失败，不再重试（第 {attempts} 次，{}）：{why}",
                row.template
            )
        }
        Outcome::Failed(why) => {
            format!(
                "{channel}发送失败，稍后重试（第 {attempts} 次，{}）：{why}",
                row.template
            )
        }
    };
    audit::record(
        &*txn,
        &Ctx::system("notify"),
        Event::new(ACTION, "notification_outbox", row.id)
            .after(
                serde_json::json!({"status": status, "channel": row.channel, "attempts": attempts}),
            )
            .detail(detail),
    )
    .await?;
    // Retention: finished rows go after KEEP_DAYS.
    outbox::Entity::delete_many()
        .filter(
            Condition::all()
                .add(outbox::Column::Status.is_in([SENT, FAILED, CANCELLED]))
                .add(outbox::Column::CreatedAt.lt(now - Duration::days(KEEP_DAYS))),
        )
        .exec(&*txn)
        .await?;
    txn.commit().await
}

/// The background task of `serve`: a step every `every`, and the 30-day stall reminders
/// once an hour.
pub async fn run(db: Db, ch: Channels, every: std::time::Duration) {
    let mut last_sweep: Option<DateTime<Utc>> = None;
    loop {
        let now = Utc::now();
        if last_sweep.is_none_or(|t| now - t > Duration::hours(1)) {
            match crate::service::pipeline::remind::remind_stalled(&db).await {
                Ok(n) if n > 0 => tracing::info!(entries = n, "stall reminders queued"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "stall reminders failed"),
            }
            last_sweep = Some(now);
        }
        match step(&db, &ch, now).await {
            Ok(s) if s.total() > 0 => tracing::info!(?s, "notifications dispatched"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "notification dispatch failed"),
        }
        tokio::time::sleep(every).await;
    }
}
