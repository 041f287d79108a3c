//! Posting, changing and withdrawing openings: the incubator's operators,
//! staff of its county and administrators, each write audited.

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Deserialize;
use serde_json::{Value, json};

use super::find_live;
use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access};
use crate::db::Db;
use crate::domain::{OpeningKind, limits};
use crate::entity::json_list::{from_json_list, to_json_list};
use crate::entity::{incubator, opening};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited};
use crate::service::{fields, guarded, incubator as incubators};

pub const MAX_AREA_M2: f64 = 100_000.0;
pub const MAX_UNITS: i64 = 10_000;
pub const MAX_RENT: f64 = 10_000_000.0;

/// `POST /api/v1/incubators/{id}/openings` and the fields of `PATCH /api/v1/openings/{id}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningReq {
    pub kind: Option<String>,
    pub title: Option<String>,
    pub area_m2: Option<f64>,
    pub units: Option<i64>,
    pub monthly_rent: Option<f64>,
    /// `YYYY-MM-DD`; today when left out on create.
    pub available_from: Option<String>,
    pub chains: Option<Vec<String>>,
    pub subsidy_eligible: Option<bool>,
}

/// Validated fields; `None` means "not given".
#[derive(Default)]
struct Fields {
    kind: Option<OpeningKind>,
    title: Option<String>,
    area_m2: Option<f64>,
    units: Option<i32>,
    monthly_rent: Option<f64>,
    available_from: Option<NaiveDate>,
    chains: Option<Vec<String>>,
    subsidy_eligible: Option<bool>,
}

fn in_range(field: &str, value: f64, min: f64, max: f64, unit: &str) -> AppResult<f64> {
    if value.is_finite() && (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(AppError::invalid(
            field,
            format!("应在 {min}–{max} {unit}之间"),
        ))
    }
}

fn validate(req: OpeningReq) -> AppResult<Fields> {
    let mut out = Fields {
        subsidy_eligible: req.subsidy_eligible,
        ..Default::default()
    };
    if let Some(v) = req.kind {
        out.kind = Some(OpeningKind::parse(&v).map_err(|m| AppError::invalid("kind", m))?);
    }
    if let Some(v) = req.title {
        out.title = Some(fields::text("title", &v, limits::opening::TITLE)?);
    }
    if let Some(v) = req.area_m2 {
        out.area_m2 = Some(in_range("area_m2", v, 1.0, MAX_AREA_M2, "平方米")?);
    }
    if let Some(v) = req.units {
        if !(1..=MAX_UNITS).contains(&v) {
            return Err(AppError::invalid(
                "units",
                format!("可入驻单元数应在 1–{MAX_UNITS} 之间"),
            ));
        }
        out.units = i32::try_from(v).ok();
    }
    if let Some(v) = req.monthly_rent {
        out.monthly_rent = Some(in_range("monthly_rent", v, 0.0, MAX_RENT, "元")?);
    }
    if let Some(v) = req.available_from {
        let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN);
        let latest = NaiveDate::from_ymd_opt(2100, 12, 31).unwrap_or(NaiveDate::MAX);
        out.available_from = Some(fields::date("available_from", &v, earliest, latest)?);
    }
    if let Some(v) = req.chains {
        out.chains = Some(fields::chains("chains", v)?);
    }
    Ok(out)
}

impl Audited for opening::Model {
    const ENTITY: &'static str = "opening";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> Value {
        json!({"incubator_id": self.incubator_id, "kind": self.kind, "title": self.title,
               "area_m2": self.area_m2, "units": self.units,
               "units_available": self.units_available, "monthly_rent": self.monthly_rent,
               "available_from": self.available_from, "chains": from_json_list(&self.chains),
               "subsidy_eligible": self.subsidy_eligible, "deleted_at": self.deleted_at})
    }
}

/// A live opening and its incubator, if the caller may change them.
async fn load_for_write(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
) -> AppResult<(opening::Model, incubator::Model)> {
    let found = find_live(conn, id).await?;
    let inc = incubators::find(conn, found.incubator_id).await?;
    policy::incubator(actor, &inc, Access::Write)?;
    Ok((found, inc))
}

