//! The members of an organisation: a profile at most once (409 `duplicate`),
//! added and removed by those who change the organisation, and only profiles
//! the caller may read; lists show only the members whose profile the caller
//! may read, so a member list never names someone out of the caller's reach.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{OrganizationView, load, views};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access, ProfileAction};
use crate::db::Db;
use crate::domain::OrgRole;
use crate::domain::organization::exact;
use crate::entity::{organization, organization_member, profile};
use crate::error::{AppError, AppResult};
use crate::region::RegionNames;
use crate::service::audit::{self, Audited};
use crate::service::fields;

/// `POST /api/v1/organizations/{id}/members`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberReq {
    pub profile_id: Option<i64>,
    pub role: Option<String>,
    pub since: Option<String>,
}

/// A member as the API shows them.
#[derive(Debug, Serialize)]
pub struct MemberView {
    pub profile_id: i64,
    pub name: String,
    pub hometown: String,
    pub role: String,
    pub role_label: &'static str,
    pub since: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

impl Audited for organization_member::Model {
    const ENTITY: &'static str = "organization_member";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> Value {
        json!({"organization_id": self.organization_id, "profile_id": self.profile_id,
               "role": self.role, "since": self.since})
    }
}

fn view(m: organization_member::Model, p: &profile::Model, names: &RegionNames) -> MemberView {
    MemberView {
        profile_id: m.profile_id,
        name: p.name.clone(),
        hometown: names.local_name(&p.hometown_code),
        role_label: OrgRole::parse(&m.role).map(OrgRole::label).unwrap_or(""),
        role: m.role,
        since: m.since,
        created_at: m.created_at,
    }
}

/// A profile the caller may read; missing, deleted and out of reach are one 404.
async fn readable_profile(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
) -> AppResult<profile::Model> {
    let p = profile::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("乡贤档案"))?;
    policy::profile(actor, &p, ProfileAction::Read)?;
    Ok(p)
}

/// Adds a profile the caller may read to an organisation the caller may change.
pub async fn add(
    db: &Db,
    actor: &CurrentUser,
    org_id: i64,
    req: MemberReq,
    names: &RegionNames,
) -> AppResult<MemberView> {
    let profile_id = fields::required("profile_id", req.profile_id, "成员（乡贤档案）")?;
    let role = match req.role.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(raw) => exact(raw, OrgRole::parse, OrgRole::as_str, OrgRole::codes())
            .map_err(|m| AppError::invalid("role", m))?,
        None => OrgRole::Member,
    };
    let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
    let since = req
        .since
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| fields::date("since", s, earliest, fields::today()))
        .transpose()?;
    let txn = db.write().await?;
    let org = load(&*txn, actor, org_id, Access::Write).await?;
    let p = readable_profile(&*txn, actor, profile_id).await?;
    let existing = organization_member::Entity::find()
        .filter(organization_member::Column::OrganizationId.eq(org.id))
        .filter(organization_member::Column::ProfileId.eq(p.id))
        .one(&*txn)
        .await?;
    if existing.is_some() {
        return Err(AppError::conflict(
            "duplicate",
            format!("{} 已是“{}”的成员", p.name, org.name),
        ));
    }
    let created = organization_member::ActiveModel {
        organization_id: Set(org.id),
        profile_id: Set(p.id),
        role: Set(role.as_str().to_owned()),
        since: Set(since),
        created_by: Set(Some(actor.id())),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::created(&*txn, &actor.ctx(), &created).await?;
    txn.commit().await?;
    Ok(view(created, &p, names))
}

/// Removes a member; a profile that is not a member, or that the caller may
/// not read, is the same 404.
pub async fn remove(db: &Db, actor: &CurrentUser, org_id: i64, profile_id: i64) -> AppResult<()> {
    let txn = db.write().await?;
    let org = load(&*txn, actor, org_id, Access::Write).await?;
    readable_profile(&*txn, actor, profile_id).await?;
    let member = organization_member::Entity::find()
        .filter(organization_member::Column::OrganizationId.eq(org.id))
        .filter(organization_member::Column::ProfileId.eq(profile_id))
        .one(&*txn)
        .await?
        .ok_or_else(|| AppError::not_found("组织成员"))?;
    organization_member::Entity::delete_by_id(member.id)
        .exec(&*txn)
        .await?;
    audit::deleted(&*txn, &actor.ctx(), &member).await?;
    txn.commit().await?;
    Ok(())
}

