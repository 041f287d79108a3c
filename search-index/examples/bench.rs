//! Micro benchmark on a synthetic corpus: rebuild rate, index size, search and match latency.
//!
//! ```sh
//! cargo run --release -p search-index --example bench -- 1000000 /tmp/si-bench
//! ```
//! Arguments: number of documents (default 100,000) and index folder (default a temp folder,
//! emptied first).

use std::time::{Duration, Instant};

use search_index::{MatchQuery, ProfileDoc, SearchIndex, SearchQuery};

const SURNAMES: &[&str] = &[
    "张", "王", "李", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "欧阳", "单",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
    "秀英", "建华", "志强", "海燕", "晓东", "子轩", "雨桐",
];
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
const TITLES: &[&str] = &[
    "研发总监",
    "总经理",
    "总工程师",
    "首席专家",
    "技术员",
    "工程师",
    "高级工程师",
    "副总经理",
    "销售经理",
    "教授",
    "董事长",
    "项目经理",
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
const SEGMENTS: &[&str] = &[
    "terminal.components",
    "terminal.smart_home",
    "terminal.devices",
    "display.lcd",
    "display.backlight",
    "display.lighting",
    "materials.consumer",
    "materials.battery",
    "optical.fiber",
    "optical.components",
    "software.security",
    "software.iot",
    "software.industrial",
    "software.iiot",
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
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn profile(id: i64) -> ProfileDoc {
    let mut r = Lcg(id as u64 * 7919 + 17);
    let (county_code, county) = COUNTIES[(r.next() % COUNTIES.len() as u64) as usize];
    let town_no = 100 + r.next() % 12;
    let village_no = 200 + r.next() % 20;
    let seg = r.pick(SEGMENTS).to_string();
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
        name: format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN)),
        hometown_code: format!("{county_code}{town_no:03}{village_no:03}"),
        hometown_names: format!("咸宁市 {county} {} {}", r.pick(TOWNS), r.pick(VILLAGES)),
        residence_name: r.pick(CITIES).to_string(),
        employer: r.pick(EMPLOYERS).to_string(),
        title: r.pick(TITLES).to_string(),
        expertise,
        bio,
        tags: vec![r.pick(TERMS).to_string()],
        chains: if r.next().is_multiple_of(4) {
            vec![seg, r.pick(SEGMENTS).to_string()]
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

/// Per segment: employers and expertise phrases (as in the app's synthetic profiles).
type Vocabulary = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);
const PLAN: &[Vocabulary] = &[
    (
        "terminal.components",
        "智能终端元器件",
        &[
            "深圳市信维通信股份有限公司",
            "领益智造",
            "立讯精密工业股份有限公司",
            "歌尔股份有限公司",
            "三赢兴科技",
            "厦门乾照光电",
        ],
        &[
            "无线充电接收端模组",
            "模组封装制造",
            "无线充电线圈自动绕线设备",
            "石墨导热片",
            "天线模组",
            "电磁屏蔽",
            "电源控制芯片",
            "声学器件",
            "连接器",
        ],
    ),
    (
        "terminal.smart_home",
        "智能家居",
        &[
            "海信集团",
            "美的集团",
            "珠海格力电器",
            "海尔智家",
            "广东欧科空调",
        ],
        &[
            "智能家居控制系统",
            "智能遥控器",
            "智能照明",
            "智能空调",
            "智能开关",
            "网络化视频监控",
        ],
    ),
    (
        "terminal.devices",
        "智能终端产品",
        &[
            "华为技术有限公司",
            "小米科技",
            "荣耀终端有限公司",
            "霍尔科技",
        ],
        &[
            "智能终端应用处理器",
            "单片微型计算机芯片",
            "传感器技术",
            "无线耳机",
            "数码锂电池",
            "智能穿戴设备",
        ],
    ),
    (
        "display.lcd",
        "新型显示",
        &[
            "京东方科技集团",
            "TCL华星光电",
            "武汉天马微电子",
            "咸宁南玻光电玻璃",
            "维达力实业",
        ],
        &[
            "液晶显示模组",
            "TFT-LCD阵列工艺",
            "彩膜工艺",
            "成盒工艺",
            "柔性显示",
            "偏光片",
            "玻璃基板",
            "超薄电子玻璃",
        ],
    ),
    (
        "display.backlight",
        "LED背光模组",
        &["厦门三安光电", "华灿光电", "隆利科技"],
        &[
            "LED背光模组",
            "导光板",
            "光学用膜片",
            "SMT打件",
            "LED芯片",
            "固晶胶",
        ],
    ),
    (
        "display.lighting",
        "LED照明",
        &["木林森股份", "欧普照明", "雷士照明"],
        &[
            "LED照明",
            "LED灯丝灯",
            "景观照明",
            "汽车照明灯",
            "LED显示屏",
        ],
    ),
    (
        "materials.consumer",
        "电子材料",
        &["平安电工", "彩虹集团", "长信科技", "中天云母", "同力玻纤"],
        &[
            "电子铜材",
            "引线框架",
            "电子封装材料",
            "云母材料",
            "光学玻璃",
            "电子陶瓷材料",
            "石墨烯复合材料",
        ],
    ),
    (
        "materials.battery",
        "锂电池材料",
        &["宁德时代", "恩捷股份", "天赐材料", "比亚迪"],
        &[
            "锂电池隔膜",
            "锂电池正极材料",
            "负极材料",
            "电解液",
            "新型锂盐",
            "离子液体",
        ],
    ),
    (
        "optical.fiber",
        "光纤光缆",
        &["长飞光纤光缆", "烽火通信", "江苏亨通光电", "中天科技"],
        &[
            "光纤预制棒",
            "光纤光缆",
            "特种光纤",
            "紫外固化涂料",
            "气吹微缆",
            "超低损耗光纤",
            "多模光纤",
        ],
    ),
    (
        "optical.components",
        "光通信电子元器件",
        &["武汉光迅科技", "华工正源", "中际旭创", "博创科技"],
        &[
            "光模块",
            "光器件",
            "波分复用器",
            "光分路器",
            "MPO跳线",
            "100G光模块",
            "光衰减器",
        ],
    ),
    (
        "software.security",
        "智能安防",
        &["杭州海康威视数字技术", "浙江大华技术", "北京旷视科技"],
        &["智能安防", "人脸检测", "数字视频监控", "门禁系统", "智能锁"],
    ),
    (
        "software.iot",
        "物联网",
        &["神州数码控股", "涂鸦智能", "移远通信"],
        &[
            "物联网平台",
            "物联网系统集成",
            "智能物流",
            "智能农业",
            "智能电网",
        ],
    ),
    (
        "software.industrial",
        "工业软件",
        &["浙江中控技术", "用友网络", "金蝶软件", "方片互动"],
        &[
            "工业软件",
            "制造执行系统MES",
            "企业信息系统ERP",
            "DCS控制系统",
            "嵌入式软件",
        ],
    ),
    (
        "software.iiot",
        "工业互联网",
        &["树根互联", "华为云", "浪潮云"],
        &[
            "工业互联网平台",
            "RFID射频技术",
            "机械视觉",
            "数据集成平台",
            "工业机器人",
        ],
    ),
];
const SCHOOLS: &[&str] = &[
    "华中科技大学",
    "武汉大学",
    "武汉理工大学",
    "湖北科技学院",
    "武汉科技大学",
    "湖北工业大学",
];
const WISHES: &[&str] = &[
    "有意回乡投资兴业",
    "愿与家乡企业开展技术合作",
    "计划返乡创业",
    "愿为家乡产业发展担任顾问",
    "关心家乡发展",
];
const TAGS: &[&str] = &[
    "深圳咸宁商会",
    "武汉咸宁商会",
    "博士联谊会",
    "海外高层次人才",
    "乡贤理事会",
    "返乡创业导师",
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
    let (segment, segment_name, employers, phrases) = PLAN[(r.next() % PLAN.len() as u64) as usize];
    let employer = r.pick(employers);
    let title = r.pick(TITLES);
    let first = r.pick(phrases);
    let second = r.pick(phrases);
    let expertise = if first == second {
        first.to_string()
    } else {
        format!("{first}、{second}")
    };
    let graduated = 1980 + r.next() % 40;
    let bio = format!(
        "{graduated}年毕业于{}，现任{employer}{title}，长期从事{first}相关工作，熟悉{segment_name}产业链上下游，{}。",
        r.pick(SCHOOLS),
        r.pick(WISHES)
    );
    let mut chains = vec![segment.to_string()];
    if r.next().is_multiple_of(5) {
        chains.push(PLAN[(r.next() % PLAN.len() as u64) as usize].0.to_string());
    }
    ProfileDoc {
        id,
        version: 1,
        name: format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN)),
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
