//! Property tests: no query text, filter or paging the app can send makes a
//! search, highlight or match fail or panic, and the answers stay coherent
//! (a page within its limit, a total at least the page, ids from the index,
//! highlights that are escaped HTML apart from their `<em>` marks).

use std::sync::OnceLock;

use proptest::prelude::*;
use search_index::{MatchQuery, ProfileDoc, SearchIndex, SearchQuery};

use crate::common::{doc, index_with};

fn docs() -> Vec<ProfileDoc> {
    vec![
        ProfileDoc {
            name: "张伟".into(),
            employer: "信维通信".into(),
            expertise: "无线充电模组 <b>天线</b> & \"设计\"".into(),
            chains: vec!["terminal.components".into()],
            intents: vec!["invest".into()],
            capital_range: "5m_20m".into(),
            verified: true,
            consent_match: true,
            ..doc(1)
        },
        ProfileDoc {
            name: "李娜".into(),
            hometown_code: "421281001001".into(),
            hometown_names: "咸宁市 赤壁市 蒲圻街道".into(),
            bio: "液晶显示模组、背光模组".into(),
            chains: vec!["display.lcd".into()],
            tier: "key".into(),
            ..doc(2)
        },
        ProfileDoc {
            name: "欧阳明珠".into(),
            title: "总工程师".into(),
            expertise: "光纤预制棒 AND OR NOT (x) \"y\" *".into(),
            tags: vec!["深圳咸宁商会".into()],
            ..doc(3)
        },
    ]
}

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| index_with(docs()))
}

/// Any text, query-syntax soup, and words that are in the index.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\"():*^~+\\-!|&{}\\[\\]<>/\\\\ 　ANDORNOTandornot张伟李娜欧阳光纤模组zwlnoy0-9a-z:.]{0,40}",
        proptest::collection::vec(
            prop::sample::select(vec![
                "张伟",
                "zhangwei",
                "zw",
                "光纤",
                "模组",
                "AND",
                "OR",
                "NOT",
                "\"",
                "(",
                ")",
                "*",
                "name:",
                "title:张",
                "~2",
                "^3",
                "-",
                "+",
                "\\",
                "<script>",
                "&amp;",
                "咸宁",
            ]),
            0..8,
        )
        .prop_map(|words| words.join(" ")),
    ]
}

fn codes() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(
        prop_oneof![
            any::<String>(),
            "[0-9]{0,13}",
            Just("4212".to_owned()),
            Just("software".to_owned())
        ],
        0..3,
    )
}

fn search_query() -> impl Strategy<Value = SearchQuery> {
    (
        text(),
        codes(),
        codes(),
        codes(),
        codes(),
        prop::option::of(any::<bool>()),
        any::<bool>(),
        0usize..10_000_000,
        0usize..=100,
        any::<bool>(),
    )
        .prop_map(
            |(
                text,
                region_prefixes,
                chains,
                intents,
                capital_ranges,
                verified,
                consent_only,
                offset,
                limit,
                facets,
            )| {
                SearchQuery {
                    text,
                    region_prefixes,
                    chains,
                    intents,
                    capital_ranges,
                    verified,
                    consent_only,
                    offset,
                    limit,
                    facets,
                    highlights: true,
                    ids: None,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_search_answers_a_coherent_page(q in search_query()) {
        let results = index().search(&q);
        prop_assert!(results.is_ok(), "{:?}: {:?}", q, results.err());
        let results = results.unwrap_or_default();
        prop_assert!(results.hits.len() <= q.limit);
        prop_assert!(results.total >= results.hits.len());
        prop_assert!(results.total <= 3);
        for hit in &results.hits {
            prop_assert!((1..=3).contains(&hit.id), "{}", hit.id);
            prop_assert!(hit.score.is_finite());
        }
    }

    #[test]
    fn paging_far_past_the_end_is_an_empty_page(offset in 0usize..=usize::MAX, limit in 0usize..=100) {
        let q = SearchQuery { text: "张伟".into(), offset, limit, ..Default::default() };
        let results = index().search(&q);
        prop_assert!(results.is_ok(), "{:?}", results.err());
    }

    #[test]
    fn highlights_are_escaped_html_but_for_their_marks(q in text(), field in text()) {
        let fields = [("bio", field.as_str()), ("name", "张伟<script>alert(1)</script>")];
        for h in index().highlight(&q, &fields) {
            let bare = h.fragment.replace("<em>", "").replace("</em>", "");
            prop_assert!(!bare.contains('<') && !bare.contains('>'), "{}", h.fragment);
        }
    }

    #[test]
    fn matching_any_project_text_never_fails(t in text(), segment in prop::option::of(text())) {
        let q = MatchQuery { text: t.clone(), segment, limit: 50, ..Default::default() };
        prop_assert!(index().match_candidates(&q).is_ok());
        let scores = index().text_scores(&t, &[1, 2, 3, 99]);
        prop_assert!(scores.is_ok());
        prop_assert!(scores.unwrap_or_default().values().all(|s| s.is_finite()));
    }
}
