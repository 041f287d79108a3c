//! Reveals: the full contacts of a person, for a stated purpose, audited as
//! `reveal` and counted against a daily limit per user. Anything else that
//! would confirm a contact (an import's exact duplicate by mobile) goes
//! through [`record`] too.

use std::sync::atomic::{AtomicU32, Ordering};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::ProfileAction;
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::domain::Role;
use crate::domain::limits::profile::REVEAL_PURPOSE;
use crate::entity::{audit_event, notice as notice_row, profile, user};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited, Event, action};
use crate::service::{fields, notice};

/// Reveals a user may make in one 咸宁 day unless configured otherwise.
pub const DEFAULT_DAILY_LIMIT: u32 = 50;

static DAILY_LIMIT: AtomicU32 = AtomicU32::new(DEFAULT_DAILY_LIMIT);

/// Sets the daily limit of this process (from `--reveal-daily-limit`).
pub fn set_daily_limit(limit: u32) {
    DAILY_LIMIT.store(limit, Ordering::Relaxed);
}

pub fn daily_limit() -> u32 {
    DAILY_LIMIT.load(Ordering::Relaxed)
}

/// Why the contacts are wanted.
const PURPOSES: &[(&str, &str)] = &[
    ("investment", "招商对接"),
    ("event", "活动邀请"),
    ("verify", "核实信息"),
    ("service", "服务回访"),
    ("other", "其他"),
];

/// The purpose codes, for the API document and the page's select.
pub fn purpose_codes() -> impl Iterator<Item = (&'static str, &'static str)> {
    PURPOSES.iter().copied()
}

/// The audit detail of a purpose: its label, and the text when there is one.
/// `other` needs text of at least 5 characters; a text alone (the old
/// `{purpose}`) is taken as `other`.
pub fn purpose_detail(code: Option<&str>, text: Option<&str>) -> AppResult<String> {
    let raw = text.unwrap_or("");
    let max = REVEAL_PURPOSE.max;
    if raw.chars().count() > max {
        return Err(AppError::invalid(
            "purpose",
            format!("用途说明不超过 {max} 字"),
        ));
    }
    let text = raw.trim();
    let code = code
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .unwrap_or("other");
    let Some((code, label)) = PURPOSES.iter().find(|(c, _)| *c == code) else {
        return Err(AppError::invalid(
            "purpose_code",
            "用途为 investment、event、verify、service 或 other",
        ));
    };
    if *code == "other" && text.chars().count() < 5 {
        return Err(AppError::invalid(
            "purpose",
            "请选择用途；选“其他”时须说明用途（至少 5 个字）",
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(AppError::invalid("purpose", "含有不可见的控制字符"));
    }
    Ok(if text.is_empty() {
        (*label).to_owned()
    } else {
        format!("{label}：{text}")
    })
}

/// How many reveals `user_id` made today (咸宁 time).
pub async fn used_today(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<u64> {
    Ok(audit_event::Entity::find()
        .filter(audit_event::Column::ActorId.eq(user_id))
        .filter(audit_event::Column::Action.eq(action::REVEAL))
        .filter(audit_event::Column::At.gte(fields::start_of(fields::today())))
        .count(conn)
        .await?)
}

fn limit_reached() -> AppError {
    AppError::Limit {
        code: "reveal_limit",
        message: format!(
            "今日查看联系方式已达上限（{} 次），请明日再试；如确有需要请联系管理员",
            daily_limit()
        ),
    }
}

/// Counts one reveal of `profile_id` by `actor` toward the daily limit and
/// audits it as `reveal`, inside the caller's transaction. Past the limit it
/// answers 429 `reveal_limit` (then call [`notify_limit`] outside the
/// rolled-back transaction). The caller has checked that `actor` may see it.
pub async fn record(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    profile_id: i64,
    purpose_code: &str,
    purpose_text: Option<&str>,
) -> AppResult<()> {
    let detail = purpose_detail(Some(purpose_code), purpose_text)?;
    record_detail(conn, actor, profile_id, detail).await
}

async fn record_detail(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    profile_id: i64,
    detail: String,
) -> AppResult<()> {
    if used_today(conn, actor.id()).await? >= u64::from(daily_limit()) {
        return Err(limit_reached());
    }
    audit::record(
        conn,
        &actor.ctx(),
        Event::new(action::REVEAL, profile::Model::ENTITY, profile_id).detail(detail),
    )
    .await?;
    Ok(())
}

/// Tells the administrators, once per user per day, that `actor` reached the limit.
pub async fn notify_limit(db: &Db, actor: &CurrentUser) -> AppResult<()> {
    let link = format!("/audit?actor={}&action=reveal", actor.id());
    let txn = db.write().await?;
    let already = notice_row::Entity::find()
        .filter(notice_row::Column::Kind.eq("reveal_limit"))
        .filter(notice_row::Column::Link.eq(&link))
        .filter(notice_row::Column::CreatedAt.gte(fields::start_of(fields::today())))
        .count(&*txn)
        .await?;
    if already == 0 {
        let admins = user::Entity::find()
            .filter(user::Column::Role.eq(Role::Admin.as_str()))
            .filter(user::Column::Disabled.eq(false))
            .all(&*txn)
            .await?;
        let message = format!(
            "用户 {} 今日查看联系方式已达上限（{} 次），请核实是否异常",
            actor.user.username,
            daily_limit()
        );
        for admin in admins {
            notice::send(&*txn, admin.id, "reveal_limit", &message, &link).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// `POST /profiles/{id}/reveal`: the full contacts, for a purpose, audited
/// and counted; past the daily limit 429 and a notice to the administrators.
pub async fn reveal(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    purpose_code: Option<&str>,
    purpose_text: Option<&str>,
) -> AppResult<profile::Model> {
    let txn = db.write().await?;
    let found = super::load(&*txn, actor, id, ProfileAction::Reveal).await?;
    let detail = purpose_detail(purpose_code, purpose_text)?;
    match record_detail(&*txn, actor, id, detail).await {
        Ok(()) => {
            txn.commit().await?;
            Ok(found)
        }
        Err(e @ AppError::Limit { .. }) => {
            drop(txn);
            notify_limit(db, actor).await?;
            Err(e)
        }
        Err(e) => Err(e),
    }
}

/// When the next reveal would be refused (for the page's hint).
pub async fn remaining_today(conn: &impl ConnectionTrait, actor: &CurrentUser) -> AppResult<u64> {
    let used = used_today(conn, actor.id()).await?;
    Ok(u64::from(daily_limit()).saturating_sub(used))
}

#[cfg(test)]
mod tests {
    use super::purpose_detail;

    #[test]
    fn a_code_is_its_label_and_other_needs_five_characters() {
        assert_eq!(
            purpose_detail(Some("investment"), None).ok(),
            Some("招商对接".into())
        );
        assert_eq!(
            purpose_detail(Some("event"), Some(" 乡贤座谈会 ")).ok(),
            Some("活动邀请：乡贤座谈会".into())
        );
        assert!(purpose_detail(Some("other"), Some("看看")).is_err());
        assert!(purpose_detail(None, Some("ab")).is_err());
        assert_eq!(
            purpose_detail(None, Some("核实返乡意向")).ok(),
            Some("其他：核实返乡意向".into())
        );
        assert!(purpose_detail(Some("curious"), Some("随便看看号码")).is_err());
    }
}
