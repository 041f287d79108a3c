//! The subsidy arithmetic, its caps and the reasons given.

use super::*;

fn rent(yuan: i64) -> MonthlyFees {
    MonthlyFees {
        rent: Fen(yuan * 100),
        ..Default::default()
    }
}

#[test]
fn the_subsidy_is_exactly_forty_percent() {
    let e = estimate(&rent(1_000), 12);
    assert_eq!(e.monthly_subsidy, Fen(40_000));
    assert_eq!(e.years[0].subsidy, Fen(480_000));
    assert!(!e.years[0].capped);
    // 0.4 × 0.01 元 rounds half up to the 分; 0.4 × 333.33 元 = 133.332 元.
    assert_eq!(monthly_subsidy(Fen(1)), Fen(0));
    assert_eq!(monthly_subsidy(Fen(33_333)), Fen(13_333));
    assert_eq!(monthly_subsidy(Fen(33_335)), Fen(13_334));
}

#[test]
fn the_annual_cap_is_reached_mid_year() {
    // 12,000 元 a month → 4,800 元 subsidy; ten months make 48,000, the
    // eleventh reaches the 50,000 cap.
    let e = estimate(&rent(12_000), 36);
    assert_eq!(e.monthly_subsidy, Fen(480_000));
    assert_eq!(e.years.len(), 3);
    for y in &e.years {
        assert_eq!(y.subsidy, ANNUAL_CAP);
        assert!(y.capped);
        assert_eq!(y.fees, Fen(14_400_000));
    }
    assert_eq!(e.total_subsidy, Fen(15_000_000));
}

#[test]
fn just_under_the_cap_is_not_capped() {
    // 10,416.66 元 × 40% = 4,166.664 → 4,166.66 元 a month; × 12 = 49,999.92 元.
    let fees = MonthlyFees {
        rent: Fen(1_041_666),
        ..Default::default()
    };
    let e = estimate(&fees, 12);
    assert_eq!(e.years[0].subsidy, Fen(4_999_992));
    assert!(!e.years[0].capped);
}

#[test]
fn month_thirty_seven_gets_nothing() {
    let e = estimate(&rent(1_000), 37);
    assert_eq!(e.years.len(), 4);
    assert_eq!(e.years[3].months, 1);
    assert_eq!(e.years[3].fees, Fen(100_000));
    assert_eq!(e.years[3].subsidy, Fen(0));
    assert_eq!(e.total_subsidy, Fen(40_000 * 36));
    let long = estimate(&rent(1_000), 120);
    assert_eq!(long.years.len(), 10);
    assert_eq!(long.total_subsidy, e.total_subsidy);
}

#[test]
fn a_partial_year_counts_its_months_only() {
    let e = estimate(&rent(500), 18);
    assert_eq!(e.years[1].months, 6);
    assert_eq!(e.years[1].subsidy, Fen(20_000 * 6));
    assert_eq!(e.total_subsidy, Fen(20_000 * 18));
}

#[test]
fn every_fee_counts() {
    let fees = MonthlyFees {
        rent: Fen(100_000),
        property: Fen(20_000),
        sanitation: Fen(5_000),
        utilities: Fen(25_050),
    };
    assert_eq!(fees.total(), Fen(150_050));
    assert_eq!(estimate(&fees, 1).monthly_subsidy, Fen(60_020));
}

#[test]
fn amounts_parse_to_the_fen_and_refuse_nonsense() {
    assert_eq!(Fen::parse_yuan("300"), Ok(Fen(30_000)));
    assert_eq!(Fen::parse_yuan(" 0.1 "), Ok(Fen(10)));
    assert_eq!(Fen::parse_yuan("1234.56"), Ok(Fen(123_456)));
    for bad in ["-1", "abc", "NaN", "inf", "10000000.01", "1e300", ""] {
        assert!(Fen::parse_yuan(bad).is_err(), "{bad}");
    }
    assert_eq!(Fen::parse_yuan("10000000"), Ok(MAX_MONTHLY_FEE));
}

#[test]
fn yuan_serialize_as_integers_when_whole() {
    assert_eq!(serde_json::to_string(&Fen(5_000_000)).unwrap(), "50000");
    assert_eq!(serde_json::to_string(&Fen(123_456)).unwrap(), "1234.56");
}

#[test]
fn the_query_names_the_bad_field() {
    let q = EstimateQuery {
        property: Some("-5".into()),
        ..Default::default()
    };
    assert_eq!(estimate_query(&q).unwrap_err().field(), Some("property"));
    let q = EstimateQuery {
        months: Some("121".into()),
        ..Default::default()
    };
    assert_eq!(estimate_query(&q).unwrap_err().field(), Some("months"));
    let e = estimate_query(&EstimateQuery::default()).unwrap();
    assert_eq!(e.years.len(), 3);
    assert_eq!(e.total_subsidy, Fen(0));
}

#[test]
fn the_other_fees_add_to_the_rent_and_a_bad_one_names_its_field() {
    let other = OtherFees {
        property: Some("200".into()),
        sanitation: Some(" ".into()),
        utilities: Some("300.5".into()),
    };
    assert!(other.given());
    let e = at_rent_and_fees(1000.0, &other).unwrap();
    assert_eq!(e.monthly_fees, Fen(150_050));
    assert_eq!(e.monthly_subsidy, Fen(60_020));
    assert!(!OtherFees::default().given());
    let bad = OtherFees {
        sanitation: Some("一百".into()),
        ..Default::default()
    };
    let err = at_rent_and_fees(1000.0, &bad).unwrap_err();
    assert!(format!("{err:?}").contains("sanitation"), "{err:?}");
}
