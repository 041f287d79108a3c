//! Candidate generation for projects and the text part of match scores.

use search_index::{MatchQuery, ProfileDoc};

use crate::common::{doc, index_with};

fn pool() -> Vec<ProfileDoc> {
    vec![
        // Strong text match, same segment.
        ProfileDoc {
            expertise: "光纤预制棒、特种光纤、光纤拉丝工艺".into(),
            bio: "在长飞光纤负责光纤预制棒产线建设".into(),
            employer: "长飞光纤".into(),
            chains: vec!["optical.fiber".into()],
            consent_match: true,
            ..doc(1)
        },
        // Weaker text match (one word, in the bio), other chain.
        ProfileDoc {
            bio: "早年做过光纤销售".into(),
            chains: vec!["terminal.devices".into()],
            consent_match: true,
            ..doc(2)
        },
        // Same segment, no word in common.
        ProfileDoc {
            expertise: "企业管理".into(),
            chains: vec!["optical.fiber".into()],
            consent_match: true,
            ..doc(3)
        },
        // Same chain, other segment, no word in common.
        ProfileDoc {
            expertise: "财务".into(),
            chains: vec!["optical.components".into()],
            consent_match: true,
            ..doc(4)
        },
        // Perfect text match but no consent: never a candidate.
        ProfileDoc {
            expertise: "光纤预制棒".into(),
            chains: vec!["optical.fiber".into()],
            consent_match: false,
            ..doc(5)
        },
        // Nothing in common.
        ProfileDoc {
            expertise: "智能安防".into(),
            chains: vec!["software.security".into()],
            consent_match: true,
            ..doc(6)
        },
    ]
}

fn project() -> MatchQuery {
    MatchQuery {
        text: "光纤预制棒项目：拟在通城建设光纤预制棒及特种光纤生产线，需要光纤拉丝工艺人才".into(),
        segment: Some("optical.fiber".into()),
        limit: 300,
        ..Default::default()
    }
}

#[test]
fn strong_text_matches_rank_first_and_same_segment_people_are_candidates() {
    let index = index_with(pool());
    let got = index.match_candidates(&project()).expect("match");
    let order: Vec<i64> = got.iter().map(|c| c.id).collect();
    assert_eq!(order.first(), Some(&1), "{got:?}");
    assert!(
        order.contains(&2) && order.contains(&3) && order.contains(&4),
        "{got:?}"
    );
    assert!(!order.contains(&5), "no consent, no candidate");
    assert!(!order.contains(&6), "nothing in common");
    let pos = |id| order.iter().position(|&x| x == id);
    assert!(pos(3) < pos(4), "same segment before same chain: {got:?}");

    let score = |id| got.iter().find(|c| c.id == id).map(|c| c.text_score);
    assert!(score(1) > score(2));
    assert!(score(2) > Some(0.0));
    assert_eq!(score(3), Some(0.0), "text_score is the BM25 part only");
    assert_eq!(score(4), Some(0.0));
}

#[test]
fn match_without_segment_uses_text_only_and_respects_limit() {
    let index = index_with(pool());
    let q = MatchQuery {
        segment: None,
        limit: 1,
        ..project()
    };
    let got = index.match_candidates(&q).expect("match");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].id, 1);
    let none = index
        .match_candidates(&MatchQuery {
            text: String::new(),
            segment: None,
            limit: 10,
            ..Default::default()
        })
        .expect("match");
    assert!(none.is_empty());
    let zero = index
        .match_candidates(&MatchQuery {
            limit: 0,
            ..project()
        })
        .expect("match");
    assert!(zero.is_empty());
}

#[test]
fn text_scores_agree_with_match_candidates() {
    let index = index_with(pool());
    let got = index.match_candidates(&project()).expect("match");
    let ids: Vec<i64> = got.iter().map(|c| c.id).chain([5, 999]).collect();
    let scores = index.text_scores(&project().text, &ids).expect("scores");
    for c in &got {
        let s = scores.get(&c.id).copied().unwrap_or(-1.0);
        assert!(
            (s - c.text_score).abs() < 1e-4,
            "{} {} vs {}",
            c.id,
            s,
            c.text_score
        );
    }
    assert!(
        scores.get(&5).is_some_and(|s| *s > 0.0),
        "text_scores ignores consent"
    );
    assert!(!scores.contains_key(&999), "unknown ids are left out");
}

