//! Micro benchmark on a synthetic corpus: rebuild rate, index size, search and match latency.
//!
//! ```sh
//! cargo run --release -p search-index --example bench -- 1000000 /tmp/si-bench
//! ```
//! Arguments: number of documents (default 100,000) and index folder (default a temp folder,
//! emptied first).

use std::time::{Duration, Instant};

use search_index::{MatchQuery, ProfileDoc, SearchIndex, SearchQuery};

/// Names, segments with their firms and phrases, titles, schools and tags: the vocabulary of
/// the app's synthetic profiles (`src/synth`), shared as a data file.
mod vocabulary {
    include!("../data/vocabulary.rs");
}
use vocabulary::{GIVEN_FEMALE, GIVEN_MALE, SCHOOLS, SEGMENTS, SURNAMES, TAGS, TITLES};

const COUNTIES: &[(&str, &str)] = &[
    ("421202", "咸安区"),
    ("421221", "嘉鱼县"),
    ("421222", "通城县"),
    ("421223", "崇阳县"),
    ("421224", "通山县"),
    ("421281", "赤壁市"),
];
const TOWNS: &[&str] = &[
    "隽水镇",
    "麦市镇",
    "温泉街道",
    "官桥镇",
    "白霓镇",
    "通羊镇",
    "蒲圻街道",
    "汀泗桥镇",
    "陆溪镇",
    "天城镇",
];
const VILLAGES: &[&str] = &[
    "城东社区",
    "黄龙村",
    "石南村",
    "大坪村",
    "新街村",
    "洪港村",
    "金塘村",
    "杨芳村",
];
const CITIES: &[&str] = &[
    "深圳市南山区",
    "武汉市洪山区",
    "上海市浦东新区",
    "北京市海淀区",
    "东莞市",
    "苏州市工业园区",
    "杭州市滨江区",
    "",
];
const EMPLOYERS: &[&str] = &[
    "信维通信",
    "领益智造",
    "海康威视",
    "京东方",
    "三赢兴科技",
    "咸宁南玻",
    "维达力实业",
    "平安电工",
    "烽火通信",
    "亨通光电",
    "长飞光纤",
    "华为技术有限公司",
    "立讯精密",
    "武汉光迅科技",
    "某电子有限公司",
    "湖北科技学院",
];
const TERMS: &[&str] = &[
    "无线充电",
    "模组封装",
    "光纤预制棒",
    "光模块",
    "光器件",
    "液晶显示模组",
    "背光模组",
    "锂电池隔膜",
    "工业互联网",
    "物联网",
    "智能安防",
    "电解液",
    "偏光片",
    "玻璃基板",
    "天线模组",
    "石墨导热片",
    "触控模组",
    "摄像模组",
    "LED芯片",
    "光纤光缆",
    "嵌入式软件",
    "机器视觉",
    "半导体材料",
    "电子玻璃",
    "工业软件",
];
const FILLER: &[&str] = &[
    "长期从事",
    "研发工作",
    "负责",
    "产线建设",
    "和",
    "的",
    "技术攻关",
    "产品设计",
    "在深圳工作多年",
    "带领团队",
    "完成",
    "多项专利",
    "熟悉",
    "供应链管理",
    "曾任",
    "主持",
    "省级重点项目",
    "返乡投资意向强烈",
    "关注家乡发展",
    "与多家企业保持合作",
    "毕业于华中科技大学",
    "具有丰富的",
    "经验",
    "。",
];
const INTENTS: &[&str] = &["invest", "startup", "tech", "advisor", "donate", "referral"];
const CAPITAL: &[&str] = &["", "lt_1m", "1m_5m", "5m_20m", "20m_100m", "gt_100m"];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        self.any::<&str>(items)
    }
    fn any<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
    /// A full name, of either gender.
    fn name(&mut self) -> String {
        let given = if self.next().is_multiple_of(2) {
            GIVEN_MALE
        } else {
            GIVEN_FEMALE
        };
        format!("{}{}", self.pick(SURNAMES), self.pick(given))
    }
    fn title(&mut self) -> &'static str {
        self.any(TITLES).0
    }
    fn segment(&mut self) -> &'static str {
        self.any(SEGMENTS).0
    }
}

