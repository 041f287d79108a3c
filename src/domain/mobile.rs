//! Mainland mobile numbers: stored as 11 digits whatever form they were typed in.

use std::fmt;

/// An 11-digit mainland mobile number starting with 1[3-9].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Mobile(String);

impl Mobile {
    /// Accepts `+86`/`0086`/`86` prefixes, spaces, dashes, dots, brackets and
    /// full-width digits, since numbers arrive copied from every kind of sheet.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let mut digits = String::with_capacity(16);
        let mut saw_plus = false;
        for ch in raw.trim().chars() {
            let ch = fullwidth_to_ascii(ch);
            match ch {
                '0'..='9' => digits.push(ch),
                '+' if digits.is_empty() && !saw_plus => saw_plus = true,
                ' ' | '-' | '.' | '(' | ')' | '\u{3000}' => {}
                _ => return Err("手机号只能包含数字（可带 +86 前缀）".into()),
            }
        }
        let national = if digits.len() == 13 && digits.starts_with("86") {
            &digits[2..]
        } else if digits.len() == 15 && digits.starts_with("0086") {
            &digits[4..]
        } else {
            &digits[..]
        };
        let bytes = national.as_bytes();
        if bytes.len() != 11 || bytes[0] != b'1' || !(b'3'..=b'9').contains(&bytes[1]) {
            return Err("手机号应为 11 位，以 13–19 开头".into());
        }
        Ok(Self(national.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`: what everyone but the owner and an audited reveal sees.
    pub fn masked(&self) -> String {
        mask_mobile(&self.0)
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Masks any stored contact string that looks like a phone number; shorter or
/// odd values are masked whole, so a malformed legacy value never leaks.
pub fn mask_mobile(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() >= 7 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}****{tail}")
    } else {
        "****".into()
    }
}

/// Masks an e-mail address or WeChat id, keeping just enough to recognise it.
pub fn mask_handle(value: &str) -> String {
    match value.split_once('@') {
        Some((user, domain)) => {
            let first: String = user.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => {
            let first: String = value.chars().take(2).collect();
            format!("{first}****")
        }
    }
}

fn fullwidth_to_ascii(ch: char) -> char {
    match ch {
        '０'..='９' => char::from_u32(ch as u32 - '０' as u32 + '0' as u32).unwrap_or(ch),
        '＋' => '+',
        '－' | '—' => '-',
        '（' => '(',
        '）' => ')',
        _ => ch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalises_common_forms() {
        for raw in [
            "13812345678",
            "+86 138 1234 5678",
            "0086-138-1234-5678",
            "86 13812345678",
            "１３８１２３４５６７８",
            "(138) 1234-5678",
        ] {
            assert_eq!(Mobile::parse(raw).unwrap().as_str(), "13812345678", "{raw}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_mobile() {
        for raw in [
            "",
            "12345678901",
            "1381234567",
            "138123456789",
            "0715-1234567",
            "abc",
            "13812345678x",
        ] {
            assert!(Mobile::parse(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn masks_the_middle_four() {
        assert_eq!(
            Mobile::parse("13812345678").unwrap().masked(),
            "138****5678"
        );
        assert_eq!(mask_mobile("123"), "****");
        assert_eq!(mask_handle("zw@example.com"), "z***@example.com");
        assert_eq!(mask_handle("zhangwei_sz"), "zh****");
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_output_is_eleven_digits(raw in "\\PC{0,40}") {
            if let Ok(m) = Mobile::parse(&raw) {
                prop_assert_eq!(m.as_str().len(), 11);
                prop_assert!(m.as_str().bytes().all(|b| b.is_ascii_digit()));
            }
        }

        #[test]
        fn any_valid_number_survives_decoration(n in 3u8..10, rest in "[0-9]{9}", sep in "[ \\-]{0,2}") {
            let plain = format!("1{n}{rest}");
            let decorated = format!("+86{sep}{}{sep}{}", &plain[..3], &plain[3..]);
            let parsed = Mobile::parse(&decorated).unwrap();
            prop_assert_eq!(parsed.as_str(), plain.as_str());
        }

        #[test]
        fn masked_never_contains_the_middle(n in 3u8..10, rest in "[0-9]{9}") {
            let plain = format!("1{n}{rest}");
            let masked = mask_mobile(&plain);
            prop_assert_eq!(masked.len(), 11);
            prop_assert!(!masked.contains(&plain[3..7]) || masked[3..7] == *"****");
            prop_assert_eq!(&masked[3..7], "****");
        }
    }
}
