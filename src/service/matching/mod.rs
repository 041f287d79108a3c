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
pub mod opening_score;
pub mod openings;
pub mod person;
pub mod project;
pub mod score;
pub mod weights;

/// Company-name keys are domain knowledge (the index uses them too).
pub use crate::domain::company;
pub use openings::{OpeningMatch, OpeningMatches, recommend_openings};
pub use person::{ProfileMatches, ProjectMatch, match_profile};
pub use project::{MatchItem, ProjectMatches, match_project};
pub use weights::{MatchWeights, OpeningWeights};

use serde::Deserialize;

use crate::domain::{CapitalRange, Intent, Need, Tier};
use crate::entity::{profile, project as project_entity};
use crate::error::{AppError, AppResult};
use crate::search::indexable;
use crate::service::profile::input::from_json_list;
use score::{Person, ProjectSpec};

/// Items of a match list when `limit` is not given, and the most it may ask for.
pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;

/// `?limit=` of the match lists.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchQuery {
    pub limit: Option<String>,
}

impl MatchQuery {
    /// The limit asked for: 1–100, 20 when not given.
    pub fn limit(&self) -> AppResult<usize> {
        match self
            .limit
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
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
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(e.into()))
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
        };
        assert_eq!(q(None).limit().ok(), Some(20));
        assert_eq!(q(Some("5")).limit().ok(), Some(5));
        assert_eq!(q(Some("100")).limit().ok(), Some(100));
        for bad in ["0", "101", "x", "-1"] {
            assert!(q(Some(bad)).limit().is_err(), "{bad}");
        }
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
