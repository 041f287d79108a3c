//! The pure arithmetic of a person-to-project match: each part's fit between 0 and 1, the
//! weighted parts, and the ranking order. No database, no index, no text: those are
//! gathered by [`super::project`] and worded by [`super::explain`].

use std::cmp::Ordering;

use serde::Serialize;

use super::company;
use super::need::{self, Evidence, NeedFit};
use super::role;
pub use super::seniority::{Seniority, seniority};
use super::weights::MatchWeights;
use crate::domain::{CapitalRange, Intent, Need, Tier};

/// What scoring needs to know of a person (taken from a profile row).
#[derive(Clone, Debug, Default)]
pub struct Person {
    pub id: i64,
    /// Segment codes such as `optical.components`.
    pub segments: Vec<String>,
    pub hometown_code: String,
    pub employer: String,
    pub title: String,
    pub intents: Vec<Intent>,
    /// `None` when the person gave no range.
    pub capital: Option<CapitalRange>,
    pub tier: Option<Tier>,
    pub verified: bool,
}

/// What scoring needs to know of a project.
#[derive(Clone, Debug, Default)]
pub struct ProjectSpec {
    pub segment: String,
    pub county_code: String,
    pub needs: Vec<Need>,
    pub investment_wan: i64,
    pub target_companies: Vec<String>,
}

/// How a person's registered segments relate to the project's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainFit {
    /// One of the person's segments is the project's (the segment).
    Segment(String),
    /// A segment of the same chain, not the same segment (the person's segment).
    Chain(String),
    None,
}

/// Where the person's hometown lies relative to the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HomeFit {
    SameCounty,
    /// Elsewhere in 咸宁市.
    City,
    Elsewhere,
}

/// The return intents a project's needs call for.
pub fn wanted_intent(need: Need) -> Intent {
    match need {
        Need::Capital => Intent::Invest,
        Need::Tech => Intent::Tech,
        Need::Talent => Intent::Startup,
        Need::Market | Need::Supply => Intent::Introduce,
    }
}

/// Intent fit: which of the project's needs the person's intents answer.
#[derive(Clone, Debug, PartialEq)]
pub struct IntentFit {
    pub value: f64,
    /// Needs answered by one of the person's intents (咨询顾问 counts half for 技术).
    pub covered: Vec<Need>,
    /// Needs no intent answers.
    pub uncovered: Vec<Need>,
    /// Whether 技术 is answered only by 咨询顾问 (not by 技术合作).
    pub tech_by_advice: bool,
}

/// Every finding of one person against one project.
#[derive(Clone, Debug, PartialEq)]
pub struct Fits {
    /// Normalised text relevance, 0..1.
    pub text: f64,
    pub chain: ChainFit,
    pub hometown: HomeFit,
    /// The target company the person works at.
    pub employer: Option<String>,
    /// `None` when the project does not need capital.
    pub capital: Option<f64>,
    pub intent: IntentFit,
    /// Each of the project's needs, how well the person answers it.
    pub needs: Vec<NeedFit>,
    pub tier: Option<Tier>,
    pub seniority: Seniority,
    pub verified: bool,
}

/// The weighted parts of a score (each at most its weight), rounded to 0.01.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Parts {
    pub text: f64,
    pub chain: f64,
    pub hometown: f64,
    pub employer: f64,
    pub capital: f64,
    pub intent: f64,
    pub standing: f64,
    pub verified: f64,
    /// Need fit: how well the person answers each of the project's needs.
    pub need: f64,
}

/// Rounds to 0.01, so that a score is exactly the sum of the parts shown.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Parts {
    /// The score: the sum of the (rounded) parts.
    pub fn total(&self) -> f64 {
        round2(
            self.text
                + self.chain
                + self.hometown
                + self.employer
                + self.capital
                + self.intent
                + self.standing
                + self.verified
                + self.need,
        )
    }
}

/// Text relevance normalised over the candidate set: the BM25 score divided by the best
/// candidate's. Relative rather than a saturating function of the raw score because BM25
/// values grow with the length of the project text and shrink as the registry grows, so no
/// fixed constant would mean the same thing for every project; the best-matching person of
/// a project always gets the whole text part.
pub fn text_fit(bm25: f32, best: f32) -> f64 {
    // NaN compares false both ways, so it lands here too.
    if best.partial_cmp(&0.0) != Some(Ordering::Greater)
        || bm25.partial_cmp(&0.0) != Some(Ordering::Greater)
    {
        return 0.0;
    }
    (f64::from(bm25) / f64::from(best))
        .clamp(0.0, 1.0)
        .powf(TEXT_CURVE)
}

