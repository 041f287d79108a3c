//! Monthly subsidy claims of enterprises (专栏4-2): the county pays 40% of a
//! month's property, sanitation, rent and water/electricity fees, at most
//! 50,000 元 per subsidy year, for at most 36 months from the first approved
//! month. Money is integer 分 throughout.

pub mod ledger;
pub mod report;
pub mod write;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::auth::CurrentUser;
use crate::domain::Fen;
use crate::entity::{enterprise, subsidy_claim};
use crate::error::{AppError, AppResult};
use crate::service::enterprise as ent;

/// The most the county pays one enterprise in one subsidy year: 50,000 元.
pub const YEAR_CAP: Fen = Fen(5_000_000);
/// The number of months the subsidy runs from the first approved month.
pub const MAX_MONTHS: i64 = 36;

/// A claim's status.
pub const SUBMITTED: &str = "submitted";
pub const APPROVED: &str = "approved";
pub const REJECTED: &str = "rejected";

pub fn status_label(s: &str) -> &'static str {
    match s {
        SUBMITTED => "待审核",
        APPROVED => "已批准",
        REJECTED => "未批准",
        _ => "",
    }
}

/// Parses `YYYY-MM` into the first day of the month.
pub fn parse_month(raw: &str) -> Result<NaiveDate, String> {
    let t = raw;
    let bad = || format!("月份“{t}”应写作 YYYY-MM，如 2027-01");
    if t.len() != 7 || t.as_bytes().get(4) != Some(&b'-') {
        return Err(bad());
    }
    let d = NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d").map_err(|_| bad())?;
    if !(2000..=2100).contains(&d.year()) {
        return Err(bad());
    }
    Ok(d)
}

/// Months from `from` to `to` (0 for the same month).
pub fn months_between(from: &str, to: &str) -> i64 {
    let index =
        |m: &str| parse_month(m).map_or(0, |d| i64::from(d.year()) * 12 + i64::from(d.month0()));
    index(to) - index(from)
}

/// A claim as the API shows it; amounts in 元.
#[derive(Debug, Serialize)]
pub struct ClaimView {
    pub id: i64,
    pub enterprise_id: i64,
    pub enterprise: String,
    pub month: String,
    pub property: Value,
    pub sanitation: Value,
    pub rent: Value,
    pub utilities: Value,
    pub total: Value,
    /// The approved subsidy in 元; 0 until approved.
    pub subsidy: Value,
    pub status: String,
    pub status_label: &'static str,
    pub note: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub fn view(c: subsidy_claim::Model, enterprise_name: &str) -> ClaimView {
    ClaimView {
        id: c.id,
        enterprise_id: c.enterprise_id,
        enterprise: enterprise_name.to_owned(),
        total: Fen(c.total_fen()).to_json(),
        property: Fen(c.property_fen).to_json(),
        sanitation: Fen(c.sanitation_fen).to_json(),
        rent: Fen(c.rent_fen).to_json(),
        utilities: Fen(c.utilities_fen).to_json(),
        subsidy: Fen(c.subsidy_fen).to_json(),
        status_label: status_label(&c.status),
        status: c.status,
        month: c.month,
        note: c.note,
        decided_by: c.decided_by,
        decided_at: c.decided_at,
        created_at: c.created_at,
    }
}

/// Filters of `GET /api/v1/subsidy/claims`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimFilter {
    pub enterprise_id: Option<i64>,
    pub status: Option<String>,
}

/// The claims the caller may see (founder: own; staff: county; admin: all),
/// newest month first.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    filter: &ClaimFilter,
) -> AppResult<Vec<ClaimView>> {
    let scope = ent::scope(actor)?;
    let mut ents = ent::scoped(enterprise::Entity::find(), &scope);
    if let Some(id) = filter.enterprise_id {
        ents = ents.filter(enterprise::Column::Id.eq(id));
    }
    let ents: std::collections::HashMap<i64, String> = ents
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.id, e.name))
        .collect();
    let mut query = subsidy_claim::Entity::find()
        .filter(subsidy_claim::Column::EnterpriseId.is_in(ents.keys().copied()));
    if let Some(s) = filter
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if ![SUBMITTED, APPROVED, REJECTED].contains(&s) {
            return Err(AppError::invalid(
                "status",
                "状态应为 submitted、approved 或 rejected",
            ));
        }
        query = query.filter(subsidy_claim::Column::Status.eq(s));
    }
    let rows = query
        .order_by_desc(subsidy_claim::Column::Month)
        .order_by_asc(subsidy_claim::Column::Id)
        .limit(2000)
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|c| {
            let name = ents.get(&c.enterprise_id).cloned().unwrap_or_default();
            view(c, &name)
        })
        .collect())
}
