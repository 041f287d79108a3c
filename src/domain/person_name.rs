//! Personal names as they appear in the registry: Chinese, minority names with
//! `·`, and Latin names; never control characters or markup.

use std::fmt;

use super::limits::profile::NAME;

/// A trimmed personal name of 1–40 characters (`limits::profile::NAME`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        // The limit applies to the name as sent, surrounding blanks included.
        let max = NAME.max;
        if raw.chars().count() > max {
            return Err(format!("姓名不能超过 {max} 个字"));
        }
        // The middle dot comes in several code points from different input methods.
        let name: String = raw
            .trim()
            .chars()
            .map(|c| match c {
                '•' | '‧' | '∙' | '・' | '．' => '·',
                other => other,
            })
            .collect();
        if name.is_empty() {
            return Err("请填写姓名".into());
        }
        if name.chars().count() > max {
            return Err(format!("姓名不能超过 {max} 个字"));
        }
        if let Some(bad) = name.chars().find(|c| !allowed(*c)) {
            return Err(format!("姓名含有不允许的字符“{}”", bad.escape_default()));
        }
        if name.starts_with('·') || name.ends_with('·') {
            return Err("姓名不能以“·”开头或结尾".into());
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

fn allowed(c: char) -> bool {
    c == '·'
        || c == ' '
        || c == '-'
        || c == '\''
        || c == '.'
        || c.is_alphabetic() && !c.is_control()
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_real_names() {
        for name in [
            "张伟",
            "欧阳修",
            "买买提·艾力",
            "阿依古丽•买买提",
            "John Smith",
            "O'Brien",
        ] {
            assert!(PersonName::parse(name).is_ok(), "{name}");
        }
        assert_eq!(
            PersonName::parse("阿依古丽•买买提").unwrap().as_str(),
            "阿依古丽·买买提"
        );
    }

    #[test]
    fn rejects_control_characters_and_markup() {
        for bad in [
            "",
            "  ",
            "张\u{0}伟",
            "张\n伟",
            "<script>",
            "张伟1",
            "·张伟",
            "\u{202e}张伟",
        ] {
            assert!(PersonName::parse(bad).is_err(), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn never_panics_and_accepted_names_have_no_controls(raw in "\\PC{0,60}|[\\x00-\\x1f]{0,5}") {
            if let Ok(name) = PersonName::parse(&raw) {
                prop_assert!(!name.as_str().chars().any(char::is_control));
                prop_assert!(!name.as_str().is_empty());
            }
        }
    }
}