/// Posts an opening of an incubator.
pub async fn create(
    db: &Db,
    actor: &CurrentUser,
    incubator_id: i64,
    req: OpeningReq,
) -> AppResult<(opening::Model, incubator::Model)> {
    let inc = incubators::find(db.conn(), incubator_id).await?;
    policy::incubator(actor, &inc, Access::Write)?;
    let f = validate(req)?;
    let kind = fields::required("kind", f.kind, "空间类型（desk/office/plant/lab）")?;
    let title = fields::required("title", f.title, "空间名称")?;
    let area = fields::required("area_m2", f.area_m2, "面积（平方米）")?;
    let units = fields::required("units", f.units, "可入驻单元数")?;
    let rent = fields::required("monthly_rent", f.monthly_rent, "月租金（元）")?;
    let now = Utc::now();
    let txn = db.write().await?;
    let created = opening::ActiveModel {
        incubator_id: Set(inc.id),
        kind: Set(kind.as_str().to_owned()),
        title: Set(title),
        area_m2: Set(area),
        units: Set(units),
        units_available: Set(units),
        monthly_rent: Set(rent),
        available_from: Set(f.available_from.unwrap_or_else(fields::today)),
        chains: Set(to_json_list(&f.chains.unwrap_or_default())),
        subsidy_eligible: Set(f.subsidy_eligible.unwrap_or(false)),
        created_by: Set(Some(actor.id())),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::created(&*txn, &actor.ctx(), &created).await?;
    txn.commit().await?;
    Ok((created, inc))
}

/// Changes an opening. A new number of units moves the units available by
/// the same amount, atomically, and may not go below the units already taken.
pub async fn update(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    req: OpeningReq,
) -> AppResult<(opening::Model, incubator::Model)> {
    let f = validate(req)?;
    let txn = db.write().await?;
    let (before, inc) = load_for_write(&*txn, actor, id).await?;
    let mut m = <opening::ActiveModel as Default>::default();
    if let Some(v) = f.kind {
        m.kind = Set(v.as_str().to_owned());
    }
    if let Some(v) = f.title {
        m.title = Set(v);
    }
    if let Some(v) = f.area_m2 {
        m.area_m2 = Set(v);
    }
    if let Some(v) = f.monthly_rent {
        m.monthly_rent = Set(v);
    }
    if let Some(v) = f.available_from {
        m.available_from = Set(v);
    }
    if let Some(v) = f.chains {
        m.chains = Set(to_json_list(&v));
    }
    if let Some(v) = f.subsidy_eligible {
        m.subsidy_eligible = Set(v);
    }
    m.updated_at = Set(Utc::now());
    let mut update = opening::Entity::update_many()
        .set(m)
        .filter(opening::Column::DeletedAt.is_null());
    if let Some(units) = f.units {
        let delta = units - before.units;
        update = update
            .col_expr(opening::Column::Units, Expr::value(units))
            .col_expr(
                opening::Column::UnitsAvailable,
                Expr::col(opening::Column::UnitsAvailable).add(delta),
            )
            .filter(Expr::col(opening::Column::UnitsAvailable).add(delta).gte(0))
            // The delta was computed from this total; a concurrent change re-reads.
            .filter(opening::Column::Units.eq(before.units));
    }
    let Some(after) = guarded::update_where(&*txn, id, update).await? else {
        let taken = before.units - before.units_available;
        return Err(AppError::invalid(
            "units",
            format!(
                "已录用 {taken} 个单元，总单元数不能少于 {taken}；或空间已被他人修改，请刷新后重试"
            ),
        ));
    };
    audit::updated(&*txn, &actor.ctx(), &before, &after).await?;
    txn.commit().await?;
    Ok((after, inc))
}

/// Withdraws an opening: it leaves every search; the row stays for its applications.
pub async fn delete(db: &Db, actor: &CurrentUser, id: i64) -> AppResult<()> {
    let txn = db.write().await?;
    let (before, _) = load_for_write(&*txn, actor, id).await?;
    opening::Entity::update_many()
        .set(opening::ActiveModel {
            deleted_at: Set(Some(Utc::now())),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .filter(opening::Column::Id.eq(id))
        .exec(&*txn)
        .await?;
    audit::deleted(&*txn, &actor.ctx(), &before).await?;
    txn.commit().await?;
    Ok(())
}
