//! 对接: shortlisting, status changes, the contact log, stalled entries.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use xiangxian::domain::Role;
use xiangxian::entity::{audit_event, pipeline_entry};
use xiangxian::service::pipeline;

use crate::fixtures::{CHONGYANG, TONGCHENG, create_profile, create_project};
use crate::helpers::{Client, spawn_app};

async fn shortlist(client: &Client, project: i64, profile: i64) -> crate::helpers::Resp {
    client
        .post(
            &format!("/api/v1/projects/{project}/pipeline"),
            json!({"profile_id": profile}),
        )
        .await
}

#[tokio::test]
async fn a_conversation_moves_forward_one_step_at_a_time_and_is_audited() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let person = create_profile(&admin, "张伟", true, true).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();

    let r = shortlist(&staff, project, person).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["status"], "recommended");
    assert_eq!(r.body["profile_name"], "张伟");
    assert_eq!(r.body["project_title"], "无线充电接收端模组生产线");
    assert_eq!(r.body["next_statuses"], json!(["contacted", "dropped"]));
    assert_eq!(r.body["stalled"], false);
    let path = format!("/api/v1/pipeline/{}", r.body["id"]);

    let skip = staff.patch(&path, json!({"status": "signed"})).await;
    assert_eq!(skip.status, StatusCode::BAD_REQUEST);
    assert_eq!(skip.body["error"]["field"], "status");
    let message = skip.body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("contacted") && message.contains("dropped"),
        "{message}"
    );

    for status in ["contacted", "negotiating", "signed", "landed"] {
        let r = staff
            .patch(
                &path,
                json!({"status": status, "note": format!("进入{status}")}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{status}: {}", r.text);
        assert_eq!(r.body["status"], status);
    }
    let back = staff.patch(&path, json!({"status": "negotiating"})).await;
    assert_eq!(back.status, StatusCode::BAD_REQUEST);
    let drop_final = staff.patch(&path, json!({"status": "dropped"})).await;
    assert_eq!(drop_final.status, StatusCode::BAD_REQUEST);
    assert_eq!(drop_final.body["error"]["field"], "status");
    let bogus = staff.patch(&path, json!({"status": "married"})).await;
    assert_eq!(bogus.body["error"]["field"], "status");

    let updates = audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq("pipeline_entry"))
        .filter(audit_event::Column::Action.eq("update"))
        .all(app.db.conn())
        .await
        .unwrap();
    assert_eq!(updates.len(), 4);
    let last = updates.iter().max_by_key(|e| e.id).unwrap();
    assert!(last.before.as_deref().unwrap().contains("\"signed\""));
    assert!(last.after.as_deref().unwrap().contains("\"landed\""));
}

#[tokio::test]
async fn any_open_conversation_may_be_dropped() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let person = create_profile(&admin, "李娜", true, true).await;
    let project = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let entry = shortlist(&admin, project, person).await.body["id"].clone();
    let path = format!("/api/v1/pipeline/{entry}");
    let r = admin
        .patch(
            &path,
            json!({"status": "dropped", "note": "对方暂无回乡计划"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["note"], "对方暂无回乡计划");
    assert_eq!(r.body["next_statuses"], json!([]));
    assert_eq!(
        admin
            .patch(&path, json!({"status": "contacted"}))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn the_same_person_twice_for_one_project_is_409() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let person = create_profile(&admin, "王强", true, true).await;
    let project = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        shortlist(&admin, project, person).await.status,
        StatusCode::CREATED
    );
    let again = shortlist(&admin, project, person).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.error_code(), "duplicate");
    // The same person for another project is a different conversation.
    let other = create_project(&admin, CHONGYANG).await["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        shortlist(&admin, other, person).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn people_who_did_not_consent_are_unlisted_or_gone_are_refused() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let project = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let unconsented = create_profile(&admin, "赵敏", false, true).await;
    let unlisted = create_profile(&admin, "钱多", true, false).await;
    let deleted = create_profile(&admin, "孙立", true, true).await;
    assert_eq!(
        admin
            .delete(&format!("/api/v1/profiles/{deleted}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    for (id, why) in [
        (unconsented, "同意"),
        (unlisted, "未公开"),
        (deleted, "不存在"),
        (999_999, "不存在"),
    ] {
        let r = shortlist(&admin, project, id).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{id}: {}", r.text);
        assert_eq!(r.body["error"]["field"], "profile_id");
        assert!(
            r.body["error"]["message"].as_str().unwrap().contains(why),
            "{}",
            r.text
        );
    }
}

#[tokio::test]
async fn staff_shortlist_only_for_projects_of_their_scope() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let person = create_profile(&admin, "周杰", true, true).await;
    let chongyang = create_project(&admin, CHONGYANG).await["id"]
        .as_i64()
        .unwrap();
    let entry = shortlist(&admin, chongyang, person).await.body["id"].clone();
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    assert_eq!(
        shortlist(&staff, chongyang, person).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        staff.get(&format!("/api/v1/pipeline/{entry}")).await.status,
        StatusCode::NOT_FOUND
    );
    let patch = staff
        .patch(
            &format!("/api/v1/pipeline/{entry}"),
            json!({"status": "contacted"}),
        )
        .await;
    assert_eq!(patch.status, StatusCode::NOT_FOUND);
    assert_eq!(staff.get("/api/v1/pipeline").await.body["total"], 0);
    assert_eq!(
        staff
            .get(&format!("/api/v1/pipeline?project={chongyang}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let organizer = app
        .login_as("org", Role::Organizer, Some("421222100"))
        .await;
    assert_eq!(
        organizer.get("/api/v1/pipeline").await.status,
        StatusCode::FORBIDDEN
    );
}

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
