//! The pipeline list: the entries of projects in the caller's scope whose
//! person the caller may see, filtered, with the count of those hidden.

use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;

use super::follow_up::due_condition;
use super::{shown, stalled_condition};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access};
use crate::domain::{PipelineStatus, Role};
use crate::entity::{pipeline_entry, project};
use crate::error::{AppError, AppResult};
use crate::service::fields;

/// Filters of `GET /api/v1/pipeline`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineFilter {
    pub project: Option<String>,
    pub status: Option<String>,
    pub stalled: Option<String>,
    /// `true`: open entries whose 下次跟进日期 has come (待跟进).
    pub due: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// One page of the entries of projects in the caller's scope whose person the caller may
/// see, most recently changed first, with their total.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    filter: &PipelineFilter,
    page: u64,
    per_page: u64,
) -> AppResult<(u64, Vec<pipeline_entry::Model>)> {
    let listed = list_counted(conn, actor, filter, page, per_page).await?;
    Ok((listed.total, listed.items))
}

/// A page of entries, and how many more entries of the same projects hold people the
/// caller may not see (shown only as that count).
#[derive(Debug)]
pub struct Listed {
    pub total: u64,
    pub hidden: u64,
    pub items: Vec<pipeline_entry::Model>,
}

/// `list`, with the count of hidden entries.
pub async fn list_counted(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    filter: &PipelineFilter,
    page: u64,
    per_page: u64,
) -> AppResult<Listed> {
    policy::require_role(actor, &[Role::Admin, Role::Staff])?;
    let scope = actor
        .list_scope()
        .ok_or_else(|| AppError::forbidden("无权查看对接记录"))?;
    let in_scope = Query::select()
        .column(project::Column::Id)
        .from(project::Entity)
        .and_where(project::Column::CountyCode.starts_with(scope.as_str()))
        .to_owned();
    let mut query = pipeline_entry::Entity::find().filter(
        Expr::col((pipeline_entry::Entity, pipeline_entry::Column::ProjectId))
            .in_subquery(in_scope),
    );
    if let Some(raw) = fields::non_blank(&filter.project) {
        let id: i64 = raw
            .parse()
            .map_err(|_| AppError::invalid("project", "应为项目 id"))?;
        crate::service::project::load(conn, actor, id, Access::Read).await?;
        query = query.filter(pipeline_entry::Column::ProjectId.eq(id));
    }
    if let Some(raw) = fields::non_blank(&filter.status) {
        let status = PipelineStatus::parse(raw).map_err(|m| AppError::invalid("status", m))?;
        query = query.filter(pipeline_entry::Column::Status.eq(status.as_str()));
    }
    if let Some(raw) = fields::non_blank(&filter.stalled) {
        query = if fields::boolean("stalled", raw)? {
            query.filter(stalled_condition())
        } else {
            query.filter(stalled_condition().not())
        };
    }
    if let Some(raw) = fields::non_blank(&filter.due) {
        query = if fields::boolean("due", raw)? {
            query.filter(due_condition())
        } else {
            query.filter(due_condition().not())
        };
    }
    // Every candidate, so that the total stays exact once the unseen are taken out.
    let all = query
        .order_by_desc(pipeline_entry::Column::UpdatedAt)
        .order_by_desc(pipeline_entry::Column::Id)
        .all(conn)
        .await?;
    let seen = shown(conn, actor, &all).await?;
    let hidden = (all.len() - seen.len()) as u64;
    let visible: Vec<pipeline_entry::Model> =
        all.into_iter().filter(|e| seen.contains(&e.id)).collect();
    let total = visible.len() as u64;
    let items = visible
        .into_iter()
        .skip(usize::try_from((page - 1) * per_page).unwrap_or(usize::MAX))
        .take(usize::try_from(per_page).unwrap_or(usize::MAX))
        .collect();
    Ok(Listed {
        total,
        hidden,
        items,
    })
}
