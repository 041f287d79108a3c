//! Facet counting over every matching document, per segment, from column (fast field) data:
//! each document's values are dictionary ordinals, so counting is an array increment and
//! strings are only looked up once per distinct value at the end.

use std::collections::BTreeMap;

use tantivy::columnar::StrColumn;
use tantivy::{DocId, SegmentReader};

use crate::model::Facets;
use crate::schema::{COUNTY_FACET, SEGMENT_FACET};

/// Counts for one column of one segment.
struct ColumnCounts {
    column: StrColumn,
    counts: Vec<u64>,
}

impl ColumnCounts {
    fn open(reader: &SegmentReader, field: &str) -> tantivy::Result<Option<ColumnCounts>> {
        Ok(reader.fast_fields().str(field)?.map(|column| {
            let counts = vec![0; column.num_terms()];
            ColumnCounts { column, counts }
        }))
    }

    #[inline]
    fn add(&mut self, doc: DocId) {
        for ord in self.column.term_ords(doc) {
            if let Some(c) = usize::try_from(ord)
                .ok()
                .and_then(|o| self.counts.get_mut(o))
            {
                *c += 1;
            }
        }
    }

    fn into_map(self, out: &mut BTreeMap<String, u64>) {
        let mut value = String::new();
        for (ord, &count) in self.counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            value.clear();
            if matches!(self.column.ord_to_str(ord as u64, &mut value), Ok(true)) {
                *out.entry(value.clone()).or_insert(0) += count;
            }
        }
    }
}

/// Facet counting for one segment.
pub(crate) struct SegmentFacets {
    chain: Option<ColumnCounts>,
    county: Option<ColumnCounts>,
}

impl SegmentFacets {
    /// Opens the facet columns of `reader` (a segment without any value has no column).
    pub(crate) fn open(reader: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        Ok(SegmentFacets {
            chain: ColumnCounts::open(reader, SEGMENT_FACET)?,
            county: ColumnCounts::open(reader, COUNTY_FACET)?,
        })
    }

    /// Counts one matching document.
    #[inline]
    pub(crate) fn add(&mut self, doc: DocId) {
        if let Some(c) = &mut self.chain {
            c.add(doc);
        }
        if let Some(c) = &mut self.county {
            c.add(doc);
        }
    }

    /// Adds this segment's counts to `out`.
    pub(crate) fn merge_into(self, out: &mut Facets) {
        if let Some(c) = self.chain {
            c.into_map(&mut out.chain);
        }
        if let Some(c) = self.county {
            c.into_map(&mut out.county);
        }
    }
}
