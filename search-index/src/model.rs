//! The plain data the index takes in and gives back: documents, queries and results.
//!
//! Nothing here knows about tantivy; the app builds these from its database rows and HTTP
//! requests.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One profile as indexed. Only listed, non-deleted profiles are ever given to the index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileDoc {
    /// Database id; the index holds at most one document per id.
    pub id: i64,
    /// Row version, returned with hits so the app can spot stale index entries.
    pub version: i64,
    /// Person's name (also indexed as pinyin).
    pub name: String,
    /// 9 (township) or 12 (village) digit region code of the hometown.
    pub hometown_code: String,
    /// Names along the hometown's path, e.g. "咸宁市 通城县 隽水镇 城东社区" (also indexed as pinyin).
    pub hometown_names: String,
    /// Where the person lives now, e.g. "深圳市南山区"; may be empty.
    pub residence_name: String,
    /// Employer (company or institution).
    pub employer: String,
    /// Job title, e.g. "研发总监".
    pub title: String,
    /// Field of expertise, short prose.
    pub expertise: String,
    /// Biography, longer prose.
    pub bio: String,
    /// Free tags.
    pub tags: Vec<String>,
    /// Segment codes like "terminal.components"; the chain is the part before '.'.
    pub chains: Vec<String>,
    /// Return intents, e.g. "invest", "tech".
    pub intents: Vec<String>,
    /// Investable capital range, e.g. "5m_20m", or "" if unknown.
    pub capital_range: String,
    /// Whether an organizer verified the profile.
    pub verified: bool,
    /// Whether the person consented to be matched and contacted.
    pub consent_match: bool,
    /// "normal" | "key" | "renowned".
    pub tier: String,
    /// Keyword terms the employer is found under by [`MatchQuery::employer_keys`]: the app's
    /// normalised forms of the company name (the index does not interpret them).
    pub employer_keys: Vec<String>,
}

/// A search of the profile registry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// User text; may be empty (match all), may be anything at all (never an error).
    pub text: String,
    /// Region codes (4, 6, 9 or 12 digits): the hometown must lie in the subtree of ALL of them.
    /// Empty strings are ignored.
    pub region_prefixes: Vec<String>,
    /// Segment ("terminal.components") or chain ("terminal") codes; a profile matches if it has ANY.
    pub chains: Vec<String>,
    /// Return intents; ANY.
    pub intents: Vec<String>,
    /// Capital ranges; ANY.
    pub capital_ranges: Vec<String>,
    /// Only verified (`Some(true)`) or only unverified (`Some(false)`) profiles.
    pub verified: Option<bool>,
    /// Only profiles whose owner consented to matching.
    pub consent_only: bool,
    /// Only these profile ids (an organisation's members); `None` for no such limit.
    pub ids: Option<Vec<i64>>,
    /// Hits to skip.
    pub offset: usize,
    /// Hits to return.
    pub limit: usize,
    /// Compute facet counts over ALL matching documents (not just the page).
    pub facets: bool,
    /// Reserved: the index stores no text, so hits never carry highlights. Call
    /// [`crate::SearchIndex::highlight`] with the texts of the page's profiles instead.
    pub highlights: bool,
}

/// One search hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// Profile id.
    pub id: i64,
    /// Profile version as indexed.
    pub version: i64,
    /// BM25 relevance (0 when the query had no text and hits are in the default order).
    pub score: f32,
    /// Always empty: see [`SearchQuery::highlights`].
    pub highlights: Vec<Highlight>,
}

/// A piece of one field's text with the query's words marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    /// Field name as given by the caller: "expertise", "bio", "employer", "title", "name", ...
    pub field: String,
    /// HTML-escaped text with `<em>`..`</em>` around matched words.
    pub fragment: String,
}

/// Facet counts over all documents matching a search.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// Documents per segment code (as given in [`ProfileDoc::chains`]).
    pub chain: BTreeMap<String, u64>,
    /// Documents per 6-digit county code of the hometown.
    pub county: BTreeMap<String, u64>,
}

/// The answer to a [`SearchQuery`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Exact count of all matching documents.
    pub total: usize,
    /// The requested page.
    pub hits: Vec<SearchHit>,
    /// Empty unless [`SearchQuery::facets`] was set.
    pub facets: Facets,
}

/// Candidate generation for matching people to an investment project.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchQuery {
    /// Project title + description + needs (Chinese prose).
    pub text: String,
    /// The project's chain segment, e.g. "optical.fiber".
    pub segment: Option<String>,
    /// Candidates to return (e.g. 300).
    pub limit: usize,
    /// People having any of these [`ProfileDoc::employer_keys`] are candidates too, whatever
    /// their text and chain (the employees of a project's target companies), after the
    /// `limit` ranked ones and at most `employer_limit` of them (verified, higher tier and
    /// newer first).
    pub employer_keys: Vec<String>,
    pub employer_limit: usize,
}

/// A person worth scoring for a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchCandidate {
    /// Profile id.
    pub id: i64,
    /// BM25 of the project text against expertise + bio + employer + title; 0 if none.
    pub text_score: f32,
    /// What the index holds of the person for scoring, so the best candidates can be chosen
    /// before any database row is read.
    pub attrs: MatchAttrs,
}

/// The fields of a [`ProfileDoc`] a match score reads, as indexed (trimmed; lists without
/// repeats, in no particular order).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchAttrs {
    pub hometown_code: String,
    pub employer: String,
    pub title: String,
    pub chains: Vec<String>,
    pub intents: Vec<String>,
    pub capital_range: String,
    pub tier: String,
    pub verified: bool,
}
