//! What an organizer types in a day: Latin words inside Chinese terms, short company names,
//! abbreviations, village names with or without 村, and typos that deserve a suggestion.

use search_index::ProfileDoc;

use crate::common::{doc, ids, index_with, query};

fn people() -> Vec<ProfileDoc> {
    vec![
        ProfileDoc {
            expertise: "LED照明灯具设计".into(),
            ..doc(1)
        },
        ProfileDoc {
            expertise: "LED背光模组".into(),
            ..doc(2)
        },
        ProfileDoc {
            expertise: "LCD面板与5G基站天线".into(),
            ..doc(3)
        },
        ProfileDoc {
            employer: "长飞光纤".into(),
            expertise: "光纤预制棒".into(),
            ..doc(4)
        },
        ProfileDoc {
            expertise: "液晶显示屏驱动".into(),
            ..doc(5)
        },
        ProfileDoc {
            hometown_code: "421222100205".into(),
            hometown_names: "咸宁市 通城县 隽水镇 石泉村".into(),
            ..doc(6)
        },
        ProfileDoc {
            hometown_code: "421222100206".into(),
            hometown_names: "咸宁市 咸安区 温泉街道 万年路社区".into(),
            ..doc(7)
        },
        ProfileDoc {
            // "ledger" must not be found by LED.
            bio: "ledger 记账".into(),
            ..doc(8)
        },
    ]
}

#[test]
fn latin_word_inside_a_chinese_term_finds_it() {
    let index = index_with(people());
    assert_eq!(ids(&index, &query("LED")), vec![1, 2]);
    assert_eq!(ids(&index, &query("led")), vec![1, 2]);
    assert_eq!(ids(&index, &query("LCD")), vec![3]);
    assert_eq!(ids(&index, &query("5G")), vec![3]);
    assert_eq!(ids(&index, &query("LED照明")), vec![1]);
}

#[test]
fn start_of_a_company_name_finds_its_people() {
    let index = index_with(people());
    assert_eq!(ids(&index, &query("长飞")), vec![4]);
    assert_eq!(ids(&index, &query("长飞光纤")), vec![4]);
}

#[test]
fn common_abbreviation_finds_the_full_term() {
    let index = index_with(people());
    assert_eq!(ids(&index, &query("液晶屏")), vec![5]);
    assert_eq!(ids(&index, &query("液晶显示屏")), vec![5]);
}

#[test]
fn village_is_found_with_or_without_its_suffix() {
    let index = index_with(people());
    for q in ["石泉村", "石泉", "石泉村委会", "隽水镇 石泉村"] {
        assert_eq!(ids(&index, &query(q)), vec![6], "{q}");
    }
    for q in ["万年路社区", "万年路", "万年路居委会"] {
        assert_eq!(ids(&index, &query(q)), vec![7], "{q}");
    }
}

#[test]
fn typo_gets_a_suggestion_from_the_dictionary_and_pinyin() {
    let index = index_with(people());
    assert!(ids(&index, &query("光钎")).is_empty());
    assert_eq!(index.suggest("光钎").as_deref(), Some("光纤"));
    assert_eq!(index.suggest("guangxian").as_deref(), Some("光纤"));
    // A query that finds people needs no suggestion; nonsense gets none.
    assert_eq!(index.suggest("光纤"), None);
    assert_eq!(index.suggest("zzqqxx"), None);
    assert_eq!(index.suggest(""), None);
}
