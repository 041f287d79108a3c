//! Explainable matching: people for a project, projects for a person, openings for a
//! founder.
//!
//! A score is the sum of named parts, each a fit between 0 and 1 times a configured weight
//! ([`weights`]), each with a reason in Chinese and, where it falls short, what is missing
//! ([`explain`]). The arithmetic is pure ([`score`], [`company`]); [`project`], [`person`]
//! and [`openings`] gather the inputs from the index and the database. Only consented,
//! listed, live profiles are ever matched, and that is re-checked against the database rows,
//! not taken from the index, which may lag a withdrawal by a moment.

pub mod explain;
pub mod need;
pub mod opening_score;
pub mod openings;
pub mod outcome;
pub mod person;
pub mod project;
pub mod role;
pub mod score;
pub mod seniority;
pub mod weights;

/// Company-name keys are domain knowledge (the index uses them too).
pub use crate::domain::company;
pub use openings::{OpeningMatch, OpeningMatches, recommend_openings};
pub use person::{ProfileMatches, ProjectMatch, match_profile};
pub use project::{MatchItem, ProjectMatches, match_project};
pub use weights::{MatchWeights, OpeningWeights};

use serde::Deserialize;

use crate::domain::{CapitalRange, Intent, Need, Tier};
use crate::entity::json_list::from_json_list;
use crate::entity::{profile, project as project_entity};
use crate::error::{AppError, AppResult};
use crate::search::indexable;
use score::{Person, ProjectSpec};

/// Items of a match list when `limit` is not given, and the most it may ask for.
pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;

/// `?page=&per_page=&limit=&region=&verified=&intent=` of the match lists. `limit` is the old
/// name of `per_page` and still works; the filters apply to people for a project.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchQuery {
    pub limit: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
    /// `本县` (or `county`): the project's county; or a region code (the hometown lies in it).
    pub region: Option<String>,
    pub verified: Option<String>,
    pub intent: Option<String>,
}

/// Where the people of a match list come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegionFilter {
    /// The project's own county (本县).
    ProjectCounty,
    /// Hometown inside this region code.
    Code(String),
}

/// The filters of a list of people for a project.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatchFilter {
    pub region: Option<RegionFilter>,
    pub verified: Option<bool>,
    pub intent: Option<Intent>,
}

impl MatchFilter {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// Whether a person passes, `county_code` being the project's county.
    pub fn admits(
        &self,
        county_code: &str,
        hometown: &str,
        verified: bool,
        intents: &[String],
    ) -> bool {
        let region_ok = match &self.region {
            None => true,
            Some(RegionFilter::ProjectCounty) => {
                !county_code.is_empty() && hometown.starts_with(county_code)
            }
            Some(RegionFilter::Code(code)) => hometown.starts_with(code.as_str()),
        };
        region_ok
            && self.verified.is_none_or(|v| v == verified)
            && self
                .intent
                .is_none_or(|i| intents.iter().any(|x| x == i.as_str()))
    }
}

/// One page of a match list and its filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchPage {
    /// From 1.
    pub page: usize,
    pub per_page: usize,
    pub filter: MatchFilter,
}

impl MatchPage {
    /// The first `n` people, unfiltered.
    pub fn first(n: usize) -> Self {
        Self {
            page: 1,
            per_page: n,
            filter: MatchFilter::default(),
        }
    }

    /// Items before this page.
    pub fn offset(&self) -> usize {
        (self.page - 1) * self.per_page
    }
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl MatchQuery {
    /// The page size asked for (`per_page`, or its old name `limit`): 1–100, 20 when not given.
    pub fn limit(&self) -> AppResult<usize> {
        if let Some(n) = self.per_page {
            return usize::try_from(n)
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| AppError::invalid("per_page", "每页 1–100 条"));
        }
        match blank(&self.limit) {
            None => Ok(DEFAULT_LIMIT),
            Some(raw) => raw
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    AppError::invalid("limit", format!("limit 应为 1–{MAX_LIMIT} 的整数"))
                }),
        }
    }

    /// The page, its size and the filters; 400 naming the field for anything unreadable.
    pub fn page(&self) -> AppResult<MatchPage> {
        let per_page = self.limit()?;
        let page = self.page.unwrap_or(1);
        if page == 0 || page > 100_000 {
            return Err(AppError::invalid("page", "页码从 1 开始"));
        }
        let region = match blank(&self.region) {
            None => None,
            Some("本县" | "county") => Some(RegionFilter::ProjectCounty),
            Some(code)
                if matches!(code.len(), 2 | 4 | 6 | 9 | 12)
                    && code.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Some(RegionFilter::Code(code.to_owned()))
            }
            Some(_) => {
                return Err(AppError::invalid("region", "region 应为“本县”或地区代码"));
            }
        };
        let verified = match blank(&self.verified) {
            None => None,
            Some("true" | "1") => Some(true),
            Some("false" | "0") => Some(false),
            Some(_) => return Err(AppError::invalid("verified", "verified 应为 true 或 false")),
        };
        let intent = blank(&self.intent)
            .map(|i| Intent::parse(i).map_err(|m| AppError::invalid("intent", m)))
            .transpose()?;
        Ok(MatchPage {
            page: usize::try_from(page).unwrap_or(1),
            per_page,
            filter: MatchFilter {
                region,
                verified,
                intent,
            },
        })
    }
}

