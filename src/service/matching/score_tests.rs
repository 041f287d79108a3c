//! Unit and property tests of the scoring arithmetic.

use proptest::prelude::*;

use super::*;

fn person() -> Person {
    Person {
        id: 1,
        segments: vec!["optical.components".into()],
        hometown_code: "421222100201".into(),
        employer: "博创科技股份有限公司".into(),
        title: "研发总监".into(),
        intents: vec![Intent::Invest, Intent::Tech],
        capital: Some(CapitalRange::M20To100),
        tier: Some(Tier::Key),
        verified: true,
    }
}

fn project() -> ProjectSpec {
    ProjectSpec {
        segment: "optical.components".into(),
        county_code: "421222".into(),
        needs: vec![Need::Capital, Need::Tech],
        investment_wan: 30_000,
        target_companies: vec!["博创科技".into(), "联创电子".into()],
    }
}

#[test]
fn chain_fit_prefers_segment_over_chain() {
    let seg = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        chain_fit(
            &seg(&["optical.fiber", "optical.components"]),
            "optical.components"
        ),
        ChainFit::Segment("optical.components".into())
    );
    assert_eq!(
        chain_fit(&seg(&["optical.fiber"]), "optical.components"),
        ChainFit::Chain("optical.fiber".into())
    );
    assert_eq!(
        chain_fit(&seg(&["display.lcd"]), "optical.components"),
        ChainFit::None
    );
    assert_eq!(chain_fit(&[], "optical.components"), ChainFit::None);
}

#[test]
fn hometown_same_county_beats_the_rest_of_the_city() {
    assert_eq!(home_fit("421222100201", "421222"), HomeFit::SameCounty);
    assert_eq!(home_fit("421223104", "421222"), HomeFit::City);
    assert_eq!(home_fit("440305", "421222"), HomeFit::Elsewhere);
    assert!(HomeFit::SameCounty.value() > HomeFit::City.value());
}

#[test]
fn capital_fit_grows_with_the_range_and_none_is_zero() {
    assert_eq!(capital_fit(None, 30_000), 0.0);
    assert_eq!(capital_fit(Some(CapitalRange::None), 30_000), 0.0);
    assert_eq!(capital_fit(Some(CapitalRange::Over100m), 30_000), 1.0);
    let small = capital_fit(Some(CapitalRange::M1To5), 30_000);
    let mid = capital_fit(Some(CapitalRange::M5To20), 30_000);
    assert!(0.0 < small && small < mid && mid < 1.0, "{small} {mid}");
    // The same range fits a small project better than a big one.
    assert!(capital_fit(Some(CapitalRange::M5To20), 2_000) > mid);
    assert!(capital_fit(Some(CapitalRange::M5To20), 0) > 0.0);
}

#[test]
fn capital_is_in_proportion_when_the_range_reaches_a_tenth_of_the_investment() {
    // 500万–2000万 is in proportion to 2亿, one range short of 3亿, two short of 10亿.
    assert_eq!(capital_fit(Some(CapitalRange::M5To20), 20_000), 1.0);
    assert_eq!(capital_fit(Some(CapitalRange::M5To20), 30_000), 0.5);
    assert_eq!(capital_fit(Some(CapitalRange::M5To20), 100_001), 0.2);
    assert_eq!(capital_fit(Some(CapitalRange::M20To100), 30_000), 1.0);
    assert_eq!(capital_fit(Some(CapitalRange::M1To5), 2_000), 1.0);
    assert_eq!(capital_fit(Some(CapitalRange::Over100m), 10_000_000), 1.0);
}