fn profile(id: i64) -> ProfileDoc {
    let mut r = Lcg(id as u64 * 7919 + 17);
    let (county_code, county) = COUNTIES[(r.next() % COUNTIES.len() as u64) as usize];
    let town_no = 100 + r.next() % 12;
    let village_no = 200 + r.next() % 20;
    let seg = r.segment().to_string();
    let mut bio = String::new();
    for _ in 0..(8 + r.next() % 10) {
        bio.push_str(if r.next().is_multiple_of(3) {
            r.pick(TERMS)
        } else {
            r.pick(FILLER)
        });
    }
    let expertise = format!("{}、{}", r.pick(TERMS), r.pick(TERMS));
    ProfileDoc {
        id,
        version: 1 + (r.next() % 3) as i64,
        name: r.name(),
        hometown_code: format!("{county_code}{town_no:03}{village_no:03}"),
        hometown_names: format!("咸宁市 {county} {} {}", r.pick(TOWNS), r.pick(VILLAGES)),
        residence_name: r.pick(CITIES).to_string(),
        employer: r.pick(EMPLOYERS).to_string(),
        title: r.title().to_string(),
        expertise,
        bio,
        tags: vec![r.pick(TERMS).to_string()],
        chains: if r.next().is_multiple_of(4) {
            vec![seg, r.segment().to_string()]
        } else {
            vec![seg]
        },
        intents: vec![r.pick(INTENTS).to_string()],
        capital_range: r.pick(CAPITAL).to_string(),
        verified: r.next().is_multiple_of(3),
        consent_match: r.next().is_multiple_of(2),
        tier: ["normal", "normal", "normal", "key", "renowned"][(r.next() % 5) as usize]
            .to_string(),
        employer_keys: Vec::new(),
    }
}

const WISHES: &[&str] = &[
    "有意回乡投资兴业",
    "愿与家乡企业开展技术合作",
    "计划返乡创业",
    "愿为家乡产业发展担任顾问",
    "关心家乡发展",
];
/// A profile like the app's synthetic ones: per-segment vocabulary, formulaic bio.
fn realistic(id: i64) -> ProfileDoc {
    let mut r = Lcg(id as u64 * 7919 + 17);
    for _ in 0..3 {
        r.next();
    }
    let (county_code, county) = COUNTIES[(r.next() % COUNTIES.len() as u64) as usize];
    let town_no = 100 + r.next() % 15;
    let village_no = 200 + r.next() % 12;
    let (segment, employers, phrases) = *r.any(SEGMENTS);
    let employer = r.pick(employers);
    let title = r.title();
    let first = r.pick(phrases);
    let second = r.pick(phrases);
    let expertise = if first == second {
        first.to_string()
    } else {
        format!("{first}、{second}")
    };
    let graduated = 1980 + r.next() % 40;
    let bio = format!(
        "{graduated}年毕业于{}，现任{employer}{title}，长期从事{first}相关工作，熟悉{second}产业链上下游，{}。",
        r.pick(SCHOOLS),
        r.pick(WISHES)
    );
    let mut chains = vec![segment.to_string()];
    if r.next().is_multiple_of(5) {
        chains.push(r.segment().to_string());
    }
    ProfileDoc {
        id,
        version: 1,
        name: r.name(),
        hometown_code: format!("{county_code}{town_no:03}{village_no:03}"),
        hometown_names: format!("咸宁市 {county} {} {}", r.pick(TOWNS), r.pick(VILLAGES)),
        residence_name: r.pick(CITIES).to_string(),
        employer: employer.to_string(),
        title: title.to_string(),
        expertise,
        bio,
        tags: if r.next() % 10 < 3 {
            vec![r.pick(TAGS).to_string()]
        } else {
            Vec::new()
        },
        chains,
        intents: vec![r.pick(INTENTS).to_string()],
        capital_range: r.pick(CAPITAL).to_string(),
        verified: r.next() % 100 < 55,
        consent_match: r.next() % 100 < 70,
        tier: ["normal", "normal", "normal", "normal", "key", "renowned"][(r.next() % 6) as usize]
            .to_string(),
        employer_keys: Vec::new(),
    }
}