/// Exponent of the text fit. Scaling by the best candidate already keeps the part from
/// saturating across a segment (only the best gets it whole); a steeper curve (1.5, 2) was
/// tried on the dev half of `tests/matching_eval` and did not gain (dev 0.899 and 0.892
/// against 0.902 linear), so it stays linear.
pub const TEXT_CURVE: f64 = 1.0;

/// Same segment beats same chain beats none.
pub fn chain_fit(segments: &[String], project_segment: &str) -> ChainFit {
    if segments.iter().any(|s| s == project_segment) {
        return ChainFit::Segment(project_segment.to_owned());
    }
    let chain = project_segment.split('.').next().unwrap_or_default();
    segments
        .iter()
        .find(|s| !chain.is_empty() && s.split('.').next() == Some(chain))
        .map_or(ChainFit::None, |s| ChainFit::Chain(s.clone()))
}

impl ChainFit {
    pub fn value(&self) -> f64 {
        match self {
            Self::Segment(_) => 1.0,
            Self::Chain(_) => 0.5,
            Self::None => 0.0,
        }
    }
}

/// The same county as the project beats the rest of the city.
pub fn home_fit(hometown_code: &str, county_code: &str) -> HomeFit {
    if county_code.len() == 6 && hometown_code.starts_with(county_code) {
        HomeFit::SameCounty
    } else if hometown_code.starts_with(crate::domain::CITY_CODE) {
        HomeFit::City
    } else {
        HomeFit::Elsewhere
    }
}

impl HomeFit {
    pub fn value(self) -> f64 {
        match self {
            Self::SameCounty => 1.0,
            // Everyone registered is from the city; only a little for that.
            Self::City => 0.3,
            Self::Elsewhere => 0.0,
        }
    }
}

/// Capital fit of an investable range against a project's investment (万元). "In
/// proportion" means the range's upper limit reaches a tenth of the investment: one investor
/// bringing that much is a lead worth calling (a 3亿 project needs 2000万–1亿 or more; a 2亿
/// one 500万–2000万). Each range short of that halves and more the fit, so the same range
/// always reads the same against the same investment, whatever the amounts. A project of
/// unknown size (0) rates ranges on their own.
pub fn capital_fit(range: Option<CapitalRange>, investment_wan: i64) -> f64 {
    const SHORT: [f64; 4] = [1.0, 0.5, 0.2, 0.05];
    let Some(range) = range.filter(|r| *r != CapitalRange::None) else {
        return 0.0;
    };
    let ranges = CapitalRange::ALL
        .iter()
        .copied()
        .filter(|r| *r != CapitalRange::None);
    let reaches = |r: CapitalRange, wan: i64| r.bounds_wan().1.is_none_or(|top| top >= wan);
    let wanted = if investment_wan <= 0 {
        // Unknown size: rate against a middling project (2000万–1亿 in full).
        3_000
    } else {
        (investment_wan + 9) / 10
    };
    // Ranges between this one and the first that reaches a tenth of the investment.
    let short = ranges
        .skip_while(|r| *r != range)
        .take_while(|r| !reaches(*r, wanted))
        .count();
    SHORT[short.min(SHORT.len() - 1)]
}

/// Which needs the person's intents answer; having any is most of the fit, answering more
/// of them the rest (one person rarely brings capital, technology and talent at once).
pub fn intent_fit(intents: &[Intent], needs: &[Need]) -> IntentFit {
    let mut covered = Vec::new();
    let mut uncovered = Vec::new();
    let mut credit = 0.0;
    let mut tech_by_advice = false;
    for &need in needs {
        let wanted = wanted_intent(need);
        if intents.contains(&wanted) {
            credit += 1.0;
            covered.push(need);
        } else if need == Need::Tech && intents.contains(&Intent::Advisor) {
            credit += 0.5;
            covered.push(need);
            tech_by_advice = true;
        } else {
            uncovered.push(need);
        }
    }
    let value = if needs.is_empty() || credit == 0.0 {
        0.0
    } else {
        0.6 + 0.4 * credit / needs.len() as f64
    };
    IntentFit {
        value,
        covered,
        uncovered,
        tech_by_advice,
    }
}

