//! Need fit: for each of a project's needs, how well the person answers it.
//!
//! * 资金 (`capital`): an investor (投资兴业) whose investable range is in proportion to the
//!   project's investment ([`capital_fit`]) and who is linked to the project: of its segment,
//!   at a target company, or a fund or angel of its chain. Money without a link to the chain
//!   counts for little (a property developer is not who staff call about a display line); a
//!   range without the intent is no offer to invest (a donor is not an investor).
//! * 技术 (`tech`): 技术合作 or 咨询顾问, worth more the more senior the person and the closer
//!   their trade to the project's (their segment, else the project's words in their texts),
//!   and more again from the project's county or at a target company, who can be brought in.
//! * 人才 (`talent`): 返乡创业 (or 技术合作, for less) in the project's trade, more from the
//!   project's county.
//! * 市场 / 供应链配套 (`market`, `supply`): the will to open a channel (引荐资源) and a channel
//!   to open: working at a target company (less in a support function such as HR or 财务,
//!   who can open a door but not sell or buy), or a senior person of the project's segment.
//!   A neighbouring segment brings little: a lighting sales director has no orders for a
//!   car-display line.
//!
//! Intents that answer none of the needs (捐资助学 alone) are no fit at all. The need part is
//! led by the best-answered need: one person rarely brings capital, technology and talent at
//! once, and one need fully answered is already a strong lead.

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
    /// From the project's county.
    pub same_county: bool,
    /// Normalised text relevance to the project, 0..1.
    pub text: f64,
    /// Works in a support function (HR, 财务, 行政, 法务).
    pub support_role: bool,
    /// Invests for a living (a fund, an angel).
    pub professional_investor: bool,
}

/// Share of the need part taken by the best-answered need; the rest is the mean of all.
const BEST_NEED_SHARE: f64 = 0.7;

