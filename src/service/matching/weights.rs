//! The weights of the match score's parts, read once from flags and environment.
//!
//! Every part of a score is a fit between 0 and 1 multiplied by its weight, so a weight is
//! the most a part can add. The defaults sum to 100, which makes a score read as points out
//! of 100 ("86 分") and a part as its share of them. Why each default is what it is:
//!
//! * `text` 26 and `chain` 16: what a person actually does is the first question for a
//!   project, and the text of their expertise, bio, employer and title is the most specific
//!   evidence of it; the registered chain segment is coarser (an organizer's tick box) but
//!   catches people whose words differ from the project's (光收发模块 for 光模块).
//! * `need` 18: how well the person answers each of the project's needs (资金: an investor
//!   with means in proportion; 技术: a senior person of the trade willing to cooperate; 人才;
//!   市场/供应链: a channel offered). This is what county staff ask first after the trade, and
//!   the first edition left it to a flat intent part, so a 技术员 with the right words and a
//!   donor with money ranked with the 总经理 and the investor. A person who answers none of
//!   the needs also keeps only half of `text` and `chain` (see `score::Fits::trade_weight`).
//! * `standing` 10: seniority (a four-step title scale) and tier; a 总经理 or 总工 can act on
//!   a project, a 技术员 cannot, so a senior person of the right segment must outrank a
//!   junior one at equal fit.
//! * `intent` 8: the registered intents the needs call for, as a flat bonus for willingness.
//! * `employer` 8: working at one of the project's target companies is a direct
//!   introduction path (以商招商).
//! * `hometown` 8: everyone in the registry is from the city, so only the same county
//!   really separates people; the rest of the city still gets a little.
//! * `capital` 4: the investable range in proportion to the investment, for investors only;
//!   most of capital fit now lives in `need`.
//! * `verified` 2: a tie-breaker: a verified record is one staff can trust.
//!
//! They were set from the reasoning above and then checked against the dev half of the
//! labelled evaluation set in `tests/matching_eval/` (never against the blind set in
//! `tests/matching_eval_blind/`); see `tests/api/matching_eval.rs`.

/// Weights of the parts of a person-to-project match score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MatchWeights {
    pub text: f64,
    pub chain: f64,
    pub hometown: f64,
    pub employer: f64,
    pub capital: f64,
    pub intent: f64,
    pub standing: f64,
    pub verified: f64,
    pub need: f64,
}

impl Default for MatchWeights {
    fn default() -> Self {
        Self {
            text: 26.0,
            chain: 16.0,
            hometown: 8.0,
            employer: 8.0,
            capital: 4.0,
            intent: 8.0,
            standing: 10.0,
            verified: 2.0,
            need: 18.0,
        }
    }
}

/// Weights of the parts of an opening-for-a-founder score.
///
/// Chain focus and the home county come first (a founder returns to build in their own
/// field, near home); space size, rent and the date matter next; the subsidy is a bonus that
/// most openings in the scheme share.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OpeningWeights {
    pub chain: f64,
    pub county: f64,
    pub space: f64,
    pub rent: f64,
    pub available: f64,
    pub subsidy: f64,
}

impl Default for OpeningWeights {
    fn default() -> Self {
        Self {
            chain: 30.0,
            county: 20.0,
            space: 15.0,
            rent: 15.0,
            available: 10.0,
            subsidy: 10.0,
        }
    }
}

/// A weight: a finite number from 0 to 1000.
fn weight(raw: &str) -> Result<f64, String> {
    let value: f64 = raw.trim().parse().map_err(|_| format!("“{raw}”不是数字"))?;
    if value.is_finite() && (0.0..=1000.0).contains(&value) {
        Ok(value)
    } else {
        Err("权重应在 0–1000 之间".into())
    }
}

