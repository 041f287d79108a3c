//! 优秀乡贤企业: each year's candidates — the people and companies whose
//! referrals were credited on projects that landed that year (咸宁 time) —
//! ranked by a score whose formula and parts are shown:
//!
//! score = landed investment (万元) ÷ 1000 + jobs ÷ 10 + credited referrals × 5
//!
//! A candidate is credited with the whole investment and jobs of every project
//! it referred. Tiers come from configurable thresholds ([`AwardTiers`]).
//! Project amounts are confidential: staff and administrators only, each
//! seeing the projects of their scope.

mod sheet;
pub mod tiers;

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

pub use sheet::{AwardFile, export};
pub use tiers::AwardTiers;

use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProfileAction};
use crate::domain::Stage;
use crate::domain::company::core;
use crate::entity::{profile, project, referral};
use crate::error::{AppError, AppResult};
use crate::service::fields::china;
use crate::service::project::require_works_on_projects;
use crate::service::referral::PROFILE;

/// 万元 of landed investment worth one point.
pub const WAN_PER_POINT: i64 = 1000;
/// Jobs worth one point.
pub const JOBS_PER_POINT: i64 = 10;
/// Points per credited referral.
pub const POINTS_PER_REFERRAL: i64 = 5;
/// The formula, as pages and the sheet show it.
pub const FORMULA: &str = "贡献分 = 落地投资额（万元）÷ 1000 + 新增就业岗位 ÷ 10 + 计入的引荐 × 5";

/// Years the awards may be asked for.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// `GET /api/v1/awards?year=`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardQuery {
    pub year: Option<i32>,
}

/// A candidate's score in its parts.
#[derive(Debug, Default, Serialize)]
pub struct Points {
    pub investment: f64,
    pub jobs: f64,
    pub referrals: f64,
}

/// A project a candidate is credited with.
#[derive(Debug, Serialize)]
pub struct CreditedProject {
    pub id: i64,
    pub title: String,
    pub investment_wan: i64,
    pub jobs: i64,
}

/// One candidate.
#[derive(Debug, Serialize)]
pub struct Candidate {
    pub rank: u64,
    /// `person` (乡贤) or `enterprise` (企业).
    pub kind: &'static str,
    pub kind_label: &'static str,
    /// The person, when the caller may read their profile.
    pub profile_id: Option<i64>,
    pub name: String,
    pub investment_wan: i64,
    pub jobs: i64,
    pub referrals: u64,
    pub points: Points,
    pub score: f64,
    /// `first`, `second`, `third`, or null below the third threshold.
    pub tier: Option<&'static str>,
    pub tier_label: String,
    pub projects: Vec<CreditedProject>,
}

/// `GET /api/v1/awards` answers this.
#[derive(Debug, Serialize)]
pub struct Awards {
    pub year: i32,
    pub formula: &'static str,
    pub tiers: AwardTiers,
    pub total: u64,
    pub items: Vec<Candidate>,
}

impl Serialize for AwardTiers {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("AwardTiers", 3)?;
        st.serialize_field("first", &self.first)?;
        st.serialize_field("second", &self.second)?;
        st.serialize_field("third", &self.third)?;
        st.end()
    }
}

/// The year asked for, or this year in 咸宁; 400 naming `year` outside 2000–2100.
pub fn year_of(q: &AwardQuery) -> AppResult<i32> {
    let year = q
        .year
        .unwrap_or_else(|| Utc::now().with_timezone(&china()).year());
    if !YEARS.contains(&year) {
        return Err(AppError::invalid("year", "年份应在 2000–2100 之间"));
    }
    Ok(year)
}

/// Rounds to hundredths, so 0.1 + 0.2 shows as 0.3.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The score of a candidate's totals, in its parts.
pub fn points(investment_wan: i64, jobs: i64, referrals: u64) -> (Points, f64) {
    let p = Points {
        investment: round2(investment_wan as f64 / WAN_PER_POINT as f64),
        jobs: round2(jobs as f64 / JOBS_PER_POINT as f64),
        referrals: round2((referrals as i64 * POINTS_PER_REFERRAL) as f64),
    };
    let score = round2(p.investment + p.jobs + p.referrals);
    (p, score)
}

