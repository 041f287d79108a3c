//! National statistical division codes: 2 (province), 4 (city), 6 (county),
//! 9 (township) or 12 (village) digits, each level a prefix of the next.

use std::fmt;

/// The level of a region in the administrative tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RegionLevel {
    Province = 1,
    City = 2,
    County = 3,
    Township = 4,
    Village = 5,
}

impl RegionLevel {
    /// The number of digits a code of this level has.
    pub fn code_len(self) -> usize {
        match self {
            Self::Province => 2,
            Self::City => 4,
            Self::County => 6,
            Self::Township => 9,
            Self::Village => 12,
        }
    }

    pub fn from_i16(level: i16) -> Option<Self> {
        Some(match level {
            1 => Self::Province,
            2 => Self::City,
            3 => Self::County,
            4 => Self::Township,
            5 => Self::Village,
            _ => return None,
        })
    }

    /// The name the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::City => "city",
            Self::County => "county",
            Self::Township => "township",
            Self::Village => "village",
        }
    }
}

/// A syntactically valid region code (it may still not exist in the tree).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode(String);

impl RegionCode {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let code = raw.trim();
        if code.is_empty() {
            return Err("请填写地区代码".into());
        }
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("地区代码只能是数字：{}", truncate(code)));
        }
        if !matches!(code.len(), 2 | 4 | 6 | 9 | 12) {
            return Err(format!(
                "地区代码应为 2、4、6、9 或 12 位数字：{}",
                truncate(code)
            ));
        }
        Ok(Self(code.to_owned()))
    }

    pub fn level(&self) -> RegionLevel {
        match self.0.len() {
            2 => RegionLevel::Province,
            4 => RegionLevel::City,
            6 => RegionLevel::County,
            9 => RegionLevel::Township,
            _ => RegionLevel::Village,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code of the parent region, if any.
    pub fn parent(&self) -> Option<RegionCode> {
        let len = match self.level() {
            RegionLevel::Province => return None,
            RegionLevel::City => 2,
            RegionLevel::County => 4,
            RegionLevel::Township => 6,
            RegionLevel::Village => 9,
        };
        Some(Self(self.0[..len].to_owned()))
    }

    /// The county-level code this region lies in (itself for a county).
    pub fn county(&self) -> Option<RegionCode> {
        (self.0.len() >= 6).then(|| Self(self.0[..6].to_owned()))
    }

    /// Whether `self` is `ancestor` or lies in its subtree.
    pub fn is_within(&self, ancestor: &str) -> bool {
        self.0.starts_with(ancestor)
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(20).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_level() {
        for (code, level) in [
            ("42", RegionLevel::Province),
            ("4212", RegionLevel::City),
            ("421222", RegionLevel::County),
            ("421222100", RegionLevel::Township),
            ("421222100201", RegionLevel::Village),
        ] {
            assert_eq!(RegionCode::parse(code).map(|c| c.level()), Ok(level));
        }
    }

    #[test]
    fn rejects_malformed_codes() {
        for bad in [
            "",
            "4",
            "42122",
            "4212221002011",
            "42a222",
            "４２１２",
            "421222 100",
        ] {
            assert!(RegionCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parent_and_county_follow_the_prefixes() {
        let village = RegionCode::parse("421222100201").unwrap();
        assert_eq!(village.parent().unwrap().as_str(), "421222100");
        assert_eq!(village.county().unwrap().as_str(), "421222");
        assert!(village.is_within("4212"));
        assert!(!village.is_within("421223"));
        assert_eq!(RegionCode::parse("42").unwrap().parent(), None);
    }
}
