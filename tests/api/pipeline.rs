//! 对接: shortlisting people for a project and moving the conversation along.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use xiangxian::domain::Role;
use xiangxian::entity::audit_event;

use crate::fixtures::{CHONGYANG, TONGCHENG, create_profile, create_project, shortlist};
use crate::helpers::spawn_app;

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
    // People the administrator may read are refused with the reason…
    for (id, why) in [(unconsented, "同意"), (unlisted, "未公开")] {
        let r = shortlist(&admin, project, id).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{id}: {}", r.text);
        assert_eq!(r.body["error"]["field"], "profile_id");
        assert!(
            r.body["error"]["message"].as_str().unwrap().contains(why),
            "{}",
            r.text
        );
    }
    // …records that are gone answer exactly as records that never existed.
    let missing = shortlist(&admin, project, 999_999).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.text);
    let gone = shortlist(&admin, project, deleted).await;
    assert_eq!((gone.status, gone.text), (missing.status, missing.text));
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