/// A candidate while counting: (kind, shown profile id, name, project ids), by key.
type Found = (&'static str, Option<i64>, String, Vec<i64>);

/// The year's candidates as `actor` may see them, ranked.
pub async fn rank(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    tiers: AwardTiers,
    q: &AwardQuery,
) -> AppResult<Awards> {
    require_works_on_projects(actor)?;
    let year = year_of(q)?;
    let scope = actor
        .list_scope()
        .ok_or_else(|| AppError::forbidden("无权查看优秀乡贤企业评选"))?;
    let start = |y: i32| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|t| china().from_local_datetime(&t).single())
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| AppError::invalid("year", "年份有误"))
    };
    let landed: HashMap<i64, project::Model> = project::Entity::find()
        .filter(project::Column::Stage.eq(Stage::Landed.as_str()))
        .filter(project::Column::CountyCode.starts_with(scope.as_str()))
        .filter(project::Column::LandedAt.gte(start(year)?))
        .filter(project::Column::LandedAt.lt(start(year + 1)?))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let credited = referral::Entity::find()
        .filter(referral::Column::ProjectId.is_in(landed.keys().copied().collect::<Vec<_>>()))
        .filter(referral::Column::CreditedAt.is_not_null())
        .order_by_asc(referral::Column::Id)
        .all(conn)
        .await?;
    let people_ids: Vec<i64> = credited.iter().filter_map(|r| r.profile_id).collect();
    let people: HashMap<i64, profile::Model> = profile::Entity::find()
        .filter(profile::Column::Id.is_in(people_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    for r in &credited {
        let (key, kind, shown, name) = if r.referrer_kind == PROFILE {
            let id = r.profile_id.unwrap_or_default();
            let person = people
                .get(&id)
                .filter(|p| policy::profile(actor, p, ProfileAction::Read).is_ok());
            let name = person.map_or_else(|| "辖区外乡贤".to_owned(), |p| p.name.clone());
            (format!("p{id}"), "person", person.map(|p| p.id), name)
        } else {
            let key = format!("c{}", core(&r.company_name));
            (key, "enterprise", None, r.company_name.clone())
        };
        let entry = found.entry(key).or_insert((kind, shown, name, Vec::new()));
        if !entry.3.contains(&r.project_id) {
            entry.3.push(r.project_id);
        }
    }
    let mut items: Vec<Candidate> = found
        .into_values()
        .map(|(kind, profile_id, name, ids)| {
            let projects: Vec<CreditedProject> = ids
                .iter()
                .filter_map(|id| landed.get(id))
                .map(|p| CreditedProject {
                    id: p.id,
                    title: p.title.clone(),
                    investment_wan: p.investment_wan,
                    jobs: p.jobs.unwrap_or(0),
                })
                .collect();
            let investment_wan = projects.iter().map(|p| p.investment_wan).sum();
            let jobs = projects.iter().map(|p| p.jobs).sum();
            let referrals = projects.len() as u64;
            let (points, score) = points(investment_wan, jobs, referrals);
            let tier = tiers.of(score);
            Candidate {
                rank: 0,
                kind,
                kind_label: if kind == "person" { "乡贤" } else { "企业" },
                profile_id,
                name,
                investment_wan,
                jobs,
                referrals,
                points,
                score,
                tier: tier.map(|t| t.0),
                tier_label: tier.map_or("未入梯队", |t| t.1).to_owned(),
                projects,
            }
        })
        .collect();
    items.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.name.cmp(&b.name))
    });
    for (i, c) in items.iter_mut().enumerate() {
        c.rank = i as u64 + 1;
    }
    Ok(Awards {
        year,
        formula: FORMULA,
        tiers,
        total: items.len() as u64,
        items,
    })
}
