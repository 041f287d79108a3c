//! Enterprises of returning founders (专栏4-2): registered by the founder of
//! an accepted application, seen by staff of the incubator's county. Access is
//! decided here, in `load` and `list`, so every caller agrees.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::auth::CurrentUser;
use crate::auth::policy::{self, ApplicationAction};
use crate::db::Db;
use crate::domain::{ApplicationStatus, CreditCode, Role, limits};
use crate::entity::{enterprise, incubator};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited};
use crate::service::{application, fields};

/// What the caller wants to do with an enterprise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnterpriseAction {
    Read,
    /// File a monthly subsidy claim: the founder only.
    Claim,
    /// Approve or reject its claims: staff of its county and administrators.
    Decide,
}

/// The founder reads and claims for their own enterprise; staff of the
/// incubator's county read and decide; administrators do all. Anyone else is
/// told it does not exist.
fn allow(user: &CurrentUser, e: &enterprise::Model, act: EnterpriseAction) -> AppResult<()> {
    match user.role {
        Role::Admin => match act {
            EnterpriseAction::Read | EnterpriseAction::Decide => Ok(()),
            EnterpriseAction::Claim => Err(AppError::forbidden("只有企业创办人可以申领补贴")),
        },
        Role::Founder if e.founder_user_id == user.id() => match act {
            EnterpriseAction::Read | EnterpriseAction::Claim => Ok(()),
            EnterpriseAction::Decide => Err(AppError::forbidden("申请人不能审核自己的补贴申领")),
        },
        Role::Staff if user.covers(&e.county_code) => match act {
            EnterpriseAction::Read | EnterpriseAction::Decide => Ok(()),
            EnterpriseAction::Claim => Err(AppError::forbidden("只有企业创办人可以申领补贴")),
        },
        _ => Err(AppError::Hidden(format!(
            "enterprise {} 不在权限范围内",
            e.id
        ))),
    }
}

/// An enterprise, if the caller may do `act` with it; a missing one and one
/// out of reach are the same 404.
pub async fn load(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
    act: EnterpriseAction,
) -> AppResult<enterprise::Model> {
    let e = enterprise::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("企业"))?;
    allow(actor, &e, act)?;
    Ok(e)
}

/// Which enterprises a caller may list.
pub enum Scope {
    All,
    Founder(i64),
    Region(String),
}

/// Founders list their own, staff their county's, administrators all.
pub fn scope(actor: &CurrentUser) -> AppResult<Scope> {
    match (actor.role, actor.scope()) {
        (Role::Admin, _) => Ok(Scope::All),
        (Role::Founder, _) => Ok(Scope::Founder(actor.id())),
        (Role::Staff, Some(s)) => Ok(Scope::Region(s.to_owned())),
        _ => Err(AppError::forbidden(format!(
            "{}无权查看企业补贴信息",
            actor.role.label()
        ))),
    }
}

/// Applies `scope` to a query of enterprises.
pub fn scoped(
    query: sea_orm::Select<enterprise::Entity>,
    scope: &Scope,
) -> sea_orm::Select<enterprise::Entity> {
    match scope {
        Scope::All => query,
        Scope::Founder(uid) => query.filter(enterprise::Column::FounderUserId.eq(*uid)),
        Scope::Region(prefix) => query.filter(enterprise::Column::CountyCode.starts_with(prefix)),
    }
}

/// The enterprises the caller may see, oldest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
) -> AppResult<Vec<enterprise::Model>> {
    let scope = scope(actor)?;
    Ok(scoped(enterprise::Entity::find(), &scope)
        .order_by_asc(enterprise::Column::Id)
        .limit(1000)
        .all(conn)
        .await?)
}

/// `POST /api/v1/enterprises`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseReq {
    pub name: Option<String>,
    pub credit_code: Option<String>,
    pub first_business: Option<bool>,
    pub application_id: Option<i64>,
}

/// An enterprise as the API shows it.
#[derive(Debug, Serialize)]
pub struct EnterpriseView {
    pub id: i64,
    pub name: String,
    pub credit_code: String,
    pub first_business: bool,
    pub application_id: i64,
    pub founder_user_id: i64,
    pub incubator_id: i64,
    pub incubator: String,
    pub county_code: String,
    pub created_at: DateTime<Utc>,
}

/// Views with their incubators' names.
pub async fn views(
    conn: &impl ConnectionTrait,
    rows: Vec<enterprise::Model>,
) -> AppResult<Vec<EnterpriseView>> {
    let ids: Vec<i64> = rows.iter().map(|e| e.incubator_id).collect();
    let incs: std::collections::HashMap<i64, String> = incubator::Entity::find()
        .filter(incubator::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|i| (i.id, i.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|e| EnterpriseView {
            incubator: incs.get(&e.incubator_id).cloned().unwrap_or_default(),
            id: e.id,
            name: e.name,
            credit_code: e.credit_code,
            first_business: e.first_business,
            application_id: e.application_id,
            founder_user_id: e.founder_user_id,
            incubator_id: e.incubator_id,
            county_code: e.county_code,
            created_at: e.created_at,
        })
        .collect())
}

impl Audited for enterprise::Model {
    const ENTITY: &'static str = "enterprise";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> Value {
        json!({"name": self.name, "credit_code": self.credit_code,
               "first_business": self.first_business, "application_id": self.application_id,
               "incubator_id": self.incubator_id, "county_code": self.county_code})
    }
}

/// A founder registers the enterprise placed by their own accepted application.
pub async fn create(
    db: &Db,
    actor: &CurrentUser,
    req: EnterpriseReq,
) -> AppResult<enterprise::Model> {
    policy::require_role(actor, &[Role::Founder])?;
    let name = fields::text(
        "name",
        &fields::required("name", req.name, "企业名称")?,
        limits::subsidy::ENTERPRISE_NAME,
    )?;
    let raw_code = fields::required("credit_code", req.credit_code, "统一社会信用代码")?;
    let code = CreditCode::parse(&raw_code).map_err(|m| AppError::invalid("credit_code", m))?;
    let first_business = fields::required(
        "first_business",
        req.first_business,
        "是否首次创业（first_business）",
    )?;
    let application_id = fields::required("application_id", req.application_id, "入驻申请")?;
    let txn = db.write().await?;
    let (app, _, inc) =
        application::load(&*txn, actor, application_id, ApplicationAction::Read).await?;
    let status = ApplicationStatus::parse(&app.status).ok();
    if !matches!(
        status,
        Some(ApplicationStatus::Accepted | ApplicationStatus::MovedIn)
    ) {
        return Err(AppError::invalid(
            "application_id",
            "只有已录用（或已入驻）的入驻申请才能登记企业",
        ));
    }
    if enterprise::Entity::find()
        .filter(enterprise::Column::ApplicationId.eq(app.id))
        .one(&*txn)
        .await?
        .is_some()
    {
        return Err(AppError::conflict("duplicate", "该入驻申请已登记过企业"));
    }
    if enterprise::Entity::find()
        .filter(enterprise::Column::CreditCode.eq(code.as_str()))
        .one(&*txn)
        .await?
        .is_some()
    {
        return Err(AppError::conflict("duplicate", "该统一社会信用代码已登记"));
    }
    let created = enterprise::ActiveModel {
        name: Set(name),
        credit_code: Set(code.to_string()),
        first_business: Set(first_business),
        application_id: Set(app.id),
        founder_user_id: Set(actor.id()),
        incubator_id: Set(inc.id),
        county_code: Set(inc.county_code.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::created(&*txn, &actor.ctx(), &created).await?;
    txn.commit().await?;
    Ok(created)
}
