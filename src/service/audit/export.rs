//! The audit log as an xlsx for an inspection (等保 安全审计): the same readable rows as the
//! page, filtered the same way, counted before anything is built, and itself audited.

use sea_orm::{ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::readable::{ReadableEvent, readable};
use super::{AuditFilter, Event, action, filtered};
use crate::auth::CurrentUser;
use crate::auth::policy::require_role;
use crate::domain::Role;
use crate::entity::audit_event;
use crate::error::{AppError, AppResult};
use crate::region::RegionNames;
use crate::spreadsheet;

/// At most this many events in one file; a longer period is exported in parts.
pub const MAX_ROWS: u64 = 50_000;

const HEADERS: [&str; 8] = [
    "时间（北京时间）",
    "操作人",
    "操作",
    "对象",
    "修改内容",
    "说明",
    "来源地址",
    "编号",
];

/// The events `filter` selects, oldest first, as xlsx bytes (administrators only).
pub async fn audit_xlsx(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    regions: &RegionNames,
    filter: &AuditFilter,
) -> AppResult<Vec<u8>> {
    require_role(actor, &[Role::Admin])?;
    let total = filtered(filter).count(conn).await?;
    if total > MAX_ROWS {
        return Err(AppError::Unprocessable(format!(
            "共有 {total} 条记录，一次最多导出 {MAX_ROWS} 条：请缩短日期范围或选择操作、对象"
        )));
    }
    let sheet = spreadsheet::StreamingXlsx::start("审计日志", &HEADERS);
    let mut after = 0i64;
    loop {
        let events = filtered(filter)
            .filter(audit_event::Column::Id.gt(after))
            .order_by_asc(audit_event::Column::Id)
            .limit(spreadsheet::CHUNK_ROWS as u64)
            .all(conn)
            .await?;
        let Some(last) = events.last() else { break };
        after = last.id;
        let full = events.len() == spreadsheet::CHUNK_ROWS;
        let rows = events.iter().map(|e| row(&readable(e, regions))).collect();
        sheet.push(rows).await.map_err(sheet_error)?;
        if !full {
            break;
        }
    }
    let bytes = sheet.finish().await.map_err(sheet_error)?;
    super::record(
        conn,
        &actor.ctx(),
        Event {
            action: action::EXPORT,
            entity: super::ENTITY,
            detail: format!("导出审计日志 {total} 条"),
            ..Default::default()
        },
    )
    .await?;
    Ok(bytes)
}

fn row(e: &ReadableEvent) -> Vec<String> {
    let changes = e
        .changes
        .iter()
        .map(|c| match e.action.as_str() {
            "update" => format!("{}：{} → {}", c.field, blank(&c.before), blank(&c.after)),
            "delete" => format!("{}：{}", c.field, c.before),
            _ => format!("{}：{}", c.field, c.after),
        })
        .collect::<Vec<_>>()
        .join("\n");
    vec![
        e.at.with_timezone(&crate::service::fields::china())
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        e.actor_name.clone(),
        e.action_label.clone(),
        e.record.clone(),
        changes,
        e.detail.clone(),
        e.client_addr.clone(),
        e.id.to_string(),
    ]
}

fn blank(value: &str) -> &str {
    if value.is_empty() { "（空）" } else { value }
}

fn sheet_error(e: spreadsheet::SheetError) -> AppError {
    AppError::Internal(anyhow::anyhow!("audit export: {e}"))
}
