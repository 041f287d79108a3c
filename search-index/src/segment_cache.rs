//! Data derived once per segment and reused by every search: the documents in default-rank
//! order, the live documents as a bit set, and the bit sets of filter and facet terms.
//!
//! Segments never change once written, except for deletions, which are applied on top (the
//! live-document set is rebuilt when a segment's deletion count changes). Entries of segments
//! merged away are dropped on every refresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use tantivy::columnar::{Column, ColumnValues, StrColumn};
use tantivy::index::SegmentId;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, Searcher, SegmentReader, Term};

use crate::bits::DocBits;
use crate::schema::{
    CAPITAL, CONSENT, EMPLOYER, Fields, HOME, ID, INTENT, RANK, SEGMENTS, TIER, TITLE, VERIFIED,
    VERSION,
};

/// A term's bit set is kept if at least one document in this many has it; rarer terms are
/// cheap to read from their postings each time and would only fill memory (villages).
const CACHE_DENSITY: u32 = 256;
/// Term bit sets kept per segment (bounds memory: each is one bit per document).
const MAX_TERMS_PER_SEGMENT: usize = 256;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A facet value present in a segment.
pub(crate) struct FacetTerm {
    pub chain: bool,
    pub value: String,
}

/// The fast-field columns a search reads (opening one decodes its block index, which would
/// cost more than a whole selective search if done every time).
pub(crate) struct Columns {
    pub id: Column<i64>,
    pub version: Column<i64>,
    pub rank: Arc<dyn ColumnValues<u64>>,
    pub consent: Column<bool>,
    pub attrs: AttrColumns,
}

/// The columns of [`crate::MatchAttrs`]; a string column is `None` in a segment where no
/// document has a value.
pub(crate) struct AttrColumns {
    pub home: Option<StrColumn>,
    pub employer: Option<StrColumn>,
    pub title: Option<StrColumn>,
    pub tier: Option<StrColumn>,
    pub segments: Option<StrColumn>,
    pub intents: Option<StrColumn>,
    pub capital: Option<StrColumn>,
    pub verified: Column<bool>,
}

#[derive(Default)]
struct SegmentData {
    columns: OnceLock<Arc<Columns>>,
    rank_order: OnceLock<Arc<[DocId]>>,
    /// Live documents, with the deletion count they were computed for.
    alive: Mutex<Option<(u32, Arc<DocBits>)>>,
    terms: Mutex<HashMap<(Field, String), Arc<DocBits>>>,
    facet_terms: OnceLock<Arc<[FacetTerm]>>,
}

/// Per-segment data of the segments currently searched.
#[derive(Default)]
pub(crate) struct SegmentCache {
    by_segment: Mutex<HashMap<SegmentId, Arc<SegmentData>>>,
}

impl SegmentCache {
    fn data(&self, reader: &SegmentReader) -> Arc<SegmentData> {
        Arc::clone(
            lock(&self.by_segment)
                .entry(reader.segment_id())
                .or_default(),
        )
    }

    /// Prepares the data of new segments (so no search pays for it) and forgets merged ones.
    pub(crate) fn refresh(&self, searcher: &Searcher, f: &Fields) -> tantivy::Result<()> {
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        lock(&self.by_segment).retain(|id, _| live.contains(id));
        for reader in searcher.segment_readers() {
            self.columns(reader)?;
            self.rank_order(reader)?;
            self.alive(reader);
            for t in self.facet_terms(reader, f)?.iter() {
                let field = if t.chain { f.chain } else { f.region };
                self.term_bits(reader, field, &t.value)?;
            }
        }
        Ok(())
    }

    /// The segment's id, version, rank and consent columns.
    pub(crate) fn columns(&self, reader: &SegmentReader) -> tantivy::Result<Arc<Columns>> {
        let data = self.data(reader);
        if let Some(columns) = data.columns.get() {
            return Ok(Arc::clone(columns));
        }
        let fast = reader.fast_fields();
        let columns = Arc::new(Columns {
            id: fast.i64(ID)?,
            version: fast.i64(VERSION)?,
            rank: fast.u64(RANK)?.first_or_default_col(0),
            consent: fast.bool(CONSENT)?,
            attrs: AttrColumns {
                home: fast.str(HOME)?,
                employer: fast.str(EMPLOYER)?,
                title: fast.str(TITLE)?,
                tier: fast.str(TIER)?,
                segments: fast.str(SEGMENTS)?,
                intents: fast.str(INTENT)?,
                capital: fast.str(CAPITAL)?,
                verified: fast.bool(VERIFIED)?,
            },
        });
        Ok(Arc::clone(data.columns.get_or_init(|| columns)))
    }

