//! The index schema: which fields exist, how each is analysed, and the boosts queries use.
//!
//! Text goes into two fields (see [`crate::analysis`]'s tokenizer), so a search word reads two
//! posting lists rather than one per part of a profile: `who` (name and its pinyin, tags,
//! hometown names and their pinyin, residence) and `what` (expertise, title, employer, bio:
//! what a person does, which is also what matching compares project texts with). No text is
//! stored (the database has it) and no positions are kept (no phrase queries); ids, versions
//! and a few small values are fast fields.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::TOKENIZER;

/// Fast field holding the default order of hits (see [`crate::document::rank_key`]).
pub(crate) const RANK: &str = "rank";
/// Fast field: consent to matching (read while collecting match candidates).
pub(crate) const CONSENT: &str = "consent";
/// Fast field: the profile id.
pub(crate) const ID: &str = "id";
/// Fast field: the profile version.
pub(crate) const VERSION: &str = "version";
/// Fast fields read to score match candidates (see [`crate::MatchAttrs`]).
pub(crate) const HOME: &str = "home";
pub(crate) const EMPLOYER: &str = "employer";
pub(crate) const TITLE: &str = "title";
pub(crate) const TIER: &str = "tier";
pub(crate) const SEGMENTS: &str = "segments";
pub(crate) const INTENT: &str = "intent";
pub(crate) const CAPITAL: &str = "capital";
pub(crate) const VERIFIED: &str = "verified";

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub version: Field,
    pub rank: Field,
    pub consent: Field,
    /// Name (its whole-name terms counted three times), name pinyin, tags, hometown names and
    /// their pinyin, residence.
    pub who: Field,
    /// Expertise (counted twice), title, employer, bio: for matching.
    pub what: Field,
    /// Every ancestor code of the hometown (raw terms), for region filters and county facets.
    pub region: Field,
    /// Segment codes and their chain codes (raw terms), for filters, facets and match scoring.
    pub chain: Field,
    pub intent: Field,
    pub capital: Field,
    /// "verified"/"unverified" and "consent"/"no_consent".
    pub flags: Field,
    /// The employer's keys (raw terms), to find the people of a project's target companies.
    pub employer_key: Field,
    /// Fast only, for scoring match candidates without the database: hometown code, employer,
    /// title, tier, segment codes as given, verified (intents and capital are fast as well).
    pub home: Field,
    pub employer: Field,
    pub title: Field,
    pub tier: Field,
    pub segments: Field,
    pub verified: Field,
}

fn text() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

/// Untokenized keyword field; `with_freqs` where the term takes part in scoring (block-max
/// pruning needs frequencies).
fn keyword(with_freqs: bool) -> TextOptions {
    let record = if with_freqs {
        IndexRecordOption::WithFreqs
    } else {
        IndexRecordOption::Basic
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(record)
            .set_fieldnorms(false),
    )
}

/// A string kept only as a fast field (not searchable), read back by match scoring.
fn fast_str() -> TextOptions {
    TextOptions::default().set_fast("raw")
}

/// The schema of a profile index and its field handles.
pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_i64_field(ID, INDEXED | FAST),
        version: b.add_i64_field(VERSION, FAST),
        rank: b.add_u64_field(RANK, FAST),
        consent: b.add_bool_field(CONSENT, NumericOptions::default().set_fast()),
        who: b.add_text_field("who", text()),
        what: b.add_text_field("what", text()),
        region: b.add_text_field("region", keyword(false)),
        chain: b.add_text_field("chain", keyword(true)),
        intent: b.add_text_field(INTENT, keyword(false).set_fast("raw")),
        capital: b.add_text_field(CAPITAL, keyword(false).set_fast("raw")),
        flags: b.add_text_field("flags", keyword(false)),
        employer_key: b.add_text_field("employer_key", keyword(false)),
        home: b.add_text_field(HOME, fast_str()),
        employer: b.add_text_field(EMPLOYER, fast_str()),
        title: b.add_text_field(TITLE, fast_str()),
        tier: b.add_text_field(TIER, fast_str()),
        segments: b.add_text_field(SEGMENTS, fast_str()),
        verified: b.add_bool_field(VERIFIED, NumericOptions::default().set_fast()),
    };
    (b.build(), fields)
}

impl Fields {
    /// Fields a search word may match, with boosts. Within a field the parts that matter more
    /// already count more than once (whole name, expertise); `who` also weighs more than
    /// `what`, so a person's name beats a passing mention in someone else's biography.
    pub(crate) fn search_fields(&self) -> [(Field, f32); 2] {
        [(self.who, 1.5), (self.what, 1.0)]
    }
}
