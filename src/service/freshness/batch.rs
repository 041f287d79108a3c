//! 请本人确认 for the ticked rows of the freshness page: each record is its own request,
//! decided, written and audited exactly as a single one, so one record that cannot be
//! asked does not hold back the others. The answer counts what was sent and why the rest
//! were not, and never tells a record out of the caller's scope from one that does not exist.

use serde::Serialize;

use super::confirm;
use crate::auth::CurrentUser;
use crate::auth::policy;
use crate::db::Db;
use crate::domain::Role;
use crate::error::{AppError, AppResult};

/// The most records one batch asks (a page of the list holds 30).
pub const MAX_BATCH: usize = 100;

/// What a batch did.
#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct BatchRequested {
    /// Records whose person was sent a link.
    pub sent: usize,
    /// Messages queued for them (an SMS and an e-mail count as two).
    pub messages: usize,
    /// In scope, but with no mobile or e-mail, or opted out of both.
    pub unreachable: usize,
    /// In scope, and asked within the week already.
    pub recently_asked: usize,
    /// Missing, merged away, or outside the caller's scope: counted together.
    pub not_found: usize,
}

/// Sends 请本人确认 to every record of `ids` the caller may verify.
pub async fn request_many(
    db: &Db,
    actor: &CurrentUser,
    server_key: &str,
    ids: &[i64],
) -> AppResult<BatchRequested> {
    policy::require_role(actor, &[Role::Admin, Role::Staff, Role::Organizer])?;
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    if unique.is_empty() {
        return Err(AppError::invalid("id", "请先勾选要请本人确认的档案"));
    }
    if unique.len() > MAX_BATCH {
        return Err(AppError::invalid(
            "id",
            format!("一次最多勾选 {MAX_BATCH} 条，请分批发送"),
        ));
    }
    let mut done = BatchRequested::default();
    for id in unique {
        match confirm::request(db, actor, server_key, id).await {
            Ok(r) => {
                done.sent += 1;
                done.messages += r.queued;
            }
            Err(AppError::Conflict { .. }) => done.recently_asked += 1,
            Err(AppError::Invalid { .. }) => done.unreachable += 1,
            Err(AppError::NotFound(_) | AppError::Hidden(_) | AppError::Forbidden(_)) => {
                done.not_found += 1
            }
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

impl BatchRequested {
    /// The clerk's one-line report, in Chinese.
    pub fn summary(&self) -> String {
        let mut parts = vec![format!(
            "已向 {} 人发送确认请求（{} 条短信/邮件）",
            self.sent, self.messages
        )];
        if self.recently_asked > 0 {
            parts.push(format!(
                "{} 人本周已发送过，未重复发送",
                self.recently_asked
            ));
        }
        if self.unreachable > 0 {
            parts.push(format!(
                "{} 人没有可用的手机号或邮箱（或已退订），请电话或当面核实",
                self.unreachable
            ));
        }
        if self.not_found > 0 {
            parts.push(format!(
                "{} 条档案不存在或不在您的管辖范围内",
                self.not_found
            ));
        }
        parts.join("；") + "。"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_only_what_happened() {
        let only_sent = BatchRequested {
            sent: 3,
            messages: 4,
            ..Default::default()
        };
        assert_eq!(
            only_sent.summary(),
            "已向 3 人发送确认请求（4 条短信/邮件）。"
        );
        let mixed = BatchRequested {
            sent: 1,
            messages: 1,
            unreachable: 2,
            recently_asked: 1,
            not_found: 1,
        };
        let s = mixed.summary();
        assert!(s.contains("1 人本周已发送过") && s.contains("2 人没有可用的手机号"));
        assert!(s.contains("1 条档案不存在或不在您的管辖范围内"), "{s}");
    }
}
