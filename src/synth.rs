//! Realistic, deterministic 乡贤 profiles for the demo and the bench: profile
//! `i` depends only on `i`. Names from common surnames and given-name
//! characters, real villages of the city, employers and cities of the
//! electronic-information industry, bios written from the plan's vocabulary.
//! Mobile numbers use the 170 virtual-operator prefix and are synthetic.

use crate::domain::{CapitalRange, Education, Gender, Intent, Tier};

/// One generated person, in the shape of a profile request.
#[derive(Clone, Debug)]
pub struct SynthProfile {
    pub name: String,
    pub gender: Gender,
    pub birth_year: i32,
    pub hometown_code: String,
    pub residence_code: &'static str,
    pub employer: &'static str,
    pub title: &'static str,
    pub education: Education,
    pub chains: Vec<&'static str>,
    pub expertise: String,
    pub bio: String,
    pub intents: Vec<Intent>,
    pub capital_range: CapitalRange,
    pub mobile: String,
    pub consent_match: bool,
    pub listed: bool,
    pub tier: Tier,
    pub verified: bool,
    pub tags: Vec<&'static str>,
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "蔡", "蒋", "余", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任",
    "沈", "姚", "卢", "熊", "金", "汪", "欧阳", "饶", "葛", "游", "廖", "舒",
];
const GIVEN_MALE: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "斌", "鹏", "辉", "华", "建华", "建国",
    "志强", "海峰", "国庆", "文博", "晓东", "俊", "浩", "宇航", "子豪", "振华", "庆丰", "立新",
    "永刚", "德明", "正阳",
];
const GIVEN_FEMALE: &[&str] = &[
    "芳", "娟", "敏", "静", "丽", "艳", "娜", "秀英", "玲", "婷", "雪梅", "慧", "晓红", "春燕",
    "丽华", "佳怡", "思琪", "文静", "红霞", "美玲",
];

/// Where people of the industry live now: (county code, how often).
const RESIDENCES: &[(&str, u32)] = &[
    ("440305", 14),
    ("440304", 6),
    ("440306", 6),
    ("440307", 5),
    ("441900", 10),
    ("420111", 8),
    ("420106", 5),
    ("420115", 4),
    ("310115", 7),
    ("330108", 5),
    ("110108", 5),
    ("320505", 4),
    ("440106", 5),
    ("421202", 6),
    ("430104", 3),
    ("360102", 2),
    ("441302", 3),
    ("510107", 2),
];