fn percentiles(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[(v.len() * 99) / 100])
}

/// Per query, the best of its rounds: an estimate of the time on an idle machine (this one is
/// shared), next to the plain wall-clock percentiles.
fn best_of_rounds(times: &[Duration], queries: usize) -> Vec<Duration> {
    (0..queries)
        .map(|i| {
            times
                .iter()
                .skip(i)
                .step_by(queries)
                .min()
                .copied()
                .unwrap_or_default()
        })
        .collect()
}

/// CPU time of the whole process, all threads (Linux, 10 ms resolution).
fn process_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100_000);
    let tmp = tempfile::tempdir()?;
    let dir = args
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("index"));
    // n = 0 reuses the index already in the folder.
    if n > 0 {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let t = Instant::now();
    let index = SearchIndex::open_in_dir(&dir)?;
    println!("open (incl. dictionary): {:?}", t.elapsed());
    if n > 0 {
        let t = Instant::now();
        let cpu = process_cpu();
        // BENCH_DENSE=1: every document full of the same few industry words (worst case).
        let dense = std::env::var("BENCH_DENSE").is_ok();
        let make = move |id| if dense { profile(id) } else { realistic(id) };
        let count = index.rebuild((1..=n as i64).map(make), 1, |_| {})?;
        let secs = t.elapsed().as_secs_f64();
        let cpu = (process_cpu() - cpu).as_secs_f64();
        println!(
            "rebuild CPU: {cpu:.1} s = {:.0} docs per CPU-second (2 cores: ~{:.0} docs/s)",
            count as f64 / cpu,
            2.0 * count as f64 / cpu
        );
        println!(
            "rebuild: {count} docs in {secs:.1} s = {:.0} docs/s",
            count as f64 / secs
        );
    }
    if std::env::var("BENCH_REBUILD_ONLY").is_ok() {
        return Ok(());
    }
    let count = index.doc_count();
    println!(
        "size: {} bytes = {:.0} B/doc",
        index.size_bytes(),
        index.size_bytes() as f64 / count as f64
    );
    if let Ok(text) = std::env::var("BENCH_MATCH") {
        // Profile one match: BENCH_MATCH="project text" bench 0 DIR
        let q = MatchQuery {
            text,
            segment: Some("optical.fiber".into()),
            limit: 300,
            ..Default::default()
        };
        let t = Instant::now();
        for _ in 0..50 {
            std::hint::black_box(index.match_candidates(&q)?);
        }
        println!("one match: {:?} each", t.elapsed() / 50);
        return Ok(());
    }
    if let Ok(text) = std::env::var("BENCH_ONE") {
        // Profile one query: BENCH_ONE="光模块" bench 0 DIR
        let q = SearchQuery {
            text,
            limit: 10,
            facets: std::env::var("BENCH_FACETS").is_ok(),
            ..Default::default()
        };
        let t = Instant::now();
        for _ in 0..2000 {
            std::hint::black_box(index.search(&q)?);
        }
        println!("one query: {:?} each", t.elapsed() / 2000);
        return Ok(());
    }

    let texts = [
        "光模块",
        "光纤预制棒",
        "张伟",
        "zhangwei",
        "zw",
        "研发总监 无线充电",
        "海康威视",
        "深圳",
        "通城",
        "液晶显示模组 京东方",
        "工程师",
        "tongcheng",
        "",
    ];
    let filters: Vec<SearchQuery> = vec![
        SearchQuery::default(),
        SearchQuery {
            region_prefixes: vec!["421222".into()],
            ..Default::default()
        },
        SearchQuery {
            chains: vec!["optical".into()],
            verified: Some(true),
            ..Default::default()
        },
        SearchQuery {
            region_prefixes: vec!["4212".into(), "421281".into()],
            intents: vec!["invest".into()],
            consent_only: true,
            ..Default::default()
        },
    ];
    for facets in [false, true] {
        let mut times = Vec::new();
        for round in 0..5 {
            for text in texts {
                for f in &filters {
                    let q = SearchQuery {
                        text: text.into(),
                        limit: 10,
                        facets,
                        ..f.clone()
                    };
                    let t = Instant::now();
                    let res = index.search(&q)?;
                    if round > 0 {
                        times.push(t.elapsed());
                    }
                    std::hint::black_box(res);
                }
            }
        }
        let best = best_of_rounds(&times, texts.len() * filters.len());
        if std::env::var("BENCH_DETAIL").is_ok() {
            for (i, text) in texts.iter().enumerate() {
                let row: Vec<String> = (0..filters.len())
                    .map(|j| format!("{:>9.2?}", best[i * filters.len() + j]))
                    .collect();
                println!("  {:<24} {}", format!("{text:?}"), row.join(" "));
            }
        }
        let (c50, c99) = percentiles(best);
        let (p50, p99) = percentiles(times);
        println!(
            "search facets={facets}: wall p50 {p50:?} p99 {p99:?}; best-of-rounds p50 {c50:?} p99 {c99:?}"
        );
    }
    for text in texts {
        let t = Instant::now();
        let res = index.search(&SearchQuery {
            text: text.into(),
            limit: 10,
            ..Default::default()
        })?;
        println!("  {text:?}: total {} in {:?}", res.total, t.elapsed());
    }

    let projects = [
        (
            "光纤预制棒及特种光纤项目：拟在通城建设光纤预制棒产线，需要光纤拉丝、预制棒沉积工艺人才和投资方",
            "optical.fiber",
        ),
        (
            "无线充电模组生产基地，主要生产无线接收端模组、天线模组，引进信维通信、领益智造等企业",
            "terminal.components",
        ),
        (
            "液晶显示模组及背光模组项目，拟与京东方合作，需要模组工艺工程师",
            "display.lcd",
        ),
        (
            "智能安防产业园，视频监控设备研发生产，对接海康威视",
            "software.security",
        ),
        ("锂电池隔膜和电解液材料项目", "materials.battery"),
    ];
    let mut times = Vec::new();
    for round in 0..5 {
        for (text, seg) in projects {
            let q = MatchQuery {
                text: text.into(),
                segment: Some(seg.into()),
                limit: 300,
                ..Default::default()
            };
            let t = Instant::now();
            let got = index.match_candidates(&q)?;
            if round > 0 {
                times.push(t.elapsed());
            }
            std::hint::black_box(got);
        }
    }
    let (c50, c99) = percentiles(best_of_rounds(&times, projects.len()));
    let (p50, p99) = percentiles(times);
    println!(
        "match_candidates(300): wall p50 {p50:?} p99 {p99:?}; best-of-rounds p50 {c50:?} p99 {c99:?}"
    );

    let t = Instant::now();
    let all = index.ids_and_versions()?;
    println!("ids_and_versions: {} in {:?}", all.len(), t.elapsed());
    if n == 0 {
        return Ok(());
    }
    let t = Instant::now();
    index.apply(
        (1..=100).map(|i| profile(i * 13)).collect(),
        vec![5, 6, 7],
        2,
    )?;
    println!("apply 100 upserts + 3 deletes: {:?}", t.elapsed());
    Ok(())
}
