//! The pure arithmetic of ranking openings for a founder: each part's fit between 0 and 1.

use chrono::NaiveDate;
use serde::Serialize;

use super::score::round2;
use super::weights::OpeningWeights;
use crate::domain::OpeningKind;

/// How an opening's (or its incubator's) focus relates to the founder's segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FocusFit {
    /// The opening serves one of the founder's segments, or that segment's whole chain.
    Segment(String),
    /// It serves another segment of a founder's chain.
    Chain(String),
    /// The opening names no focus: open to every field.
    Open,
    None,
}

impl FocusFit {
    pub fn value(&self) -> f64 {
        match self {
            Self::Segment(_) => 1.0,
            Self::Chain(_) => 0.5,
            Self::Open => 0.3,
            Self::None => 0.0,
        }
    }
}

/// `focus` holds chain or segment codes; `segments` the founder's segment codes.
pub fn focus_fit(focus: &[String], segments: &[String]) -> FocusFit {
    if focus.is_empty() {
        return FocusFit::Open;
    }
    let chain_of = |s: &str| s.split('.').next().unwrap_or_default().to_owned();
    for seg in segments {
        if let Some(f) = focus.iter().find(|f| *f == seg || **f == chain_of(seg)) {
            return FocusFit::Segment(f.clone());
        }
    }
    for seg in segments {
        if let Some(f) = focus.iter().find(|f| chain_of(f) == chain_of(seg)) {
            return FocusFit::Chain(f.clone());
        }
    }
    FocusFit::None
}

/// The kind of space an area calls for: a desk up to 15 m², an office up to 300 m², a plant
/// beyond.
pub fn kind_for_area(area_m2: f64) -> OpeningKind {
    if area_m2 <= 15.0 {
        OpeningKind::Desk
    } else if area_m2 <= 300.0 {
        OpeningKind::Office
    } else {
        OpeningKind::Plant
    }
}

/// Space fit: half the kind (a lab serves an office-sized need as well), half how close the
/// area is to the area needed. `None` (no application yet) rates every space alike.
pub fn space_fit(kind: Option<OpeningKind>, area_m2: f64, needed_m2: Option<f64>) -> f64 {
    let Some(needed) = needed_m2.filter(|n| *n > 0.0) else {
        return 0.5;
    };
    let wanted = kind_for_area(needed);
    let kind_fit = match kind {
        Some(k) if k == wanted => 1.0,
        Some(OpeningKind::Lab) if wanted == OpeningKind::Office => 1.0,
        _ => 0.3,
    };
    let size_fit = if area_m2 > 0.0 {
        area_m2.min(needed) / area_m2.max(needed)
    } else {
        0.0
    };
    0.5 * kind_fit + 0.5 * size_fit
}

/// Monthly rent (元) at which the rent part is half: the rent of a few desks.
const HALF_RENT: f64 = 1_000.0;

/// Cheaper is better, saturating: free is 1, 1,000 元 a month ½, 3,000 元 ¼.
pub fn rent_fit(monthly_rent: f64) -> f64 {
    if !monthly_rent.is_finite() || monthly_rent <= 0.0 {
        return 1.0;
    }
    HALF_RENT / (HALF_RENT + monthly_rent)
}

/// Days after which a later date no longer counts at all.
const WAIT_DAYS: i64 = 180;

/// Available now is best; a later date loses evenly until half a year away.
pub fn available_fit(available_from: NaiveDate, today: NaiveDate) -> f64 {
    let days = (available_from - today).num_days();
    if days <= 0 {
        1.0
    } else {
        (1.0 - days as f64 / WAIT_DAYS as f64).max(0.0)
    }
}

/// Subsidy fit: in the scheme and the founder qualifies, in the scheme but the founder does
/// not (yet), or not in the scheme.
pub fn subsidy_fit(eligible: bool, qualifies: bool) -> f64 {
    match (eligible, qualifies) {
        (true, true) => 1.0,
        (true, false) => 0.3,
        (false, _) => 0.0,
    }
}

