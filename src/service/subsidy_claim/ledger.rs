//! The ledger of one enterprise: every claimed month with its subsidy, the
//! subsidy year it falls in and what that year has paid so far.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::Value;

use super::{APPROVED, MAX_MONTHS, YEAR_CAP, months_between};
use crate::auth::CurrentUser;
use crate::domain::Fen;
use crate::entity::subsidy_claim;
use crate::error::AppResult;
use crate::service::enterprise::{self as ent, EnterpriseAction};

#[derive(Debug, Serialize)]
pub struct LedgerMonth {
    pub month: String,
    pub claimed: Value,
    pub subsidy: Value,
    pub status: String,
    /// 1–3 counted from the first approved month; `null` before any approval.
    pub subsidy_year: Option<i64>,
    /// Paid in this subsidy year up to and including this month.
    pub year_paid: Value,
}

#[derive(Debug, Serialize)]
pub struct Ledger {
    pub enterprise_id: i64,
    pub paid_total: Value,
    pub months: Vec<LedgerMonth>,
    /// What the subsidy year of the month after the last approved one has left.
    pub remaining_this_year: Value,
    /// Months of the 36 left after the last approved one.
    pub months_left: i64,
}

/// The month-by-month figures in 分, shared by the ledger and the county report.
pub struct Row {
    pub claim: subsidy_claim::Model,
    pub subsidy_year: Option<i64>,
    pub year_paid: Fen,
}

/// Every claim of an enterprise by month, with subsidy year and year-to-date.
pub fn rows(claims: Vec<subsidy_claim::Model>) -> (Vec<Row>, Fen, Fen, i64) {
    let first = claims
        .iter()
        .filter(|c| c.status == APPROVED)
        .map(|c| c.month.clone())
        .min();
    let mut rows = Vec::with_capacity(claims.len());
    let mut paid_total = 0;
    let mut year_paid = [0_i64; 3];
    let mut last_index = None;
    for c in claims {
        let index = first.as_deref().map(|f| months_between(f, &c.month));
        let year = index
            .filter(|i| (0..MAX_MONTHS).contains(i))
            .map(|i| i / 12);
        if c.status == APPROVED {
            paid_total += c.subsidy_fen;
            if let Some(y) = year {
                year_paid[usize::try_from(y).unwrap_or(0)] += c.subsidy_fen;
            }
            last_index = index.max(last_index);
        }
        rows.push(Row {
            subsidy_year: year.map(|y| y + 1),
            year_paid: Fen(year.map_or(0, |y| year_paid[usize::try_from(y).unwrap_or(0)])),
            claim: c,
        });
    }
    let next = last_index.map_or(0, |i| i + 1);
    let (remaining, months_left) = if next >= MAX_MONTHS {
        (0, 0)
    } else {
        let y = usize::try_from(next / 12).unwrap_or(0);
        ((YEAR_CAP.0 - year_paid[y]).max(0), MAX_MONTHS - next)
    };
    (rows, Fen(paid_total), Fen(remaining), months_left)
}

/// The claims of one enterprise, by month.
pub async fn claims_of(
    conn: &impl ConnectionTrait,
    enterprise_id: i64,
) -> AppResult<Vec<subsidy_claim::Model>> {
    Ok(subsidy_claim::Entity::find()
        .filter(subsidy_claim::Column::EnterpriseId.eq(enterprise_id))
        .order_by_asc(subsidy_claim::Column::Month)
        .all(conn)
        .await?)
}

/// `GET /api/v1/subsidy/ledger/{enterprise_id}`.
pub async fn ledger(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    enterprise_id: i64,
) -> AppResult<Ledger> {
    let e = ent::load(conn, actor, enterprise_id, EnterpriseAction::Read).await?;
    let (rows, paid_total, remaining, months_left) = rows(claims_of(conn, e.id).await?);
    Ok(Ledger {
        enterprise_id: e.id,
        paid_total: paid_total.to_json(),
        months: rows
            .into_iter()
            .map(|r| LedgerMonth {
                claimed: Fen(r.claim.total_fen()).to_json(),
                subsidy: Fen(r.claim.subsidy_fen).to_json(),
                month: r.claim.month,
                status: r.claim.status,
                subsidy_year: r.subsidy_year,
                year_paid: r.year_paid.to_json(),
            })
            .collect(),
        remaining_this_year: remaining.to_json(),
        months_left,
    })
}