/// Whether a profile may take part in matching at all: live, listed and consented.
pub fn matchable(p: &profile::Model) -> bool {
    indexable(p) && p.consent_match
}

/// What scoring needs of a profile.
pub fn person_of(p: &profile::Model) -> Person {
    Person {
        id: p.id,
        segments: from_json_list(&p.chains),
        hometown_code: p.hometown_code.clone(),
        employer: p.employer.clone(),
        title: p.title.clone(),
        intents: from_json_list(&p.intents)
            .iter()
            .filter_map(|i| Intent::parse(i).ok())
            .collect(),
        capital: p
            .capital_range
            .as_deref()
            .and_then(|c| CapitalRange::parse(c).ok()),
        tier: Tier::parse(&p.tier).ok(),
        verified: p.verified,
    }
}

/// What scoring needs of a project.
pub fn spec_of(p: &project_entity::Model) -> ProjectSpec {
    ProjectSpec {
        segment: p.segment.clone(),
        county_code: p.county_code.clone(),
        needs: from_json_list(&p.needs)
            .iter()
            .filter_map(|n| Need::parse(n).ok())
            .collect(),
        investment_wan: p.investment_wan,
        target_companies: from_json_list(&p.target_companies),
    }
}

/// The text of a project compared with people's texts: title and description. Target
/// companies are left out: working at one is the employer part's business, and counting it
/// in the text as well would score the same fact twice. (Expanding trade words with their
/// synonyms was tried and left out: see `tests/matching_eval/README.md`.)
pub fn project_text(p: &project_entity::Model) -> String {
    format!("{}。{}", p.title, p.description)
}

/// Runs an index call off the async threads (tantivy searches are CPU work).
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, search_index::IndexError> + Send + 'static,
) -> AppResult<T> {
    crate::service::blocking::run(f).await
}

/// The words between `<em>` and `</em>` of the index's highlights, each once.
fn marked_words(highlights: &[search_index::Highlight]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in highlights {
        let mut rest = h.fragment.as_str();
        while let Some(start) = rest.find("<em>") {
            let after = &rest[start + 4..];
            let Some(end) = after.find("</em>") else {
                break;
            };
            let word = after[..end].trim().to_owned();
            if !word.is_empty() && !out.contains(&word) {
                out.push(word);
            }
            rest = &after[end + 5..];
        }
    }
    out
}

/// The project's words found in a person's expertise, title, employer and bio.
fn matched_words(index: &search_index::SearchIndex, text: &str, p: &profile::Model) -> Vec<String> {
    marked_words(&index.highlight(
        text,
        &[
            ("expertise", &p.expertise),
            ("title", &p.title),
            ("employer", &p.employer),
            ("bio", &p.bio),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_defaults_and_bounds() {
        let q = |l: Option<&str>| MatchQuery {
            limit: l.map(str::to_owned),
            ..Default::default()
        };
        assert_eq!(q(None).limit().ok(), Some(20));
        assert_eq!(q(Some("5")).limit().ok(), Some(5));
        assert_eq!(q(Some("100")).limit().ok(), Some(100));
        for bad in ["0", "101", "x", "-1"] {
            assert!(q(Some(bad)).limit().is_err(), "{bad}");
        }
    }

    #[test]
    fn page_and_filters_are_read_or_refused_by_field() {
        let q = |f: fn(&mut MatchQuery)| {
            let mut q = MatchQuery::default();
            f(&mut q);
            q.page()
        };
        let p = q(|q| {
            q.page = Some(3);
            q.per_page = Some(10);
            q.region = Some("本县".into());
            q.verified = Some("true".into());
            q.intent = Some("invest".into());
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((p.page, p.per_page, p.offset()), (3, 10, 20));
        assert_eq!(p.filter.region, Some(RegionFilter::ProjectCounty));
        assert_eq!(p.filter.verified, Some(true));
        assert_eq!(p.filter.intent, Some(Intent::Invest));
        assert!(
            q(|q| q.limit = Some("7".into())).is_ok_and(|p| p.per_page == 7 && p.filter.is_empty())
        );
        for bad in [
            (|q: &mut MatchQuery| q.page = Some(0)) as fn(&mut MatchQuery),
            |q| q.per_page = Some(101),
            |q| q.region = Some("通城".into()),
            |q| q.verified = Some("yes".into()),
            |q| q.intent = Some("gamble".into()),
        ] {
            assert!(q(bad).is_err());
        }
        let f = MatchFilter {
            region: Some(RegionFilter::ProjectCounty),
            verified: None,
            intent: Some(Intent::Tech),
        };
        assert!(f.admits("421222", "421222100201", false, &["tech".into()]));
        assert!(!f.admits("421222", "421223100201", false, &["tech".into()]));
        assert!(!f.admits("421222", "421222100201", false, &["invest".into()]));
    }

    #[test]
    fn marked_words_are_read_from_highlights() {
        let h = search_index::Highlight {
            field: "expertise".into(),
            fragment: "<em>光模块</em>封装与<em>光器件</em>测试，<em>光模块</em>".into(),
        };
        assert_eq!(marked_words(&[h]), vec!["光模块", "光器件"]);
    }
}