/// The weight flags of `serve` (each also an environment variable).
#[derive(clap::Args, Clone, Debug, PartialEq)]
pub struct WeightOpts {
    /// Match weight of text relevance (BM25 of the project against the person's texts).
    #[arg(long, env = "XIANGXIAN_WEIGHT_TEXT", default_value = "26", value_parser = weight)]
    pub weight_text: f64,
    /// Match weight of chain fit (same segment, or same chain).
    #[arg(long, env = "XIANGXIAN_WEIGHT_CHAIN", default_value = "16", value_parser = weight)]
    pub weight_chain: f64,
    /// Match weight of hometown affinity (same county as the project).
    #[arg(long, env = "XIANGXIAN_WEIGHT_HOMETOWN", default_value = "8", value_parser = weight)]
    pub weight_hometown: f64,
    /// Match weight of working at one of the project's target companies.
    #[arg(long, env = "XIANGXIAN_WEIGHT_EMPLOYER", default_value = "8", value_parser = weight)]
    pub weight_employer: f64,
    /// Match weight of capital fit (projects that need capital only).
    #[arg(long, env = "XIANGXIAN_WEIGHT_CAPITAL", default_value = "4", value_parser = weight)]
    pub weight_capital: f64,
    /// Match weight of return intents fitting the project's needs.
    #[arg(long, env = "XIANGXIAN_WEIGHT_INTENT", default_value = "8", value_parser = weight)]
    pub weight_intent: f64,
    /// Match weight of standing (tier and seniority).
    #[arg(long, env = "XIANGXIAN_WEIGHT_STANDING", default_value = "10", value_parser = weight)]
    pub weight_standing: f64,
    /// Match weight of a verified profile.
    #[arg(long, env = "XIANGXIAN_WEIGHT_VERIFIED", default_value = "2", value_parser = weight)]
    pub weight_verified: f64,
    /// Match weight of need fit (how well the person answers each of the project's needs).
    #[arg(long, env = "XIANGXIAN_WEIGHT_NEED", default_value = "18", value_parser = weight)]
    pub weight_need: f64,
    /// Opening weight of chain focus.
    #[arg(long, env = "XIANGXIAN_OPENING_WEIGHT_CHAIN", default_value = "30", value_parser = weight)]
    pub opening_weight_chain: f64,
    /// Opening weight of the incubator lying in the founder's home county.
    #[arg(long, env = "XIANGXIAN_OPENING_WEIGHT_COUNTY", default_value = "20", value_parser = weight)]
    pub opening_weight_county: f64,
    /// Opening weight of space kind and size.
    #[arg(long, env = "XIANGXIAN_OPENING_WEIGHT_SPACE", default_value = "15", value_parser = weight)]
    pub opening_weight_space: f64,
    /// Opening weight of low rent.
    #[arg(long, env = "XIANGXIAN_OPENING_WEIGHT_RENT", default_value = "15", value_parser = weight)]
    pub opening_weight_rent: f64,
    /// Opening weight of being available soon.
    #[arg(long, env = "XIANGXIAN_OPENING_WEIGHT_AVAILABLE", default_value = "10", value_parser = weight)]
    pub opening_weight_available: f64,
    /// Opening weight of the returning-founder subsidy.
    #[arg(long, env = "XIANGXIAN_OPENING_WEIGHT_SUBSIDY", default_value = "10", value_parser = weight)]
    pub opening_weight_subsidy: f64,
}

impl Default for WeightOpts {
    fn default() -> Self {
        let m = MatchWeights::default();
        let o = OpeningWeights::default();
        Self {
            weight_text: m.text,
            weight_chain: m.chain,
            weight_hometown: m.hometown,
            weight_employer: m.employer,
            weight_capital: m.capital,
            weight_intent: m.intent,
            weight_standing: m.standing,
            weight_verified: m.verified,
            weight_need: m.need,
            opening_weight_chain: o.chain,
            opening_weight_county: o.county,
            opening_weight_space: o.space,
            opening_weight_rent: o.rent,
            opening_weight_available: o.available,
            opening_weight_subsidy: o.subsidy,
        }
    }
}

impl WeightOpts {
    pub fn matching(&self) -> MatchWeights {
        MatchWeights {
            text: self.weight_text,
            chain: self.weight_chain,
            hometown: self.weight_hometown,
            employer: self.weight_employer,
            capital: self.weight_capital,
            intent: self.weight_intent,
            standing: self.weight_standing,
            verified: self.weight_verified,
            need: self.weight_need,
        }
    }

    pub fn openings(&self) -> OpeningWeights {
        OpeningWeights {
            chain: self.opening_weight_chain,
            county: self.opening_weight_county,
            space: self.opening_weight_space,
            rent: self.opening_weight_rent,
            available: self.opening_weight_available,
            subsidy: self.opening_weight_subsidy,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        weights: WeightOpts,
    }

    #[test]
    fn flag_defaults_are_the_documented_defaults() {
        let cli = Cli::try_parse_from(["x"]).unwrap();
        assert_eq!(cli.weights, WeightOpts::default());
        assert_eq!(cli.weights.matching(), MatchWeights::default());
        assert_eq!(cli.weights.openings(), OpeningWeights::default());
        let m = MatchWeights::default();
        let sum = m.text
            + m.chain
            + m.hometown
            + m.employer
            + m.capital
            + m.intent
            + m.standing
            + m.verified
            + m.need;
        assert!((sum - 100.0).abs() < 1e-9);
    }

    #[test]
    fn a_flag_overrides_one_weight_and_bad_values_are_refused() {
        let cli = Cli::try_parse_from(["x", "--weight-text", "45"]).unwrap();
        assert_eq!(cli.weights.matching().text, 45.0);
        assert_eq!(cli.weights.matching().chain, 16.0);
        assert!(Cli::try_parse_from(["x", "--weight-text", "-1"]).is_err());
        assert!(Cli::try_parse_from(["x", "--weight-chain", "NaN"]).is_err());
    }
}
