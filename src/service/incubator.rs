//! 孵化载体: incubators, maker spaces and incubation bases that offer space to
//! returning founders. Created by staff of the county or administrators;
//! also kept by their own operators.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access};
use crate::db::Db;
use crate::domain::{
    CITY_CODE, IncubatorKind, IncubatorLevel, RegionCode, RegionLevel, Role, limits,
};
use crate::entity::incubator;
use crate::entity::json_list::{from_json_list, to_json_list};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited};
use crate::service::region::{self, RegionNames};
use crate::service::{fields, guarded};

/// `POST /api/v1/incubators` and the fields of `PATCH`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncubatorReq {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub level: Option<String>,
    pub county_code: Option<String>,
    pub park: Option<String>,
    pub address: Option<String>,
    pub chains: Option<Vec<String>>,
    /// Optional on PATCH: when sent, a stale one gets 409.
    pub version: Option<i32>,
}

/// An incubator as the API shows it.
#[derive(Debug, Serialize)]
pub struct IncubatorView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    /// `None` for an incubator not (yet) rated.
    pub level: Option<String>,
    pub level_label: Option<String>,
    pub county_code: String,
    pub county: String,
    pub park: String,
    pub address: String,
    pub chains: Vec<String>,
    pub version: i32,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl IncubatorView {
    pub fn new(i: incubator::Model, names: &RegionNames) -> Self {
        let level = IncubatorLevel::parse(&i.level).ok();
        Self {
            id: i.id,
            kind_label: IncubatorKind::parse(&i.kind)
                .map(|k| k.label().to_owned())
                .unwrap_or_default(),
            level: level.map(|l| l.as_str().to_owned()),
            level_label: level.map(|l| l.label().to_owned()),
            county: names.local_name(&i.county_code),
            chains: from_json_list(&i.chains),
            name: i.name,
            kind: i.kind,
            county_code: i.county_code,
            park: i.park,
            address: i.address,
            version: i.version,
            created_by: i.created_by,
            created_at: i.created_at,
            updated_at: i.updated_at,
        }
    }
}

impl Audited for incubator::Model {
    const ENTITY: &'static str = "incubator";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> Value {
        json!({"name": self.name, "kind": self.kind, "level": self.level,
               "county_code": self.county_code, "park": self.park, "address": self.address,
               "chains": from_json_list(&self.chains), "version": self.version})
    }
}

/// Validated fields; `None` means "not given".
#[derive(Default)]
struct Fields {
    name: Option<String>,
    kind: Option<IncubatorKind>,
    level: Option<Option<IncubatorLevel>>,
    county: Option<RegionCode>,
    park: Option<String>,
    address: Option<String>,
    chains: Option<Vec<String>>,
}

async fn validate(conn: &impl ConnectionTrait, req: IncubatorReq) -> AppResult<Fields> {
    let mut out = Fields::default();
    if let Some(v) = req.name {
        out.name = Some(fields::text("name", &v, limits::incubator::NAME)?);
    }
    if let Some(v) = req.kind {
        out.kind = Some(IncubatorKind::parse(&v).map_err(|m| AppError::invalid("kind", m))?);
    }
    if let Some(v) = req.level {
        out.level = Some(match v.trim() {
            "" => None,
            raw => Some(IncubatorLevel::parse(raw).map_err(|m| AppError::invalid("level", m))?),
        });
    }
    if let Some(v) = req.county_code {
        let levels = [RegionLevel::County];
        out.county =
            Some(region::require(conn, "county_code", &v, &levels, Some(CITY_CODE)).await?);
    }
    if let Some(v) = req.park {
        out.park = Some(fields::text("park", &v, limits::incubator::PARK)?);
    }
    if let Some(v) = req.address {
        out.address = Some(fields::text("address", &v, limits::incubator::ADDRESS)?);
    }
    if let Some(v) = req.chains {
        out.chains = Some(fields::chains("chains", v)?);
    }
    Ok(out)
}

fn apply(m: &mut incubator::ActiveModel, f: Fields) {
    if let Some(v) = f.name {
        m.name = Set(v);
    }
    if let Some(v) = f.kind {
        m.kind = Set(v.as_str().to_owned());
    }
    if let Some(v) = f.level {
        m.level = Set(v.map(|l| l.as_str().to_owned()).unwrap_or_default());
    }
    if let Some(v) = f.county {
        m.county_code = Set(v.to_string());
    }
    if let Some(v) = f.park {
        m.park = Set(v);
    }
    if let Some(v) = f.address {
        m.address = Set(v);
    }
    if let Some(v) = f.chains {
        m.chains = Set(to_json_list(&v));
    }
}

/// An incubator, or 404.
pub async fn find(conn: &impl ConnectionTrait, id: i64) -> AppResult<incubator::Model> {
    incubator::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("孵化载体"))
}

