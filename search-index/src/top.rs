//! The best hits over all segments of a search, in one total order.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use tantivy::{DocId, Score};

/// A candidate hit, ordered by BM25, then default rank, then position (lower first).
///
/// With words, `rank` is left 0: equal scores are ordered by position, which is also the order
/// in which pruning meets documents, so every page of a result agrees with the others (ties are
/// common in BM25, and ordering them by rank would rule out pruning). Without words all scores
/// are 0 and the default rank decides.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Candidate {
    pub score: Score,
    pub rank: u64,
    pub segment: u32,
    pub doc: DocId,
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then(self.rank.cmp(&other.rank))
            .then((other.segment, other.doc).cmp(&(self.segment, self.doc)))
    }
}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Candidate {}

/// The best `k` candidates over all segments.
pub(crate) struct TopHits {
    k: usize,
    heap: BinaryHeap<Reverse<Candidate>>,
}

impl TopHits {
    pub(crate) fn new(k: usize) -> TopHits {
        TopHits {
            k,
            heap: BinaryHeap::with_capacity(k.min(1024) + 1),
        }
    }

    /// Scores at or below this need not be offered: a later document tying the lowest kept
    /// one comes after it (segments and documents are visited in order).
    pub(crate) fn threshold(&self) -> Score {
        match self.heap.peek() {
            Some(Reverse(min)) if self.heap.len() >= self.k => min.score,
            _ => Score::MIN,
        }
    }

    /// Offers a candidate; false if it did not make it.
    pub(crate) fn push(&mut self, c: Candidate) -> bool {
        if self.heap.len() < self.k {
            self.heap.push(Reverse(c));
            return true;
        }
        match self.heap.peek_mut() {
            Some(mut min) if c > min.0 => {
                *min = Reverse(c);
                true
            }
            _ => false,
        }
    }

    pub(crate) fn into_sorted(self) -> Vec<Candidate> {
        let mut v: Vec<Candidate> = self.heap.into_iter().map(|Reverse(c)| c).collect();
        v.sort_by(|a, b| b.cmp(a));
        v
    }
}