impl Evidence<'_> {
    fn has(&self, intent: Intent) -> bool {
        self.intents.contains(&intent)
    }

    /// Depth in the project's trade: the same segment, the same chain, or only as deep as
    /// the project's words in the person's texts (an unregistered segment is common; wrong
    /// trades with strong words are held well below the segment).
    fn depth(&self) -> f64 {
        match self.chain {
            ChainFit::Segment(_) => 1.0,
            ChainFit::Chain(_) => 0.6,
            ChainFit::None => 0.3 * self.text,
        }
    }

    /// How directly an investor's money is tied to the project.
    fn capital_link(&self) -> f64 {
        match self.chain {
            _ if self.target_employer => 1.0,
            ChainFit::Segment(_) => 1.0,
            ChainFit::Chain(_) if self.professional_investor => 1.0,
            ChainFit::Chain(_) => 0.6,
            ChainFit::None => (0.15 + 0.5 * self.text).min(1.0),
        }
    }

    fn answer(&self, need: Need) -> f64 {
        match need {
            Need::Capital if self.has(Intent::Invest) => {
                let amount = match self.capital {
                    // Willing, amount not given: something, not much.
                    None => 0.2,
                    range => capital_fit(range, self.investment_wan),
                };
                amount * self.capital_link()
            }
            Need::Capital => 0.0,
            Need::Tech => {
                let will = if self.has(Intent::Tech) {
                    1.0
                } else if self.has(Intent::Advisor) {
                    0.9
                } else {
                    0.0
                };
                let reach = if self.same_county || self.target_employer {
                    1.0
                } else {
                    0.8
                };
                will * self.depth() * (0.15 + 0.85 * self.seniority.value()) * reach
            }
            Need::Talent => {
                let will = if self.has(Intent::Startup) {
                    1.0
                } else if self.has(Intent::Tech) {
                    0.5
                } else {
                    0.0
                };
                will * self.depth() * if self.same_county { 1.0 } else { 0.8 }
            }
            Need::Market | Need::Supply => {
                if !self.has(Intent::Introduce) {
                    // A path exists at a target company, but the person has not offered it.
                    return if self.target_employer { 0.1 } else { 0.0 };
                }
                if self.target_employer {
                    return if self.support_role { 0.5 } else { 1.0 };
                }
                match self.chain {
                    ChainFit::Segment(_) if self.seniority.notable() => 1.0,
                    ChainFit::Segment(_) => 0.5,
                    ChainFit::Chain(_) => 0.15,
                    ChainFit::None => 0.0,
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

/// The need part's fit: mostly the best-answered need, the rest the mean over the project's
/// needs (0 for a project with none).
pub fn need_value(fits: &[NeedFit]) -> f64 {
    if fits.is_empty() {
        return 0.0;
    }
    let best = fits.iter().map(|f| f.value).fold(0.0, f64::max);
    let mean = fits.iter().map(|f| f.value).sum::<f64>() / fits.len() as f64;
    BEST_NEED_SHARE * best + (1.0 - BEST_NEED_SHARE) * mean
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
            same_county: true,
            text: 0.5,
            support_role: false,
            professional_investor: false,
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

    #[test]
    fn money_without_a_link_to_the_chain_counts_for_little() {
        let fit = |e: &Evidence<'_>| need_fits(&[Need::Capital], e)[0].value;
        let seg = ChainFit::Segment("terminal.components".into());
        let chain = ChainFit::Chain("terminal.devices".into());
        let none = ChainFit::None;
        let of_segment = fit(&evidence(&[Intent::Invest], &seg));
        let industrialist = fit(&evidence(&[Intent::Invest], &chain));
        let mut fund = evidence(&[Intent::Invest], &chain);
        fund.professional_investor = true;
        let mut developer = evidence(&[Intent::Invest], &none);
        developer.text = 0.1;
        assert_eq!(of_segment, 1.0);
        assert_eq!(fit(&fund), 1.0);
        assert!(
            industrialist < of_segment && industrialist > 0.5,
            "{industrialist}"
        );
        assert!(fit(&developer) < 0.25, "{}", fit(&developer));
    }

    #[test]
    fn tech_prefers_the_county_and_the_target_companies() {
        let seg = ChainFit::Segment("terminal.components".into());
        let fit = |e: &Evidence<'_>| need_fits(&[Need::Tech], e)[0].value;
        let local = fit(&evidence(&[Intent::Tech], &seg));
        let mut away = evidence(&[Intent::Tech], &seg);
        away.same_county = false;
        let far = fit(&away);
        away.target_employer = true;
        assert!(local > far, "{local} {far}");
        assert_eq!(fit(&away), local);
    }

    #[test]
    fn a_wrong_trade_expert_with_strong_words_is_a_weak_tech_fit() {
        let none = ChainFit::None;
        let seg = ChainFit::Segment("display.lcd".into());
        let fit = |e: &Evidence<'_>| need_fits(&[Need::Tech], e)[0].value;
        let mut outsider = evidence(&[Intent::Tech], &none);
        outsider.text = 0.9;
        let mut junior = evidence(&[Intent::Tech], &seg);
        junior.seniority = Seniority::Junior;
        junior.text = 0.2;
        assert!(fit(&outsider) < 0.5 * fit(&evidence(&[Intent::Tech], &seg)));
        assert!(
            fit(&junior) < 0.25,
            "a junior is at most a partial tech fit"
        );
    }

    #[test]
    fn market_needs_a_senior_of_the_segment_or_a_customer_facing_role() {
        let seg = ChainFit::Segment("terminal.components".into());
        let chain = ChainFit::Chain("terminal.devices".into());
        let none = ChainFit::None;
        let fit = |e: &Evidence<'_>| need_fits(&[Need::Supply], e)[0].value;
        let senior = fit(&evidence(&[Intent::Introduce], &seg));
        let mut junior = evidence(&[Intent::Introduce], &seg);
        junior.seniority = Seniority::Mid;
        let mut hr = evidence(&[Intent::Introduce], &none);
        hr.target_employer = true;
        hr.support_role = true;
        assert_eq!(senior, 1.0);
        assert!(fit(&junior) < senior);
        assert!(fit(&hr) < 1.0 && fit(&hr) > fit(&evidence(&[Intent::Introduce], &chain)));
        assert!(fit(&evidence(&[Intent::Introduce], &chain)) < 0.2);
    }

    #[test]
    fn the_best_answered_need_leads_the_part() {
        let fits = [
            NeedFit {
                need: Need::Capital,
                value: 1.0,
            },
            NeedFit {
                need: Need::Tech,
                value: 0.0,
            },
            NeedFit {
                need: Need::Talent,
                value: 0.0,
            },
        ];
        // One need fully answered is most of the part, however many the project has.
        assert!(need_value(&fits) >= 0.7 + 0.1 - 1e-9);
        assert_eq!(need_value(&[]), 0.0);
    }
}
