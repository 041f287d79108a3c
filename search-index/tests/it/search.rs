//! Searching: words, pinyin, filters, facets, default order, highlights, hostile input.

use search_index::{ProfileDoc, SearchQuery};

use crate::common::{Lcg, doc, ids, index_with, query};

fn people() -> Vec<ProfileDoc> {
    vec![
        ProfileDoc {
            name: "张伟".into(),
            employer: "信维通信".into(),
            title: "研发总监".into(),
            expertise: "无线充电模组与天线模组设计".into(),
            bio: "长期从事无线充电和电子元器件研发".into(),
            chains: vec!["terminal.components".into()],
            intents: vec!["invest".into(), "tech".into()],
            capital_range: "5m_20m".into(),
            verified: true,
            consent_match: true,
            ..doc(1)
        },
        ProfileDoc {
            name: "李娜".into(),
            hometown_code: "421281001001".into(),
            hometown_names: "咸宁市 赤壁市 蒲圻街道 河北社区".into(),
            residence_name: "深圳市南山区".into(),
            employer: "京东方".into(),
            title: "工程师".into(),
            expertise: "液晶显示模组、背光模组".into(),
            chains: vec!["display.lcd".into(), "display.backlight".into()],
            intents: vec!["tech".into()],
            tier: "key".into(),
            ..doc(2)
        },
        ProfileDoc {
            name: "王强".into(),
            hometown_code: "421222101".into(),
            hometown_names: "咸宁市 通城县 麦市镇".into(),
            employer: "长飞光纤".into(),
            title: "总工程师".into(),
            expertise: "光纤预制棒、光模块".into(),
            bio: "主持建设光纤预制棒产线".into(),
            chains: vec!["optical.fiber".into()],
            intents: vec!["invest".into()],
            capital_range: "20m_100m".into(),
            verified: true,
            tier: "renowned".into(),
            ..doc(3)
        },
        ProfileDoc {
            name: "赵敏".into(),
            hometown_code: "421202001002".into(),
            hometown_names: "咸宁市 咸安区 温泉街道 万年路社区".into(),
            employer: "海康威视".into(),
            title: "技术员".into(),
            expertise: "智能安防、视频监控".into(),
            chains: vec!["software.security".into()],
            consent_match: true,
            ..doc(4)
        },
    ]
}

#[test]
fn chinese_word_finds_profiles_in_any_field() {
    let index = index_with(people());
    assert_eq!(ids(&index, &query("光纤预制棒")), vec![3]);
    assert_eq!(ids(&index, &query("背光模组")), vec![2]);
    assert_eq!(ids(&index, &query("海康威视")), vec![4]);
    assert_eq!(ids(&index, &query("研发总监")), vec![1]);
    assert_eq!(ids(&index, &query("深圳")), vec![2]);
    assert_eq!(ids(&index, &query("麦市")), vec![3]);
}

#[test]
fn all_words_must_match() {
    let index = index_with(people());
    assert_eq!(ids(&index, &query("光模块 总工程师")), vec![3]);
    assert!(ids(&index, &query("光模块 京东方")).is_empty());
}

#[test]
fn name_matches_rank_above_bio_mentions() {
    let mut docs = people();
    docs.push(ProfileDoc {
        bio: "曾与张伟共事".into(),
        ..doc(5)
    });
    let index = index_with(docs);
    let hits = index.search(&query("张伟")).expect("search").hits;
    assert_eq!(hits.first().map(|h| h.id), Some(1));
    assert!(hits.iter().any(|h| h.id == 5));
}

#[test]
fn pinyin_full_initials_and_syllables_find_the_name() {
    let index = index_with(people());
    assert_eq!(ids(&index, &query("zhangwei")), vec![1]);
    assert_eq!(ids(&index, &query("ZhangWei")), vec![1]);
    assert_eq!(ids(&index, &query("zw")), vec![1]);
    assert_eq!(ids(&index, &query("zhang wei")), vec![1]);
    assert_eq!(ids(&index, &query("lina")), vec![2]);
}

#[test]
fn pinyin_finds_hometown_places() {
    let index = index_with(people());
    assert_eq!(ids(&index, &query("chibi")), vec![2]);
    assert_eq!(ids(&index, &query("tongcheng")), vec![1, 3]);
    assert_eq!(ids(&index, &query("maishi")), vec![3]);
}

