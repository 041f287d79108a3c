//! Facet counts (documents per segment code and per county) over every matching document.
//!
//! Each facet value's documents are a cached bit set (see [`crate::segment_cache`]); its count
//! is the population count of that set ANDed with the matches, a few thousand word operations
//! per value for a million documents, whatever the number of matches.

use tantivy::SegmentReader;

use crate::bits::DocBits;
use crate::model::Facets;
use crate::schema::Fields;
use crate::segment_cache::SegmentCache;

/// Adds the facet counts of one segment's matches to `out`; `matches` `None` means every live
/// document.
pub(crate) fn count_segment(
    reader: &SegmentReader,
    f: &Fields,
    cache: &SegmentCache,
    matches: Option<&DocBits>,
    out: &mut Facets,
) -> tantivy::Result<()> {
    let alive = cache.alive(reader);
    for term in cache.facet_terms(reader, f)?.iter() {
        let field = if term.chain { f.chain } else { f.region };
        let bits = cache.term_bits(reader, field, &term.value)?;
        let count = match (matches, &alive) {
            (Some(m), _) => bits.and_count(m),
            (None, Some(alive)) => bits.and_count(alive),
            (None, None) => bits.count(),
        };
        if count > 0 {
            let map = if term.chain {
                &mut out.chain
            } else {
                &mut out.county
            };
            *map.entry(term.value.clone()).or_insert(0) += count;
        }
    }
    Ok(())
}
