//! The returning-founder subsidy of the plan's 专栏4-2: 40% of the month's
//! actual property, sanitation, rent and water/electricity fees at an
//! incubation base, at most 50,000 元 a year, for at most 3 years.
//!
//! The arithmetic is done in whole 分 (fen) so that no float drift creeps into
//! money; only the JSON shows 元.

use serde::{Serialize, Serializer};

use crate::entity::json_list::from_json_list;
use crate::entity::profile;
use crate::error::{AppError, AppResult};
use crate::service::region::RegionNames;

/// The subsidy rate, in percent of the month's actual fees.
pub const RATE_PERCENT: i64 = 40;
/// At most 50,000 元 a year.
pub const ANNUAL_CAP: Fen = Fen(5_000_000);
/// For at most 3 years; months 37 and later get nothing.
pub const MAX_MONTHS: u32 = 36;
/// Government-backed financing guarantee fee, at most 2%.
pub const GUARANTEE_FEE_MAX_RATE: f64 = 0.02;
/// A monthly fee above 10,000,000 元 is a typing error, not a fee.
pub const MAX_MONTHLY_FEE: Fen = Fen(1_000_000_000);
/// The longest period an estimate covers (10 years).
pub const MAX_ESTIMATE_MONTHS: u32 = 120;

/// An amount of money in 分; serialized as 元 (an integer when whole).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fen(pub i64);

impl Fen {
    /// Parses a 元 amount such as `300` or `1234.5`, rounded to the 分.
    pub fn parse_yuan(raw: &str) -> Result<Self, String> {
        let value: f64 = raw
            .trim()
            .parse()
            .map_err(|_| format!("“{}”不是数字", raw.chars().take(20).collect::<String>()))?;
        if !value.is_finite() {
            return Err("不是有效的金额".into());
        }
        if value < 0.0 {
            return Err("金额不能为负数".into());
        }
        if value > MAX_MONTHLY_FEE.yuan() {
            return Err("金额超出合理范围（每月不超过 1000 万元）".into());
        }
        // In range, so the cast cannot overflow.
        Ok(Self((value * 100.0).round() as i64))
    }

    /// From a stored 元 amount (openings keep their rent as a number).
    pub fn from_yuan(value: f64) -> Self {
        if value.is_finite() && value > 0.0 {
            Self((value.min(MAX_MONTHLY_FEE.yuan()) * 100.0).round() as i64)
        } else {
            Self(0)
        }
    }

    pub fn yuan(self) -> f64 {
        self.0 as f64 / 100.0
    }

    fn times(self, n: u32) -> Self {
        Self(self.0 * i64::from(n))
    }
}

impl Serialize for Fen {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            s.serialize_i64(self.0 / 100)
        } else {
            s.serialize_f64(self.yuan())
        }
    }
}

/// The fees of one month at the incubation base.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MonthlyFees {
    pub rent: Fen,
    pub property: Fen,
    pub sanitation: Fen,
    pub utilities: Fen,
}

impl MonthlyFees {
    pub fn total(&self) -> Fen {
        Fen(self.rent.0 + self.property.0 + self.sanitation.0 + self.utilities.0)
    }
}

/// One subsidy year (12 months from moving in; the last may be shorter).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct YearEstimate {
    pub year: u32,
    pub months: u32,
    pub fees: Fen,
    pub subsidy: Fen,
    /// Whether the 50,000 元 annual cap cut this year's subsidy.
    pub capped: bool,
}

/// The answer of `GET /api/v1/subsidy/estimate`, also shown on openings and applications.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimate {
    pub monthly_fees: Fen,
    /// 40% of one month's fees, before the annual cap.
    pub monthly_subsidy: Fen,
    pub years: Vec<YearEstimate>,
    pub total_subsidy: Fen,
    pub rate: f64,
    pub annual_cap: Fen,
    pub max_months: u32,
    pub guarantee_fee_max_rate: f64,
}

/// 40% of `fees`, rounded half up to the 分.
pub fn monthly_subsidy(fees: Fen) -> Fen {
    Fen((fees.0.max(0) * RATE_PERCENT * 10 + 500) / 1000)
}

/// The subsidy for `months` months of the same monthly fees.
pub fn estimate(fees: &MonthlyFees, months: u32) -> Estimate {
    let months = months.min(MAX_ESTIMATE_MONTHS);
    let monthly_fees = fees.total();
    let per_month = monthly_subsidy(monthly_fees);
    let mut years = Vec::new();
    let mut total = Fen(0);
    let mut year = 0;
    while year * 12 < months {
        let start = year * 12;
        let in_year = (months - start).min(12);
        // Only months 1..=36 from moving in are subsidised.
        let covered = MAX_MONTHS.saturating_sub(start).min(in_year);
        let uncapped = per_month.times(covered);
        let subsidy = uncapped.min(ANNUAL_CAP);
        total = Fen(total.0 + subsidy.0);
        years.push(YearEstimate {
            year: year + 1,
            months: in_year,
            fees: monthly_fees.times(in_year),
            subsidy,
            capped: uncapped > ANNUAL_CAP,
        });
        year += 1;
    }
    Estimate {
        monthly_fees,
        monthly_subsidy: per_month,
        years,
        total_subsidy: total,
        rate: RATE_PERCENT as f64 / 100.0,
        annual_cap: ANNUAL_CAP,
        max_months: MAX_MONTHS,
        guarantee_fee_max_rate: GUARANTEE_FEE_MAX_RATE,
    }
}