/// The members of an organisation whose profiles the caller may read, by office.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    org_id: i64,
    names: &RegionNames,
) -> AppResult<Vec<MemberView>> {
    let org = load(conn, actor, org_id, Access::Read).await?;
    let members = organization_member::Entity::find()
        .filter(organization_member::Column::OrganizationId.eq(org.id))
        .order_by_asc(organization_member::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<i64> = members.iter().map(|m| m.profile_id).collect();
    let profiles: HashMap<i64, profile::Model> = profile::Entity::find()
        .filter(profile::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .filter(|p| policy::profile(actor, p, ProfileAction::Read).is_ok())
        .map(|p| (p.id, p))
        .collect();
    let mut out: Vec<MemberView> = members
        .into_iter()
        .filter_map(|m| {
            let p = profiles.get(&m.profile_id)?;
            Some(view(m, p, names))
        })
        .collect();
    let rank = |r: &str| OrgRole::ALL.iter().position(|x| x.as_str() == r);
    out.sort_by_key(|m| rank(&m.role));
    Ok(out)
}

/// The ids of an organisation's members, for the registry's `org=` filter;
/// the organisation must be one the caller reads (else 404). The search
/// applies the caller's own scope on top.
pub async fn member_ids(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    org_id: i64,
) -> AppResult<Vec<i64>> {
    let org = load(conn, actor, org_id, Access::Read).await?;
    Ok(organization_member::Entity::find()
        .filter(organization_member::Column::OrganizationId.eq(org.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.profile_id)
        .collect())
}

/// One organisation a profile belongs to, with the office held.
#[derive(Debug, Serialize)]
pub struct Membership {
    pub organization: OrganizationView,
    pub role: String,
    pub role_label: &'static str,
    pub since: Option<NaiveDate>,
}

/// The organisations of a profile the caller has already been allowed to read:
/// a membership is part of the person's record.
pub async fn of_profile(
    conn: &impl ConnectionTrait,
    profile_id: i64,
    names: &RegionNames,
) -> AppResult<Vec<Membership>> {
    let members = organization_member::Entity::find()
        .filter(organization_member::Column::ProfileId.eq(profile_id))
        .all(conn)
        .await?;
    let org_ids: Vec<i64> = members.iter().map(|m| m.organization_id).collect();
    let orgs = organization::Entity::find()
        .filter(organization::Column::Id.is_in(org_ids))
        .order_by_asc(organization::Column::Id)
        .all(conn)
        .await?;
    let mut by_id: HashMap<i64, OrganizationView> = views(conn, orgs, names)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    Ok(members
        .into_iter()
        .filter_map(|m| {
            Some(Membership {
                organization: by_id.remove(&m.organization_id)?,
                role_label: OrgRole::parse(&m.role).map(OrgRole::label).unwrap_or(""),
                role: m.role,
                since: m.since,
            })
        })
        .collect())
}

/// Members per organisation the caller reads (all members counted), most first.
pub async fn counts(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    names: &RegionNames,
) -> AppResult<Vec<OrganizationView>> {
    let rows = super::list(conn, actor, &super::OrganizationFilter::default()).await?;
    let mut out = views(conn, rows, names).await?;
    out.sort_by(|a, b| b.member_count.cmp(&a.member_count).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// Erasure: the memberships of erased profiles go.
pub async fn forget_profiles(conn: &impl ConnectionTrait, profile_ids: &[i64]) -> AppResult<()> {
    organization_member::Entity::delete_many()
        .filter(organization_member::Column::ProfileId.is_in(profile_ids.to_vec()))
        .exec(conn)
        .await?;
    Ok(())
}
