//! Whether a person's employer is one of a project's target companies (招商对象).
//!
//! The plan names companies loosely ("信维通信(深圳市)", "杭州海康威视数字技术", "烽火通讯") and
//! people write their employer however they like ("深圳市信维通信股份有限公司", "海康威视",
//! "烽火通信科技"). Both sides are reduced to a core name (no place in front, no legal form
//! or generic business words behind, nothing in brackets), and two names match when one core
//! contains the other, or when they share their first three characters (烽火通讯 / 烽火通信).

pub mod plan;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

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

/// Cores kept per thread: matching asks for the same employers' and targets' cores hundreds
/// of times per project, and computing one takes a few dozen allocations.
const CORE_CACHE_ENTRIES: usize = 4_096;

thread_local! {
    static CORES: RefCell<HashMap<String, Rc<str>>> = RefCell::new(HashMap::new());
}

/// [`core`], remembered.
fn cached_core(name: &str) -> Rc<str> {
    CORES.with_borrow_mut(|cache| {
        if let Some(hit) = cache.get(name) {
            return Rc::clone(hit);
        }
        let fresh: Rc<str> = core(name).into();
        if cache.len() >= CORE_CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(name.to_owned(), Rc::clone(&fresh));
        fresh
    })
}

/// Whether two company names name the same company (see the module docs).
pub fn same_company(a: &str, b: &str) -> bool {
    let (a, b) = (cached_core(a), cached_core(b));
    let (a, b) = (&*a, &*b);
    let generic =
        |s: &str| s.chars().count() < 2 || BUSINESS_WORDS.contains(&s) || LEGAL_FORMS.contains(&s);
    if generic(a) || generic(b) {
        return false;
    }
    if a.contains(b) || b.contains(a) {
        return true;
    }
    let prefix = |s: &str| s.chars().take(3).collect::<String>();
    a.chars().count() >= 3 && b.chars().count() >= 3 && prefix(a) == prefix(b)
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

/// Longest piece of a core indexed as a key (longer target cores are looked up by their first
/// this many characters, a wider net the exact check then narrows).
const MAX_KEY_CHARS: usize = 12;

fn is_generic(core: &str) -> bool {
    core.chars().count() < 2 || BUSINESS_WORDS.contains(&core) || LEGAL_FORMS.contains(&core)
}

fn chars_of(s: &str, from: usize, to: usize) -> String {
    s.chars().skip(from).take(to - from).collect()
}

/// Index keys of an employer, so that [`target_keys`] of any target company the employer
/// [`same_company`]s finds it: every piece of its core of two or more characters (the core
/// contains the target's), the whole core (the target's contains it), the first three
/// characters (shared prefix). Nothing for a generic or empty name.
pub fn employer_keys(employer: &str) -> Vec<String> {
    let c = core(employer);
    if employer.trim().is_empty() || is_generic(&c) {
        return Vec::new();
    }
    let n = c.chars().count();
    let mut out = vec![format!("c:{c}")];
    if n >= 3 {
        out.push(format!("p:{}", chars_of(&c, 0, 3)));
    }
    for from in 0..n {
        for to in from + 2..=n.min(from + MAX_KEY_CHARS) {
            out.push(format!("s:{}", chars_of(&c, from, to)));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The keys to look up for a project's target companies (see [`employer_keys`]): a superset
/// of the people [`target_of`] accepts, which scoring then checks exactly.
pub fn target_keys(targets: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for t in targets {
        let c = core(t);
        if is_generic(&c) {
            continue;
        }
        let n = c.chars().count();
        out.push(format!("s:{}", chars_of(&c, 0, n.min(MAX_KEY_CHARS))));
        if n >= 3 {
            out.push(format!("p:{}", chars_of(&c, 0, 3)));
        }
        for from in 0..n {
            for to in from + 2..=n {
                out.push(format!("c:{}", chars_of(&c, from, to)));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
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
    fn target_keys_find_every_employer_of_the_same_company() {
        let employers = [
            "深圳市信维通信股份有限公司",
            "海康威视",
            "烽火通信科技股份有限公司",
            "京东方科技集团",
            "海信视像科技股份有限公司",
            "北京旷视科技有限公司",
            "三安光电",
            "中天科技",
            "科技有限公司",
            "华中科技大学武汉光电国家研究中心光电器件实验室",
            "",
        ];
        let targets = [
            "信维通信(深圳市)",
            "杭州海康威视数字技术",
            "烽火通讯",
            "京东方",
            "海信集团",
            "旷视科技",
            "华灿光电",
            "中天云母",
            "某某科技有限公司",
            "光电国家研究中心光电器件实验室",
        ];
        for e in employers {
            let keys = employer_keys(e);
            for t in targets {
                let found = target_keys(&[t.to_owned()])
                    .iter()
                    .any(|k| keys.contains(k));
                if same_company(e, t) {
                    assert!(found, "{e} / {t}");
                }
            }
        }
        assert!(employer_keys("").is_empty());
        assert!(employer_keys("科技有限公司").is_empty());
    }
}
