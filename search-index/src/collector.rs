//! One pass over the matching documents of a search: exact count, the top of the ranking
//! (by score, or by the default rank when there is no text) and, if asked, facet counts.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, ColumnValues};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::facets::SegmentFacets;
use crate::model::{Facets, SearchHit};
use crate::schema::{ID, RANK, VERSION};

/// What to collect.
pub(crate) struct SearchCollector {
    /// Hits to keep: offset + limit (already capped by the caller).
    pub window: usize,
    /// Rank by BM25 first (text search) or by the default rank only.
    pub by_score: bool,
    /// Count facets.
    pub facets: bool,
}

/// Sort key of a hit: score, then default rank, then (for a stable order) lower doc first.
#[derive(Clone, Copy, Debug)]
struct Key {
    score: Score,
    rank: u64,
    doc: DocId,
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then(self.rank.cmp(&other.rank))
            .then(other.doc.cmp(&self.doc))
    }
}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Key {}

/// A ranked hit with its sort key, for merging segments.
pub(crate) struct RankedHit {
    score: Score,
    rank: u64,
    segment: SegmentOrdinal,
    doc: DocId,
    hit: SearchHit,
}

/// What one segment found.
pub(crate) struct SegmentFruit {
    count: u64,
    top: Vec<RankedHit>,
    facets: Facets,
}

/// The merged result.
pub(crate) struct SearchFruit {
    pub count: u64,
    /// Best first, the whole window (the caller skips the offset).
    pub hits: Vec<SearchHit>,
    pub facets: Facets,
}

pub(crate) struct SearchSegmentCollector {
    segment: SegmentOrdinal,
    window: usize,
    by_score: bool,
    count: u64,
    /// Min-heap of the best `window` keys seen.
    heap: BinaryHeap<Reverse<Key>>,
    rank: Arc<dyn ColumnValues<u64>>,
    id: Column<i64>,
    version: Column<i64>,
    facets: Option<SegmentFacets>,
}

impl Collector for SearchCollector {
    type Fruit = SearchFruit;
    type Child = SearchSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SearchSegmentCollector> {
        let fast = reader.fast_fields();
        Ok(SearchSegmentCollector {
            segment,
            window: self.window,
            by_score: self.by_score,
            count: 0,
            heap: BinaryHeap::with_capacity(self.window.min(1024)),
            rank: fast.u64(RANK)?.first_or_default_col(0),
            id: fast.i64(ID)?,
            version: fast.i64(VERSION)?,
            facets: if self.facets {
                Some(SegmentFacets::open(reader)?)
            } else {
                None
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        self.by_score
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<SearchFruit> {
        let mut count = 0;
        let mut facets = Facets::default();
        let mut all: Vec<RankedHit> = Vec::new();
        for fruit in fruits {
            count += fruit.count;
            all.extend(fruit.top);
            for (k, v) in fruit.facets.chain {
                *facets.chain.entry(k).or_insert(0) += v;
            }
            for (k, v) in fruit.facets.county {
                *facets.county.entry(k).or_insert(0) += v;
            }
        }
        all.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.rank.cmp(&a.rank))
                .then(a.segment.cmp(&b.segment))
                .then(a.doc.cmp(&b.doc))
        });
        all.truncate(self.window);
        Ok(SearchFruit {
            count,
            hits: all.into_iter().map(|r| r.hit).collect(),
            facets,
        })
    }
}

impl SegmentCollector for SearchSegmentCollector {
    type Fruit = SegmentFruit;

    #[inline]
    fn collect(&mut self, doc: DocId, score: Score) {
        self.count += 1;
        if let Some(f) = &mut self.facets {
            f.add(doc);
        }
        if self.window == 0 {
            return;
        }
        let score = if self.by_score { score } else { 0.0 };
        if self.heap.len() >= self.window {
            // Cheap rejection on the score before reading the rank column.
            if let Some(Reverse(min)) = self.heap.peek()
                && score < min.score
            {
                return;
            }
        }
        let key = Key {
            score,
            rank: self.rank.get_val(doc),
            doc,
        };
        if self.heap.len() < self.window {
            self.heap.push(Reverse(key));
        } else if let Some(mut min) = self.heap.peek_mut()
            && key > min.0
        {
            *min = Reverse(key);
        }
    }

    fn harvest(self) -> SegmentFruit {
        let mut facets = Facets::default();
        if let Some(f) = self.facets {
            f.merge_into(&mut facets);
        }
        let top = self
            .heap
            .into_iter()
            .map(|Reverse(k)| RankedHit {
                score: k.score,
                rank: k.rank,
                segment: self.segment,
                doc: k.doc,
                hit: SearchHit {
                    id: self.id.first(k.doc).unwrap_or_default(),
                    version: self.version.first(k.doc).unwrap_or_default(),
                    score: k.score,
                    highlights: Vec::new(),
                },
            })
            .collect();
        SegmentFruit {
            count: self.count,
            top,
            facets,
        }
    }
}