/// Per segment: (segment, [employers], [expertise phrases]).
type SegmentVocabulary = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);
const SEGMENTS: &[SegmentVocabulary] = &[
    (
        "terminal.components",
        &[
            "深圳市信维通信股份有限公司",
            "领益智造",
            "立讯精密工业股份有限公司",
            "歌尔股份有限公司",
            "深圳顺络电子股份有限公司",
            "三赢兴科技",
            "厦门乾照光电",
            "浙江正泰电器",
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
            "无线充电移动电源",
            "继电器与断路器",
        ],
    ),
    (
        "terminal.smart_home",
        &[
            "海信集团",
            "美的集团",
            "珠海格力电器",
            "海尔智家",
            "广东欧科空调",
            "TCL实业",
        ],
        &[
            "智能家居控制系统",
            "智能遥控器",
            "智能照明",
            "智能空调",
            "智能开关",
            "网络化视频监控",
            "智能感知与控制",
            "中央空调",
        ],
    ),
    (
        "terminal.devices",
        &[
            "华为技术有限公司",
            "小米科技",
            "OPPO广东移动通信",
            "荣耀终端有限公司",
            "传音控股",
            "霍尔科技",
            "泓硕电子",
        ],
        &[
            "智能终端应用处理器",
            "单片微型计算机芯片",
            "传感器技术",
            "无线耳机",
            "数码锂电池",
            "VR及AR仿真系统",
            "语控和交互技术",
            "智能穿戴设备",
        ],
    ),
    (
        "display.lcd",
        &[
            "京东方科技集团",
            "TCL华星光电",
            "武汉天马微电子",
            "咸宁南玻光电玻璃",
            "维达力实业",
            "昆山龙腾光电",
            "精测电子",
        ],
        &[
            "液晶显示模组",
            "TFT-LCD阵列工艺",
            "彩膜工艺",
            "成盒工艺",
            "柔性显示",
            "OLED液晶显示面板",
            "偏光片",
            "玻璃基板",
            "超薄电子玻璃",
        ],
    ),
    (
        "display.backlight",
        &["厦门三安光电", "华灿光电", "隆利科技", "聚飞光电"],
        &[
            "LED背光模组",
            "导光板",
            "光学用膜片",
            "SMT打件",
            "LED芯片",
            "固晶胶",
            "LED外延片",
        ],
    ),
    (
        "display.lighting",
        &["木林森股份", "欧普照明", "雷士照明", "阳光照明"],
        &[
            "LED照明",
            "LED灯丝灯",
            "景观照明",
            "汽车照明灯",
            "LED显示屏",
            "非视觉照明",
        ],
    ),
    (
        "materials.consumer",
        &[
            "平安电工",
            "彩虹集团",
            "长信科技",
            "福莱特玻璃集团",
            "上海新昇半导体科技",
            "中天云母",
            "同力玻纤",
        ],
        &[
            "电子铜材",
            "引线框架",
            "电子封装材料",
            "云母材料",
            "光学玻璃",
            "电子陶瓷材料",
            "石墨烯复合材料",
            "300mm硅片",
            "触控模组",
        ],
    ),
    (
        "materials.battery",
        &[
            "宁德时代",
            "恩捷股份",
            "天赐材料",
            "亿纬锂能",
            "比亚迪",
            "国轩高科",
        ],
        &[
            "锂电池隔膜",
            "锂电池正极材料",
            "负极材料",
            "电解液",
            "新型锂盐",
            "高能量硅负极材料",
            "离子液体",
        ],
    ),
    (
        "optical.fiber",
        &[
            "长飞光纤光缆",
            "烽火通信",
            "江苏亨通光电",
            "中天科技",
            "住友电工",
        ],
        &[
            "光纤预制棒",
            "光纤光缆",
            "特种光纤",
            "紫外固化涂料",
            "气吹微缆",
            "超低损耗光纤",
            "多模光纤",
            "光电复合缆",
        ],
    ),
    (
        "optical.components",
        &[
            "武汉光迅科技",
            "华工正源",
            "中际旭创",
            "博创科技",
            "东莞铭普光磁",
            "联创电子",
        ],
        &[
            "光模块",
            "光器件",
            "波分复用器",
            "光分路器",
            "MPO跳线",
            "100G光模块",
            "光衰减器",
            "激光雷达",
        ],
    ),
    (
        "software.security",
        &[
            "杭州海康威视数字技术",
            "浙江大华技术",
            "北京旷视科技",
            "宇视科技",
        ],
        &[
            "智能安防",
            "人脸检测",
            "数字视频监控",
            "门禁系统",
            "智能锁",
            "安防集成方案",
        ],
    ),
    (
        "software.iot",
        &["神州数码控股", "涂鸦智能", "移远通信", "海尔卡奥斯"],
        &[
            "物联网平台",
            "物联网系统集成",
            "智能物流",
            "智能农业",
            "智能电网",
            "产品级IoT",
        ],
    ),
    (
        "software.industrial",
        &[
            "浙江中控技术",
            "用友网络",
            "金蝶软件",
            "武汉华中数控",
            "方片互动",
            "即兴计算机软件",
        ],
        &[
            "工业软件",
            "制造执行系统MES",
            "企业信息系统ERP",
            "DCS控制系统",
            "嵌入式软件",
            "虚拟制造技术",
        ],
    ),
    (
        "software.iiot",
        &["海尔卡奥斯物联生态", "树根互联", "华为云", "浪潮云"],
        &[
            "工业互联网平台",
            "RFID射频技术",
            "机械视觉",
            "数据集成平台",
            "协同制造平台",
            "工业机器人",
        ],
    ),
];

