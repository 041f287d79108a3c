//! A plain bit set over the documents of one segment, with the few operations filters and
//! facets need (and, or, population count), working a 64-bit word at a time.
//!
//! A search builds a few of these per segment (128 KB each for a million documents). Their
//! buffers are recycled per thread: fresh allocations of that size are fresh pages from the
//! kernel, and zeroing them cost more than the search itself.

use std::cell::RefCell;

use tantivy::DocId;
use tantivy::postings::BlockSegmentPostings;

/// Buffers kept for reuse per thread.
const POOL_SIZE: usize = 16;

thread_local! {
    static POOL: RefCell<Vec<Vec<u64>>> = const { RefCell::new(Vec::new()) };
}

fn buffer(words: usize) -> Vec<u64> {
    let mut v = POOL.with_borrow_mut(Vec::pop).unwrap_or_default();
    v.clear();
    v.resize(words, 0);
    v
}

/// One bit per document of a segment.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct DocBits {
    words: Vec<u64>,
}

impl Drop for DocBits {
    fn drop(&mut self) {
        let words = std::mem::take(&mut self.words);
        if words.capacity() > 0 {
            // `try_with`: during thread teardown the pool may already be gone.
            let _ = POOL.try_with(|pool| {
                if let Ok(mut pool) = pool.try_borrow_mut()
                    && pool.len() < POOL_SIZE
                {
                    pool.push(words);
                }
            });
        }
    }
}

impl Clone for DocBits {
    fn clone(&self) -> Self {
        let mut words = buffer(0);
        words.extend_from_slice(&self.words);
        DocBits { words }
    }
}

impl DocBits {
    /// No document of a segment of `max_doc` documents.
    pub(crate) fn empty(max_doc: u32) -> DocBits {
        DocBits {
            words: buffer((max_doc as usize).div_ceil(64)),
        }
    }

    /// The documents of a posting list.
    pub(crate) fn from_postings(max_doc: u32, postings: BlockSegmentPostings) -> DocBits {
        let mut bits = DocBits::empty(max_doc);
        bits.add_postings(postings);
        bits
    }

    /// Adds the documents of a posting list.
    pub(crate) fn add_postings(&mut self, mut postings: BlockSegmentPostings) {
        loop {
            let docs = postings.docs();
            if docs.is_empty() {
                return;
            }
            for &doc in docs {
                self.insert(doc);
            }
            postings.advance();
        }
    }

    /// True if no document is in the set.
    pub(crate) fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    #[inline]
    pub(crate) fn insert(&mut self, doc: DocId) {
        if let Some(w) = self.words.get_mut((doc / 64) as usize) {
            *w |= 1 << (doc % 64);
        }
    }

    #[inline]
    pub(crate) fn contains(&self, doc: DocId) -> bool {
        self.words
            .get((doc / 64) as usize)
            .is_some_and(|w| w & (1 << (doc % 64)) != 0)
    }

    /// Keeps the documents also in `other`.
    pub(crate) fn and_with(&mut self, other: &DocBits) {
        for (a, b) in self
            .words
            .iter_mut()
            .zip(other.words.iter().chain(std::iter::repeat(&0)))
        {
            *a &= b;
        }
    }

    /// Adds the documents of `other`.
    pub(crate) fn or_with(&mut self, other: &DocBits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// Number of documents.
    pub(crate) fn count(&self) -> u64 {
        self.words.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    /// Number of documents in both.
    pub(crate) fn and_count(&self, other: &DocBits) -> u64 {
        self.words
            .iter()
            .zip(&other.words)
            .map(|(a, b)| u64::from((a & b).count_ones()))
            .sum()
    }

    /// The documents, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = DocId> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &word)| {
            let base = (i as u32) * 64;
            let mut w = word;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let bit = w.trailing_zeros();
                    w &= w - 1;
                    base + bit
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let mut a = DocBits::empty(200);
        let mut b = DocBits::empty(200);
        for d in [0, 63, 64, 130, 199] {
            a.insert(d);
        }
        for d in [63, 130, 150] {
            b.insert(d);
        }
        a.insert(500); // out of range: ignored
        assert!(a.contains(199) && !a.contains(198) && !a.contains(500));
        assert_eq!(a.count(), 5);
        assert_eq!(a.and_count(&b), 2);
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![0, 63, 64, 130, 199]);
        let mut c = a.clone();
        c.and_with(&b);
        assert_eq!(c.iter().collect::<Vec<_>>(), vec![63, 130]);
        c.or_with(&b);
        assert_eq!(c.iter().collect::<Vec<_>>(), vec![63, 130, 150]);
    }
}
