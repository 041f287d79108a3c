//! Turning a project request into validated values, each error naming its field.

use sea_orm::ConnectionTrait;
use serde::Deserialize;

use crate::domain::{CITY_CODE, ChainSegment, Need, RegionCode, RegionLevel, Stage, limits};
use crate::error::{AppError, AppResult};
use crate::service::{fields, region};

/// The largest investment a project may state: 1,000 亿元.
pub const MAX_INVESTMENT_WAN: i64 = 10_000_000;

/// `POST /api/v1/projects` and the fields of `PATCH` (all optional there).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectReq {
    pub title: Option<String>,
    pub segment: Option<String>,
    pub description: Option<String>,
    pub needs: Option<Vec<String>>,
    pub county_code: Option<String>,
    pub park: Option<String>,
    pub investment_wan: Option<i64>,
    /// Jobs the project creates; `null` on PATCH keeps the stored value.
    pub jobs: Option<i64>,
    pub stage: Option<String>,
    pub target_companies: Option<Vec<String>>,
    /// Whether founders and organizers may see the public summary (default false).
    pub public: Option<bool>,
    /// Required on PATCH: the version the editor saw.
    pub version: Option<i32>,
}

/// Fields after validation; `None` means "not given" (keep on update).
#[derive(Clone, Debug, Default)]
pub struct ProjectFields {
    pub title: Option<String>,
    pub segment: Option<ChainSegment>,
    pub description: Option<String>,
    pub needs: Option<Vec<Need>>,
    pub county: Option<RegionCode>,
    pub park: Option<String>,
    pub investment_wan: Option<i64>,
    pub jobs: Option<i64>,
    pub stage: Option<Stage>,
    pub target_companies: Option<Vec<String>>,
    pub public: Option<bool>,
}

/// Validates every given field; the county is checked against the region tree.
pub async fn validate(conn: &impl ConnectionTrait, req: ProjectReq) -> AppResult<ProjectFields> {
    let mut out = ProjectFields::default();
    if let Some(title) = req.title {
        out.title = Some(fields::text("title", &title, limits::project::TITLE)?);
    }
    if let Some(raw) = req.segment {
        out.segment = Some(ChainSegment::parse(&raw).map_err(|m| AppError::invalid("segment", m))?);
    }
    if let Some(description) = req.description {
        out.description = Some(fields::text(
            "description",
            &description,
            limits::project::DESCRIPTION,
        )?);
    }
    if let Some(needs) = req.needs {
        let mut parsed = Vec::new();
        for raw in needs {
            let need = Need::parse(&raw).map_err(|m| AppError::invalid("needs", m))?;
            if !parsed.contains(&need) {
                parsed.push(need);
            }
        }
        parsed.sort();
        out.needs = Some(parsed);
    }
    if let Some(raw) = req.county_code {
        let levels = [RegionLevel::County];
        out.county =
            Some(region::require(conn, "county_code", &raw, &levels, Some(CITY_CODE)).await?);
    }
    if let Some(park) = req.park {
        out.park = Some(fields::text("park", &park, limits::project::PARK)?);
    }
    if let Some(amount) = req.investment_wan {
        if !(0..=MAX_INVESTMENT_WAN).contains(&amount) {
            return Err(AppError::invalid(
                "investment_wan",
                format!("投资额（万元）应在 0–{MAX_INVESTMENT_WAN} 之间"),
            ));
        }
        out.investment_wan = Some(amount);
    }
    if let Some(jobs) = req.jobs {
        let max = limits::project::MAX_JOBS;
        if !(0..=max).contains(&jobs) {
            return Err(AppError::invalid(
                "jobs",
                format!("新增就业岗位应在 0–{max} 之间"),
            ));
        }
        out.jobs = Some(jobs);
    }
    if let Some(raw) = req.stage {
        out.stage = Some(Stage::parse(&raw).map_err(|m| AppError::invalid("stage", m))?);
    }
    if let Some(companies) = req.target_companies {
        out.target_companies = Some(fields::name_list(
            "target_companies",
            companies,
            limits::project::TARGET_COMPANIES,
        )?);
    }
    out.public = req.public;
    Ok(out)
}