#[test]
fn region_prefixes_must_all_contain_the_hometown() {
    let index = index_with(people());
    let q = |prefixes: &[&str]| SearchQuery {
        region_prefixes: prefixes.iter().map(|s| s.to_string()).collect(),
        ..query("")
    };
    assert_eq!(ids(&index, &q(&["4212"])), vec![1, 2, 3, 4]);
    assert_eq!(ids(&index, &q(&["421222"])), vec![1, 3]);
    assert_eq!(ids(&index, &q(&["421222", "421222101"])), vec![3]);
    assert_eq!(ids(&index, &q(&["421222100201"])), vec![1]);
    assert!(ids(&index, &q(&["421222", "421281"])).is_empty());
    assert_eq!(ids(&index, &q(&["421281"])), vec![2]);
}

#[test]
fn chain_intent_capital_verified_and_consent_filters() {
    let index = index_with(people());
    let chains = |c: &[&str]| SearchQuery {
        chains: c.iter().map(|s| s.to_string()).collect(),
        ..query("")
    };
    assert_eq!(ids(&index, &chains(&["display"])), vec![2]);
    assert_eq!(ids(&index, &chains(&["display.lcd"])), vec![2]);
    assert_eq!(
        ids(&index, &chains(&["optical.fiber", "software"])),
        vec![3, 4]
    );
    assert!(ids(&index, &chains(&["optical.components"])).is_empty());

    let intents = SearchQuery {
        intents: vec!["invest".into()],
        ..query("")
    };
    assert_eq!(ids(&index, &intents), vec![1, 3]);
    let capital = SearchQuery {
        capital_ranges: vec!["20m_100m".into(), "x".into()],
        ..query("")
    };
    assert_eq!(ids(&index, &capital), vec![3]);
    assert_eq!(
        ids(
            &index,
            &SearchQuery {
                verified: Some(true),
                ..query("")
            }
        ),
        vec![1, 3]
    );
    assert_eq!(
        ids(
            &index,
            &SearchQuery {
                verified: Some(false),
                ..query("")
            }
        ),
        vec![2, 4]
    );
    assert_eq!(
        ids(
            &index,
            &SearchQuery {
                consent_only: true,
                ..query("")
            }
        ),
        vec![1, 4]
    );
    let combined = SearchQuery {
        intents: vec!["tech".into()],
        verified: Some(true),
        ..query("无线充电")
    };
    assert_eq!(ids(&index, &combined), vec![1]);
}

#[test]
fn empty_text_orders_verified_then_tier_then_newest() {
    let index = index_with(people());
    let hits = index.search(&query("")).expect("search");
    let order: Vec<i64> = hits.hits.iter().map(|h| h.id).collect();
    // verified: 3 (renowned), 1 (normal); unverified: 2 (key), 4 (normal)
    assert_eq!(order, vec![3, 1, 2, 4]);
    assert_eq!(hits.total, 4);
}

#[test]
fn paging_gives_exact_total_and_disjoint_pages() {
    let docs: Vec<ProfileDoc> = (1..=25)
        .map(|i| ProfileDoc {
            expertise: "光模块".into(),
            ..doc(i)
        })
        .collect();
    let index = index_with(docs);
    let page = |offset| SearchQuery {
        offset,
        limit: 10,
        ..query("光模块")
    };
    let first = index.search(&page(0)).expect("search");
    let third = index.search(&page(20)).expect("search");
    assert_eq!(first.total, 25);
    assert_eq!(first.hits.len(), 10);
    assert_eq!(third.hits.len(), 5);
    assert!(
        first
            .hits
            .iter()
            .all(|h| !third.hits.iter().any(|t| t.id == h.id))
    );
    let none = index
        .search(&SearchQuery {
            limit: 0,
            ..query("光模块")
        })
        .expect("search");
    assert_eq!((none.total, none.hits.len()), (25, 0));
}

#[test]
fn facets_count_all_matches_not_just_the_page() {
    let index = index_with(people());
    let q = SearchQuery {
        facets: true,
        limit: 1,
        ..query("")
    };
    let res = index.search(&q).expect("search");
    assert_eq!(res.hits.len(), 1);
    assert_eq!(res.facets.county.get("421222"), Some(&2));
    assert_eq!(res.facets.county.get("421281"), Some(&1));
    assert_eq!(res.facets.county.get("421202"), Some(&1));
    assert_eq!(res.facets.chain.get("display.lcd"), Some(&1));
    assert_eq!(res.facets.chain.get("display.backlight"), Some(&1));
    assert_eq!(res.facets.chain.get("terminal.components"), Some(&1));
    assert!(
        !res.facets.chain.contains_key("display"),
        "chain codes are not facets"
    );

    let filtered = SearchQuery {
        region_prefixes: vec!["421222".into()],
        ..q
    };
    let res = index.search(&filtered).expect("search");
    assert_eq!(res.facets.county.len(), 1);
    assert_eq!(res.facets.chain.get("optical.fiber"), Some(&1));
    assert!(
        index
            .search(&query(""))
            .expect("search")
            .facets
            .chain
            .is_empty()
    );
}