#[test]
fn a_person_who_answers_no_need_keeps_half_the_trade_parts() {
    let w = MatchWeights::default();
    let mut donor = person();
    donor.intents = vec![Intent::Donate];
    let f = fits(&donor, &project(), 0.8);
    assert_eq!(f.trade_weight(), UNANSWERED_TRADE_WEIGHT);
    let p = f.parts(&w);
    assert_eq!(p.chain, round2(w.chain * UNANSWERED_TRADE_WEIGHT));
    assert_eq!(p.text, round2(w.text * 0.8 * UNANSWERED_TRADE_WEIGHT));
    // A project without needs asks nothing of anyone: the trade counts in full.
    let mut open = project();
    open.needs.clear();
    assert_eq!(fits(&donor, &open, 0.8).trade_weight(), 1.0);
}

#[test]
fn intent_fit_maps_needs_to_intents() {
    let f = intent_fit(&[Intent::Invest], &[Need::Capital, Need::Tech]);
    assert_eq!(f.covered, vec![Need::Capital]);
    assert_eq!(f.uncovered, vec![Need::Tech]);
    assert!((f.value - 0.8).abs() < 1e-9);
    let all = intent_fit(
        &[Intent::Invest, Intent::Tech],
        &[Need::Capital, Need::Tech],
    );
    assert_eq!(all.value, 1.0);
    assert_eq!(intent_fit(&[Intent::Donate], &[Need::Capital]).value, 0.0);
    assert_eq!(
        intent_fit(&[Intent::Startup], &[Need::Talent]).covered,
        vec![Need::Talent]
    );
    assert_eq!(
        intent_fit(&[Intent::Introduce], &[Need::Market, Need::Supply]).value,
        1.0
    );
    // An adviser half answers a technology need.
    let adviser = intent_fit(&[Intent::Advisor], &[Need::Tech]);
    assert!((adviser.value - 0.8).abs() < 1e-9);
    assert_eq!(intent_fit(&[Intent::Invest], &[]).value, 0.0);
}

#[test]
fn a_senior_person_outranks_a_junior_one_at_equal_fit() {
    let w = MatchWeights::default();
    let spec = project();
    for (senior, junior) in [
        ("事业部总经理", "技术员"),
        ("总工", "车间工人"),
        ("CTO", "Technician"),
        ("高级工程师", "助理"),
    ] {
        let a = Person {
            title: senior.into(),
            ..person()
        };
        let b = Person {
            title: junior.into(),
            ..person()
        };
        // Even with a somewhat better text, the junior stays below.
        let (sa, sb) = (
            fits(&a, &spec, 0.8).parts(&w).total(),
            fits(&b, &spec, 1.0).parts(&w).total(),
        );
        assert!(sa > sb, "{senior} {sa} vs {junior} {sb}");
    }
}

#[test]
fn a_donor_ranks_below_an_investor_and_has_no_capital_fit() {
    let w = MatchWeights::default();
    let spec = project();
    let investor = Person {
        intents: vec![Intent::Invest],
        capital: Some(CapitalRange::M5To20),
        ..person()
    };
    let donor = Person {
        intents: vec![Intent::Donate],
        capital: Some(CapitalRange::Over100m),
        ..person()
    };
    let (fi, fd) = (fits(&investor, &spec, 0.5), fits(&donor, &spec, 0.5));
    assert_eq!(fd.capital, Some(0.0));
    assert_eq!(fd.need(), 0.0);
    let (pi, pd) = (fi.parts(&w), fd.parts(&w));
    assert!(pi.total() > pd.total(), "{pi:?} vs {pd:?}");
    assert_eq!((pd.capital, pd.need, pd.intent), (0.0, 0.0, 0.0));
}

#[test]
fn need_fit_is_part_of_the_score() {
    let w = MatchWeights::default();
    let f = fits(&person(), &project(), 0.5);
    assert_eq!(f.needs.len(), 2);
    assert!(f.parts(&w).need > 0.5 * w.need, "{:?}", f.needs);
    let mut spec = project();
    spec.needs = vec![];
    assert_eq!(fits(&person(), &spec, 0.5).parts(&w).need, 0.0);
}

