//! What a title and an employer say beyond rank: whether the person works in a support
//! function (HR, 财务, 行政, 法务), who can open a company's door but not sell to it or buy
//! from it, and whether they invest for a living (a fund, an angel), whose money comes with
//! a stated focus rather than a trade of their own.

/// Words of a support function (lowercase).
const SUPPORT_WORDS: &[&str] = &[
    "人事",
    "人力",
    "hr",
    "财务",
    "会计",
    "出纳",
    "审计",
    "行政",
    "法务",
    "律师",
    "秘书",
    "前台",
    "文员",
    "finance",
    "accounting",
    "accountant",
    "legal",
    "counsel",
    "human resources",
    "administration",
    "administrative",
];

/// Words of professional investing, in a title or an employer's name (lowercase).
const INVESTOR_WORDS: &[&str] = &[
    "投资",
    "基金",
    "创投",
    "资本",
    "风投",
    "天使",
    "fund",
    "capital",
    "venture",
    "angel",
    "investor",
    "investment",
];

/// Whether `word` occurs in `text`: anywhere for Chinese, as a whole word for ASCII ("hr"
/// is not in "chrome").
fn has_word(text: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return text.contains(word);
    }
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    text.match_indices(word).any(|(start, _)| {
        !joins(text[..start].chars().next_back())
            && !joins(text[start + word.len()..].chars().next())
    })
}

/// Whether the title names a support function.
pub fn support_role(title: &str) -> bool {
    let title = title.to_lowercase();
    SUPPORT_WORDS.iter().any(|w| has_word(&title, w))
}

/// Whether the person invests for a living: a fund, an investment firm or an angel, by
/// title or employer.
pub fn professional_investor(title: &str, employer: &str) -> bool {
    let text = format!("{title} {employer}").to_lowercase();
    INVESTOR_WORDS.iter().any(|w| has_word(&text, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support_functions_are_read_from_the_title() {
        for title in [
            "人事经理",
            "财务总监",
            "行政助理",
            "法务专员",
            "HR Manager",
            "Finance Director",
        ] {
            assert!(support_role(title), "{title}");
        }
        for title in [
            "销售总监",
            "采购经理",
            "研发总监",
            "总经理",
            "Sales Director",
            "Chrome Engineer",
        ] {
            assert!(!support_role(title), "{title}");
        }
    }

    #[test]
    fn funds_and_angels_are_professional_investors() {
        assert!(professional_investor("合伙人", "深圳前海电子产业创投基金"));
        assert!(professional_investor(
            "投资总监",
            "福莱特玻璃集团股份有限公司"
        ));
        assert!(professional_investor("Angel Investor", ""));
        assert!(!professional_investor("厂长", "彩虹显示器件股份有限公司"));
    }
}
