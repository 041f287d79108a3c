//! Openings for the calling founder (`GET /api/v1/openings/recommended`): every live opening
//! with units left, scored on chain focus, home county, space, rent, date and subsidy, with
//! the 专栏4-2 subsidy estimate and the reasons in Chinese.

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use super::opening_score::{self as fit, FocusFit, OpeningFits, OpeningParts};
use super::score::ranking;
use super::weights::OpeningWeights;
use crate::auth::CurrentUser;
use crate::auth::policy;
use crate::domain::taxonomy::segment_name;
use crate::domain::{OpeningKind, Role};
use crate::entity::json_list::from_json_list;
use crate::entity::{application, incubator, opening, profile};
use crate::error::AppResult;
use crate::service::fields;
use crate::service::region::RegionNames;
use crate::service::subsidy::{self, Estimate};

/// One opening proposed to a founder.
#[derive(Clone, Debug, Serialize)]
pub struct OpeningMatch {
    pub opening_id: i64,
    pub title: String,
    pub incubator: String,
    pub incubator_id: i64,
    pub score: f64,
    pub parts: OpeningParts,
    pub reasons: Vec<String>,
    pub missing: Vec<String>,
    /// The subsidy per year for 3 years at this rent; `None` when not in the scheme.
    pub subsidy_estimate: Option<Estimate>,
    pub kind: String,
    pub area_m2: f64,
    pub monthly_rent: f64,
    pub available_from: NaiveDate,
    pub county_code: String,
    pub county: String,
}

/// `GET /api/v1/openings/recommended`.
#[derive(Clone, Debug, Serialize)]
pub struct OpeningMatches {
    pub total: u64,
    pub items: Vec<OpeningMatch>,
}

/// The founder's own live profile: the one the account is linked to, or the one it owns.
async fn own_profile(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
) -> AppResult<Option<profile::Model>> {
    let by_link = match actor.user.profile_id {
        Some(id) => profile::Entity::find_by_id(id).one(conn).await?,
        None => None,
    };
    let found = match by_link {
        Some(p) => Some(p),
        None => {
            profile::Entity::find()
                .filter(profile::Column::OwnerUserId.eq(actor.id()))
                .filter(profile::Column::DeletedAt.is_null())
                .one(conn)
                .await?
        }
    };
    Ok(found.filter(|p| p.deleted_at.is_none()))
}

/// The area the founder asked for in their latest application, if any.
async fn latest_area_needed(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
) -> AppResult<Option<f64>> {
    Ok(application::Entity::find()
        .filter(application::Column::FounderUserId.eq(actor.id()))
        .order_by_desc(application::Column::CreatedAt)
        .order_by_desc(application::Column::Id)
        .one(conn)
        .await?
        .map(|a| a.area_needed_m2)
        .filter(|a| *a > 0.0))
}

fn label(code: &str) -> &str {
    segment_name(code).unwrap_or(code)
}

/// Everything known about the founder that ranking needs.
struct Founder {
    profile: Option<profile::Model>,
    segments: Vec<String>,
    county: Option<String>,
    area_needed: Option<f64>,
}

