//! The background population of the matching evaluation: 乡贤 who are in the registry but
//! relevant to none of its projects, generated deterministically from templates.
//!
//! The registry of a city holds everyone who left and did well — builders, doctors,
//! bankers, tea makers — and in the electronics firms also people in general functions
//! (quality, HR, finance, stores). They are judged irrelevant to every project of the set by
//! rule, which is why they may be generated: non-electronics people share no chain and no
//! trade with any project; general-function staff bring no capability specific to one
//! (`tests/matching_eval/README.md`). None works at a target company of any project.

use serde_json::{Value, json};

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "吴", "周", "徐", "孙", "胡", "朱", "高", "林", "何",
    "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁",
    "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶",
];
const GIVEN: &[&str] = &[
    "文", "斌", "丽", "军", "平", "敏", "杰", "燕", "涛", "霞", "明", "红", "华", "艳", "勇", "娟",
    "建平", "志红", "海燕", "国华", "春梅", "玉兰", "德华", "晓燕", "伟民", "小军", "桂芳", "新华",
];

/// Township codes of the six counties.
const TOWNSHIPS: &[&str] = &[
    "421202001",
    "421202100",
    "421202103",
    "421202106",
    "421202200",
    "421221100",
    "421221102",
    "421221104",
    "421221106",
    "421222100",
    "421222101",
    "421222103",
    "421222105",
    "421222108",
    "421222200",
    "421223100",
    "421223102",
    "421223104",
    "421223106",
    "421223201",
    "421224100",
    "421224102",
    "421224104",
    "421224106",
    "421224201",
    "421281001",
    "421281003",
    "421281101",
    "421281104",
    "421281107",
    "421281200",
];
const RESIDENCES: &[&str] = &[
    "420106", "420111", "421202", "440305", "441900", "310115", "110108", "330108", "430104",
    "440106", "421281", "421222",
];

/// (employers, titles, expertise, bio) of a trade with nothing to do with electronics.
type Trade = (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
);
const TRADES: &[Trade] = &[
    (
        &[
            "中建三局集团有限公司",
            "湖北路桥集团有限公司",
            "咸宁建工集团",
        ],
        &["项目经理", "总工程师", "董事长", "施工员"],
        &["房屋建筑施工管理", "公路桥梁工程造价", "钢结构与装配式建筑"],
        "在外从事建筑施工多年",
    ),
    (
        &["武汉协和医院", "咸宁市中心医院", "华润医药商业集团"],
        &["主任医师", "护士长", "药剂师", "医药代表"],
        &[
            "心血管内科临床诊疗",
            "护理管理与院感防控",
            "中药饮片质量管理",
        ],
        "长期在医疗卫生系统工作",
    ),
    (
        &["华中师范大学", "咸宁高级中学", "武汉新东方学校"],
        &["教授", "教师", "校长"],
        &["中学数学教学", "教育管理与教师培训", "英语培训与出国留学"],
        "从事教育工作二十年",
    ),
    (
        &["湖北银行", "招商银行武汉分行", "咸宁农村商业银行"],
        &["支行行长", "客户经理", "风控经理"],
        &["小微企业信贷", "个人理财与财富管理", "信贷风险管理"],
        "在银行系统工作多年，熟悉金融政策",
    ),
    (
        &[
            "赤壁青砖茶业有限公司",
            "通山楠竹制品厂",
            "嘉鱼蔬菜专业合作社",
        ],
        &["总经理", "技术员", "理事长"],
        &["青砖茶压制与发酵", "楠竹加工与竹地板", "蔬菜大棚种植"],
        "扎根农业，带动乡亲增收",
    ),
    (
        &[
            "咸宁温泉度假酒店",
            "九宫山旅游开发公司",
            "武汉湘鄂情餐饮连锁",
        ],
        &["总经理", "厨师长", "店长"],
        &["酒店经营管理", "湖北菜品研发", "景区游客服务"],
        "从事文旅和餐饮行业",
    ),
    (
        &["顺丰速运湖北区", "京东物流华中仓", "咸宁建材商贸公司"],
        &["区域经理", "调度主管", "老板"],
        &["冷链运输调度", "仓储配送管理", "建材批发零售"],
        "在物流与商贸领域打拼",
    ),
    (
        &["湖北楚天律师事务所", "武汉会计师事务所"],
        &["合伙人", "律师", "注册会计师"],
        &["民商事诉讼与合同纠纷", "审计与税务筹划"],
        "执业多年，热心家乡公益",
    ),
    (
        &["武汉裕大华纺织服装", "嘉鱼纺织厂"],
        &["厂长", "服装设计师", "车间主任"],
        &["服装设计与打版", "棉纺纺纱工艺"],
        "从事纺织服装行业",
    ),
    (
        &["东风汽车集团", "武汉汽车销售服务公司"],
        &["发动机工程师", "销售顾问", "售后经理"],
        &["发动机装配调试", "汽车销售与售后服务"],
        "在汽车行业工作",
    ),
    (
        &["湖北电视台", "咸宁日报社"],
        &["记者", "编辑", "主任"],
        &["新闻采编与宣传策划", "短视频内容策划"],
        "从事新闻宣传工作",
    ),
];