#[test]
fn text_fit_is_relative_to_the_best_candidate() {
    assert_eq!(text_fit(10.0, 10.0), 1.0);
    // Relative to the best: only the best gets the whole part, the rest stay apart.
    assert!((text_fit(5.0, 10.0) - 0.5f64.powf(TEXT_CURVE)).abs() < 1e-9);
    assert!(text_fit(9.0, 10.0) < 1.0 && text_fit(9.0, 10.0) > text_fit(8.0, 10.0));
    assert_eq!(text_fit(0.0, 10.0), 0.0);
    assert_eq!(text_fit(3.0, 0.0), 0.0);
    assert_eq!(text_fit(f32::NAN, 1.0), 0.0);
}

#[test]
fn a_full_match_scores_every_part() {
    let w = MatchWeights::default();
    let f = fits(&person(), &project(), 1.0);
    assert_eq!(f.employer.as_deref(), Some("博创科技"));
    let p = f.parts(&w);
    assert_eq!(p.text, w.text);
    assert_eq!(p.chain, w.chain);
    assert_eq!(p.hometown, w.hometown);
    assert_eq!(p.employer, w.employer);
    assert_eq!(p.intent, w.intent);
    assert_eq!(p.verified, w.verified);
    assert!(p.capital > 0.0 && p.standing > 0.0);
    assert!(p.total() <= 100.0);
}

#[test]
fn capital_counts_only_when_the_project_needs_it() {
    let mut spec = project();
    spec.needs = vec![Need::Tech];
    let f = fits(&person(), &spec, 0.5);
    assert_eq!(f.capital, None);
    assert_eq!(f.parts(&MatchWeights::default()).capital, 0.0);
}

#[test]
fn ties_break_on_verified_then_id() {
    let mut rows = vec![
        (50.0, false, 3),
        (50.0, true, 9),
        (50.0, false, 2),
        (70.0, false, 10),
    ];
    rows.sort_by(|a, b| ranking(*a, *b));
    assert_eq!(
        rows,
        vec![
            (70.0, false, 10),
            (50.0, true, 9),
            (50.0, false, 2),
            (50.0, false, 3)
        ]
    );
}

fn any_intents() -> impl Strategy<Value = Vec<Intent>> {
    proptest::sample::subsequence(Intent::ALL.to_vec(), 0..=Intent::ALL.len())
}

fn any_needs() -> impl Strategy<Value = Vec<Need>> {
    proptest::sample::subsequence(Need::ALL.to_vec(), 0..=Need::ALL.len())
}

fn any_capital() -> impl Strategy<Value = Option<CapitalRange>> {
    proptest::option::of(proptest::sample::select(CapitalRange::ALL.to_vec()))
}

fn any_person() -> impl Strategy<Value = Person> {
    (
        proptest::sample::subsequence(
            vec![
                "optical.components",
                "optical.fiber",
                "display.lcd",
                "software.iot",
            ],
            0..=2,
        ),
        proptest::sample::select(vec!["421222100201", "421223104", "421281001"]),
        proptest::sample::select(vec!["", "博创科技", "京东方", "某某贸易"]),
        proptest::sample::select(vec!["", "总经理", "工程师", "技术员", "经理"]),
        any_intents(),
        any_capital(),
        proptest::option::of(proptest::sample::select(Tier::ALL.to_vec())),
        any::<bool>(),
    )
        .prop_map(
            |(segs, home, employer, title, intents, capital, tier, verified)| Person {
                id: 1,
                segments: segs.into_iter().map(str::to_owned).collect(),
                hometown_code: home.into(),
                employer: employer.into(),
                title: title.into(),
                intents,
                capital,
                tier,
                verified,
            },
        )
}

fn any_project() -> impl Strategy<Value = ProjectSpec> {
    (any_needs(), 0i64..200_000).prop_map(|(needs, investment_wan)| ProjectSpec {
        needs,
        investment_wan,
        ..project()
    })
}