/// The three subsidy years at an opening's monthly rent (other fees unknown).
pub fn at_rent(monthly_rent: f64) -> Estimate {
    let fees = MonthlyFees {
        rent: Fen::from_yuan(monthly_rent),
        ..Default::default()
    };
    estimate(&fees, MAX_MONTHS)
}

/// The other monthly fees a founder may add to an opening's rent (物业费, 卫生费, 水电费),
/// as typed on the opening or application page.
#[derive(Debug, Default, Clone, serde::Deserialize, Serialize)]
pub struct OtherFees {
    pub property: Option<String>,
    pub sanitation: Option<String>,
    pub utilities: Option<String>,
}

impl OtherFees {
    /// Whether any fee was typed.
    pub fn given(&self) -> bool {
        [&self.property, &self.sanitation, &self.utilities]
            .iter()
            .any(|f| f.as_deref().is_some_and(|v| !v.trim().is_empty()))
    }
}

/// The three subsidy years at `monthly_rent` plus the other fees typed, each checked
/// with its field name.
pub fn at_rent_and_fees(monthly_rent: f64, other: &OtherFees) -> AppResult<Estimate> {
    let fees = MonthlyFees {
        rent: Fen::from_yuan(monthly_rent),
        property: fee("property", other.property.as_deref())?,
        sanitation: fee("sanitation", other.sanitation.as_deref())?,
        utilities: fee("utilities", other.utilities.as_deref())?,
    };
    Ok(estimate(&fees, MAX_MONTHS))
}

/// The query of `GET /api/v1/subsidy/estimate`: every value as typed, so
/// that a bad one is reported with its field name.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstimateQuery {
    pub rent: Option<String>,
    pub property: Option<String>,
    pub sanitation: Option<String>,
    pub utilities: Option<String>,
    pub months: Option<String>,
}

fn fee(field: &str, raw: Option<&str>) -> AppResult<Fen> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(Fen(0)),
        Some(raw) => Fen::parse_yuan(raw).map_err(|m| AppError::invalid(field, m)),
    }
}

/// Validates the query and estimates.
pub fn estimate_query(q: &EstimateQuery) -> AppResult<Estimate> {
    let fees = MonthlyFees {
        rent: fee("rent", q.rent.as_deref())?,
        property: fee("property", q.property.as_deref())?,
        sanitation: fee("sanitation", q.sanitation.as_deref())?,
        utilities: fee("utilities", q.utilities.as_deref())?,
    };
    let months = match q.months.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => MAX_MONTHS,
        Some(raw) => raw
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=MAX_ESTIMATE_MONTHS).contains(m))
            .ok_or_else(|| {
                AppError::invalid("months", format!("月数应为 1–{MAX_ESTIMATE_MONTHS} 的整数"))
            })?,
    };
    Ok(estimate(&fees, months))
}

/// Whether an applicant qualifies for the subsidy at an opening, and why, in Chinese.
///
/// A returning 乡贤 founding a business qualifies: the founder's own profile
/// has the intent 返乡创业 or a hometown in 咸宁市, and the opening is in the scheme.
pub fn qualification(
    profile: Option<&profile::Model>,
    opening_eligible: bool,
    names: &RegionNames,
) -> (bool, String) {
    if !opening_eligible {
        return (
            false,
            "该空间未纳入返乡创业补贴范围（专栏4-2），入驻费用不享受40%补贴".into(),
        );
    }
    let Some(p) = profile.filter(|p| p.deleted_at.is_none()) else {
        return (
            false,
            "申请人尚未关联本人乡贤档案，无法确认返乡乡贤身份；请先认领或登记本人档案".into(),
        );
    };
    let startup = from_json_list(&p.intents).iter().any(|i| i == "startup");
    let native = p.hometown_code.starts_with(crate::domain::CITY_CODE);
    let who = match (native, startup) {
        (true, true) => format!(
            "申请人籍贯{}，有返乡创业意向",
            names.local_name(&p.hometown_code)
        ),
        (true, false) => format!(
            "申请人为咸宁籍乡贤（籍贯{}）",
            names.local_name(&p.hometown_code)
        ),
        (false, true) => "申请人档案登记了返乡创业意向".into(),
        (false, false) => {
            return (
                false,
                "申请人档案既未登记返乡创业意向，籍贯也不在咸宁市，不属于返乡创业乡贤".into(),
            );
        }
    };
    (
        true,
        format!(
            "{who}；该空间纳入返乡创业补贴范围：按当月实际发生的物管费、卫生费、房租费、水电费的40%补贴，\
             每年最高5万元，最长3年（须为首次创办中小微企业并取得市场主体资格，以县区审核为准）"
        ),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
