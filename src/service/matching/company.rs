//! Whether a person's employer is one of a project's target companies (招商对象).
//!
//! The plan names companies loosely ("信维通信(深圳市)", "杭州海康威视数字技术", "烽火通讯") and
//! people write their employer however they like ("深圳市信维通信股份有限公司", "海康威视",
//! "烽火通信科技"). Both sides are reduced to a core name (no place in front, no legal form
//! or generic business words behind, nothing in brackets), and two names match when one core
//! contains the other, or when they share their first three characters (烽火通讯 / 烽火通信).

/// Places a company name may start with.
const PLACES: &[&str] = &[
    "北京", "上海", "天津", "重庆", "深圳", "广州", "杭州", "武汉", "厦门", "苏州", "南京", "东莞",
    "昆山", "成都", "西安", "长沙", "合肥", "青岛", "宁波", "无锡", "珠海", "惠州", "佛山", "咸宁",
    "广东", "浙江", "江苏", "湖北", "湖南", "河南", "陕西", "福建", "山东", "安徽", "江西", "四川",
    "中国",
];

/// Legal forms a company name may end with.
const LEGAL_FORMS: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "分公司",
    "公司",
    "集团",
    "控股",
    "股份",
];

/// Generic business words a name may end with; dropped only when at least three characters
/// remain, since a two-character core (中天 of 中天科技) would match unrelated companies (中天云母).
const BUSINESS_WORDS: &[&str] = &["数字技术", "科技", "技术", "实业", "发展", "电子", "新材料"];

/// The part of a company name that tells it apart, lowercased.
pub fn core(name: &str) -> String {
    let mut s: String = name
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // Brackets hold places or legal forms: 信维通信(深圳市), 上海微电子装备（集团）.
    for (open, close) in [('(', ')'), ('（', '）')] {
        while let (Some(a), Some(b)) = (s.find(open), s.find(close)) {
            if a >= b {
                break;
            }
            s.replace_range(a..b + close.len_utf8(), "");
        }
    }
    loop {
        let before = s.len();
        for place in PLACES {
            if let Some(rest) = s.strip_prefix(place) {
                let rest = rest
                    .strip_prefix('省')
                    .or_else(|| rest.strip_prefix('市'))
                    .unwrap_or(rest);
                // Never strip a whole name down to nothing.
                if rest.chars().count() >= 2 {
                    s = rest.to_owned();
                }
            }
        }
        for (suffixes, keep) in [(LEGAL_FORMS, 2), (BUSINESS_WORDS, 3)] {
            for suffix in suffixes {
                if let Some(rest) = s.strip_suffix(suffix)
                    && rest.chars().count() >= keep
                {
                    s = rest.to_owned();
                }
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// Whether two company names name the same company (see the module docs).
pub fn same_company(a: &str, b: &str) -> bool {
    let (a, b) = (core(a), core(b));
    let generic =
        |s: &str| s.chars().count() < 2 || BUSINESS_WORDS.contains(&s) || LEGAL_FORMS.contains(&s);
    if generic(&a) || generic(&b) {
        return false;
    }
    if a.contains(&b) || b.contains(&a) {
        return true;
    }
    let prefix = |s: &str| s.chars().take(3).collect::<String>();
    a.chars().count() >= 3 && b.chars().count() >= 3 && prefix(&a) == prefix(&b)
}

/// The first target company `employer` is (as the project lists it).
pub fn target_of(employer: &str, targets: &[String]) -> Option<String> {
    if employer.trim().is_empty() {
        return None;
    }
    targets
        .iter()
        .find(|t| same_company(employer, t))
        .map(|t| t.trim().to_owned())
}

/// Texts to look for in employers to find a project's target-company people in the
/// database: each core, and its first three characters (see [`same_company`]).
pub fn search_patterns(targets: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in targets {
        let c = core(t);
        if c.chars().count() < 2 {
            continue;
        }
        let prefix: String = c.chars().take(3).collect();
        for p in [c, prefix] {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cores_drop_places_legal_forms_and_brackets() {
        assert_eq!(core("深圳市信维通信股份有限公司"), "信维通信");
        assert_eq!(core("信维通信(深圳市)"), "信维通信");
        assert_eq!(core("杭州海康威视数字技术"), "海康威视");
        assert_eq!(core("上海微电子装备（集团）"), "微电子装备");
        assert_eq!(core("广东领益智造"), "领益智造");
        assert_eq!(core("京东方"), "京东方");
        assert_eq!(core("京东方科技集团"), "京东方");
        assert_eq!(core("中天科技"), "中天科技");
        assert_eq!(core("海信集团"), "海信");
    }

    #[test]
    fn employers_match_targets_either_way() {
        assert!(same_company(
            "深圳市信维通信股份有限公司",
            "信维通信(深圳市)"
        ));
        assert!(same_company("海康威视", "杭州海康威视数字技术"));
        assert!(same_company("烽火通信科技股份有限公司", "烽火通讯"));
        assert!(same_company("京东方科技集团", "京东方"));
        assert!(same_company("海信视像科技股份有限公司", "海信集团"));
        assert!(same_company("北京旷视科技有限公司", "旷视科技"));
        assert!(!same_company("三安光电", "华灿光电"));
        assert!(!same_company("中天科技", "中天云母"));
        assert!(!same_company("科技有限公司", "某某科技有限公司"));
        assert_eq!(
            target_of(
                "海康威视",
                &["旷视科技".into(), "杭州海康威视数字技术".into()]
            ),
            Some("杭州海康威视数字技术".into())
        );
        assert_eq!(target_of("", &["京东方".into()]), None);
    }

    #[test]
    fn search_patterns_cover_core_and_prefix() {
        let p = search_patterns(&["烽火通讯".into(), "海信集团".into()]);
        assert_eq!(p, vec!["烽火通讯", "烽火通", "海信"]);
    }
}
