//! Pinyin forms of names and place names, so 张伟 is found by `zhangwei`, `zw`, `zhang wei`
//! and 通城县 by `tongcheng` or `tc`.
//!
//! The forms are computed when a document is built and indexed as space-separated words in
//! their own fields; a Latin query word is looked up there as it is (lower-cased).

use std::borrow::Cow;

use pinyin::{ToPinyin, ToPinyinMulti};

use super::normalize::is_cjk;

/// Readings kept for a polyphonic surname (单 dan/shan, 曾 ceng/zeng).
const MAX_SURNAME_READINGS: usize = 3;
/// Administrative suffixes removed to get the short form of a place name (longest first).
const PLACE_SUFFIXES: [&str; 16] = [
    "村民委员会",
    "居民委员会",
    "街道办事处",
    "村委会",
    "居委会",
    "委员会",
    "街道",
    "社区",
    "林场",
    "茶场",
    "农场",
    "村",
    "镇",
    "乡",
    "县",
    "市",
];

/// Plain pinyin without tones, `ü` written `v` as on a keyboard.
fn plain(p: pinyin::Pinyin) -> Cow<'static, str> {
    let s = p.plain();
    if s.contains('ü') {
        Cow::Owned(s.replace('ü', "v"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Syllables of the Chinese characters of `text` (other characters are skipped); each entry
/// lists the readings considered for that character.
fn syllables(text: &str, heteronym_first: bool) -> Vec<Vec<Cow<'static, str>>> {
    let mut out: Vec<Vec<Cow<'static, str>>> = Vec::new();
    for c in text.chars().filter(|c| is_cjk(*c)) {
        let mut readings = Vec::new();
        if heteronym_first && out.is_empty() {
            if let Some(multi) = c.to_pinyin_multi() {
                for p in multi {
                    let s = plain(p);
                    if !readings.contains(&s) && readings.len() < MAX_SURNAME_READINGS {
                        readings.push(s);
                    }
                }
            }
        } else if let Some(p) = c.to_pinyin() {
            readings.push(plain(p));
        }
        if !readings.is_empty() {
            out.push(readings);
        }
    }
    out
}

/// Appends the forms people type for a name of syllables `syl`: each syllable, the whole name
/// and its initials (zhangwei, zw), the given name (the runs ending at the last syllable:
/// xiaolong of 李小龙) and, for names of four or more, the two-syllable compound surname
/// (ouyang). Forms starting with the surname come once per reading of it.
fn push_runs(syl: &[Vec<Cow<'static, str>>], out: &mut String) {
    let n = syl.len();
    if n == 0 {
        return;
    }
    for readings in syl.iter().skip(1) {
        push_word(out, &readings[0]);
    }
    let rest: String = syl[1..].iter().map(|r| r[0].as_ref()).collect();
    let rest_initials: String = syl[1..]
        .iter()
        .filter_map(|r| r[0].chars().next())
        .collect();
    for surname in &syl[0] {
        push_word(out, surname);
        if n >= 2 {
            push_word(out, &format!("{surname}{rest}"));
            let initial = surname.chars().next().map(String::from).unwrap_or_default();
            push_word(out, &format!("{initial}{rest_initials}"));
        }
        if n >= 4 {
            push_word(out, &format!("{surname}{}", syl[1][0]));
        }
    }
    // Given names: every run that ends at the last syllable, of two syllables or more.
    for start in 1..n.saturating_sub(1) {
        let given: String = syl[start..].iter().map(|r| r[0].as_ref()).collect();
        push_word(out, &given);
    }
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// Pinyin words of a person's name: every syllable and run of syllables, full and initials
/// (张伟 → `zhang wei zhangwei zw`), with the surname's other readings too.
pub(crate) fn name_pinyin(name: &str) -> String {
    let mut out = String::new();
    push_runs(&syllables(name, true), &mut out);
    out
}

/// Pinyin words of a space-separated place path ("咸宁市 通城县 隽水镇"): each name full and
/// initials, with and without its administrative suffix.
pub(crate) fn place_pinyin(names: &str) -> String {
    let mut out = String::new();
    for part in names.split_whitespace() {
        let short = short_place_name(part);
        // The short form (tongcheng for 通城县) and its initials (tc), which is how people type
        // a place; the full name only when there is no shorter one.
        match short {
            Some(short) => push_whole(&syllables(short, false), true, &mut out),
            None => push_whole(&syllables(part, false), true, &mut out),
        }
    }
    out
}

fn push_whole(syl: &[Vec<Cow<'static, str>>], with_initials: bool, out: &mut String) {
    if syl.len() < 2 {
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    out.extend(syl.iter().map(|r| r[0].as_ref()));
    if with_initials {
        out.push(' ');
        out.extend(syl.iter().filter_map(|r| r[0].chars().next()));
    }
}

/// Plain spellings of the Chinese characters of `text`, every reading of a polyphonic
/// character combined with the others (光纤 → guangxian, guangqian), at most `max`.
pub(crate) fn spellings(text: &str, max: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in text.chars().filter(|c| is_cjk(*c)) {
        let mut readings: Vec<Cow<'static, str>> = Vec::new();
        if let Some(multi) = c.to_pinyin_multi() {
            for p in multi {
                let s = plain(p);
                if !readings.contains(&s) {
                    readings.push(s);
                }
            }
        }
        if readings.is_empty() {
            return Vec::new();
        }
        out = out
            .iter()
            .flat_map(|head| readings.iter().map(move |r| format!("{head}{r}")))
            .take(max)
            .collect();
    }
    if out.iter().all(String::is_empty) {
        return Vec::new();
    }
    out
}

/// 隽水镇 → 隽水, 城东社区居民委员会 → 城东 (at least two characters must remain).
fn short_place_name(name: &str) -> Option<&str> {
    let mut rest = name;
    let mut changed = false;
    for suffix in PLACE_SUFFIXES {
        if let Some(stem) = rest.strip_suffix(suffix)
            && stem.chars().count() >= 2
        {
            rest = stem;
            changed = true;
        }
    }
    changed.then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split(' ').collect()
    }

    #[test]
    fn name_gives_full_initials_and_syllables() {
        let py = name_pinyin("张伟");
        for w in ["zhang", "wei", "zhangwei", "zw"] {
            assert!(words(&py).contains(&w), "{w} not in {py}");
        }
    }

    #[test]
    fn longer_names_give_given_name_and_compound_surname() {
        let py = name_pinyin("李小龙");
        for w in ["li", "xiao", "long", "lixiaolong", "lxl", "xiaolong"] {
            assert!(words(&py).contains(&w), "{w} not in {py}");
        }
        let py = name_pinyin("欧阳建华");
        for w in ["ouyang", "jianhua", "ouyangjianhua", "oyjh", "hua"] {
            assert!(words(&py).contains(&w), "{w} not in {py}");
        }
        assert!(!words(&py).contains(&"yangjian"), "no inner runs: {py}");
    }

    #[test]
    fn polyphonic_surname_keeps_other_readings() {
        let py = name_pinyin("单雄");
        assert!(words(&py).contains(&"shanxiong"), "{py}");
    }

    #[test]
    fn place_gives_short_forms() {
        let py = place_pinyin("咸宁市 通城县 隽水镇 城东社区居民委员会");
        for w in ["xianning", "tongcheng", "tc", "juanshui", "chengdong"] {
            assert!(words(&py).contains(&w), "{w} not in {py}");
        }
    }

    #[test]
    fn spellings_combine_the_readings_of_polyphonic_characters() {
        let s = spellings("光纤", 8);
        assert!(s.contains(&"guangxian".to_string()), "{s:?}");
        assert!(s.contains(&"guangqian".to_string()), "{s:?}");
        assert_eq!(spellings("光钎", 8), vec!["guangqian".to_string()]);
        assert!(spellings("abc", 8).is_empty());
    }

    #[test]
    fn latin_only_name_has_no_pinyin() {
        assert_eq!(name_pinyin("John"), "");
    }
}
