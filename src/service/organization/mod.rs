//! 乡贤组织 above the village: 同乡会, 商会 (also 异地商会 such as 深圳咸宁商会),
//! 博士联谊会, 海内外高层次人才联谊会 and 乡贤理事会, sitting in the city, a
//! county or a township, with their members (`members`).
//!
//! Who may do what is decided here, in `allow`:
//! - staff and organizers *read* an organisation that sits in their scope or
//!   above it (a county's staff see the city's 博士联谊会; its members are
//!   still shown only where the caller may read the profile);
//! - they *change* one (and its members) only when it sits inside their scope:
//!   city-level ones city staff and administrators, county-level ones that
//!   county's staff, township-level ones also the township's organizers — as
//!   organizers keep the 乡贤会 records of their area (`service::association`);
//!   a village organizer reads the organisations above but changes none;
//! - founders and operators do not see organisations; anyone out of reach is
//!   told the organisation does not exist.

mod list;
pub mod members;

pub use list::{OrganizationFilter, list};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access};
use crate::db::Db;
use crate::domain::organization::exact;
use crate::domain::{CITY_CODE, OrgKind, RegionLevel, Role, limits};
use crate::entity::{organization, organization_member};
use crate::error::{AppError, AppResult};
use crate::region::RegionNames;
use crate::service::audit::{self, Audited};
use crate::service::{fields, guarded, region};

/// Roles that keep organisation records inside their scope (administrators always may).
const WRITERS: &[Role] = &[Role::Staff, Role::Organizer];

/// `POST /api/v1/organizations` and `PATCH …/{id}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationReq {
    pub kind: Option<String>,
    pub name: Option<String>,
    pub region_code: Option<String>,
    pub founded_on: Option<String>,
    pub note: Option<String>,
    /// PATCH: the version read; a stale one is 409.
    pub version: Option<i32>,
}

/// An organisation as the API shows it.
#[derive(Debug, Serialize)]
pub struct OrganizationView {
    pub id: i64,
    pub kind: String,
    pub kind_label: &'static str,
    pub name: String,
    pub region_code: String,
    pub region: String,
    pub founded_on: Option<NaiveDate>,
    pub note: String,
    /// Every member, whether or not the caller may read their profile.
    pub member_count: u64,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The name of a region where an organisation sits, the city included.
pub fn place_name(names: &RegionNames, code: &str) -> String {
    match names.local_name(code) {
        n if n.is_empty() => names.name(code).unwrap_or(code).to_owned(),
        n => n,
    }
}

impl OrganizationView {
    pub fn new(o: organization::Model, member_count: u64, names: &RegionNames) -> Self {
        Self {
            id: o.id,
            kind_label: OrgKind::parse(&o.kind).map(OrgKind::label).unwrap_or(""),
            kind: o.kind,
            name: o.name,
            region: place_name(names, &o.region_code),
            region_code: o.region_code,
            founded_on: o.founded_on,
            note: o.note,
            member_count,
            version: o.version,
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

impl Audited for organization::Model {
    const ENTITY: &'static str = "organization";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> Value {
        json!({"kind": self.kind, "name": self.name, "region_code": self.region_code,
               "founded_on": self.founded_on, "note": self.note, "version": self.version})
    }
}

/// Whether the caller reads organisations sitting in `region`: inside their
/// scope or above it.
fn reads(actor: &CurrentUser, region: &str) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Staff | Role::Organizer => actor
            .scope()
            .is_some_and(|s| region.starts_with(s) || s.starts_with(region)),
        Role::Founder | Role::Operator => false,
    }
}

/// The one access check of organisations and their members.
pub fn allow(actor: &CurrentUser, o: &organization::Model, access: Access) -> AppResult<()> {
    if !reads(actor, &o.region_code) {
        return Err(AppError::Hidden(format!(
            "organization {} 不在权限范围内",
            o.id
        )));
    }
    if access == Access::Write {
        policy::region(actor, &o.region_code, Access::Write, WRITERS).map_err(|_| {
            AppError::forbidden(format!("“{}”不在您的管辖范围内，只能查看", o.name))
        })?;
    }
    Ok(())
}

/// Whether the caller may change this organisation (for pages' buttons).
pub fn may_write(actor: &CurrentUser, o: &organization::Model) -> bool {
    allow(actor, o, Access::Write).is_ok()
}

/// Whether the caller may create organisations at all (for the pages' form).
pub fn may_create(actor: &CurrentUser) -> bool {
    match actor.role {
        Role::Admin | Role::Staff => true,
        // Organisations sit no lower than a township.
        Role::Organizer => actor.scope().is_some_and(|s| s.len() <= 9),
        Role::Founder | Role::Operator => false,
    }
}

/// One organisation for `access`; missing and out of reach are the same 404.
pub async fn load(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
    access: Access,
) -> AppResult<organization::Model> {
    let found = organization::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("乡贤组织"))?;
    allow(actor, &found, access)?;
    Ok(found)
}

