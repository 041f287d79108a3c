//! 招商图谱: the map's counts for a segment are what the registry search and
//! the project list return for the same caller; staff and administrators only.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{CHONGYANG, TONGCHENG, create_project};
use crate::helpers::spawn_app;

fn segment<'a>(map: &'a Value, code: &str) -> &'a Value {
    map["chains"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["segments"].as_array().unwrap())
        .find(|s| s["code"] == code)
        .unwrap()
}

#[tokio::test]
async fn a_segments_counts_equal_the_registry_and_project_lists_for_the_same_caller() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    // People of terminal.components: in 通城县 (two verified, one willing to invest) and
    // one in 崇阳县 whom 通城 staff do not see.
    for (name, village, verify, intents) in [
        ("张建华", "421222100201", true, json!(["invest"])),
        ("李秀英", "421222100201", true, json!(["tech"])),
        (
            "王志刚",
            "421222100201",
            false,
            json!(["invest", "advisor"]),
        ),
        ("周德明", "421223100201", true, json!(["invest"])),
    ] {
        let r = admin
            .post(
                "/api/v1/profiles",
                json!({"name": name, "hometown_code": village, "listed": true,
                       "chains": ["terminal.components"], "intents": intents}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        if verify {
            let id = r.body["id"].as_i64().unwrap();
            let v = admin
                .post(&format!("/api/v1/profiles/{id}/verify"), json!({}))
                .await;
            assert_eq!(v.status, StatusCode::OK, "{}", v.text);
        }
    }
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    create_project(&staff, TONGCHENG).await;
    let second = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let r = staff
        .patch(
            &format!("/api/v1/projects/{second}"),
            json!({"stage": "negotiating", "version": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    create_project(&admin, CHONGYANG).await;
    app.index_settled().await;

    let map = staff.get("/api/v1/chains/map").await;
    assert_eq!(map.status, StatusCode::OK, "{}", map.text);
    let seg = segment(&map.body, "terminal.components");
    let total = |path: String| {
        let staff = &staff;
        async move {
            let r = staff.get(&path).await;
            assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text);
            r.body["total"].clone()
        }
    };
    let chain = "chain=terminal.components";
    assert_eq!(
        seg["people"]["all"],
        total(format!("/api/v1/profiles?{chain}")).await
    );
    assert_eq!(
        seg["people"]["verified"],
        total(format!("/api/v1/profiles?{chain}&verified=true")).await
    );
    assert_eq!(
        seg["people"]["invest"],
        total(format!("/api/v1/profiles?{chain}&intent=invest")).await
    );
    for stage in ["attracting", "negotiating", "signed", "landed", "shelved"] {
        assert_eq!(
            seg["projects"][stage],
            total(format!("/api/v1/projects?{chain}&stage={stage}")).await,
            "{stage}"
        );
    }
    // And the numbers themselves: the 崇阳 person and project are not in 通城's view.
    assert_eq!(seg["people"], json!({"all": 3, "verified": 2, "invest": 2}));
    assert_eq!(seg["projects"]["attracting"], 1);
    assert_eq!(seg["projects"]["negotiating"], 1);
    // 2 projects under way and 3 people: fewer than 5 per project.
    assert_eq!(seg["gaps"], json!(["few_people"]));
    assert_eq!(seg["local_companies"][0], "瀛通通讯");
    let optical = segment(&map.body, "optical.fiber");
    assert_eq!(optical["gaps"], json!(["no_local_company"]));
    assert!(
        optical["target_companies"]
            .as_array()
            .unwrap()
            .contains(&json!("烽火通讯"))
    );

    let page = staff.get("/chains/map").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text
            .contains("href=\"/profiles?chain=terminal.components&amp;verified=yes\"")
    );
    assert!(
        page.text
            .contains("href=\"/projects?chain=terminal.components&amp;stage=negotiating\"")
    );
}

#[tokio::test]
async fn founders_and_organizers_get_no_chain_map() {
    let app = spawn_app().await;
    for (name, role, scope) in [
        ("jsz_organizer", Role::Organizer, Some("421222100")),
        ("a_founder", Role::Founder, None),
    ] {
        let c = app.login_as(name, role, scope).await;
        assert_eq!(
            c.get("/api/v1/chains/map").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(c.get("/chains/map").await.status, StatusCode::FORBIDDEN);
    }
}
