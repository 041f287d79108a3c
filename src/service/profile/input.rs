//! Turning a profile request into validated values, one field at a time, each
//! error naming its field.

use chrono::Datelike;
use sea_orm::ConnectionTrait;
use serde::Deserialize;

use crate::domain::limits::{Text, profile};
use crate::domain::mobile::Mobile;
use crate::domain::{
    CITY_CODE, CapitalRange, ChainSegment, Education, Gender, Intent, PersonName, RegionCode,
    RegionLevel, Tier,
};
use crate::error::{AppError, AppResult};
use crate::service::{fields, region};

/// `POST /api/v1/profiles` and the fields of `PATCH` (all optional there).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileReq {
    pub name: Option<String>,
    pub gender: Option<Gender>,
    pub birth_year: Option<i32>,
    pub hometown_code: Option<String>,
    pub residence_code: Option<String>,
    pub employer: Option<String>,
    pub title: Option<String>,
    pub education: Option<Education>,
    pub chains: Option<Vec<String>>,
    pub expertise: Option<String>,
    pub bio: Option<String>,
    pub intents: Option<Vec<Intent>>,
    pub capital_range: Option<CapitalRange>,
    pub mobile: Option<String>,
    pub wechat: Option<String>,
    pub email: Option<String>,
    pub consent_match: Option<bool>,
    pub consent_basis: Option<String>,
    pub listed: Option<bool>,
    pub tier: Option<Tier>,
    pub tags: Option<Vec<String>>,
    /// Required on PATCH: the version the editor saw.
    pub version: Option<i32>,
    /// On create: save although a likely duplicate outside the caller's view exists.
    pub force: Option<bool>,
}

/// Fields after validation; `None` means "not given" (keep on update).
#[derive(Clone, Debug, Default)]
pub struct ProfileFields {
    pub name: Option<String>,
    pub gender: Option<Option<Gender>>,
    pub birth_year: Option<Option<i32>>,
    pub hometown: Option<RegionCode>,
    pub residence: Option<Option<RegionCode>>,
    pub employer: Option<String>,
    pub title: Option<String>,
    pub education: Option<Option<Education>>,
    pub chains: Option<Vec<ChainSegment>>,
    pub expertise: Option<String>,
    pub bio: Option<String>,
    pub intents: Option<Vec<Intent>>,
    pub capital_range: Option<Option<CapitalRange>>,
    pub mobile: Option<Option<Mobile>>,
    pub wechat: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub consent_match: Option<bool>,
    pub consent_basis: Option<Option<String>>,
    pub listed: Option<bool>,
    pub tier: Option<Tier>,
    pub tags: Option<Vec<String>>,
    /// Set by the Excel import only: what the phone cell held beside the mobile.
    pub contact_note: Option<Option<String>>,
    /// Set by the Excel import only: a 现居地 that names no county, as typed.
    pub residence_text: Option<Option<String>>,
}

/// A given text field within `limit`, trimmed.
fn text(field: &str, value: Option<String>, limit: Text) -> AppResult<Option<String>> {
    value.map(|v| fields::text(field, &v, limit)).transpose()
}

/// A given text field that a blank value clears (`Some(None)`).
fn optional_text(
    field: &str,
    value: Option<String>,
    limit: Text,
) -> AppResult<Option<Option<String>>> {
    Ok(text(field, value, limit)?.map(|v| (!v.is_empty()).then_some(v)))
}

/// Validates every given field; region codes are checked against the tree.
pub async fn validate(conn: &impl ConnectionTrait, req: ProfileReq) -> AppResult<ProfileFields> {
    let mut out = ProfileFields::default();
    if let Some(name) = req.name {
        out.name = Some(
            PersonName::parse(&name)
                .map_err(|m| AppError::invalid("name", m))?
                .into_inner(),
        );
    }
    out.gender = req.gender.map(Some);
    if let Some(year) = req.birth_year {
        let now = chrono::Utc::now().year();
        let (earliest, latest) = (profile::EARLIEST_BIRTH_YEAR, now - profile::MIN_AGE);
        if !(earliest..=latest).contains(&year) {
            return Err(AppError::invalid(
                "birth_year",
                format!("出生年份应在 {earliest}–{latest} 之间"),
            ));
        }
        out.birth_year = Some(Some(year));
    }
    if let Some(code) = req.hometown_code {
        let levels = [RegionLevel::Township, RegionLevel::Village];
        out.hometown =
            Some(region::require(conn, "hometown_code", &code, &levels, Some(CITY_CODE)).await?);
    }
    if let Some(code) = req.residence_code {
        out.residence = Some(if code.trim().is_empty() {
            None
        } else {
            Some(
                region::require(conn, "residence_code", &code, &[RegionLevel::County], None)
                    .await?,
            )
        });
    }
    out.employer = text("employer", req.employer, profile::EMPLOYER)?;
    out.title = text("title", req.title, profile::TITLE)?;
    out.education = req.education.map(Some);
    if let Some(chains) = req.chains {
        let mut parsed = Vec::new();
        for raw in chains {
            let segment = ChainSegment::parse(&raw).map_err(|m| AppError::invalid("chains", m))?;
            if !parsed.contains(&segment) {
                parsed.push(segment);
            }
        }
        out.chains = Some(parsed);
    }
    out.expertise = text("expertise", req.expertise, profile::EXPERTISE)?;
    out.bio = text("bio", req.bio, profile::BIO)?;
    out.intents = req.intents.map(|mut v| {
        v.sort();
        v.dedup();
        v
    });
    out.capital_range = req.capital_range.map(Some);
    if let Some(mobile) = req.mobile {
        out.mobile = Some(if mobile.trim().is_empty() {
            None
        } else {
            Some(Mobile::parse(&mobile).map_err(|m| AppError::invalid("mobile", m))?)
        });
    }
    if let Some(wechat) = optional_text("wechat", req.wechat, profile::WECHAT)? {
        if let Some(w) = &wechat
            && !w
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(AppError::invalid(
                "wechat",
                "微信号只能包含字母、数字、_ 和 -",
            ));
        }
        out.wechat = Some(wechat);
    }
    if let Some(email) = optional_text("email", req.email, profile::EMAIL)? {
        if let Some(e) = &email {
            let ok = e.split_once('@').is_some_and(|(user, domain)| {
                !user.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !e.contains(char::is_whitespace)
            });
            if !ok {
                return Err(AppError::invalid("email", "电子邮箱格式不正确"));
            }
        }
        out.email = Some(email);
    }
    out.consent_match = req.consent_match;
    out.consent_basis = optional_text("consent_basis", req.consent_basis, profile::CONSENT_BASIS)?;
    out.listed = req.listed;
    out.tier = req.tier;
    if let Some(tags) = req.tags {
        out.tags = Some(fields::name_list("tags", tags, profile::TAGS)?);
    }
    Ok(out)
}

/// The JSON list columns' helpers live with the entities; re-exported for the services.
pub use crate::entity::json_list::{from_json_list, to_json_list};