/// General functions in electronics firms: no capability specific to any project.
const GENERAL: &[(&str, &str)] = &[
    ("品质主管", "ISO9001质量体系、来料检验"),
    ("行政专员", "行政后勤与办公室管理"),
    ("人事经理", "员工招聘、培训与绩效"),
    ("财务主管", "财务核算与税务申报"),
    ("仓库主管", "仓储物料收发与盘点"),
    ("生产组长", "车间排班与现场5S管理"),
];
const GENERAL_EMPLOYERS: &[&str] = &[
    "深圳市宏达电子科技有限公司",
    "东莞市德信电子有限公司",
    "苏州华益电子有限公司",
    "武汉恒通电子有限公司",
    "惠州市金辉电子有限公司",
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
const SMALL_INTENTS: &[&[&str]] = &[
    &["donate"],
    &["advisor"],
    &["introduce"],
    &[],
    &["donate", "advisor"],
];
const CAPITAL: &[&str] = &["none", "under_1m", "1m_5m", "5m_20m", "20m_100m"];

fn pick<T: Copy>(items: &[T], n: usize) -> T {
    items[n % items.len()]
}

/// A cheap deterministic mix of an index, so neighbouring people differ in every field.
fn mix(i: usize, salt: usize) -> usize {
    let x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (salt as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (x >> 17) as usize
}

fn name(i: usize) -> String {
    format!("{}{}", pick(SURNAMES, mix(i, 1)), pick(GIVEN, mix(i, 2)))
}

/// `n` people of other trades and `general` in general functions of electronics firms.
pub fn people(n: usize, general: usize) -> Vec<Value> {
    let mut out = Vec::with_capacity(n + general);
    for i in 0..n {
        let (employers, titles, expertise, bio) = pick(TRADES, mix(i, 3));
        let home = pick(TOWNSHIPS, mix(i, 4));
        out.push(json!({
            "key": format!("bg_{i}"), "name": name(i), "gender": if mix(i, 5).is_multiple_of(2) { "male" } else { "female" },
            "birth_year": 1960 + (mix(i, 6) % 35) as i64, "hometown_code": home,
            "residence_code": pick(RESIDENCES, mix(i, 7)), "employer": pick(employers, mix(i, 8)),
            "title": pick(titles, mix(i, 9)), "chains": [], "expertise": pick(expertise, mix(i, 10)),
            "bio": format!("{}，{}。", "咸宁籍乡贤", bio),
            "intents": pick(&[&["invest"][..], &["donate"], &["advisor"], &["invest", "donate"], &["introduce"]], mix(i, 11)),
            "capital_range": pick(CAPITAL, mix(i, 12)),
            "tier": pick(&["normal", "normal", "normal", "key", "renowned"], mix(i, 13)),
            "consent_match": !mix(i, 14).is_multiple_of(10), "listed": !mix(i, 15).is_multiple_of(20),
            "verified": mix(i, 16).is_multiple_of(2)
        }));
    }
    for j in 0..general {
        let i = n + j;
        let (title, expertise) = pick(GENERAL, mix(i, 3));
        out.push(json!({
            "key": format!("bg_{i}"), "name": name(i), "gender": if mix(i, 5).is_multiple_of(2) { "male" } else { "female" },
            "birth_year": 1970 + (mix(i, 6) % 30) as i64, "hometown_code": pick(TOWNSHIPS, mix(i, 4)),
            "residence_code": pick(RESIDENCES, mix(i, 7)), "employer": pick(GENERAL_EMPLOYERS, mix(i, 8)),
            "title": title, "chains": [pick(SEGMENTS, mix(i, 9))], "expertise": expertise,
            "bio": "在电子企业从事综合管理工作。", "intents": pick(SMALL_INTENTS, mix(i, 11)),
            "capital_range": pick(&CAPITAL[..3], mix(i, 12)), "tier": "normal",
            "consent_match": !mix(i, 14).is_multiple_of(10), "listed": true, "verified": mix(i, 16).is_multiple_of(2)
        }));
    }
    out
}
