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
        intent: b.add_text_field("intent", keyword(false)),
        capital: b.add_text_field("capital", keyword(false)),
        flags: b.add_text_field("flags", keyword(false)),
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