/// An incubator the caller may read (everyone signed in) or change (`Access::Write`: its
/// operators, staff of its county, administrators; 403 for others).
pub async fn load(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
    access: Access,
) -> AppResult<incubator::Model> {
    let found = find(conn, id).await?;
    policy::incubator(actor, &found, access)?;
    Ok(found)
}

/// Whether the caller may change `inc` and its openings (pages show their links by it).
pub fn may_write(actor: &CurrentUser, inc: &incubator::Model) -> bool {
    policy::incubator(actor, inc, Access::Write).is_ok()
}

/// 403 unless the caller sets up incubators (staff and administrators).
pub fn require_manager(actor: &CurrentUser) -> AppResult<()> {
    policy::require_role(actor, &[Role::Admin, Role::Staff])
}

/// The incubator an operator runs: 403 for other roles, 404 when none is set.
pub fn own_id(actor: &CurrentUser) -> AppResult<i64> {
    policy::require_role(actor, &[Role::Operator])?;
    actor
        .user
        .incubator_id
        .ok_or_else(|| AppError::not_found("您负责的孵化载体"))
}

/// Creates an incubator in the caller's scope.
pub async fn create(
    db: &Db,
    actor: &CurrentUser,
    req: IncubatorReq,
) -> AppResult<incubator::Model> {
    require_manager(actor)?;
    if req.version.is_some() {
        return Err(AppError::invalid("version", "新建时不能指定 version"));
    }
    let f = validate(db.conn(), req).await?;
    let name = fields::required("name", f.name.clone(), "载体名称")?;
    let kind = fields::required("kind", f.kind, "载体类型")?;
    let county = fields::required("county_code", f.county.clone(), "所在县（市、区）代码")?;
    policy::place_in(actor, "county_code", county.as_str(), &[Role::Staff])?;
    let now = Utc::now();
    let mut model = incubator::ActiveModel {
        name: Set(name),
        kind: Set(kind.as_str().to_owned()),
        level: Set(String::new()),
        county_code: Set(county.to_string()),
        park: Set(String::new()),
        address: Set(String::new()),
        chains: Set("[]".into()),
        version: Set(1),
        created_by: Set(Some(actor.id())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    apply(&mut model, f);
    let txn = db.write().await?;
    let created = model.insert(&*txn).await?;
    audit::created(&*txn, &actor.ctx(), &created).await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes an incubator: staff of its county, administrators, its operators.
/// Moving it to another county is for staff of that county.
pub async fn update(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    req: IncubatorReq,
) -> AppResult<incubator::Model> {
    let version = req.version;
    let f = validate(db.conn(), req).await?;
    let txn = db.write().await?;
    let before = find(&*txn, id).await?;
    policy::incubator(actor, &before, Access::Write)?;
    if version.is_some_and(|v| v != before.version) {
        return Err(AppError::stale_version());
    }
    if let Some(county) = &f.county
        && county.as_str() != before.county_code
    {
        policy::place_in(actor, "county_code", county.as_str(), &[Role::Staff])?;
    }
    let mut model = <incubator::ActiveModel as Default>::default();
    apply(&mut model, f);
    model.version = Set(before.version + 1);
    model.updated_at = Set(Utc::now());
    let guard = incubator::Column::Version.eq(before.version);
    let after = guarded::update(&*txn, id, model, guard).await?;
    audit::updated(&*txn, &actor.ctx(), &before, &after).await?;
    txn.commit().await?;
    Ok(after)
}

/// Filters of `GET /api/v1/incubators`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncubatorFilter {
    pub county: Option<String>,
    pub kind: Option<String>,
    /// Text in the name, park or address.
    pub q: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// One page of incubators (public to every signed-in user), by county and name.
pub async fn list(
    conn: &impl ConnectionTrait,
    filter: &IncubatorFilter,
    page: u64,
    per_page: u64,
) -> AppResult<(u64, Vec<incubator::Model>)> {
    let mut query = incubator::Entity::find();
    if let Some(raw) = fields::non_blank(&filter.county) {
        let code = fields::county("county", raw)?;
        query = query.filter(incubator::Column::CountyCode.eq(code));
    }
    if let Some(raw) = fields::non_blank(&filter.kind) {
        let kind = IncubatorKind::parse(raw).map_err(|m| AppError::invalid("kind", m))?;
        query = query.filter(incubator::Column::Kind.eq(kind.as_str()));
    }
    if let Some(q) = fields::non_blank(&filter.q) {
        query = query.filter(
            Condition::any()
                .add(fields::contains(incubator::Column::Name, q))
                .add(fields::contains(incubator::Column::Park, q))
                .add(fields::contains(incubator::Column::Address, q)),
        );
    }
    let total = query.clone().count(conn).await?;
    let items = query
        .order_by_asc(incubator::Column::CountyCode)
        .order_by_asc(incubator::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(conn)
        .await?;
    Ok((total, items))
}
