//! The registry list as a search page: words and pinyin, filters with counts
//! beside them, highlights, the Excel export of the same list, and the
//! unlisted profiles an organizer still needs to reach.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::helpers::{Client, PASSWORD, TestApp, spawn_app};
use crate::page_client::{Browser, signed_in, text_of};

/// An organizer of 隽水镇 (page and API clients) with three people on file.
async fn organizer_with_people(app: &TestApp) -> (Browser, Client) {
    let b = signed_in(app, "org", Role::Organizer, Some("421222100")).await;
    let api = app.login("org", PASSWORD).await;
    let people: [Value; 3] = [
        json!({"name": "张伟", "hometown_code": "421222100201", "employer": "深圳市信维通信股份有限公司",
               "expertise": "无线充电线圈、模组封装", "chains": ["terminal.components"], "intents": ["invest"],
               "mobile": "13812345678", "consent_match": true}),
        json!({"name": "李娟", "hometown_code": "421222100203", "employer": "长飞光纤光缆",
               "expertise": "光纤预制棒产线设计", "chains": ["optical.fiber"], "intents": ["tech"]}),
        json!({"name": "王秘", "hometown_code": "421222100201", "listed": false,
               "expertise": "光纤熔接"}),
    ];
    for p in people {
        let r = api.post("/api/v1/profiles", p).await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    (b, api)
}

#[tokio::test]
async fn words_find_people_with_the_matched_words_marked_and_counts_beside_the_filters() {
    let app = spawn_app().await;
    let (b, _) = organizer_with_people(&app).await;
    let r = b.settled_get(&app, "/profiles?q=光纤").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.html.contains("李娟") && !r.html.contains("张伟"),
        "{}",
        r.html
    );
    assert!(text_of(&r.html, "result-count").contains("找到 1 位"));
    assert!(
        r.html.contains("<em>光纤</em>"),
        "highlights come through unescaped"
    );
    // Unlisted profiles never come back from a search.
    assert!(!r.html.contains("王秘"));
    // Counts per chain and per county, each a link narrowing the list.
    assert!(r.html.contains("id=\"facet-chain\"") && r.html.contains("光纤光缆"));
    assert!(r.html.contains("id=\"facet-county\"") && r.html.contains("通城县"));
    assert!(
        r.html
            .contains("profiles?q=%E5%85%89%E7%BA%A4&amp;chain=optical.fiber\"")
    );
    // Pinyin finds the same person.
    let py = b.get("/profiles?q=lijuan").await;
    assert!(py.html.contains("李娟"), "{}", py.html);
}

#[tokio::test]
async fn filters_narrow_the_list_and_the_export_link_carries_them() {
    let app = spawn_app().await;
    let (b, _) = organizer_with_people(&app).await;
    let all = b.settled_get(&app, "/profiles").await;
    assert!(
        all.html.contains("李娟") && all.html.contains("张伟"),
        "{}",
        all.html
    );
    let r = b.get("/profiles?chain=terminal&intent=invest").await;
    assert!(r.html.contains("张伟") && !r.html.contains("李娟"));
    assert!(r.html.contains("<option value=\"terminal\" selected>"));
    let href = "/api/v1/profiles/export?chain=terminal&amp;intent=invest";
    assert!(r.html.contains(href), "{}", r.html);
    // The link downloads the filtered list with the page's session.
    let x = b
        .get("/api/v1/profiles/export?chain=terminal&intent=invest")
        .await;
    assert_eq!(x.status, StatusCode::OK);
    assert!(
        x.headers["content-type"]
            .to_str()
            .unwrap_or("")
            .contains("spreadsheetml")
    );
    // No match, no export link.
    let none = b.get("/profiles?capital=over_100m").await;
    assert!(none.html.contains("没有符合条件的档案"));
    assert!(!none.html.contains("id=\"export-xlsx\""));
}

#[tokio::test]
async fn a_bad_filter_is_shown_beside_its_field() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let r = b.get("/profiles?chain=bogus").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.html.contains("id=\"chain-error\""), "{}", r.html);
}

#[tokio::test]
async fn unlisted_profiles_stay_reachable_for_their_organizer_but_not_for_staff() {
    let app = spawn_app().await;
    let (b, _) = organizer_with_people(&app).await;
    let r = b.get("/profiles").await;
    assert!(r.html.contains("id=\"unlisted\""));
    assert!(text_of(&r.html, "unlisted").contains("不公开的档案"));
    assert!(r.html.contains("王秘"));
    // Filters are about the searched list; the reminder stays off a filtered one.
    let filtered = b.get("/profiles?verified=no").await;
    assert!(!filtered.html.contains("id=\"unlisted\""));
    let staff = signed_in(&app, "staff", Role::Staff, Some("421222")).await;
    let s = staff.settled_get(&app, "/profiles").await;
    assert!(s.html.contains("李娟") && !s.html.contains("王秘"));
    assert!(!s.html.contains("id=\"unlisted\""));
}
