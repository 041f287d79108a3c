//! Filing a monthly claim and deciding it. The decision is a guarded UPDATE on
//! the status, inside a transaction that holds the enterprise's row (on
//! PostgreSQL; SQLite has one writer), so of two staff approving the same
//! claim at once exactly one wins and the year's cap is never overrun.

use chrono::{Datelike, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{APPROVED, MAX_MONTHS, REJECTED, SUBMITTED, YEAR_CAP, months_between, parse_month};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::domain::{Fen, limits};
use crate::entity::{enterprise, subsidy_claim};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited};
use crate::service::enterprise::{self as ent, EnterpriseAction};
use crate::service::{fields, guarded, notice};

/// `POST /api/v1/subsidy/claims`: amounts in 元 (numbers or text), up to two decimals.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimReq {
    pub enterprise_id: Option<i64>,
    pub month: Option<String>,
    pub property: Option<Value>,
    pub sanitation: Option<Value>,
    pub rent: Option<Value>,
    pub utilities: Option<Value>,
}

/// `PATCH /api/v1/subsidy/claims/{id}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecideReq {
    pub status: Option<String>,
    pub note: Option<String>,
}

fn amount(field: &str, value: Option<Value>) -> AppResult<Fen> {
    let v = value.ok_or_else(|| AppError::invalid(field, "请填写该项费用（元，没有填 0）"))?;
    Fen::from_json(&v).map_err(|m| AppError::invalid(field, m))
}

impl Audited for subsidy_claim::Model {
    const ENTITY: &'static str = "subsidy_claim";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> Value {
        json!({"enterprise_id": self.enterprise_id, "month": self.month,
               "property_fen": self.property_fen, "sanitation_fen": self.sanitation_fen,
               "rent_fen": self.rent_fen, "utilities_fen": self.utilities_fen,
               "subsidy_fen": self.subsidy_fen, "status": self.status, "note": self.note,
               "decided_by": self.decided_by})
    }
}

/// The enterprise's approved claims, by month.
async fn approved(
    conn: &impl ConnectionTrait,
    enterprise_id: i64,
) -> AppResult<Vec<subsidy_claim::Model>> {
    Ok(subsidy_claim::Entity::find()
        .filter(subsidy_claim::Column::EnterpriseId.eq(enterprise_id))
        .filter(subsidy_claim::Column::Status.eq(APPROVED))
        .order_by_asc(subsidy_claim::Column::Month)
        .all(conn)
        .await?)
}

/// Refuses a month past the 36th from the first approved month, naming both.
fn check_window(first: &str, month: &str) -> AppResult<i64> {
    let index = months_between(first, month);
    if index >= MAX_MONTHS {
        return Err(AppError::invalid(
            "month",
            format!(
                "{month} 是自首个批准月份 {first} 起的第 {} 个月，补贴最多 {MAX_MONTHS} 个月，不能再申领或批准",
                index + 1
            ),
        ));
    }
    Ok(index)
}

