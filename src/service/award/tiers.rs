//! The score thresholds of the three 贡献梯队, a setting
//! (`--award-tiers` / `XIANGXIAN_AWARD_TIERS`, default `50,20,5`).

use std::fmt;
use std::str::FromStr;

/// Lowest scores of 第一梯队, 第二梯队 and 第三梯队 (descending); below the
/// third a candidate is listed without a tier.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AwardTiers {
    pub first: f64,
    pub second: f64,
    pub third: f64,
}

impl Default for AwardTiers {
    fn default() -> Self {
        Self {
            first: 50.0,
            second: 20.0,
            third: 5.0,
        }
    }
}

impl AwardTiers {
    /// The tier of `score`: `(code, label)`, or `None` below the third threshold.
    pub fn of(&self, score: f64) -> Option<(&'static str, &'static str)> {
        if score >= self.first {
            Some(("first", "第一梯队"))
        } else if score >= self.second {
            Some(("second", "第二梯队"))
        } else if score >= self.third {
            Some(("third", "第三梯队"))
        } else {
            None
        }
    }
}

impl FromStr for AwardTiers {
    type Err = String;

    /// Three numbers, highest first: `50,20,5`.
    fn from_str(s: &str) -> Result<Self, String> {
        let parts: Vec<f64> = s
            .split([',', '，'])
            .map(|p| p.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| "award tiers are three numbers such as 50,20,5".to_owned())?;
        match parts[..] {
            [first, second, third]
                if first.is_finite() && first > second && second > third && third > 0.0 =>
            {
                Ok(Self {
                    first,
                    second,
                    third,
                })
            }
            _ => Err("award tiers are three positive numbers, highest first: 50,20,5".into()),
        }
    }
}

impl fmt::Display for AwardTiers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{},{}", self.first, self.second, self.third)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_parse_highest_first_and_place_scores() {
        let t: AwardTiers = "60, 30, 10".parse().unwrap_or_default();
        assert_eq!(t.second, 30.0);
        assert_eq!(t.of(60.0).map(|x| x.1), Some("第一梯队"));
        assert_eq!(t.of(59.9).map(|x| x.1), Some("第二梯队"));
        assert_eq!(t.of(10.0).map(|x| x.1), Some("第三梯队"));
        assert_eq!(t.of(9.9), None);
        assert!("5,20,50".parse::<AwardTiers>().is_err());
        assert!("50,20".parse::<AwardTiers>().is_err());
        assert!("50,20,0".parse::<AwardTiers>().is_err());
    }
}
