//! Test helpers: documents and queries with sensible defaults, a deterministic generator.

use search_index::{ProfileDoc, SearchIndex, SearchQuery};

pub fn doc(id: i64) -> ProfileDoc {
    ProfileDoc {
        id,
        version: 1,
        name: format!("测试{id}"),
        hometown_code: "421222100201".into(),
        hometown_names: "咸宁市 通城县 隽水镇 城东社区".into(),
        tier: "normal".into(),
        ..Default::default()
    }
}

pub fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        limit: 100,
        ..Default::default()
    }
}

pub fn ids(index: &SearchIndex, q: &SearchQuery) -> Vec<i64> {
    let mut ids: Vec<i64> = index
        .search(q)
        .expect("search")
        .hits
        .iter()
        .map(|h| h.id)
        .collect();
    ids.sort_unstable();
    ids
}

pub fn index_with(docs: Vec<ProfileDoc>) -> SearchIndex {
    let index = SearchIndex::open_in_ram().expect("open");
    index.apply(docs, vec![], 1).expect("apply");
    index
}

/// A small linear congruential generator: deterministic corpora without a rand dependency.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
