//! The index schema: which fields exist, how each is analysed, and the boosts queries use.
//!
//! Only ids, versions and a few small values are kept as fast fields; no text is stored (the
//! database has it), and text is indexed with frequencies but no positions (no phrase
//! queries), which keeps the index small.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::{NAME_TOKENIZER, PINYIN_TOKENIZER, TEXT_TOKENIZER};

/// Fast field holding the default order of hits (see [`crate::document::rank_key`]).
pub(crate) const RANK: &str = "rank";
/// Fast field: consent to matching (read while collecting match candidates).
pub(crate) const CONSENT: &str = "consent";
/// Fast field: the profile id.
pub(crate) const ID: &str = "id";
/// Fast field: the profile version.
pub(crate) const VERSION: &str = "version";
/// Fast (column-only) field: segment codes, for the chain facet.
pub(crate) const SEGMENT_FACET: &str = "segment_facet";
/// Fast (column-only) field: the hometown's 6-digit county code, for the county facet.
pub(crate) const COUNTY_FACET: &str = "county_facet";

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub version: Field,
    pub rank: Field,
    pub consent: Field,
    pub name: Field,
    pub name_py: Field,
    pub employer: Field,
    pub title: Field,
    pub expertise: Field,
    pub bio: Field,
    pub tags: Field,
    pub hometown: Field,
    pub hometown_py: Field,
    pub residence: Field,
    /// Every ancestor code of the hometown (raw terms), for region filters.
    pub region: Field,
    /// Segment codes and their chain codes (raw terms), for filters and match scoring.
    pub chain: Field,
    pub intent: Field,
    pub capital: Field,
    /// "verified"/"unverified" and "consent"/"no_consent".
    pub flags: Field,
    pub segment_facet: Field,
    pub county_facet: Field,
}

fn text(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
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

/// The schema of a profile index and its field handles.
pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_i64_field(ID, INDEXED | FAST),
        version: b.add_i64_field(VERSION, FAST),
        rank: b.add_u64_field(RANK, FAST),
        consent: b.add_bool_field(CONSENT, NumericOptions::default().set_fast()),
        name: b.add_text_field("name", text(NAME_TOKENIZER)),
        name_py: b.add_text_field("name_py", text(PINYIN_TOKENIZER)),
        employer: b.add_text_field("employer", text(TEXT_TOKENIZER)),
        title: b.add_text_field("title", text(TEXT_TOKENIZER)),
        expertise: b.add_text_field("expertise", text(TEXT_TOKENIZER)),
        bio: b.add_text_field("bio", text(TEXT_TOKENIZER)),
        tags: b.add_text_field("tags", text(TEXT_TOKENIZER)),
        hometown: b.add_text_field("hometown", text(TEXT_TOKENIZER)),
        hometown_py: b.add_text_field("hometown_py", text(PINYIN_TOKENIZER)),
        residence: b.add_text_field("residence", text(TEXT_TOKENIZER)),
        region: b.add_text_field("region", keyword(false)),
        chain: b.add_text_field("chain", keyword(true)),
        intent: b.add_text_field("intent", keyword(false)),
        capital: b.add_text_field("capital", keyword(false)),
        flags: b.add_text_field("flags", keyword(false)),
        segment_facet: b.add_text_field(SEGMENT_FACET, TextOptions::default().set_fast("raw")),
        county_facet: b.add_text_field(COUNTY_FACET, TextOptions::default().set_fast("raw")),
    };
    (b.build(), fields)
}

impl Fields {
    /// Fields a search word may match, with boosts: who someone is and what they know count
    /// more than a passing mention in the biography.
    pub(crate) fn search_fields(&self) -> [(Field, f32); 10] {
        [
            (self.name, 4.0),
            (self.name_py, 3.0),
            (self.expertise, 2.5),
            (self.title, 1.8),
            (self.employer, 1.8),
            (self.tags, 1.8),
            (self.hometown, 1.2),
            (self.hometown_py, 1.0),
            (self.residence, 1.0),
            (self.bio, 1.0),
        ]
    }

    /// Fields that hold Chinese text (the pinyin fields only ever match Latin words).
    pub(crate) fn is_pinyin(&self, field: Field) -> bool {
        field == self.name_py || field == self.hometown_py
    }

    /// Fields a project's text is compared with when matching, with boosts.
    pub(crate) fn match_fields(&self) -> [(Field, f32); 4] {
        [
            (self.expertise, 2.0),
            (self.title, 1.0),
            (self.employer, 1.5),
            (self.bio, 1.0),
        ]
    }
}