/// Titles from senior to junior, with how often they occur.
const TITLES: &[(&str, u32)] = &[
    ("董事长", 2),
    ("总经理", 5),
    ("创始人", 3),
    ("副总经理", 5),
    ("研发总监", 8),
    ("技术总监", 7),
    ("总工程师", 5),
    ("首席专家", 2),
    ("销售总监", 5),
    ("高级工程师", 14),
    ("产品经理", 10),
    ("工程师", 18),
    ("项目经理", 8),
    ("技术员", 5),
    ("助理工程师", 3),
];
const SCHOOLS: &[&str] = &[
    "华中科技大学",
    "武汉大学",
    "武汉理工大学",
    "湖北科技学院",
    "武汉科技大学",
    "湖北工业大学",
    "咸宁职业技术学院",
    "华南理工大学",
];
const TAGS: &[&str] = &[
    "深圳咸宁商会",
    "武汉咸宁商会",
    "博士联谊会",
    "海外高层次人才",
    "乡贤理事会",
    "返乡创业导师",
];

/// A small, fast, well-mixed hash: profile `i` must not look like profile `i+1`.
fn mix(i: u64, salt: u64) -> u64 {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt.wrapping_mul(0xD1B5_4A32_D192_ED03);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn pick<T: Copy>(items: &[T], i: u64, salt: u64) -> T {
    items[(mix(i, salt) % items.len() as u64) as usize]
}

fn weighted<T: Copy>(items: &[(T, u32)], i: u64, salt: u64) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = (mix(i, salt) % u64::from(total)) as u32;
    for (item, weight) in items {
        if roll < *weight {
            return *item;
        }
        roll -= weight;
    }
    items[0].0
}

fn chance(i: u64, salt: u64, percent: u64) -> bool {
    mix(i, salt) % 100 < percent
}

