//! `GET /api/v1/organizations`: the organisations the caller reads, filtered
//! by region, kind or a member's profile.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;

use super::{kind_of, reads};
use crate::auth::CurrentUser;
use crate::auth::policy;
use crate::domain::Role;
use crate::entity::{organization, organization_member, profile};
use crate::error::{AppError, AppResult};
use crate::service::region;

/// Filters of `GET /api/v1/organizations`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationFilter {
    /// Organisations sitting in this region or below it.
    pub region: Option<String>,
    pub kind: Option<String>,
    /// Only the organisations this profile belongs to (the profile must be one the caller reads).
    pub profile: Option<i64>,
}

/// The organisations the caller reads: in their scope and above it, by region.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    filter: &OrganizationFilter,
) -> AppResult<Vec<organization::Model>> {
    if !matches!(actor.role, Role::Admin | Role::Staff | Role::Organizer) {
        return Err(AppError::forbidden(format!(
            "{}无权查看乡贤组织",
            actor.role.label()
        )));
    }
    let mut query = organization::Entity::find();
    if let Some(raw) = filter.region.as_deref().filter(|r| !r.trim().is_empty()) {
        let code = region::parse_code("region", raw)?;
        query = query.filter(organization::Column::RegionCode.starts_with(code.as_str()));
    }
    if let Some(raw) = filter.kind.as_deref().filter(|k| !k.trim().is_empty()) {
        query = query.filter(organization::Column::Kind.eq(kind_of(raw)?.as_str()));
    }
    if let Some(id) = filter.profile {
        let p = profile::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or_else(|| AppError::not_found("乡贤档案"))?;
        policy::profile(actor, &p, policy::ProfileAction::Read)?;
        let joined = sea_orm::sea_query::Query::select()
            .column(organization_member::Column::OrganizationId)
            .from(sea_orm::sea_query::Alias::new("organization_members"))
            .and_where(organization_member::Column::ProfileId.eq(p.id))
            .to_owned();
        query = query.filter(organization::Column::Id.in_subquery(joined));
    }
    let rows = query
        .order_by_asc(organization::Column::RegionCode)
        .order_by_asc(organization::Column::Id)
        .limit(2000)
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|o| reads(actor, &o.region_code))
        .collect())
}
