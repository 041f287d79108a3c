//! Trust rules, continued (issue 11): 对接 lists show only the people the caller may read
//! (the project being in scope is not enough); the others are a count, never a name.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::{TONGCHENG, create_project, shortlist};
use crate::helpers::spawn_app;
use crate::matching::{create, person};
use crate::page_client::Browser;

/// A village of 崇阳县.
const CHONGYANG_VILLAGE: &str = "421223100001";

#[tokio::test]
async fn county_staff_see_no_pipeline_person_they_cannot_read() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let city = app.login_as("city_staff", Role::Staff, Some("4212")).await;
    let pid = create_project(&city, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let near = create(&admin, person("张伟", json!({}))).await;
    let far = create(
        &admin,
        person(
            "欧阳明辉",
            json!({"hometown_code": CHONGYANG_VILLAGE, "mobile": "13912345678"}),
        ),
    )
    .await;
    let later_unlisted = create(&admin, person("司马青", json!({"mobile": "13712345678"}))).await;
    for who in [near, far, later_unlisted] {
        let r = shortlist(&city, pid, who).await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let path = format!("/api/v1/profiles/{later_unlisted}");
    let version = admin.get(&path).await.body["version"].clone();
    let r = admin
        .patch(&path, json!({"listed": false, "version": version}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    // The city's staff read all three.
    let r = city.get("/api/v1/pipeline").await;
    assert_eq!(r.body["total"], 2, "{}", r.text);
    assert_eq!(r.body["hidden"], 1, "{}", r.text);

    let tc = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    for path in [
        "/api/v1/pipeline",
        &format!("/api/v1/pipeline?project={pid}"),
    ] {
        let r = tc.get(path).await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.body["total"], 1, "{path}: {}", r.text);
        assert_eq!(r.body["hidden"], 2, "{path}: {}", r.text);
        assert_eq!(r.body["items"][0]["profile_id"].as_i64(), Some(near));
        for leak in ["欧阳明辉", "司马青"] {
            assert!(!r.text.contains(leak), "{leak} leaked: {}", r.text);
        }
    }
    // One entry of a hidden person answers exactly as a missing one, for reading and writing.
    let all = admin.get(&format!("/api/v1/pipeline?project={pid}")).await;
    let entry_of = |who: i64| {
        all.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["profile_id"].as_i64() == Some(who))
            .map(|i| i["id"].as_i64().unwrap())
            .unwrap()
    };
    for who in [far, later_unlisted] {
        let id = entry_of(who);
        let hidden = tc.get(&format!("/api/v1/pipeline/{id}")).await;
        let missing = tc.get("/api/v1/pipeline/987654").await;
        assert_eq!(hidden.status, 404, "{}", hidden.text);
        assert_eq!(hidden.body, missing.body);
        let r = tc
            .patch(
                &format!("/api/v1/pipeline/{id}"),
                json!({"status": "dropped"}),
            )
            .await;
        assert_eq!(r.status, 404, "{}", r.text);
    }

    // The pages: the board and the project show the count, never the name.
    app.create_user("tc_pages", Role::Staff, Some(TONGCHENG))
        .await;
    let b = Browser::sign_in(&app, "tc_pages").await;
    for path in ["/pipeline".to_owned(), format!("/projects/{pid}")] {
        let p = b.get(&path).await;
        assert_eq!(p.status, 200, "{path}");
        assert!(p.html.contains("张伟"), "{path}: {}", p.html);
        for leak in ["欧阳明辉", "司马青"] {
            assert!(!p.html.contains(leak), "{path}: {leak} leaked");
        }
        assert!(p.html.contains("另有 2 "), "{path}: {}", p.html);
    }
    let p = b.get(&format!("/pipeline/{}", entry_of(far))).await;
    assert_eq!(p.status, 404);
}

#[tokio::test]
async fn the_profile_page_links_to_ranked_projects_for_staff_and_admins_only() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = create(&admin, person("张伟", json!({}))).await;
    let link = format!("href=\"/profiles/{id}/matches\"");
    for (name, role, scope, shown) in [
        ("tc_staff", Role::Staff, Some(TONGCHENG), true),
        ("org_jsz", Role::Organizer, Some("421222100"), false),
        ("clerk", Role::Admin, None, true),
    ] {
        app.create_user(name, role, scope).await;
        let b = Browser::sign_in(&app, name).await;
        let p = b.get(&format!("/profiles/{id}")).await;
        assert_eq!(p.status, 200, "{name}");
        assert_eq!(p.html.contains(&link), shown, "{name}");
        if shown {
            assert_eq!(b.get(&format!("/profiles/{id}/matches")).await.status, 200);
        }
    }
}
