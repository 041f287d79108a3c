//! Any query text, with any filters, searches, highlights and finds match
//! candidates without panicking.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use search_index::{MatchQuery, ProfileDoc, SearchIndex, SearchQuery};

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = SearchIndex::open_in_ram().expect("in-memory index");
        let people = [
            ("张伟", "光纤预制棒", "421222100201", "optical.fiber"),
            ("李娜", "液晶显示模组", "421202001001", "display.module"),
            (
                "欧阳明珠",
                "无线充电模组 锂电池隔膜",
                "421281100200",
                "terminal.components",
            ),
            ("王芳", "工业互联网平台", "421223100200", "software"),
        ];
        let docs = people
            .iter()
            .enumerate()
            .map(|(i, (name, expertise, hometown, chain))| ProfileDoc {
                id: i as i64 + 1,
                name: (*name).into(),
                expertise: (*expertise).into(),
                hometown_code: (*hometown).into(),
                chains: vec![(*chain).into()],
                consent_match: true,
                ..Default::default()
            })
            .collect();
        index.apply(docs, vec![], 1).expect("apply");
        index
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    // The first bytes double as a filter, the way a query string carries both.
    let prefix: String = text.chars().take(12).collect();
    let index = index();
    for query in [
        SearchQuery {
            text: text.clone(),
            limit: 10,
            facets: true,
            ..Default::default()
        },
        SearchQuery {
            text: text.clone(),
            region_prefixes: vec![prefix.clone()],
            chains: vec![prefix.clone()],
            intents: vec![prefix.clone()],
            capital_ranges: vec![prefix.clone()],
            verified: Some(data.len() % 2 == 0),
            offset: data.len(),
            limit: 10,
            ..Default::default()
        },
    ] {
        let _ = index.search(&query);
    }
    let _ = index.highlight(
        &text,
        &[("bio", "光纤预制棒产线 张伟 zhangwei"), ("name", &text)],
    );
    let _ = index.match_candidates(&MatchQuery {
        text: text.clone(),
        segment: Some(prefix),
        limit: 50,
        ..Default::default()
    });
    let _ = index.text_scores(&text, &[1, 2, 3, 4]);
});
