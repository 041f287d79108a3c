//! Cell values as clerks type them: phones with notes and landlines, birth
//! dates in any form, 学历 in everyday words, names with spaces and
//! full-width characters. (One 单位及职务 cell is split in `employer`.)

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
        && d.as_bytes()
            .get(1)
            .copied()
            .is_some_and(|b| (b'3'..=b'9').contains(&b))
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
        if k + 1 == bytes.len()
            && let Some(s) = start.take()
        {
            runs.push((s, t.len(), std::mem::take(&mut digits)));
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