/// The founder claims one month's fees; one claim per enterprise and month.
pub async fn create(
    db: &Db,
    actor: &CurrentUser,
    req: ClaimReq,
) -> AppResult<subsidy_claim::Model> {
    let enterprise_id = fields::required("enterprise_id", req.enterprise_id, "企业")?;
    let raw_month = fields::required("month", req.month.as_deref(), "申领月份")?;
    let month_date = parse_month(raw_month).map_err(|m| AppError::invalid("month", m))?;
    let month = month_date.format("%Y-%m").to_string();
    let today = Utc::now().date_naive();
    if (month_date.year(), month_date.month()) > (today.year(), today.month()) {
        return Err(AppError::invalid(
            "month",
            format!("{month} 尚未开始，不能申领"),
        ));
    }
    let property = amount("property", req.property)?;
    let sanitation = amount("sanitation", req.sanitation)?;
    let rent = amount("rent", req.rent)?;
    let utilities = amount("utilities", req.utilities)?;
    if property.0 + sanitation.0 + rent.0 + utilities.0 == 0 {
        return Err(AppError::invalid("rent", "四项费用合计应大于 0"));
    }
    let txn = db.write().await?;
    let e = ent::load(&*txn, actor, enterprise_id, EnterpriseAction::Claim).await?;
    if let Some(first) = approved(&*txn, e.id).await?.first() {
        check_window(&first.month, &month)?;
    }
    if subsidy_claim::Entity::find()
        .filter(subsidy_claim::Column::EnterpriseId.eq(e.id))
        .filter(subsidy_claim::Column::Month.eq(&month))
        .one(&*txn)
        .await?
        .is_some()
    {
        return Err(AppError::conflict(
            "duplicate",
            format!("该企业 {month} 已申领过，每月只能申领一次"),
        ));
    }
    let created = subsidy_claim::ActiveModel {
        enterprise_id: Set(e.id),
        month: Set(month),
        property_fen: Set(property.0),
        sanitation_fen: Set(sanitation.0),
        rent_fen: Set(rent.0),
        utilities_fen: Set(utilities.0),
        subsidy_fen: Set(0),
        status: Set(SUBMITTED.into()),
        note: Set(String::new()),
        decided_by: Set(None),
        decided_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::created(&*txn, &actor.ctx(), &created).await?;
    txn.commit().await?;
    Ok(created)
}

/// What `claim` earns: 40% of its month's total, at most what is left of the
/// 50,000 元 of its subsidy year; refused past the 36th month.
pub fn subsidy_for(
    claim: &subsidy_claim::Model,
    approved: &[subsidy_claim::Model],
) -> AppResult<Fen> {
    let first = match approved.first() {
        Some(f) if f.month < claim.month => f.month.clone(),
        Some(f) if f.month > claim.month => {
            return Err(AppError::invalid(
                "month",
                format!(
                    "{} 早于首个已批准月份 {}，补贴年度已从 {} 起算，不能再批准更早的月份",
                    claim.month, f.month, f.month
                ),
            ));
        }
        _ => claim.month.clone(),
    };
    let year = check_window(&first, &claim.month)? / 12;
    let year_paid: i64 = approved
        .iter()
        .filter(|c| months_between(&first, &c.month) / 12 == year)
        .map(|c| c.subsidy_fen)
        .sum();
    let left = (YEAR_CAP.0 - year_paid).max(0);
    Ok(Fen(Fen(claim.total_fen()).forty_percent().0.min(left)))
}

/// County staff approve or reject a submitted claim; the founder is told.
pub async fn decide(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    req: DecideReq,
) -> AppResult<(subsidy_claim::Model, enterprise::Model)> {
    let to = fields::required("status", req.status.as_deref(), "审核结果")?;
    if to != APPROVED && to != REJECTED {
        return Err(AppError::invalid(
            "status",
            "审核结果应为 approved（批准）或 rejected（不批准）",
        ));
    }
    let to = to.to_owned();
    let note = fields::text(
        "note",
        req.note.as_deref().unwrap_or(""),
        limits::subsidy::DECISION_NOTE,
    )?;
    let txn = db.write().await?;
    let before = subsidy_claim::Entity::find_by_id(id)
        .one(&*txn)
        .await?
        .ok_or_else(|| AppError::not_found("补贴申领"))?;
    let e = ent::load(&*txn, actor, before.enterprise_id, EnterpriseAction::Decide).await?;
    // Serialises decisions on one enterprise (PostgreSQL; a no-op on SQLite's single writer).
    enterprise::Entity::find_by_id(e.id)
        .lock_exclusive()
        .one(&*txn)
        .await?;
    let already = || AppError::conflict("already_decided", "该申领已审核，不能重复审核");
    if before.status != SUBMITTED {
        return Err(already());
    }
    let subsidy = if to == APPROVED {
        subsidy_for(&before, &approved(&*txn, e.id).await?)?
    } else {
        Fen(0)
    };
    let now = Utc::now();
    let update = subsidy_claim::Entity::update_many()
        .col_expr(
            subsidy_claim::Column::Status,
            sea_orm::sea_query::Expr::value(to.clone()),
        )
        .col_expr(
            subsidy_claim::Column::SubsidyFen,
            sea_orm::sea_query::Expr::value(subsidy.0),
        )
        .col_expr(
            subsidy_claim::Column::Note,
            sea_orm::sea_query::Expr::value(note),
        )
        .col_expr(
            subsidy_claim::Column::DecidedBy,
            sea_orm::sea_query::Expr::value(actor.id()),
        )
        .col_expr(
            subsidy_claim::Column::DecidedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(subsidy_claim::Column::Status.eq(SUBMITTED));
    let after = guarded::update_where(&*txn, before.id, update)
        .await?
        .ok_or_else(already)?;
    audit::updated(&*txn, &actor.ctx(), &before, &after).await?;
    let message = if to == APPROVED {
        format!(
            "“{}” {} 的场租补贴申领已批准，补贴 {} 元",
            e.name, after.month, subsidy
        )
    } else {
        format!("“{}” {} 的场租补贴申领未获批准", e.name, after.month)
    };
    let link = format!("/api/v1/subsidy/ledger/{}", e.id);
    notice::send(
        &*txn,
        e.founder_user_id,
        "subsidy_claim_decided",
        &message,
        &link,
    )
    .await?;
    if to == APPROVED {
        crate::service::notify::to_user(
            &*txn,
            e.founder_user_id,
            crate::service::notify::Template::ClaimApproved,
            serde_json::json!({"enterprise": e.name, "month": after.month,
                               "amount": subsidy.to_string()}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok((after, e))
}