#[test]
fn facets_merge_across_segments_and_skip_deleted() {
    let index = index_with(people());
    index
        .apply(
            vec![ProfileDoc {
                chains: vec!["display.lcd".into()],
                ..doc(10)
            }],
            vec![4],
            2,
        )
        .expect("apply");
    let res = index
        .search(&SearchQuery {
            facets: true,
            ..query("")
        })
        .expect("search");
    assert_eq!(res.facets.chain.get("display.lcd"), Some(&2));
    assert!(!res.facets.chain.contains_key("software.security"));
    assert_eq!(res.total, 4);
}

#[test]
fn highlights_mark_matched_words() {
    let index = index_with(people());
    let h = index.highlight(
        "光纤预制棒 总工程师",
        &[
            ("expertise", "光纤预制棒、光模块"),
            ("bio", "主持建设光纤预制棒产线"),
            ("title", "总工程师"),
            ("employer", "长飞光纤"),
        ],
    );
    let fields: Vec<&str> = h.iter().map(|h| h.field.as_str()).collect();
    assert_eq!(fields, vec!["expertise", "bio", "title"]);
    assert_eq!(h[0].fragment, "<em>光纤预制棒</em>、光模块");
    assert_eq!(h[1].fragment, "主持建设<em>光纤预制棒</em>产线");
    assert!(index.highlight("", &[("bio", "x")]).is_empty());
    let hit = index
        .search(&SearchQuery {
            highlights: true,
            ..query("光模块")
        })
        .expect("search");
    assert!(
        hit.hits[0].highlights.is_empty(),
        "the index stores no text"
    );
}

#[test]
fn hostile_queries_never_fail() {
    let index = index_with(people());
    let mut rng = Lcg::new(7);
    let random_unicode: String = (0..2000)
        .map(|_| char::from_u32(rng.next() as u32 % 0x10FFFF).unwrap_or('?'))
        .collect();
    let hostile = vec![
        "\"光模块".to_string(),
        "光模块\"\"\"".into(),
        "AND OR NOT".into(),
        "NOT 光模块".into(),
        "*".into(),
        "光*".into(),
        "name:张伟".into(),
        "expertise:(光模块".into(),
        "+-!(){}[]^\"~*?:\\/".into(),
        "😀🔥 光模块 🚀".into(),
        "\u{0}\u{1}\u{7f}\u{200b}\u{feff}".into(),
        "光".repeat(1500),
        "a".repeat(10_000),
        "光模块 ".repeat(2000),
        "<script>alert(1)</script>".into(),
        "' OR 1=1 --".into(),
        "   ".into(),
        String::new(),
        random_unicode,
    ];
    for text in hostile {
        for facets in [false, true] {
            let q = SearchQuery {
                text: text.clone(),
                facets,
                offset: usize::MAX / 2,
                limit: usize::MAX,
                ..Default::default()
            };
            index.search(&q).expect("hostile query with huge paging");
            let q = SearchQuery {
                text: text.clone(),
                facets,
                limit: 10,
                ..Default::default()
            };
            let res = index.search(&q).expect("hostile query");
            assert!(res.hits.len() <= 10);
            let q = SearchQuery {
                region_prefixes: vec![text.clone(), "4212".into()],
                chains: vec![text.clone()],
                intents: vec![text.clone()],
                capital_ranges: vec![text.clone()],
                verified: Some(true),
                consent_only: true,
                ..q
            };
            index.search(&q).expect("hostile filters");
        }
        index.highlight(&text, &[("bio", &text), ("name", "张伟")]);
        index
            .match_candidates(&search_index::MatchQuery {
                text: text.clone(),
                segment: Some(text.clone()),
                limit: 10,
                ..Default::default()
            })
            .expect("match");
        index.text_scores(&text, &[1, 2, -1]).expect("text scores");
    }
}

#[test]
fn punctuation_only_query_is_treated_as_empty() {
    let index = index_with(people());
    assert_eq!(index.search(&query("\"*:()")).expect("search").total, 4);
}
