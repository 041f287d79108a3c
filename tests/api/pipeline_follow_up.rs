//! 下次跟进日期: set with a contact or on its own, cleared with a blank, listed as
//! 待跟进 once its day has come; and nobody outside the project's county learns of it.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use chrono::Duration;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;
use xiangxian::domain::Role;
use xiangxian::entity::pipeline_entry;
use xiangxian::service::fields;

use crate::fixtures::{CHONGYANG, TONGCHENG, entry_of};
use crate::helpers::spawn_app;
use crate::page_client::{Browser, signed_in, text_of};

#[tokio::test]
async fn a_contact_sets_the_next_follow_up_and_a_blank_clears_it() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let entry = entry_of(&admin, &staff, TONGCHENG, "孙立").await;
    let today = fields::today();
    let next_week = (today + Duration::days(7)).to_string();

    let r = staff
        .post(
            &format!("/api/v1/pipeline/{entry}/contacts"),
            json!({"channel": "phone", "summary": "约好下周再谈", "next_follow_up_on": next_week}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let path = format!("/api/v1/pipeline/{entry}");
    let shown = staff.get(&path).await;
    assert_eq!(shown.body["next_follow_up_on"], next_week.as_str());
    assert_eq!(shown.body["follow_up_due"], false);

    // A contact that says nothing of it keeps it.
    let r = staff
        .post(
            &format!("/api/v1/pipeline/{entry}/contacts"),
            json!({"channel": "wechat", "summary": "发了项目材料"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(
        staff.get(&path).await.body["next_follow_up_on"],
        next_week.as_str()
    );

    // Moved to today on its own, it is due; a blank clears it.
    let r = staff
        .patch(&path, json!({"next_follow_up_on": today.to_string()}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["follow_up_due"], true, "{}", r.text);
    let due = staff.get("/api/v1/pipeline?due=true").await;
    assert_eq!(due.body["total"], 1, "{}", due.text);
    assert_eq!(due.body["items"][0]["id"], entry);
    let r = staff.patch(&path, json!({"next_follow_up_on": ""})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body["next_follow_up_on"].is_null(), "{}", r.text);
    assert_eq!(
        staff.get("/api/v1/pipeline?due=true").await.body["total"],
        0
    );

    // Every change is in the audit trail with its day.
    let audit = admin
        .get("/api/v1/audit?entity=pipeline_entry&action=update")
        .await;
    assert!(audit.text.contains(&next_week), "{}", audit.text);
}

#[tokio::test]
async fn a_day_in_the_past_or_beyond_a_year_is_refused_with_the_field_and_nothing_changes() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let entry = entry_of(&admin, &admin, TONGCHENG, "钱进").await;
    let today = fields::today();
    let path = format!("/api/v1/pipeline/{entry}");
    for bad in [
        (today - Duration::days(1)).to_string(),
        (today + Duration::days(400)).to_string(),
        "下周三".to_owned(),
    ] {
        let r = admin.patch(&path, json!({"next_follow_up_on": bad})).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.text);
        assert_eq!(r.body["error"]["field"], "next_follow_up_on", "{}", r.text);
        let r = admin
            .post(
                &format!("{path}/contacts"),
                json!({"channel": "phone", "summary": "打过电话", "next_follow_up_on": bad}),
            )
            .await;
        assert_eq!(r.body["error"]["field"], "next_follow_up_on", "{}", r.text);
    }
    // The refused contact was not written either.
    assert_eq!(
        admin.get(&path).await.body["contacts"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        admin.get("/api/v1/pipeline?due=maybe").await.body["error"]["field"],
        "due"
    );
}

#[tokio::test]
async fn another_countys_staff_can_neither_set_nor_list_a_follow_up() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let other = app.login_as("cy_staff", Role::Staff, Some(CHONGYANG)).await;
    let entry = entry_of(&admin, &staff, TONGCHENG, "冯远").await;
    let today = fields::today().to_string();
    staff
        .patch(
            &format!("/api/v1/pipeline/{entry}"),
            json!({"next_follow_up_on": today}),
        )
        .await;

    let theirs = other
        .patch(
            &format!("/api/v1/pipeline/{entry}"),
            json!({"next_follow_up_on": ""}),
        )
        .await;
    let missing = other
        .patch("/api/v1/pipeline/999999", json!({"next_follow_up_on": ""}))
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{}", theirs.text);
    assert_eq!(theirs.text, missing.text, "out of scope answers as missing");
    let listed = other.get("/api/v1/pipeline?due=true").await;
    assert_eq!(listed.body["total"], 0, "{}", listed.text);
    assert!(!listed.text.contains("冯远"));
    // The day is still the one the county set.
    let kept = pipeline_entry::Entity::find_by_id(entry)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.next_follow_up_on, Some(fields::today()));

    // On the page, the other county's clerk sees neither the entry nor its mark.
    let b = Browser::sign_in(&app, "cy_staff").await;
    let board = b.get("/pipeline?due=yes").await;
    assert!(!board.html.contains("冯远"), "{}", board.html);
    assert_eq!(
        b.get(&format!("/pipeline/{entry}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_clerk_sets_the_day_with_the_call_and_the_board_lists_it_when_due() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let b = signed_in(&app, "tc_clerk", Role::Staff, Some(TONGCHENG)).await;
    let entry = entry_of(&admin, &admin, TONGCHENG, "何平").await;
    let today = fields::today().to_string();
    let page = format!("/pipeline/{entry}");

    let r = b
        .submit(
            &page,
            &format!("/pipeline/{entry}/contacts"),
            &[
                ("channel", "phone"),
                ("summary", "对方出差，约好今天下午再打"),
                ("at", &today),
                ("next_follow_up_on", &today),
                ("status", "contacted"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    let shown = b.get(&page).await;
    assert_eq!(text_of(&shown.html, "next-follow-up"), today);
    assert!(shown.html.contains("id=\"due-mark\""), "{}", shown.html);

    let board = b.get("/pipeline?due=yes").await;
    assert_eq!(board.status, StatusCode::OK);
    assert!(board.html.contains("何平"), "{}", board.html);
    assert!(board.html.contains("待跟进"), "{}", board.html);
    assert!(board.html.contains("id=\"due-total\""));

    // A day in the past is told beside the field, and the call is not logged.
    let yesterday = (fields::today() - Duration::days(1)).to_string();
    let r = b
        .submit(
            &page,
            &format!("/pipeline/{entry}/contacts"),
            &[
                ("channel", "phone"),
                ("summary", "补一条"),
                ("next_follow_up_on", &yesterday),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.html.contains("next_follow_up_on-error"), "{}", r.html);

    // An entry that ended is no longer due, whatever its day.
    let mut ended: pipeline_entry::ActiveModel = pipeline_entry::Entity::find_by_id(entry)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap()
        .into();
    ended.status = Set("dropped".into());
    ended.update(app.db.conn()).await.unwrap();
    let board = b.get("/pipeline?due=yes").await;
    assert!(!board.html.contains("何平"), "{}", board.html);
}