#[test]
fn match_finds_consented_people_across_many_segments() {
    let docs: Vec<ProfileDoc> = (1..=400)
        .map(|i| ProfileDoc {
            expertise: if i % 10 == 0 {
                "光模块封装".into()
            } else {
                "市场营销".into()
            },
            chains: vec![if i % 3 == 0 {
                "optical.components".into()
            } else {
                "display.lcd".into()
            }],
            consent_match: i % 2 == 0,
            ..doc(i)
        })
        .collect();
    let index = index_with(docs);
    let q = MatchQuery {
        text: "光模块".into(),
        segment: Some("optical.components".into()),
        limit: 1000,
        ..Default::default()
    };
    let got = index.match_candidates(&q).expect("match");
    let expected = (1..=400)
        .filter(|i| i % 2 == 0 && (i % 10 == 0 || i % 3 == 0))
        .count();
    assert_eq!(got.len(), expected);
    // All text matches come before the people matched only by segment.
    let first_zero = got
        .iter()
        .position(|c| c.text_score == 0.0)
        .unwrap_or(got.len());
    assert!(got[first_zero..].iter().all(|c| c.text_score == 0.0));
    assert_eq!(first_zero, (1..=400).filter(|i| i % 10 == 0).count());
}

#[test]
fn candidates_carry_the_indexed_attributes_for_scoring() {
    let index = index_with(vec![ProfileDoc {
        expertise: "光纤预制棒".into(),
        employer: " 长飞光纤 ".into(),
        title: "总工程师".into(),
        chains: vec![
            "optical.fiber".into(),
            "optical.fiber".into(),
            "display.lcd".into(),
        ],
        intents: vec!["invest".into(), "tech".into()],
        capital_range: "5m_20m".into(),
        tier: "key".into(),
        verified: true,
        consent_match: true,
        ..doc(1)
    }]);
    let got = index.match_candidates(&project()).expect("match");
    assert_eq!(got.len(), 1);
    let mut a = got[0].attrs.clone();
    a.chains.sort();
    a.intents.sort();
    assert_eq!(
        a,
        search_index::MatchAttrs {
            hometown_code: "421222100201".into(),
            employer: "长飞光纤".into(),
            title: "总工程师".into(),
            chains: vec!["display.lcd".into(), "optical.fiber".into()],
            intents: vec!["invest".into(), "tech".into()],
            capital_range: "5m_20m".into(),
            tier: "key".into(),
            verified: true,
        }
    );
}

#[test]
fn people_of_employer_keys_are_added_after_the_ranked_ones_and_capped() {
    let mut docs = vec![ProfileDoc {
        expertise: "光纤预制棒".into(),
        chains: vec!["optical.fiber".into()],
        consent_match: true,
        ..doc(1)
    }];
    // Nothing in common with the project but the employer; 3 is not consented, 5 is verified
    // and so comes before the others.
    for id in 2..=6 {
        docs.push(ProfileDoc {
            expertise: "财务".into(),
            employer: "某公司".into(),
            employer_keys: vec!["k:target".into()],
            consent_match: id != 3,
            verified: id == 5,
            ..doc(id)
        });
    }
    let index = index_with(docs);
    let q = MatchQuery {
        employer_keys: vec!["k:target".into(), "k:absent".into()],
        employer_limit: 2,
        ..project()
    };
    let ids: Vec<i64> = index
        .match_candidates(&q)
        .expect("match")
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, vec![1, 5, 6]);
    let all = MatchQuery {
        employer_limit: 10,
        ..q
    };
    let mut ids: Vec<i64> = index
        .match_candidates(&all)
        .expect("match")
        .iter()
        .map(|c| c.id)
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, vec![1, 2, 4, 5, 6]);
}
