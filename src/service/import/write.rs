//! Phase four: in one transaction, the duplicates sorted against the
//! registry (spending the caller's reveals), the rows written when the
//! options say so, every contact comparison and the import itself audited.

use std::collections::HashSet;

use crate::auth::CurrentUser;
use crate::db::Db;
use crate::entity::profile;
use crate::error::AppResult;
use crate::service::audit::{self, Event, action};
use crate::service::profile::write::{fill_in, insert_many};

use super::classify::Good;
use super::deduplicate::{Seen, deduplicate};
use super::report::ImportReport;
use super::{ImportOptions, reveal};

/// Where the rows written come from: the whole upload, or one batch of a
/// large file (then `label` names the batch in the audit event).
pub(super) struct Part<'a> {
    pub seen: &'a mut Seen,
    pub label: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn write(
    db: &Db,
    actor: &CurrentUser,
    filename: &str,
    good: Vec<Good>,
    options: ImportOptions,
    covered: HashSet<i64>,
    part: Part<'_>,
    report: &mut ImportReport,
) -> AppResult<()> {
    let before = (
        report.created,
        report.updated,
        report.duplicates.iter().filter(|d| d.blocked).count(),
        report.rejected,
        report.reveals,
    );
    // A whole upload's event states its totals (rows and rejections are counted before
    // this point); a batch's states what this batch added.
    let single = part.label.is_none();
    let rows_here = if single { report.rows } else { good.len() };
    // The duplicate lookups below rely on fresh statistics (the batches before this one
    // may have grown the table by half).
    db.analyze_if_stale(&["profiles"]).await?;
    let txn = db.write().await?;
    let mut budget = reveal::Budget::load(&*txn, actor, covered).await?;
    let sorted = deduplicate(&*txn, actor, good, &mut budget, part.seen, report).await?;
    if budget.refused && !report.warnings.iter().any(|w| w.starts_with("今日查看")) {
        report.warnings.push(format!(
            "今日查看和核对联系方式的次数已用完（每人每天 {} 次），同名同村的行未比对手机号，也未按手机号查重；请明天再试或联系上级核实",
            reveal::daily_limit()
        ));
    }
    report.reveals += budget.taken.len();
    report.revealed_ids.extend(budget.taken.iter().copied());
    budget.record(&*txn, actor, filename).await?;
    if !options.dry_run && (report.rejected == 0 || options.valid_rows_only) {
        for (existing, fields) in sorted.updates {
            fill_in(&*txn, actor, &existing, fields).await?;
        }
        let created = insert_many(&*txn, actor, sorted.creates).await?;
        part.seen.created.extend(created.iter().map(|p| p.id));
        report.written = true;
    }
    let detail = format!(
        "{}{filename}{}：{} 行，新建 {}，更新 {}，重复 {}，拒绝 {}，核对联系方式 {} 次",
        if report.written {
            "导入 "
        } else {
            "试导入（未写入）"
        },
        part.label.unwrap_or_default(),
        rows_here,
        report.created - before.0,
        report.updated - before.1,
        report.duplicates.iter().filter(|d| d.blocked).count() - before.2,
        if single {
            report.rejected
        } else {
            report.rejected - before.3
        },
        report.reveals - before.4,
    );
    audit::record(
        &*txn,
        &actor.ctx(),
        Event::about_all::<profile::Model>(action::IMPORT).detail(detail),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