/// Scores and explains one opening.
fn rank_one(
    f: &Founder,
    o: &opening::Model,
    inc: &incubator::Model,
    names: &RegionNames,
    today: NaiveDate,
) -> (OpeningFits, Vec<String>, Vec<String>) {
    let mut reasons = Vec::new();
    let mut missing = Vec::new();
    let mut focus = from_json_list(&o.chains);
    if focus.is_empty() {
        focus = from_json_list(&inc.chains);
    }
    let focus_fit = fit::focus_fit(&focus, &f.segments);
    match &focus_fit {
        FocusFit::Segment(c) => reasons.push(format!("面向{}，与您的领域一致", label(c))),
        FocusFit::Chain(c) => reasons.push(format!("面向{}，与您的领域同属一条产业链", label(c))),
        FocusFit::Open => reasons.push("不限产业方向".into()),
        FocusFit::None if f.segments.is_empty() => missing.push("您的档案未登记产业领域".into()),
        FocusFit::None => missing.push("空间的产业方向与您的领域不同".into()),
    }
    let county_name = names.local_name(&inc.county_code);
    let county = match &f.county {
        Some(c) if *c == inc.county_code => {
            reasons.push(format!("位于您的家乡{county_name}"));
            1.0
        }
        _ if inc.county_code.starts_with(crate::domain::CITY_CODE) => {
            reasons.push(format!("位于咸宁市{county_name}"));
            0.3
        }
        _ => 0.0,
    };
    let kind = OpeningKind::parse(&o.kind).ok();
    let space = fit::space_fit(kind, o.area_m2, f.area_needed);
    if let Some(needed) = f.area_needed {
        if space >= 0.75 {
            reasons.push(format!(
                "面积{}平方米，与您申请的{}平方米相符",
                o.area_m2, needed
            ));
        } else {
            missing.push(format!(
                "面积{}平方米，与您申请的{}平方米差距较大",
                o.area_m2, needed
            ));
        }
    }
    let eligible = o.subsidy_eligible;
    let (qualifies, why_not) = subsidy::qualification(f.profile.as_ref(), eligible, names);
    let subsidy = fit::subsidy_fit(eligible, qualifies);
    reasons.push(if o.monthly_rent <= 0.0 {
        "免租金".to_owned()
    } else if qualifies {
        format!(
            "月租{}元，补贴后约{}元",
            o.monthly_rent,
            (o.monthly_rent * 0.6).round()
        )
    } else {
        format!("月租{}元", o.monthly_rent)
    });
    let available = fit::available_fit(o.available_from, today);
    if o.available_from <= today {
        reasons.push("现可入驻".into());
    } else {
        let days = (o.available_from - today).num_days();
        reasons.push(format!("{}起可入驻（{}天后）", o.available_from, days));
    }
    if qualifies {
        reasons.push("可享返乡创业补贴（费用的40%，每年最高5万元，最长3年）".into());
    } else if eligible {
        missing.push(format!("暂不符合返乡创业补贴条件：{why_not}"));
    } else {
        missing.push("未纳入返乡创业补贴范围".into());
    }
    let fits = OpeningFits {
        chain: focus_fit.value(),
        county,
        space,
        rent: fit::rent_fit(o.monthly_rent),
        available,
        subsidy,
    };
    (fits, reasons, missing)
}

/// Openings ranked for the calling founder, best first, at most `limit`; other roles 403.
pub async fn recommend_openings(
    conn: &impl ConnectionTrait,
    names: &RegionNames,
    weights: &OpeningWeights,
    actor: &CurrentUser,
    limit: usize,
) -> AppResult<OpeningMatches> {
    policy::require_role(actor, &[Role::Founder])?;
    let profile = own_profile(conn, actor).await?;
    let founder = Founder {
        segments: profile
            .as_ref()
            .map(|p| from_json_list(&p.chains))
            .unwrap_or_default(),
        county: profile
            .as_ref()
            .and_then(|p| p.hometown_code.get(..6).map(str::to_owned)),
        area_needed: latest_area_needed(conn, actor).await?,
        profile,
    };
    let today = fields::today();
    // A space the founder has applied for (and not been refused or withdrawn from) is not
    // recommended to them again: it was the top one for someone already accepted there.
    let applied: Vec<i64> = application::Entity::find()
        .select_only()
        .column(application::Column::OpeningId)
        .filter(application::Column::FounderUserId.eq(actor.id()))
        .filter(application::Column::Status.is_not_in([
            crate::domain::ApplicationStatus::Rejected.as_str(),
            crate::domain::ApplicationStatus::Withdrawn.as_str(),
        ]))
        .into_tuple()
        .all(conn)
        .await?;
    let mut ranked: Vec<(f64, OpeningMatch)> = crate::service::opening::live_with_incubators(conn)
        .await?
        .into_iter()
        .filter(|(o, _)| !applied.contains(&o.id))
        .filter_map(|(o, inc)| {
            let (fits, reasons, missing) = rank_one(&founder, &o, &inc, names, today);
            let parts = fits.parts(weights);
            let score = parts.total();
            (score > 0.0).then(|| {
                let item = OpeningMatch {
                    opening_id: o.id,
                    incubator_id: inc.id,
                    incubator: inc.name.clone(),
                    score,
                    parts,
                    reasons,
                    missing,
                    subsidy_estimate: o.subsidy_eligible.then(|| subsidy::at_rent(o.monthly_rent)),
                    county: names.local_name(&inc.county_code),
                    county_code: inc.county_code,
                    title: o.title,
                    kind: o.kind,
                    area_m2: o.area_m2,
                    monthly_rent: o.monthly_rent,
                    available_from: o.available_from,
                };
                (score, item)
            })
        })
        .collect();
    ranked.sort_by(|a, b| ranking((a.0, false, a.1.opening_id), (b.0, false, b.1.opening_id)));
    let total = ranked.len() as u64;
    let items = ranked.into_iter().take(limit).map(|(_, i)| i).collect();
    Ok(OpeningMatches { total, items })
}
