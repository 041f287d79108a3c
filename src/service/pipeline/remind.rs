//! The 30-day stall reminder: an open 对接 entry with no contact for `STALL_DAYS` days
//! reminds its assignee (in-site and through the outbox), at most once per stall period.

use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::json;

use super::{STALL_DAYS, stalled_condition};
use crate::db::Db;
use crate::entity::{notice, pipeline_entry, project};
use crate::error::AppResult;
use crate::service::notify::{self, Template};

/// The notice kind, also what marks an entry as reminded.
pub const KIND: &str = "pipeline_stalled";
/// Entries reminded per sweep (the next sweep takes the rest).
const BATCH: u64 = 200;

/// Queues reminders for stalled, assigned entries not reminded in the last `STALL_DAYS`
/// days; answers how many. Run by the dispatcher task once an hour.
pub async fn remind_stalled(db: &Db) -> AppResult<usize> {
    let since = Utc::now() - Duration::days(STALL_DAYS);
    let entries = pipeline_entry::Entity::find()
        .filter(stalled_condition())
        .filter(pipeline_entry::Column::AssignedTo.is_not_null())
        .limit(BATCH * 5)
        .all(db.conn())
        .await?;
    let reminded: std::collections::HashSet<String> = notice::Entity::find()
        .filter(notice::Column::Kind.eq(KIND))
        .filter(notice::Column::CreatedAt.gt(since))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|n| format!("{}{}", n.user_id, n.link))
        .collect();
    let mut n = 0;
    for e in entries {
        let Some(uid) = e.assigned_to else { continue };
        let link = format!("/pipeline/{}", e.id);
        if reminded.contains(&format!("{uid}{link}")) || n >= BATCH as usize {
            continue;
        }
        let title = project::Entity::find_by_id(e.project_id)
            .one(db.conn())
            .await?
            .map(|p| p.title)
            .unwrap_or_default();
        let days = super::days_since_contact(&e);
        let txn = db.write().await?;
        let message = format!("项目“{title}”的一条对接记录已 {days} 天未联系，请跟进");
        crate::service::notice::send(&*txn, uid, KIND, &message, &link).await?;
        notify::to_user(
            &*txn,
            uid,
            Template::PipelineStalled,
            json!({"project": title, "entry_id": e.id, "days": days}),
        )
        .await?;
        txn.commit().await?;
        n += 1;
    }
    Ok(n)
}
