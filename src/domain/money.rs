//! Money in integer 分: parsed from 元 with up to two decimals, never through a float.

use std::fmt;

/// An amount in 分 (1 元 = 100 分).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fen(pub i64);

/// At most 10 million 元 for one month's fee.
pub const MAX_YUAN: i64 = 10_000_000;

impl Fen {
    /// Parses a non-negative amount in 元 as written (`800`, `800.5`, `800.50`).
    pub fn parse_yuan(text: &str) -> Result<Self, String> {
        let t = text;
        let bad = || format!("金额“{t}”应为不小于 0 的元数，最多两位小数");
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 2
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (t.contains('.') && frac.is_empty())
        {
            return Err(bad());
        }
        if whole.len() > 9 {
            return Err(format!("金额不能超过 {MAX_YUAN} 元"));
        }
        let yuan: i64 = whole.parse().map_err(|_| bad())?;
        if yuan > MAX_YUAN {
            return Err(format!("金额不能超过 {MAX_YUAN} 元"));
        }
        let mut cents: i64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            let d = i64::from(b - b'0');
            cents += if i == 0 { d * 10 } else { d };
        }
        Ok(Self(yuan * 100 + cents))
    }

    /// Parses a JSON number or string in 元; the number's own decimal text is
    /// read, so `800.1` is 80010 分 exactly.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, String> {
        match value {
            serde_json::Value::Number(n) => Self::parse_yuan(&n.to_string()),
            serde_json::Value::String(s) => Self::parse_yuan(s),
            _ => Err("金额应为数字（元，最多两位小数）".into()),
        }
    }

    /// 40% of the amount, rounded down to the 分.
    pub fn forty_percent(self) -> Self {
        Self(self.0 * 2 / 5)
    }

    /// The amount in 元 as a JSON number (for display only).
    pub fn to_json(self) -> serde_json::Value {
        let yuan = format!("{}.{:02}", self.0 / 100, self.0 % 100);
        yuan.parse::<serde_json::Number>()
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::Fen;

    #[test]
    fn yuan_with_up_to_two_decimals_become_exact_fen() {
        assert_eq!(Fen::parse_yuan("800"), Ok(Fen(80_000)));
        assert_eq!(Fen::parse_yuan("800.5"), Ok(Fen(80_050)));
        assert_eq!(Fen::parse_yuan("0.07"), Ok(Fen(7)));
        assert_eq!(Fen::from_json(&serde_json::json!(0.1)), Ok(Fen(10)));
        assert_eq!(Fen::from_json(&serde_json::json!(1100)), Ok(Fen(110_000)));
        for bad in [" 1", "-1", "1.234", "abc", "1e3", ".5", "5.", ""] {
            assert!(Fen::parse_yuan(bad).is_err(), "{bad}");
        }
        assert_eq!(Fen(300_000).forty_percent(), Fen(120_000));
        assert_eq!(Fen(5).forty_percent(), Fen(2));
    }
}
