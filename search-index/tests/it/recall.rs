//! The recall guarantee: a query for a dictionary term finds exactly the documents whose text
//! contains it, however jieba happens to cut the surrounding text.

use std::collections::BTreeSet;

use search_index::{ProfileDoc, SearchQuery, dictionary_terms};

use crate::common::{Lcg, doc};

/// Fragments chosen so that terms run into each other and into ordinary words (光纤预制棒产线,
/// 模组封装测试, 液晶显示模组化) — the cases where segmentation differs from the term.
const FRAGMENTS: &[&str] = &[
    "光纤预制棒",
    "产线",
    "光模块",
    "化",
    "封装",
    "模组封装",
    "测试",
    "液晶显示模组",
    "背光模组",
    "的",
    "无线充电",
    "器",
    "锂电池隔膜",
    "电解液",
    "偏光片",
    "玻璃基板",
    "工业互联网",
    "物联网",
    "智能安防",
    "信维通信",
    "领益智造",
    "海康威视",
    "京东方",
    "三赢兴",
    "南玻",
    "维达力",
    "平安电工",
    "烽火通信",
    "亨通光电",
    "研发总监",
    "总经理",
    "总工程师",
    "首席专家",
    "技术员",
    "工程师",
    "隽水镇",
    "通城",
    "赤壁",
    "咸安",
    "光器件",
    "光纤",
    "预制棒",
    "光缆",
    "模组",
    "显示",
    "液晶",
    "充电",
    "无线",
    "隔膜",
    "电池",
    "安防",
    "智能",
    "网",
    "互联",
    "工业",
    "基板",
    "玻璃",
    "通信",
    "专家",
    "首席",
    "负责",
    "建设",
    "和",
    "与",
    "从事",
    "多年",
    "研究",
    "LED",
    "背光",
    "led背光模组",
    "Ｌｅｄ",
    "年",
    "2021",
    "中天云母",
    "云母",
    "光通信",
    "电子元器件",
    "元器件",
    "电子",
    "半导体材料",
    "材料",
    "导光板",
];

/// Dictionary terms queried (a mix of industry words, companies, titles and places, including
/// ones that overlap each other).
const TERMS: &[&str] = &[
    "光纤预制棒",
    "预制棒",
    "光纤",
    "光模块",
    "模组封装",
    "液晶显示模组",
    "液晶显示",
    "背光模组",
    "led背光模组",
    "无线充电",
    "锂电池隔膜",
    "隔膜",
    "电解液",
    "偏光片",
    "玻璃基板",
    "工业互联网",
    "物联网",
    "智能安防",
    "信维通信",
    "领益智造",
    "海康威视",
    "京东方",
    "三赢兴",
    "南玻",
    "维达力",
    "平安电工",
    "烽火通信",
    "亨通光电",
    "研发总监",
    "总经理",
    "总工程师",
    "首席专家",
    "技术员",
    "工程师",
    "隽水镇",
    "隽水",
    "通城",
    "赤壁",
    "咸安",
    "光器件",
    "光缆",
    "中天云母",
    "云母",
    "光通信",
    "电子元器件",
    "元器件",
    "半导体材料",
    "导光板",
    "锂电池",
    "光电",
];

fn text(rng: &mut Lcg, max_parts: usize) -> String {
    let n = rng.below(max_parts) + 1;
    (0..n).map(|_| *rng.pick(FRAGMENTS)).collect()
}

/// The folded text the guarantee is defined on (lower case, full-width as half-width).
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn searchable(d: &ProfileDoc) -> String {
    let mut all = vec![
        d.name.clone(),
        d.employer.clone(),
        d.title.clone(),
        d.expertise.clone(),
        d.bio.clone(),
        d.hometown_names.clone(),
        d.residence_name.clone(),
    ];
    all.extend(d.tags.iter().cloned());
    fold(&all.join("\u{1}"))
}

#[test]
fn dictionary_terms_have_full_recall() {
    let dict: BTreeSet<&str> = dictionary_terms().iter().map(String::as_str).collect();
    for t in TERMS {
        assert!(dict.contains(t), "{t} is not a dictionary term");
    }

    let mut rng = Lcg::new(2024);
    let docs: Vec<ProfileDoc> = (1..=3000)
        .map(|i| ProfileDoc {
            name: String::new(),
            hometown_names: String::new(),
            employer: text(&mut rng, 2),
            title: text(&mut rng, 2),
            expertise: text(&mut rng, 5),
            bio: text(&mut rng, 12),
            tags: vec![text(&mut rng, 2)],
            residence_name: if i % 7 == 0 {
                text(&mut rng, 2)
            } else {
                String::new()
            },
            ..doc(i)
        })
        .collect();
    let folded: Vec<(i64, String)> = docs.iter().map(|d| (d.id, searchable(d))).collect();
    let index = search_index::SearchIndex::open_in_ram().expect("open");
    index.rebuild(docs.into_iter(), 1, |_| {}).expect("rebuild");

    for term in TERMS {
        let expected: BTreeSet<i64> = folded
            .iter()
            .filter(|(_, t)| t.contains(term))
            .map(|(id, _)| *id)
            .collect();
        let q = SearchQuery {
            text: term.to_string(),
            limit: 5000,
            ..Default::default()
        };
        let res = index.search(&q).expect("search");
        let got: BTreeSet<i64> = res.hits.iter().map(|h| h.id).collect();
        assert_eq!(res.total, expected.len(), "{term}: total");
        assert_eq!(got, expected, "{term}: hit set");
        assert!(!expected.is_empty(), "{term}: the corpus should contain it");
    }
}
