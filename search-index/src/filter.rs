//! Search filters (region, chain, intent, capital, verification, consent), evaluated per
//! segment as bit sets: each filter term's documents come from the segment cache, so a filter
//! costs a few word-wise ANDs however many documents it matches.

use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{SegmentReader, Term};

use crate::bits::DocBits;
use crate::model::SearchQuery;
use crate::schema::Fields;
use crate::segment_cache::SegmentCache;

/// Documents must have ANY of `terms` in `field`.
struct Clause {
    field: Field,
    terms: Vec<String>,
}

/// All clauses must hold.
pub(crate) struct Filter {
    clauses: Vec<Clause>,
    /// Documents must have one of these ids (read from the id field's postings).
    ids: Option<(Field, Vec<i64>)>,
}

fn any_of(field: Field, values: &[String]) -> Option<Clause> {
    let mut terms: Vec<String> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect();
    terms.sort_unstable();
    terms.dedup();
    (!terms.is_empty()).then_some(Clause { field, terms })
}

fn one(field: Field, value: &str) -> Option<Clause> {
    Some(Clause {
        field,
        terms: vec![value.to_string()],
    })
}

impl Filter {
    /// The filters of `q`; `None` if it has none (empty values are ignored).
    pub(crate) fn of(f: &Fields, q: &SearchQuery) -> Option<Filter> {
        let mut clauses: Vec<Clause> = Vec::new();
        for prefix in &q.region_prefixes {
            clauses.extend(any_of(f.region, std::slice::from_ref(prefix)));
        }
        clauses.extend(any_of(f.chain, &q.chains));
        clauses.extend(any_of(f.intent, &q.intents));
        clauses.extend(any_of(f.capital, &q.capital_ranges));
        if let Some(verified) = q.verified {
            clauses.extend(one(
                f.flags,
                if verified { "verified" } else { "unverified" },
            ));
        }
        if q.consent_only {
            clauses.extend(one(f.flags, "consent"));
        }
        let ids = q.ids.clone().map(|ids| (f.id, ids));
        (!clauses.is_empty() || ids.is_some()).then_some(Filter { clauses, ids })
    }

    /// The live documents of `reader` passing every clause.
    pub(crate) fn evaluate(
        &self,
        reader: &SegmentReader,
        cache: &SegmentCache,
    ) -> tantivy::Result<DocBits> {
        let mut acc: Option<DocBits> = None;
        for clause in &self.clauses {
            let mut any: Option<DocBits> = None;
            for term in &clause.terms {
                let bits = cache.term_bits(reader, clause.field, term)?;
                match &mut any {
                    None => any = Some((*bits).clone()),
                    Some(a) => a.or_with(&bits),
                }
            }
            let any = any.unwrap_or_else(|| DocBits::empty(reader.max_doc()));
            match &mut acc {
                None => acc = Some(any),
                Some(a) => a.and_with(&any),
            }
        }
        if let Some((field, ids)) = &self.ids {
            let mut any = DocBits::empty(reader.max_doc());
            let inverted = reader.inverted_index(*field)?;
            for id in ids {
                let term = Term::from_field_i64(*field, *id);
                if let Some(info) = inverted.get_term_info(&term)? {
                    any.add_postings(
                        inverted
                            .read_block_postings_from_terminfo(&info, IndexRecordOption::Basic)?,
                    );
                }
            }
            match &mut acc {
                None => acc = Some(any),
                Some(a) => a.and_with(&any),
            }
        }
        let mut acc = acc.unwrap_or_else(|| DocBits::empty(reader.max_doc()));
        if let Some(alive) = cache.alive(reader) {
            acc.and_with(&alive);
        }
        Ok(acc)
    }
}