fn tier_value(tier: Option<Tier>) -> f64 {
    match tier {
        Some(Tier::Renowned) => 1.0,
        Some(Tier::Key) => 0.6,
        Some(Tier::Normal) | None => 0.2,
    }
}

/// Every finding of `person` against `project`, with the normalised text relevance given.
pub fn fits(person: &Person, project: &ProjectSpec, text: f64) -> Fits {
    let needs_capital = project.needs.contains(&Need::Capital);
    let chain = chain_fit(&person.segments, &project.segment);
    let employer = company::target_of(&person.employer, &project.target_companies);
    let level = seniority(&person.title);
    let text = text.clamp(0.0, 1.0);
    let hometown = home_fit(&person.hometown_code, &project.county_code);
    let asks = |need: Need| project.needs.contains(&need);
    Fits {
        text,
        // A range without 投资兴业 is no offer to invest: a donor is not an investor.
        capital: needs_capital.then(|| {
            if person.intents.contains(&Intent::Invest) {
                capital_fit(person.capital, project.investment_wan)
            } else {
                0.0
            }
        }),
        intent: intent_fit(&person.intents, &project.needs),
        needs: need::need_fits(
            &project.needs,
            &Evidence {
                intents: &person.intents,
                capital: person.capital,
                investment_wan: project.investment_wan,
                chain: &chain,
                seniority: level,
                target_employer: employer.is_some(),
                same_county: hometown == HomeFit::SameCounty,
                text,
                // Read from the texts only where they can matter: every candidate is scored.
                support_role: employer.is_some()
                    && (asks(Need::Market) || asks(Need::Supply))
                    && role::support_role(&person.title),
                professional_investor: matches!(chain, ChainFit::Chain(_))
                    && asks(Need::Capital)
                    && person.intents.contains(&Intent::Invest)
                    && role::professional_investor(&person.title, &person.employer),
            },
        ),
        hometown,
        chain,
        employer,
        tier: person.tier,
        seniority: level,
        verified: person.verified,
    }
}

impl Fits {
    /// Standing: seniority first (who can act on the project), tier after.
    pub fn standing(&self) -> f64 {
        0.3 * tier_value(self.tier) + 0.7 * self.seniority.value()
    }

    /// The need part's fit: the mean over the project's needs.
    pub fn need(&self) -> f64 {
        need::need_value(&self.needs)
    }

    /// How much the trade evidence (text and chain) counts: in full for a person who answers
    /// at least one of the project's needs, half for one who answers none (a donor, or an
    /// expert who offers nothing the project asks for, is not a lead however close the trade).
    pub fn trade_weight(&self) -> f64 {
        if self.needs.is_empty() || self.needs.iter().any(|f| f.value > 0.0) {
            1.0
        } else {
            UNANSWERED_TRADE_WEIGHT
        }
    }

    /// The weighted parts.
    pub fn parts(&self, w: &MatchWeights) -> Parts {
        let trade = self.trade_weight();
        Parts {
            text: round2(w.text * self.text * trade),
            chain: round2(w.chain * self.chain.value() * trade),
            hometown: round2(w.hometown * self.hometown.value()),
            employer: round2(if self.employer.is_some() {
                w.employer
            } else {
                0.0
            }),
            capital: round2(w.capital * self.capital.unwrap_or(0.0)),
            intent: round2(w.intent * self.intent.value),
            standing: round2(w.standing * self.standing()),
            verified: round2(if self.verified { w.verified } else { 0.0 }),
            need: round2(w.need * self.need()),
        }
    }
}

/// Share of the text and chain parts kept by a person who answers none of the project's
/// needs (see [`Fits::trade_weight`]).
pub const UNANSWERED_TRADE_WEIGHT: f64 = 0.5;

/// The ranking order: higher score first, then verified first, then the lower profile id,
/// so equal scores always come out in the same order.
pub fn ranking(a: (f64, bool, i64), b: (f64, bool, i64)) -> Ordering {
    b.0.total_cmp(&a.0)
        .then_with(|| b.1.cmp(&a.1))
        .then_with(|| a.2.cmp(&b.2))
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
