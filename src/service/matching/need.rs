//! Need fit: for each of a project's needs, how well the person answers it.
//!
//! * 资金 (`capital`): an investor (投资兴业) whose investable range is in proportion to the
//!   project's investment. A range without the intent is no offer to invest (a donor is not
//!   an investor).
//! * 技术 (`tech`): 技术合作 (or, for less, 咨询顾问), worth more the more senior the person
//!   and the closer their segment to the project's.
//! * 人才 (`talent`): 返乡创业 (or 技术合作, for less).
//! * 市场 / 供应链配套 (`market`, `supply`): a channel — working at a target company, or in
//!   the project's segment or chain — and the will to open it (引荐资源).
//!
//! Intents that answer none of the needs (捐资助学 alone) are no fit at all.

use super::score::{ChainFit, capital_fit};
use super::seniority::Seniority;
use crate::domain::{CapitalRange, Intent, Need};

/// How well one need is answered, 0..1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NeedFit {
    pub need: Need,
    pub value: f64,
}

/// What answering the needs depends on, besides the intents.
pub struct Evidence<'a> {
    pub intents: &'a [Intent],
    pub capital: Option<CapitalRange>,
    pub investment_wan: i64,
    pub chain: &'a ChainFit,
    pub seniority: Seniority,
    /// Works at one of the project's target companies.
    pub target_employer: bool,
}

impl Evidence<'_> {
    fn has(&self, intent: Intent) -> bool {
        self.intents.contains(&intent)
    }

    /// Depth in the project's trade: same segment, same chain, or only the words.
    fn depth(&self) -> f64 {
        match self.chain {
            ChainFit::Segment(_) => 1.0,
            ChainFit::Chain(_) => 0.6,
            ChainFit::None => 0.3,
        }
    }

    fn answer(&self, need: Need) -> f64 {
        match need {
            Need::Capital if self.has(Intent::Invest) => match self.capital {
                // Willing, amount not given: something, not much.
                None => 0.2,
                Some(CapitalRange::None) => 0.0,
                range => capital_fit(range, self.investment_wan),
            },
            Need::Capital => 0.0,
            Need::Tech => {
                let will = if self.has(Intent::Tech) {
                    1.0
                } else if self.has(Intent::Advisor) {
                    0.7
                } else {
                    0.0
                };
                will * self.depth() * (0.2 + 0.8 * self.seniority.value())
            }
            Need::Talent => {
                let will = if self.has(Intent::Startup) {
                    1.0
                } else if self.has(Intent::Tech) {
                    0.6
                } else {
                    0.0
                };
                will * (0.5 + 0.5 * self.depth())
            }
            Need::Market | Need::Supply => {
                let channel = if self.target_employer {
                    1.0
                } else {
                    match self.chain {
                        ChainFit::Segment(_) => 0.6,
                        ChainFit::Chain(_) => 0.4,
                        ChainFit::None => 0.1,
                    }
                };
                if self.has(Intent::Introduce) {
                    channel
                } else if self.target_employer {
                    // A path exists, but the person has not offered it.
                    0.3
                } else {
                    0.0
                }
            }
        }
    }
}

/// Each need of the project with how well it is answered, in the project's order.
pub fn need_fits(needs: &[Need], evidence: &Evidence<'_>) -> Vec<NeedFit> {
    needs
        .iter()
        .map(|&need| NeedFit {
            need,
            value: evidence.answer(need).clamp(0.0, 1.0),
        })
        .collect()
}

/// The need part's fit: the mean over the project's needs (0 for a project with none).
pub fn need_value(fits: &[NeedFit]) -> f64 {
    if fits.is_empty() {
        return 0.0;
    }
    fits.iter().map(|f| f.value).sum::<f64>() / fits.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence<'a>(intents: &'a [Intent], chain: &'a ChainFit) -> Evidence<'a> {
        Evidence {
            intents,
            capital: Some(CapitalRange::M20To100),
            investment_wan: 30_000,
            chain,
            seniority: Seniority::Top,
            target_employer: false,
        }
    }

    #[test]
    fn a_donor_answers_no_need_however_rich() {
        let seg = ChainFit::Segment("terminal.components".into());
        let mut e = evidence(&[Intent::Donate], &seg);
        e.capital = Some(CapitalRange::Over100m);
        let all = [Need::Capital, Need::Tech, Need::Talent, Need::Market];
        assert_eq!(need_value(&need_fits(&all, &e)), 0.0);
    }

    #[test]
    fn capital_needs_the_intent_and_grows_with_the_range() {
        let seg = ChainFit::Segment("terminal.components".into());
        let mut e = evidence(&[Intent::Invest], &seg);
        let fit = |e: &Evidence<'_>| need_fits(&[Need::Capital], e)[0].value;
        let big = fit(&e);
        e.capital = Some(CapitalRange::M1To5);
        let small = fit(&e);
        assert!(big > small && small > 0.0, "{big} {small}");
        assert_eq!(big, 1.0);
        let none = evidence(&[Intent::Tech], &seg);
        assert_eq!(fit(&none), 0.0);
    }

    #[test]
    fn tech_grows_with_seniority_and_depth() {
        let seg = ChainFit::Segment("terminal.components".into());
        let chain = ChainFit::Chain("terminal.devices".into());
        let fit = |e: &Evidence<'_>| need_fits(&[Need::Tech], e)[0].value;
        let senior = fit(&evidence(&[Intent::Tech], &seg));
        let mut junior = evidence(&[Intent::Tech], &seg);
        junior.seniority = Seniority::Junior;
        assert!(senior > 2.0 * fit(&junior));
        assert!(senior > fit(&evidence(&[Intent::Tech], &chain)));
        assert!(senior > fit(&evidence(&[Intent::Advisor], &seg)));
        assert_eq!(fit(&evidence(&[Intent::Invest], &seg)), 0.0);
    }

    #[test]
    fn market_is_a_channel_offered() {
        let none = ChainFit::None;
        let fit = |e: &Evidence<'_>| need_fits(&[Need::Market], e)[0].value;
        let mut at_target = evidence(&[Intent::Introduce], &none);
        at_target.target_employer = true;
        assert_eq!(fit(&at_target), 1.0);
        let mut silent = evidence(&[], &none);
        silent.target_employer = true;
        assert!(fit(&silent) < fit(&at_target) && fit(&silent) > 0.0);
        assert!(fit(&evidence(&[Intent::Introduce], &none)) < 0.2);
    }
}