/// The number of members of each organisation.
pub async fn member_counts(
    conn: &impl ConnectionTrait,
    ids: &[i64],
) -> AppResult<std::collections::HashMap<i64, u64>> {
    let rows: Vec<(i64, i64)> = organization_member::Entity::find()
        .select_only()
        .column(organization_member::Column::OrganizationId)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(organization_member::Column::OrganizationId.is_in(ids.to_vec()))
        .group_by(organization_member::Column::OrganizationId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// Views of `rows` with their member counts.
pub async fn views(
    conn: &impl ConnectionTrait,
    rows: Vec<organization::Model>,
    names: &RegionNames,
) -> AppResult<Vec<OrganizationView>> {
    let ids: Vec<i64> = rows.iter().map(|o| o.id).collect();
    let counts = member_counts(conn, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|o| {
            let n = counts.get(&o.id).copied().unwrap_or(0);
            OrganizationView::new(o, n, names)
        })
        .collect())
}

fn check_date(field: &str, raw: Option<&str>) -> AppResult<Option<NaiveDate>> {
    let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
    raw.map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| fields::date(field, r, earliest, fields::today()))
        .transpose()
}

fn kind_of(raw: &str) -> AppResult<OrgKind> {
    exact(raw, OrgKind::parse, OrgKind::as_str, OrgKind::codes())
        .map_err(|m| AppError::invalid("kind", m))
}

/// Creates an organisation in the caller's scope.
pub async fn create(
    db: &Db,
    actor: &CurrentUser,
    req: OrganizationReq,
) -> AppResult<organization::Model> {
    if req.version.is_some() {
        return Err(AppError::invalid("version", "新建组织不需要 version"));
    }
    let kind = kind_of(&fields::required("kind", req.kind, "组织类别")?)?;
    let name = fields::text(
        "name",
        &fields::required("name", req.name, "组织名称")?,
        limits::organization::NAME,
    )?;
    let note = fields::text(
        "note",
        req.note.as_deref().unwrap_or(""),
        limits::organization::NOTE,
    )?;
    let founded_on = check_date("founded_on", req.founded_on.as_deref())?;
    let raw = fields::required("region_code", req.region_code, "所在地区（市、县或乡镇）")?;
    let levels = [
        RegionLevel::City,
        RegionLevel::County,
        RegionLevel::Township,
    ];
    let code = region::require(db.conn(), "region_code", &raw, &levels, Some(CITY_CODE)).await?;
    policy::place_in(actor, "region_code", code.as_str(), WRITERS)?;
    let txn = db.write().await?;
    let same = organization::Entity::find()
        .filter(organization::Column::RegionCode.eq(code.as_str()))
        .filter(organization::Column::Name.eq(&name))
        .count(&*txn)
        .await?;
    if same > 0 {
        return Err(AppError::conflict(
            "duplicate",
            format!("该地区已登记“{name}”，请修改原记录"),
        ));
    }
    let now = Utc::now();
    let created = organization::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        name: Set(name),
        region_code: Set(code.to_string()),
        founded_on: Set(founded_on),
        note: Set(note),
        version: Set(1),
        created_by: Set(Some(actor.id())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::created(&*txn, &actor.ctx(), &created).await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes an organisation's kind, name, founding date or note (not where it sits).
pub async fn update(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    req: OrganizationReq,
) -> AppResult<organization::Model> {
    if req.region_code.is_some() {
        return Err(AppError::invalid(
            "region_code",
            "不能修改所在地区；如登记错误请删除后重新登记",
        ));
    }
    let kind = req.kind.as_deref().map(kind_of).transpose()?;
    let name = req
        .name
        .as_deref()
        .map(|n| fields::text("name", n, limits::organization::NAME))
        .transpose()?;
    let note = req
        .note
        .as_deref()
        .map(|n| fields::text("note", n, limits::organization::NOTE))
        .transpose()?;
    let founded_on = check_date("founded_on", req.founded_on.as_deref())?;
    let txn = db.write().await?;
    let before = load(&*txn, actor, id, Access::Write).await?;
    if req.version.is_some_and(|v| v != before.version) {
        return Err(AppError::stale_version());
    }
    let mut changes = organization::ActiveModel {
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    if let Some(k) = kind {
        changes.kind = Set(k.as_str().to_owned());
    }
    if let Some(n) = name {
        changes.name = Set(n);
    }
    if let Some(n) = note {
        changes.note = Set(n);
    }
    if founded_on.is_some() {
        changes.founded_on = Set(founded_on);
    }
    let after = guarded::update(
        &*txn,
        id,
        changes,
        organization::Column::Version.eq(before.version),
    )
    .await?;
    audit::updated(&*txn, &actor.ctx(), &before, &after).await?;
    txn.commit().await?;
    Ok(after)
}

/// Deletes an organisation and its member list.
pub async fn delete(db: &Db, actor: &CurrentUser, id: i64) -> AppResult<()> {
    let txn = db.write().await?;
    let before = load(&*txn, actor, id, Access::Write).await?;
    organization_member::Entity::delete_many()
        .filter(organization_member::Column::OrganizationId.eq(id))
        .exec(&*txn)
        .await?;
    organization::Entity::delete_by_id(id).exec(&*txn).await?;
    audit::deleted(&*txn, &actor.ctx(), &before).await?;
    txn.commit().await?;
    Ok(())
}