fn any_weights() -> impl Strategy<Value = MatchWeights> {
    proptest::array::uniform9(0.0f64..100.0).prop_map(|w| MatchWeights {
        text: w[0],
        chain: w[1],
        hometown: w[2],
        employer: w[3],
        capital: w[4],
        intent: w[5],
        standing: w[6],
        verified: w[7],
        need: w[8],
    })
}

proptest! {
    #[test]
    fn each_part_is_between_zero_and_its_weight(
        p in any_person(), spec in any_project(), t in 0.0f64..=1.0, w in any_weights()
    ) {
        let parts = fits(&p, &spec, t).parts(&w);
        for (value, weight) in [
            (parts.text, w.text), (parts.chain, w.chain), (parts.hometown, w.hometown),
            (parts.employer, w.employer), (parts.capital, w.capital), (parts.intent, w.intent),
            (parts.standing, w.standing), (parts.verified, w.verified), (parts.need, w.need),
        ] {
            prop_assert!(value >= 0.0 && value <= round2(weight) + 1e-9, "{value} > {weight}");
        }
        let sum = parts.text + parts.chain + parts.hometown + parts.employer + parts.capital
            + parts.intent + parts.standing + parts.verified + parts.need;
        prop_assert!((parts.total() - sum).abs() < 1e-6);
    }

    #[test]
    fn more_text_relevance_never_lowers_a_score(
        p in any_person(), spec in any_project(), a in 0.0f64..=1.0, b in 0.0f64..=1.0
    ) {
        let w = MatchWeights::default();
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(fits(&p, &spec, lo).parts(&w).total() <= fits(&p, &spec, hi).parts(&w).total());
    }

    #[test]
    fn verification_same_segment_and_same_county_never_lower_a_score(
        p in any_person(), spec in any_project(), t in 0.0f64..=1.0
    ) {
        let w = MatchWeights::default();
        let base = fits(&p, &spec, t).parts(&w).total();
        let verified = Person { verified: true, ..p.clone() };
        prop_assert!(fits(&verified, &spec, t).parts(&w).total() >= base);
        let mut in_segment = p.clone();
        in_segment.segments.push(spec.segment.clone());
        prop_assert!(fits(&in_segment, &spec, t).parts(&w).total() >= base);
        let local = Person { hometown_code: format!("{}100", spec.county_code), ..p.clone() };
        prop_assert!(fits(&local, &spec, t).parts(&w).total() >= base);
    }

    #[test]
    fn a_larger_capital_range_never_fits_worse(investment in 0i64..1_000_000) {
        let ranges = [
            CapitalRange::None, CapitalRange::Under1m, CapitalRange::M1To5,
            CapitalRange::M5To20, CapitalRange::M20To100, CapitalRange::Over100m,
        ];
        for pair in ranges.windows(2) {
            prop_assert!(capital_fit(Some(pair[0]), investment) <= capital_fit(Some(pair[1]), investment));
        }
    }

    #[test]
    fn zero_weights_give_zero(p in any_person(), spec in any_project(), t in 0.0f64..=1.0) {
        let w = MatchWeights {
            text: 0.0, chain: 0.0, hometown: 0.0, employer: 0.0,
            capital: 0.0, intent: 0.0, standing: 0.0, verified: 0.0, need: 0.0,
        };
        prop_assert_eq!(fits(&p, &spec, t).parts(&w).total(), 0.0);
    }

    #[test]
    fn ranking_is_a_total_order(
        mut rows in proptest::collection::vec((0u32..5, any::<bool>(), 0i64..10), 0..30)
    ) {
        let mut a: Vec<(f64, bool, i64)> = rows.iter().map(|r| (f64::from(r.0) * 10.0, r.1, r.2)).collect();
        let mut b = a.clone();
        b.reverse();
        a.sort_by(|x, y| ranking(*x, *y));
        b.sort_by(|x, y| ranking(*x, *y));
        prop_assert_eq!(a, b);
        rows.clear();
    }
}