    /// The segment's documents (deleted ones included), best default rank first.
    pub(crate) fn rank_order(&self, reader: &SegmentReader) -> tantivy::Result<Arc<[DocId]>> {
        let data = self.data(reader);
        if let Some(order) = data.rank_order.get() {
            return Ok(Arc::clone(order));
        }
        let ranks = Arc::clone(&self.columns(reader)?.rank);
        let docs: Vec<DocId> = (0..reader.max_doc()).collect();
        let mut values = vec![0u64; docs.len()];
        ranks.get_vals(&docs, &mut values);
        let mut pairs: Vec<(u64, DocId)> = values.into_iter().zip(docs).collect();
        // Best rank first; equal ranks (only ids past 2^60) in document order.
        pairs.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let order: Arc<[DocId]> = pairs.into_iter().map(|(_, doc)| doc).collect();
        Ok(Arc::clone(data.rank_order.get_or_init(|| order)))
    }

    /// The live documents, or `None` if the segment has no deletions.
    pub(crate) fn alive(&self, reader: &SegmentReader) -> Option<Arc<DocBits>> {
        let alive = reader.alive_bitset()?;
        let deleted = reader.num_deleted_docs();
        let data = self.data(reader);
        let mut slot = lock(&data.alive);
        if let Some((n, bits)) = slot.as_ref()
            && *n == deleted
        {
            return Some(Arc::clone(bits));
        }
        let mut bits = DocBits::empty(reader.max_doc());
        for doc in alive.iter_alive() {
            bits.insert(doc);
        }
        let bits = Arc::new(bits);
        *slot = Some((deleted, Arc::clone(&bits)));
        Some(bits)
    }

    /// The documents (deleted ones included) having `term` in `field`.
    pub(crate) fn term_bits(
        &self,
        reader: &SegmentReader,
        field: Field,
        term: &str,
    ) -> tantivy::Result<Arc<DocBits>> {
        let data = self.data(reader);
        let key = (field, term.to_string());
        if let Some(bits) = lock(&data.terms).get(&key) {
            return Ok(Arc::clone(bits));
        }
        let inverted = reader.inverted_index(field)?;
        let Some(info) = inverted.get_term_info(&Term::from_field_text(field, term))? else {
            return Ok(Arc::new(DocBits::empty(reader.max_doc())));
        };
        let postings =
            inverted.read_block_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
        let bits = Arc::new(DocBits::from_postings(reader.max_doc(), postings));
        if info.doc_freq.saturating_mul(CACHE_DENSITY) >= reader.max_doc() {
            let mut terms = lock(&data.terms);
            if terms.len() >= MAX_TERMS_PER_SEGMENT {
                terms.clear();
            }
            terms.insert(key, Arc::clone(&bits));
        }
        Ok(bits)
    }

    /// The facet values present in the segment: segment codes (terms of the chain field with a
    /// '.') and 6-digit county codes (terms of the region field).
    pub(crate) fn facet_terms(
        &self,
        reader: &SegmentReader,
        f: &Fields,
    ) -> tantivy::Result<Arc<[FacetTerm]>> {
        let data = self.data(reader);
        if let Some(terms) = data.facet_terms.get() {
            return Ok(Arc::clone(terms));
        }
        let mut out = Vec::new();
        for (field, chain) in [(f.chain, true), (f.region, false)] {
            let inverted = reader.inverted_index(field)?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                let Ok(value) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let wanted = if chain {
                    value.contains('.')
                } else {
                    value.len() == 6 && value.bytes().all(|b| b.is_ascii_digit())
                };
                if wanted {
                    out.push(FacetTerm {
                        chain,
                        value: value.to_string(),
                    });
                }
            }
        }
        let terms: Arc<[FacetTerm]> = out.into();
        Ok(Arc::clone(data.facet_terms.get_or_init(|| terms)))
    }
}
