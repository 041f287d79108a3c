//! Door 9: duplicates outside import. A single create checks likely
//! duplicates as an import does; two simultaneous identical posts make one
//! record; organizers and staff get a list of likely duplicates.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::TONGCHENG_VILLAGE;
use crate::helpers::{Client, spawn_app};
use crate::page_client::Browser;

const CY_VILLAGE: &str = "421223100001";

fn person(name: &str, village: &str, mobile: Option<&str>) -> Value {
    let mut v = json!({"name": name, "hometown_code": village});
    if let Some(m) = mobile {
        v["mobile"] = json!(m);
    }
    v
}

async fn org(app: &crate::helpers::TestApp) -> Client {
    app.login_as("tc_org", Role::Organizer, Some("421222100"))
        .await
}

#[tokio::test]
async fn the_same_person_entered_twice_by_hand_is_a_409_naming_the_record() {
    let app = spawn_app().await;
    let org = org(&app).await;
    let first = org
        .post(
            "/api/v1/profiles",
            person("欧阳明远", TONGCHENG_VILLAGE, Some("13812345678")),
        )
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let id = first.body["id"].as_i64().unwrap();
    let again = org
        .post(
            "/api/v1/profiles",
            person("欧阳明远", TONGCHENG_VILLAGE, Some("13812345678")),
        )
        .await;
    assert_eq!(again.status, 409, "{}", again.text);
    assert_eq!(again.body["error"]["code"], "duplicate");
    assert_eq!(again.body["error"]["existing_id"], id);
    // The same mobile under another name is a likely duplicate too.
    let other_name = org
        .post(
            "/api/v1/profiles",
            person("欧阳明", TONGCHENG_VILLAGE, Some("13812345678")),
        )
        .await;
    assert_eq!(other_name.status, 409, "{}", other_name.text);
    assert_eq!(other_name.body["error"]["existing_id"], id);
    // A namesake in the same village is saved when the organizer says so.
    let namesake = org
        .post(
            "/api/v1/profiles",
            person("欧阳明远", TONGCHENG_VILLAGE, None),
        )
        .await;
    assert_eq!(namesake.status, 409);
    let mut namesake = person("欧阳明远", TONGCHENG_VILLAGE, None);
    namesake["force"] = json!(true);
    assert_eq!(org.post("/api/v1/profiles", namesake).await.status, 201);
}

#[tokio::test]
async fn a_duplicate_the_caller_cannot_read_is_a_warning_without_detail() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let there = admin
        .post(
            "/api/v1/profiles",
            person("欧阳明远", CY_VILLAGE, Some("13812345678")),
        )
        .await;
    assert_eq!(there.status, 201, "{}", there.text);
    let org = org(&app).await;
    let warned = org
        .post(
            "/api/v1/profiles",
            person("欧阳明远", TONGCHENG_VILLAGE, Some("13812345678")),
        )
        .await;
    assert_eq!(warned.status, 409, "{}", warned.text);
    assert_eq!(warned.body["error"]["code"], "duplicate");
    assert!(warned.body["error"].get("existing_id").is_none());
    // Telling that a mobile is on file is a reveal.
    assert!(
        app.audit_actions()
            .await
            .iter()
            .any(|(a, _, _)| a == "reveal")
    );
    let mut forced = person("欧阳明远", TONGCHENG_VILLAGE, Some("13812345678"));
    forced["force"] = json!(true);
    let saved = org.post("/api/v1/profiles", forced).await;
    assert_eq!(saved.status, 201, "{}", saved.text);
}

#[tokio::test]
async fn two_simultaneous_identical_posts_create_one_record() {
    let app = spawn_app().await;
    let org = org(&app).await;
    let body = person("欧阳明远", TONGCHENG_VILLAGE, Some("13812345678"));
    let (a, b) = tokio::join!(
        org.post("/api/v1/profiles", body.clone()),
        org.post("/api/v1/profiles", body.clone())
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409], "{} / {}", a.text, b.text);
}

#[tokio::test]
async fn organizers_get_a_list_of_likely_duplicates_in_their_area() {
    let app = spawn_app().await;
    let org = org(&app).await;
    for name in ["张伟", "章伟"] {
        let r = org
            .post("/api/v1/profiles", person(name, TONGCHENG_VILLAGE, None))
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let list = org.get("/api/v1/profiles/duplicates").await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.body["total"], 1, "{}", list.text);
    assert_eq!(list.body["items"][0]["kind"], "pinyin");
    assert_eq!(
        list.body["items"][0]["profiles"].as_array().map(Vec::len),
        Some(2)
    );
    let other = app
        .login_as("cy_org", Role::Organizer, Some("421223100"))
        .await;
    assert_eq!(
        other.get("/api/v1/profiles/duplicates").await.body["total"],
        0
    );
    let founder = app.login_as("founder_f", Role::Founder, None).await;
    assert_eq!(founder.get("/api/v1/profiles/duplicates").await.status, 403);
}

#[tokio::test]
async fn submitting_the_new_profile_form_twice_creates_one_record() {
    let app = spawn_app().await;
    app.create_user("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let b = Browser::sign_in(&app, "tc_org").await;
    let form = b.get("/profiles/new").await;
    let marker = "name=\"form_token\" value=\"";
    let start = form.html.find(marker).expect("a form token") + marker.len();
    let token = form.html[start..start + form.html[start..].find('"').unwrap()].to_owned();
    let fields = [
        ("form_token", token.as_str()),
        ("name", "欧阳明远"),
        ("hometown_code", TONGCHENG_VILLAGE),
        ("listed", "on"),
    ];
    let first = b.post("/profiles/new", &form.csrf(), &fields).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.html);
    let second = b.post("/profiles/new", &form.csrf(), &fields).await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.html);
    assert_eq!(first.location(), second.location());
    let page = b.get("/profiles/duplicates").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.html.contains("没有发现疑似重复的档案"),
        "{}",
        page.html
    );
}
