//! The companies the plan names, by segment of the taxonomy: the 招商对象 of
//! 专栏3-1 (companies to attract) and the local companies (本地企业) its text
//! names as the backbone of each chain (§二 产业链条初显, §四(一)3 产业链精准招商,
//! §四(二)2 五大细分领域). 专栏3-1 groups its targets by chain and a product
//! word (半导体器件, 背光模组, …); each group is placed here under the segment
//! its products belong to. The plan names no local company for some segments:
//! those are the gaps the chain map shows.

/// One segment's companies: (segment code, local companies, 专栏3-1 targets).
pub type SegmentCompanies = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

/// Every segment of the taxonomy, in its order.
pub const BY_SEGMENT: &[SegmentCompanies] = &[
    (
        "terminal.components",
        &["瀛通通讯", "瀛新精密电子", "友邦电子"],
        &[
            "湘能华磊光电",
            "厦门乾照光电",
            "浙江正泰电器",
            "上海良信电器",
            "信维通信(深圳市)",
            "广东领益智造",
        ],
    ),
    (
        "terminal.smart_home",
        &["霍尔科技", "泓硕电子"],
        &["海信集团", "广东欧科空调"],
    ),
    ("terminal.devices", &["三赢兴"], &[]),
    (
        "display.lcd",
        &["南玻光电", "维达力", "万津实业", "精创电子", "赤壁高投科技"],
        &[
            "彩虹股份",
            "长信科技",
            "深圳三利谱光电",
            "深圳盛波光电",
            "昆山龙腾光电",
            "上海微电子装备(集团)",
        ],
    ),
    (
        "display.backlight",
        &["格莱德电子"],
        &["厦门三安光电", "华灿光电"],
    ),
    ("display.lighting", &[], &[]),
    (
        "materials.consumer",
        &["平安电工", "永豪科技", "中天云母", "同力玻纤"],
        &[
            "上海新昇半导体科技",
            "浙江金瑞泓",
            "河南神马氯碱发展",
            "陕西北元化工集团",
            "福莱特玻璃集团",
            "彩虹集团",
            "维信诺科技",
        ],
    ),
    ("materials.battery", &[], &["鸿纳(东莞)新材料科技"]),
    (
        "optical.fiber",
        &[],
        &["江苏亨通光电", "烽火通讯", "住友电工"],
    ),
    (
        "optical.components",
        &[],
        &[
            "三安光电",
            "恒宝通光电子",
            "博创科技",
            "东莞铭普光磁",
            "联创电子",
            "广东通宇通讯",
        ],
    ),
    (
        "software.security",
        &[],
        &["北京旷视科技", "杭州海康威视数字技术"],
    ),
    (
        "software.iot",
        &["方片互动", "必虎网络"],
        &["海尔智家", "神州数码控股", "焦点科技", "苏宁易购"],
    ),
    (
        "software.industrial",
        &["即兴计算机软件"],
        &["浙江中控技术"],
    ),
    ("software.iiot", &[], &["海尔卡奥斯"]),
];

/// The local companies and 专栏3-1 targets of `segment` (empty for an unknown code).
pub fn of_segment(segment: &str) -> (&'static [&'static str], &'static [&'static str]) {
    BY_SEGMENT
        .iter()
        .find(|(code, _, _)| *code == segment)
        .map(|(_, local, targets)| (*local, *targets))
        .unwrap_or((&[], &[]))
}

/// The name as the plan spells it, when `name` is one of the plan's companies
/// (local or target, by [`super::same_company`]).
pub fn plan_name(name: &str) -> Option<&'static str> {
    BY_SEGMENT
        .iter()
        .flat_map(|(_, local, targets)| local.iter().chain(targets.iter()))
        .find(|plan| super::same_company(name, plan))
        .copied()
}

/// Every company the plan names, local first, each once (for pickers).
pub fn all_names() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = BY_SEGMENT
        .iter()
        .flat_map(|(_, l, _)| l.iter())
        .copied()
        .collect();
    for (_, _, targets) in BY_SEGMENT {
        for t in *targets {
            if !out.contains(t) {
                out.push(t);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CHAINS;

    #[test]
    fn every_segment_of_the_taxonomy_is_listed_once_in_order() {
        let taxonomy: Vec<&str> = CHAINS
            .iter()
            .flat_map(|(_, _, segments)| segments.iter().map(|(code, _)| *code))
            .collect();
        let listed: Vec<&str> = BY_SEGMENT.iter().map(|(code, _, _)| *code).collect();
        assert_eq!(listed, taxonomy);
    }

    #[test]
    fn plan_names_are_found_however_written() {
        assert_eq!(
            plan_name("深圳市信维通信股份有限公司"),
            Some("信维通信(深圳市)")
        );
        assert_eq!(plan_name("咸宁南玻光电玻璃有限公司"), Some("南玻光电"));
        assert_eq!(plan_name("某某咨询"), None);
        assert!(all_names().contains(&"平安电工"));
    }
}
