//! 对接 follow-up: the contact log, stalled entries, how many conversations
//! a person is already in, and handing an entry to a colleague.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::json;
use xiangxian::domain::Role;
use xiangxian::entity::pipeline_entry;
use xiangxian::service::pipeline;

use crate::fixtures::{CHONGYANG, TONGCHENG, create_profile, create_project, shortlist};
use crate::helpers::spawn_app;

#[tokio::test]
async fn contacts_are_logged_and_move_the_last_contact() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let person = create_profile(&admin, "吴昊", true, true).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let entry = shortlist(&staff, project, person).await.body["id"]
        .as_i64()
        .unwrap();
    let contacts = format!("/api/v1/pipeline/{entry}/contacts");
    let today = xiangxian::service::fields::today();

    let r = staff
        .post(&contacts, json!({"channel": "phone", "summary": "电话介绍项目，对方有兴趣", "at": today.to_string()}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["channel"], "phone");
    assert_eq!(r.body["channel_label"], "电话");
    let earlier = (today - Duration::days(3)).to_string();
    let r = staff
        .post(
            &contacts,
            json!({"channel": "wechat", "summary": "补记三天前的微信沟通", "at": earlier}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);

    let detail = staff.get(&format!("/api/v1/pipeline/{entry}")).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert_eq!(detail.body["contacts"].as_array().unwrap().len(), 2);
    assert_eq!(
        detail.body["days_since_contact"], 0,
        "a late note does not move the last contact back"
    );
    assert_eq!(detail.body["stalled"], false);

    let future = (today + Duration::days(1)).to_string();
    for (body, field) in [
        (
            json!({"channel": "phone", "summary": "未来", "at": future}),
            "at",
        ),
        (
            json!({"channel": "phone", "summary": "太早", "at": "1999-12-31"}),
            "at",
        ),
        (
            json!({"channel": "phone", "summary": "格式", "at": "2026/12/01"}),
            "at",
        ),
        (
            json!({"channel": "pigeon", "summary": "飞鸽", "at": "2025-01-01"}),
            "channel",
        ),
        (
            json!({"channel": "phone", "summary": " ", "at": "2025-01-01"}),
            "summary",
        ),
    ] {
        let r = staff.post(&contacts, body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{field}: {}", r.text);
        assert_eq!(r.body["error"]["field"], field, "{}", r.text);
    }
}

#[tokio::test]
async fn an_entry_without_contact_for_thirty_days_is_stalled() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let project = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let quiet = create_profile(&admin, "冷清", true, true).await;
    let busy = create_profile(&admin, "热络", true, true).await;
    let forgotten = create_profile(&admin, "遗忘", true, true).await;
    let now = Utc::now();
    let insert = |profile: i64,
                  created: chrono::DateTime<Utc>,
                  last: Option<chrono::DateTime<Utc>>,
                  status: &str| {
        pipeline_entry::ActiveModel {
            project_id: Set(project),
            profile_id: Set(profile),
            status: Set(status.into()),
            note: Set(String::new()),
            last_contact_at: Set(last),
            created_at: Set(created),
            updated_at: Set(created),
            ..Default::default()
        }
    };
    let quiet_id = insert(
        quiet,
        now - Duration::days(60),
        Some(now - Duration::days(31)),
        "contacted",
    )
    .insert(app.db.conn())
    .await
    .unwrap()
    .id;
    insert(
        busy,
        now - Duration::days(60),
        Some(now - Duration::days(2)),
        "negotiating",
    )
    .insert(app.db.conn())
    .await
    .unwrap();
    let forgotten_id = insert(forgotten, now - Duration::days(45), None, "recommended")
        .insert(app.db.conn())
        .await
        .unwrap()
        .id;

    let stalled = admin.get("/api/v1/pipeline?stalled=true").await;
    assert_eq!(stalled.status, StatusCode::OK, "{}", stalled.text);
    assert_eq!(stalled.body["total"], 2);
    let mut ids: Vec<i64> = stalled.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, vec![quiet_id, forgotten_id]);
    let quiet_view = stalled.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == quiet_id)
        .unwrap();
    assert_eq!(quiet_view["stalled"], true);
    assert!(quiet_view["days_since_contact"].as_i64().unwrap() >= 30);

    let fresh = admin.get("/api/v1/pipeline?stalled=false").await;
    assert_eq!(fresh.body["total"], 1);
    assert_eq!(fresh.body["items"][0]["profile_name"], "热络");
    assert_eq!(fresh.body["items"][0]["stalled"], false);
    assert_eq!(
        admin.get("/api/v1/pipeline?status=contacted").await.body["total"],
        1
    );
    assert_eq!(
        admin
            .get(&format!("/api/v1/pipeline?project={project}"))
            .await
            .body["total"],
        3
    );
    let bad = admin.get("/api/v1/pipeline?stalled=maybe").await;
    assert_eq!(bad.body["error"]["field"], "stalled");

    // A contact today un-stalls it.
    let r = admin
        .post(
            &format!("/api/v1/pipeline/{quiet_id}/contacts"),
            json!({"channel": "visit", "summary": "上门拜访"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(
        admin.get("/api/v1/pipeline?stalled=true").await.body["total"],
        1
    );
}

#[tokio::test]
async fn active_asks_count_the_open_conversations_of_each_person() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let popular = create_profile(&admin, "名人", true, true).await;
    let quiet = create_profile(&admin, "新人", true, true).await;
    let mut entries = Vec::new();
    for county in [TONGCHENG, CHONGYANG, "421224"] {
        let project = create_project(&admin, county).await["id"].as_i64().unwrap();
        entries.push(
            shortlist(&admin, project, popular).await.body["id"]
                .as_i64()
                .unwrap(),
        );
    }
    let dropped = format!("/api/v1/pipeline/{}", entries[2]);
    assert_eq!(
        admin
            .patch(&dropped, json!({"status": "dropped"}))
            .await
            .status,
        StatusCode::OK
    );

    let asks = pipeline::active_asks(app.db.conn(), &[popular, quiet])
        .await
        .unwrap();
    assert_eq!(asks[&popular], 2);
    assert_eq!(asks[&quiet], 0);
    assert!(
        pipeline::active_asks(app.db.conn(), &[])
            .await
            .unwrap()
            .is_empty()
    );
    let listed = admin.get("/api/v1/pipeline").await;
    assert_eq!(listed.body["items"][0]["active_asks"], 2);
}

#[tokio::test]
async fn assigning_an_entry_notifies_the_colleague() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let colleague_id = app
        .create_user("tc_colleague", Role::Staff, Some(TONGCHENG))
        .await;
    let cy_id = app
        .create_user("cy_staff", Role::Staff, Some(CHONGYANG))
        .await;
    let person = create_profile(&admin, "郑洁", true, true).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let entry = shortlist(&staff, project, person).await.body["id"].clone();
    let path = format!("/api/v1/pipeline/{entry}");
    let r = staff
        .patch(&path, json!({"assigned_to": colleague_id}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["assigned_to"], colleague_id);
    let colleague = app.login("tc_colleague", crate::helpers::PASSWORD).await;
    let notices = colleague.get("/api/v1/notices").await;
    assert_eq!(notices.body["items"][0]["kind"], "pipeline_assigned");
    let bad = staff.patch(&path, json!({"assigned_to": cy_id})).await;
    assert_eq!(bad.body["error"]["field"], "assigned_to", "{}", bad.text);
}