/// The weighted parts of an opening's score, rounded to 0.01.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct OpeningParts {
    pub chain: f64,
    pub county: f64,
    pub space: f64,
    pub rent: f64,
    pub available: f64,
    pub subsidy: f64,
}

/// The fits of one opening, each 0..1.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct OpeningFits {
    pub chain: f64,
    pub county: f64,
    pub space: f64,
    pub rent: f64,
    pub available: f64,
    pub subsidy: f64,
}

impl OpeningFits {
    pub fn parts(&self, w: &OpeningWeights) -> OpeningParts {
        OpeningParts {
            chain: round2(w.chain * self.chain),
            county: round2(w.county * self.county),
            space: round2(w.space * self.space),
            rent: round2(w.rent * self.rent),
            available: round2(w.available * self.available),
            subsidy: round2(w.subsidy * self.subsidy),
        }
    }
}

impl OpeningParts {
    pub fn total(&self) -> f64 {
        round2(self.chain + self.county + self.space + self.rent + self.available + self.subsidy)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn codes(c: &[&str]) -> Vec<String> {
        c.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn focus_prefers_segment_then_chain_then_open() {
        let me = codes(&["software.iot"]);
        assert_eq!(
            focus_fit(&codes(&["software.iot"]), &me),
            FocusFit::Segment("software.iot".into())
        );
        assert_eq!(
            focus_fit(&codes(&["software"]), &me),
            FocusFit::Segment("software".into())
        );
        assert_eq!(
            focus_fit(&codes(&["software.security"]), &me),
            FocusFit::Chain("software.security".into())
        );
        assert_eq!(focus_fit(&[], &me), FocusFit::Open);
        assert_eq!(focus_fit(&codes(&["display"]), &me), FocusFit::None);
        assert_eq!(focus_fit(&codes(&["display"]), &[]), FocusFit::None);
    }

    #[test]
    fn space_fit_rewards_the_right_kind_and_size() {
        assert_eq!(space_fit(Some(OpeningKind::Desk), 6.0, None), 0.5);
        assert_eq!(space_fit(Some(OpeningKind::Desk), 6.0, Some(6.0)), 1.0);
        let office_for_desk = space_fit(Some(OpeningKind::Office), 60.0, Some(6.0));
        assert!(office_for_desk < 0.5, "{office_for_desk}");
        assert!(space_fit(Some(OpeningKind::Office), 80.0, Some(100.0)) > 0.85);
        assert_eq!(space_fit(Some(OpeningKind::Lab), 100.0, Some(100.0)), 1.0);
    }

    #[test]
    fn rent_and_date_saturate() {
        assert_eq!(rent_fit(0.0), 1.0);
        assert_eq!(rent_fit(1_000.0), 0.5);
        assert!(rent_fit(300.0) > rent_fit(3_000.0));
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default();
        assert_eq!(available_fit(today, today), 1.0);
        assert_eq!(
            available_fit(today - chrono::Duration::days(30), today),
            1.0
        );
        assert_eq!(
            available_fit(today + chrono::Duration::days(90), today),
            0.5
        );
        assert_eq!(
            available_fit(today + chrono::Duration::days(400), today),
            0.0
        );
        assert!(subsidy_fit(true, true) > subsidy_fit(true, false));
        assert!(subsidy_fit(true, false) > subsidy_fit(false, true));
    }

    proptest! {
        #[test]
        fn cheaper_is_never_worse(a in 0.0f64..100_000.0, b in 0.0f64..100_000.0) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(rent_fit(lo) >= rent_fit(hi));
            prop_assert!((0.0..=1.0).contains(&rent_fit(a)));
        }

        #[test]
        fn space_fit_stays_in_range(area in 0.0f64..10_000.0, need in 0.0f64..10_000.0) {
            for kind in OpeningKind::ALL {
                let f = space_fit(Some(*kind), area, Some(need));
                prop_assert!((0.0..=1.0).contains(&f), "{f}");
            }
        }
    }
}
