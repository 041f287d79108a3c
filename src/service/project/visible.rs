//! What a caller may see of the 项目库: staff of a project's scope and administrators see it
//! in full, any other signed-in user only the public summary of a project marked `public`,
//! and nobody anything else (not even that it exists).

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::{ProjectFilter, find};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProjectSight};
use crate::domain::{Role, Stage};
use crate::entity::project;
use crate::error::{AppError, AppResult};
use crate::service::fields;

/// A project the caller may see, and how much of it; 404 otherwise.
pub async fn show(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
) -> AppResult<(project::Model, ProjectSight)> {
    let found = find(conn, id).await?;
    let sight = policy::project_sight(actor, &found)?;
    Ok((found, sight))
}

/// The project with what its summary leaves out cleared: nothing downstream (matching,
/// explanations, highlights) can then leak investment, target companies or notes.
pub fn summary_only(p: &project::Model) -> project::Model {
    project::Model {
        description: String::new(),
        investment_wan: 0,
        target_companies: "[]".into(),
        owner_user_id: None,
        created_by: None,
        jobs: None,
        ..p.clone()
    }
}

/// The condition selecting the projects `actor` may see at all.
pub fn visible_to(actor: &CurrentUser) -> Condition {
    let public = project::Column::Public.eq(true);
    match (actor.role, actor.list_scope()) {
        (Role::Admin, _) => Condition::all(),
        (Role::Staff, Some(scope)) => Condition::any()
            .add(project::Column::CountyCode.starts_with(scope.as_str()))
            .add(public),
        _ => Condition::all().add(public),
    }
}

/// `GET /api/v1/projects`: one page of the projects the caller may see, newest first, each
/// with how much of it the caller sees, and the total.
pub async fn browse(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    filter: &ProjectFilter,
    page: u64,
    per_page: u64,
) -> AppResult<(u64, Vec<(project::Model, ProjectSight)>)> {
    let mut query = project::Entity::find().filter(visible_to(actor));
    if let Some(raw) = fields::non_blank(&filter.chain) {
        let code = fields::chain_filter("chain", raw)?;
        query = if code.contains('.') {
            query.filter(project::Column::Segment.eq(code))
        } else {
            query.filter(project::Column::Segment.starts_with(format!("{code}.")))
        };
    }
    if let Some(raw) = fields::non_blank(&filter.county) {
        let code = fields::county("county", raw)?;
        query = query.filter(project::Column::CountyCode.eq(code));
    }
    if let Some(raw) = fields::non_blank(&filter.stage) {
        let stage = Stage::parse(raw).map_err(|m| AppError::invalid("stage", m))?;
        query = query.filter(project::Column::Stage.eq(stage.as_str()));
    }
    if let Some(q) = fields::non_blank(&filter.q) {
        // The description is searched only where the caller may read it.
        let in_scope = match (actor.role, actor.list_scope()) {
            (Role::Admin, _) => Condition::all(),
            (Role::Staff, Some(scope)) => {
                Condition::all().add(project::Column::CountyCode.starts_with(scope.as_str()))
            }
            _ => Condition::all().add(project::Column::Id.eq(-1)),
        };
        query = query.filter(
            Condition::any()
                .add(fields::contains(project::Column::Title, q))
                .add(in_scope.add(fields::contains(project::Column::Description, q))),
        );
    }
    let total = query.clone().count(conn).await?;
    let rows = query
        .order_by_desc(project::Column::UpdatedAt)
        .order_by_desc(project::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let sight = policy::project_sight(actor, &row)?;
        out.push((row, sight));
    }
    Ok((total, out))
}
