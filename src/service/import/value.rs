//! Cell values as clerks type them: phones with notes and landlines, birth
//! dates in any form, 学历 in everyday words, one 单位及职务 cell, names with
//! spaces and full-width characters.

use super::place::normalise;
use crate::domain::Education;

/// Full-width characters to ASCII, runs of white space to one space, trimmed.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    ('\u{2E80}'..='\u{9FFF}').contains(&c) || ('\u{F900}'..='\u{FAFF}').contains(&c)
}

/// A name as stored: full-width letters made ASCII, and the spaces clerks use
/// to line up two-character names (“孟  云”) removed between Chinese characters.
pub fn person_name(text: &str) -> String {
    let t = tidy(text);
    let chars: Vec<char> = t.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if *c == ' ' {
            let before = i.checked_sub(1).and_then(|j| chars.get(j));
            let after = chars.get(i + 1);
            if before.is_some_and(|b| is_cjk(*b)) || after.is_some_and(|a| is_cjk(*a)) {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

/// The phone cell read: the first mobile, what else was written, and a
/// problem when the cell holds no usable number.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Phone {
    pub mobile: Option<String>,
    /// Landlines, second numbers and remarks, as typed.
    pub note: Option<String>,
    /// “微信同号”: the WeChat id is the mobile.
    pub wechat_same: bool,
    /// Excel's 1.85105E+10: the digits are lost.
    pub scientific: bool,
    /// Digits that are neither a mobile nor a landline.
    pub garbage: bool,
}

fn is_mobile(d: &str) -> bool {
    d.len() == 11
        && d.starts_with('1')
        && d.bytes().nth(1).is_some_and(|b| (b'3'..=b'9').contains(&b))
}

fn is_landline(d: &str) -> bool {
    (d.starts_with('0') && (10..=12).contains(&d.len())) || (7..=8).contains(&d.len())
}

fn looks_scientific(t: &str) -> bool {
    let t = t.trim();
    let Some((mantissa, exp)) = t.split_once(['E', 'e']) else {
        return false;
    };
    !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && exp
            .trim_start_matches('+')
            .chars()
            .all(|c| c.is_ascii_digit())
        && !exp.trim_start_matches('+').is_empty()
}

/// Reads a phone cell: “13146306820/0715-4240709”, “15199975044（微信同号）”,
/// “+86 138-1234-5678”, “手机：138…”, a landline alone.
pub fn phone(text: &str) -> Phone {
    let t = tidy(text);
    let mut out = Phone::default();
    if looks_scientific(&t) {
        out.scientific = true;
        return out;
    }
    out.wechat_same = t.contains("微信同号") || t.contains("同微信");
    // Number runs: digits with the separators people put inside numbers.
    let mut runs: Vec<(usize, usize, String)> = Vec::new();
    let mut start: Option<usize> = None;
    let mut digits = String::new();
    let bytes: Vec<(usize, char)> = t.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        let inner = matches!(c, '-' | ' ' | '+') && start.is_some();
        if c.is_ascii_digit() || (c == '+' && start.is_none()) || inner {
            if start.is_none() {
                start = Some(i);
            }
            if c.is_ascii_digit() {
                digits.push(c);
            }
        } else if let Some(s) = start.take() {
            runs.push((s, i, std::mem::take(&mut digits)));
        }
        if k + 1 == bytes.len() {
            if let Some(s) = start.take() {
                runs.push((s, t.len(), std::mem::take(&mut digits)));
            }
        }
    }
    let mut mobile_at: Option<(usize, usize)> = None;
    let mut other_numbers = false;
    for (s, e, d) in &runs {
        let d = d.strip_prefix("86").filter(|r| r.len() == 11).unwrap_or(d);
        if is_mobile(d) && mobile_at.is_none() {
            out.mobile = Some(d.to_owned());
            mobile_at = Some((*s, *e));
        } else if is_mobile(d) || is_landline(d) {
            other_numbers = true;
        } else if !d.is_empty() {
            out.garbage = true;
        }
    }
    if out.mobile.is_some() || other_numbers {
        out.garbage = false;
    }
    let mut rest = t.clone();
    if let Some((s, e)) = mobile_at {
        rest.replace_range(s..e, " ");
    }
    let rest = rest
        .replace("微信同号", " ")
        .replace("同微信", " ")
        .replace("手机号码", " ")
        .replace("手机号", " ")
        .replace("手机", " ")
        .replace("联系电话", " ")
        .replace("电话", " ");
    let rest = rest
        .trim_matches(|c: char| c.is_whitespace() || "/／,，、;；:：()（）[]【】".contains(c))
        .to_owned();
    let rest = tidy(&rest);
    if !rest.is_empty() && !out.garbage {
        out.note = Some(rest);
    }
    out
}

/// The year of a birth date typed as 1978.05, 1978年5月, 1978-05-12, 197805, 1978/5.
pub fn birth_year(text: &str) -> Option<i32> {
    let t = normalise(text);
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let year = digits.get(..4)?.parse::<i32>().ok()?;
    (1900..=2100).contains(&year).then_some(year)
}

/// 学历 in the words clerks use.
pub fn education(text: &str) -> Option<Education> {
    let t = normalise(text);
    let t = t.trim_end_matches("毕业").trim_end_matches("学历");
    let code = match t {
        "博士" | "博士研究生" | "博士后" | "博士学位" => Education::Doctorate,
        "硕士" | "硕士研究生" | "研究生" | "MBA" | "EMBA" | "硕士学位" | "在职研究生" => {
            Education::Master
        }
        "本科" | "大学本科" | "大学" | "学士" | "全日制本科" | "本科生" => {
            Education::Bachelor
        }
        "大专" | "专科" | "大学专科" | "高职" | "高专" => Education::College,
        "高中" | "中专" | "中技" | "技校" | "职高" | "初中" | "小学" | "中专及以下"
        | "高中及以下" | "初中及以下" | "中师" | "中职" => Education::Secondary,
        other => return Education::parse(other).ok(),
    };
    Some(code)
}

/// Words that end a 单位及职务 cell as the post; compound posts are listed
/// whole so the longest reading wins (高级工程师 over 工程师).
const TITLES: &[&str] = &[
    "董事长",
    "副董事长",
    "执行董事",
    "董事",
    "总经理",
    "副总经理",
    "经理",
    "总裁",
    "副总裁",
    "总监",
    "副总监",
    "主任",
    "副主任",
    "院长",
    "副院长",
    "校长",
    "副校长",
    "局长",
    "副局长",
    "处长",
    "副处长",
    "科长",
    "副科长",
    "所长",
    "站长",
    "行长",
    "副行长",
    "部长",
    "副部长",
    "书记",
    "副书记",
    "党支部书记",
    "支部书记",
    "支书",
    "主席",
    "副主席",
    "会长",
    "副会长",
    "秘书长",
    "厂长",
    "副厂长",
    "总工程师",
    "高级工程师",
    "工程师",
    "工艺工程师",
    "教授",
    "副教授",
    "讲师",
    "教师",
    "老师",
    "医生",
    "主任医师",
    "副主任医师",
    "主治医师",
    "医师",
    "护士长",
    "护士",
    "研究员",
    "副研究员",
    "律师",
    "合伙人",
    "创始人",
    "法人",
    "法定代表人",
    "负责人",
    "技术员",
    "总工",
    "主管",
    "监事",
    "会计",
    "出纳",
    "镇长",
    "副镇长",
    "乡长",
    "副乡长",
    "县长",
    "副县长",
    "市长",
    "副市长",
    "村长",
    "委员",
    "专员",
    "首席执行官",
    "首席技术官",
    "CEO",
    "CTO",
    "CFO",
    "总经济师",
    "经济师",
    "设计师",
    "架构师",
    "分析师",
    "项目经理",
    "产品经理",
    "客户经理",
    "采购经理",
    "供应链经理",
    "质量主管",
    "店长",
    "老板",
    "股东",
    "员工",
    "职工",
    "干部",
    "科员",
];

/// Where an organisation's name ends inside a 单位及职务 cell.
const ORG_ENDS: &[&str] = &[
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "公司",
    "集团",
    "医院",
    "卫生院",
    "大学",
    "学院",
    "学校",
    "中学",
    "小学",
    "幼儿园",
    "银行",
    "分行",
    "支行",
    "政府",
    "委员会",
    "管委会",
    "办公室",
    "事务所",
    "合作社",
    "协会",
    "商会",
    "研究所",
    "研究院",
    "设计院",
    "中心",
    "局",
    "厅",
    "厂",
    "店",
    "馆",
    "站",
    "所",
    "院",
    "部",
    "处",
    "科",
    "队",
    "村",
    "社区",
    "事业部",
    "分公司",
];

fn title_at(s: &str) -> Option<usize> {
    TITLES
        .iter()
        .filter(|t| s.starts_with(*t))
        .map(|t| t.len())
        .max()
}

/// Splits “深圳市信维通信股份有限公司研发总监” into employer and title: at the
/// last place where an organisation's name ends and a post begins; failing
/// that, before the longest post the cell ends with. A space between them
/// settles it.
pub fn employer_title(text: &str) -> (String, String) {
    let t = tidy(text);
    if let Some((left, right)) = t.rsplit_once(' ') {
        if title_at(right).is_some() || TITLES.iter().any(|w| right.ends_with(w)) {
            return (left.replace(' ', ""), right.to_owned());
        }
    }
    let t: String = t.chars().filter(|c| *c != ' ').collect();
    let mut split: Option<usize> = None;
    let mut complete: Option<usize> = None;
    for (i, _) in t.char_indices() {
        if i == 0 {
            continue;
        }
        let (before, rest) = t.split_at(i);
        if !ORG_ENDS.iter().any(|e| before.ends_with(e)) {
            continue;
        }
        // A post, or a short department and a post (研发总监) with no
        // organisation inside it.
        let post = title_at(rest).is_some()
            || (rest.chars().count() <= 8
                && TITLES.iter().any(|w| rest.ends_with(w))
                && !ORG_ENDS.iter().any(|e| rest.contains(e)));
        if post {
            split = Some(i);
            if complete.is_none() && TITLES.contains(&rest) {
                complete = Some(i);
            }
        }
    }
    let split_found = complete.or(split);
    let mut split = split_found;
    if split.is_none() {
        split = TITLES
            .iter()
            .filter(|w| t.ends_with(*w) && t.len() > w.len())
            .map(|w| t.len() - w.len())
            .min();
    }
    match split {
        Some(i) => (t[..i].to_owned(), t[i..].to_owned()),
        None => (t, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_as_kept() {
        let p = phone("13146306820/0715-4240709");
        assert_eq!(p.mobile.as_deref(), Some("13146306820"));
        assert_eq!(p.note.as_deref(), Some("0715-4240709"));
        let p = phone("15199975044（微信同号）");
        assert_eq!(p.mobile.as_deref(), Some("15199975044"));
        assert!(p.wechat_same && p.note.is_none());
        let p = phone("１３９１２３４６００２");
        assert_eq!(p.mobile.as_deref(), Some("13912346002"));
        assert!(phone("1.85105E+10").scientific);
        let p = phone("0715-4240709");
        assert_eq!((p.mobile, p.note.as_deref()), (None, Some("0715-4240709")));
        assert_eq!(
            phone("+86 136-1234-9004").mobile.as_deref(),
            Some("13612349004")
        );
        assert_eq!(phone("手机：13812349001").note, None);
        assert_eq!(
            phone("139 1234 9002").mobile.as_deref(),
            Some("13912349002")
        );
        assert!(phone("123").garbage);
    }

    #[test]
    fn employer_and_title_split() {
        let s = |t: &str| employer_title(t);
        assert_eq!(
            s("深圳市信维通信股份有限公司研发总监"),
            ("深圳市信维通信股份有限公司".into(), "研发总监".into())
        );
        assert_eq!(s("深圳市腾讯计算机系统有限公司研发部经理").1, "经理");
        assert_eq!(
            s("通城县人民医院院长"),
            ("通城县人民医院".into(), "院长".into())
        );
        assert_eq!(
            s("中国银行咸宁分行行长"),
            ("中国银行咸宁分行".into(), "行长".into())
        );
        assert_eq!(
            s("武汉光谷集团董事长兼总经理"),
            ("武汉光谷集团".into(), "董事长兼总经理".into())
        );
        assert_eq!(s("北京字节跳动科技有限公司高级工程师").1, "高级工程师");
        assert_eq!(
            s("崇阳县七星村党支部书记"),
            ("崇阳县七星村".into(), "党支部书记".into())
        );
        assert_eq!(
            s("东莞长安镇个体经营"),
            ("东莞长安镇个体经营".into(), String::new())
        );
    }

    #[test]
    fn names_and_years() {
        assert_eq!(person_name("孟  云"), "孟云");
        assert_eq!(person_name("郭\u{3000}平"), "郭平");
        assert_eq!(birth_year("1978.05"), Some(1978));
        assert_eq!(birth_year("1978年5月"), Some(1978));
        assert_eq!(birth_year("１９８３．０６"), Some(1983));
        assert_eq!(birth_year("1975-08-12"), Some(1975));
        assert_eq!(education("大学本科"), Some(Education::Bachelor));
        assert_eq!(education("研究生"), Some(Education::Master));
    }
}
