//! An entry's status history (状态变化): read back from the audit events the pipeline writes
//! in the same transaction as every change, so there is one record of what happened and
//! no second table to keep in step. The caller has already loaded the entry under its
//! policy; nothing here is more than its statuses, dates and who moved them.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::Value;

use crate::domain::PipelineStatus;
use crate::entity::{audit_event, pipeline_entry};
use crate::error::AppResult;
use crate::service::audit::Audited;

/// One move of the status.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct StatusChange {
    pub at: DateTime<Utc>,
    /// Empty when the entry was created.
    pub from: String,
    pub to: String,
    pub by: String,
}

fn status_of(sealed: Option<&crate::crypto::Sealed>) -> Option<String> {
    let v: Value = serde_json::from_str(sealed?.as_str()).ok()?;
    let code = v["status"].as_str()?;
    Some(
        PipelineStatus::parse(code)
            .map_or(code, |s| s.label())
            .to_owned(),
    )
}

/// The status changes of entry `id`, oldest first (its creation as 推荐 included).
pub async fn status_history(conn: &impl ConnectionTrait, id: i64) -> AppResult<Vec<StatusChange>> {
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq(pipeline_entry::Model::ENTITY))
        .filter(audit_event::Column::EntityId.eq(id.to_string()))
        .order_by_asc(audit_event::Column::Id)
        .all(conn)
        .await?;
    Ok(events
        .into_iter()
        .filter_map(|e| {
            let to = status_of(e.after.as_ref())?;
            let from = status_of(e.before.as_ref()).unwrap_or_default();
            (from != to).then_some(StatusChange {
                at: e.at,
                from,
                to,
                by: e.actor_name,
            })
        })
        .collect())
}