/// The i-th person; `villages` are real village codes of the city.
pub fn profile(i: u64, villages: &[String]) -> SynthProfile {
    let gender = if chance(i, 1, 72) {
        Gender::Male
    } else {
        Gender::Female
    };
    let given = if gender == Gender::Male {
        pick(GIVEN_MALE, i, 3)
    } else {
        pick(GIVEN_FEMALE, i, 3)
    };
    let name = format!("{}{}", pick(SURNAMES, i, 2), given);
    let (segment, employers, phrases) = pick(SEGMENTS, i, 4);
    let employer = pick(employers, i, 5);
    let title = weighted(TITLES, i, 6);
    let first = pick(phrases, i, 7);
    let second = pick(phrases, i, 8);
    let expertise = if first == second {
        first.to_owned()
    } else {
        format!("{first}、{second}")
    };
    let mut chains = vec![segment];
    if chance(i, 9, 20) {
        let (other, _, _) = pick(SEGMENTS, i, 10);
        if other != segment {
            chains.push(other);
        }
    }
    let hometown_code = if villages.is_empty() {
        "421222100201".to_owned()
    } else {
        villages[(mix(i, 11) % villages.len() as u64) as usize].clone()
    };
    let birth_year = 1958 + (mix(i, 12) % 40) as i32;
    let school = pick(SCHOOLS, i, 13);
    let graduated = birth_year + 22;
    let intents = {
        let mut v = Vec::new();
        for (intent, percent, salt) in [
            (Intent::Invest, 35, 14),
            (Intent::Tech, 45, 15),
            (Intent::Startup, 20, 16),
            (Intent::Advisor, 25, 17),
            (Intent::Introduce, 20, 18),
            (Intent::Donate, 10, 19),
        ] {
            if chance(i, salt, percent) {
                v.push(intent);
            }
        }
        v
    };
    let capital_range = if intents.contains(&Intent::Invest) {
        pick(
            &[
                CapitalRange::M1To5,
                CapitalRange::M5To20,
                CapitalRange::M5To20,
                CapitalRange::M20To100,
                CapitalRange::Over100m,
                CapitalRange::Under1m,
            ],
            i,
            20,
        )
    } else {
        pick(
            &[
                CapitalRange::None,
                CapitalRange::None,
                CapitalRange::Under1m,
            ],
            i,
            20,
        )
    };
    let wish = match intents.first() {
        Some(Intent::Invest) => "有意回乡投资兴业",
        Some(Intent::Tech) => "愿与家乡企业开展技术合作",
        Some(Intent::Startup) => "计划返乡创业",
        Some(Intent::Advisor) => "愿为家乡产业发展担任顾问",
        Some(Intent::Introduce) => "可为家乡引荐行业资源",
        _ => "关心家乡发展",
    };
    let segment_name = crate::domain::taxonomy::segment_name(segment).unwrap_or(segment);
    let bio = format!(
        "{graduated}年毕业于{school}，现任{employer}{title}，长期从事{first}相关工作，熟悉{segment_name}产业链上下游，{wish}。"
    );
    let tier = if chance(i, 21, 4) {
        Tier::Renowned
    } else if chance(i, 22, 18) {
        Tier::Key
    } else {
        Tier::Normal
    };
    SynthProfile {
        name,
        gender,
        birth_year,
        hometown_code,
        residence_code: weighted(RESIDENCES, i, 23),
        employer,
        title,
        education: pick(
            &[
                Education::Doctorate,
                Education::Master,
                Education::Master,
                Education::Bachelor,
                Education::Bachelor,
                Education::Bachelor,
                Education::College,
            ],
            i,
            24,
        ),
        chains,
        expertise,
        bio,
        intents,
        capital_range,
        mobile: format!("170{:08}", mix(i, 25) % 100_000_000),
        consent_match: chance(i, 26, 70),
        listed: chance(i, 27, 95),
        tier,
        verified: chance(i, 28, 55),
        tags: if chance(i, 29, 30) {
            vec![pick(TAGS, i, 30)]
        } else {
            Vec::new()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_index_gives_the_same_person() {
        let villages = vec!["421222100201".to_owned(), "421223100201".to_owned()];
        let a = profile(42, &villages);
        let b = profile(42, &villages);
        assert_eq!(a.name, b.name);
        assert_eq!(a.bio, b.bio);
        assert_eq!(a.mobile, b.mobile);
        assert_ne!(profile(43, &villages).bio, a.bio);
    }

    #[test]
    fn generated_values_pass_the_domain_rules() {
        for i in 0..2_000 {
            let p = profile(i, &[]);
            assert!(crate::domain::PersonName::parse(&p.name).is_ok());
            assert!(crate::domain::Mobile::parse(&p.mobile).is_ok());
            for c in &p.chains {
                assert!(crate::domain::ChainSegment::parse(c).is_ok());
            }
        }
    }
}

impl SynthProfile {
    /// The profile fields the write path takes.
    pub fn fields(&self) -> crate::service::profile::ProfileFields {
        use crate::domain::{ChainSegment, Mobile, RegionCode};
        crate::service::profile::ProfileFields {
            name: Some(self.name.clone()),
            gender: Some(Some(self.gender)),
            birth_year: Some(Some(self.birth_year)),
            hometown: RegionCode::parse(&self.hometown_code).ok(),
            residence: Some(RegionCode::parse(self.residence_code).ok()),
            employer: Some(self.employer.to_owned()),
            title: Some(self.title.to_owned()),
            education: Some(Some(self.education)),
            chains: Some(
                self.chains
                    .iter()
                    .filter_map(|c| ChainSegment::parse(c).ok())
                    .collect(),
            ),
            expertise: Some(self.expertise.clone()),
            bio: Some(self.bio.clone()),
            intents: Some(self.intents.clone()),
            capital_range: Some(Some(self.capital_range)),
            mobile: Some(Mobile::parse(&self.mobile).ok()),
            wechat: None,
            email: None,
            consent_match: Some(self.consent_match),
            consent_basis: Some(self.consent_match.then(|| "书面同意书".to_owned())),
            listed: Some(self.listed),
            tier: Some(self.tier),
            tags: Some(self.tags.iter().map(|t| (*t).to_owned()).collect()),
        }
    }
}
