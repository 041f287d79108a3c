//! 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character
//! computed from the first 17.

use std::fmt;

/// The 31 characters a credit code may use (no I, O, S, V, Z).
const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// The weight of each of the first 17 positions: 3^i mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A 统一社会信用代码 whose check character is right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditCode(String);

fn value(c: char) -> Option<u32> {
    CHARSET.find(c).and_then(|i| u32::try_from(i).ok())
}

impl CreditCode {
    /// Checks the length, the characters (upper case, as printed on the licence) and the
    /// check character.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let code = raw.to_owned();
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != 18 {
            return Err(format!(
                "统一社会信用代码应为 18 位，现为 {} 位",
                chars.len()
            ));
        }
        let mut values = Vec::with_capacity(18);
        for c in &chars {
            match value(*c) {
                Some(v) => values.push(v),
                None => {
                    return Err(format!(
                        "统一社会信用代码含有不允许的字符“{c}”（不使用 I、O、S、V、Z）"
                    ));
                }
            }
        }
        let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
        let expected = (31 - sum % 31) % 31;
        if values[17] != expected {
            return Err("统一社会信用代码校验位不正确，请核对营业执照".into());
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::CreditCode;

    #[test]
    fn valid_codes_pass_their_check_character() {
        for code in [
            "91421222MA4F3K2L3M",
            "91350100M000100Y43",
            "91110000600037341L",
            "914212220000000009",
        ] {
            assert_eq!(
                CreditCode::parse(code).map(|c| c.to_string()),
                Ok(code.into())
            );
        }
    }

    #[test]
    fn wrong_check_characters_lengths_and_letters_fail() {
        for code in [
            "91421222MA4F3K2L3N",
            "91350100M000100Y44",
            "914212220000000000",
            "91421222MA4F3K2L3",
            "91421222MA4F3K2L3MM",
            "91421222MA4F3K2LIM",
            "91421222ma4f3k2l3m",
            " 91421222MA4F3K2L3M",
            "",
        ] {
            assert!(CreditCode::parse(code).is_err(), "{code}");
        }
    }
}
