//! The phone side of events: a staff phone scanning an invitee's QR code checks
//! them in (anyone else sees only the RSVP page), an invitee with an account is
//! told in-site and answers signed in, a conversation at the event becomes a
//! 对接 entry in one click, and a link of an event that has begun is gone.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use xiangxian::domain::Role;

use crate::events::{create_event, invitation_of, person, token_of};
use crate::fixtures::{
    CHONGYANG, TONGCHENG, TONGCHENG_VILLAGE, create_project, registered_founder,
};
use crate::helpers::spawn_app;
use crate::page_client::{Browser, signed_in};

#[tokio::test]
async fn a_staff_phone_opening_the_qr_link_checks_the_invitee_in_while_others_see_only_the_rsvp_page()
 {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let p = person(&admin, "张伟", TONGCHENG_VILLAGE, true, true, &["invest"]).await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let id = create_event(&staff, "forum", TONGCHENG, 80).await["id"]
        .as_i64()
        .unwrap();
    staff
        .post(
            &format!("/api/v1/events/{id}/invitations"),
            json!({"profile_ids": [p]}),
        )
        .await;
    let inv = invitation_of(&staff, id, p).await["id"].as_i64().unwrap();
    let token = token_of(&staff, id, inv).await;
    let link = format!("/rsvp/{token}");

    let stranger = Browser::new(&app).get(&link).await;
    assert_eq!(stranger.status, StatusCode::OK);
    assert!(stranger.html.contains("id=\"rsvp-accept\""));
    assert!(!stranger.html.contains("scan-checkin") && !stranger.html.contains("张伟"));
    let other_county = signed_in(&app, "cy_clerk", Role::Staff, Some(CHONGYANG)).await;
    let theirs = other_county.get(&link).await;
    assert!(!theirs.html.contains("scan-checkin") && !theirs.html.contains("张伟"));

    let phone = signed_in(&app, "tc_clerk", Role::Staff, Some(TONGCHENG)).await;
    let scanned = phone.get(&link).await;
    assert_eq!(scanned.status, StatusCode::OK);
    assert!(
        scanned.html.contains("id=\"scan-checkin\""),
        "{}",
        scanned.html
    );
    assert!(scanned.html.contains("张伟"));
    let done = phone
        .post(&format!("{link}/checkin"), &scanned.csrf(), &[])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert_eq!(done.location(), format!("/events/{id}/checkin"));
    assert_eq!(invitation_of(&staff, id, p).await["status"], "attended");
    let door = phone.get(&format!("/events/{id}/checkin")).await;
    assert!(
        door.html.contains("已签到 <strong>1</strong>"),
        "{}",
        door.html
    );
    // The QR code itself is a PNG of the link.
    let png = staff
        .get(&format!("/events/{id}/invitations/{inv}/qr.png"))
        .await;
    assert_eq!(png.status, StatusCode::OK);
    assert_eq!(png.headers["content-type"], "image/png");
}

#[tokio::test]
async fn an_invitee_with_an_account_is_told_in_site_and_answers_signed_in() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let founder = registered_founder(&app, "zhangwei", "张伟").await;
    let me = founder.get("/api/v1/auth/me").await;
    let p = me.body["profile_id"]
        .as_i64()
        .or_else(|| me.body["user"]["profile_id"].as_i64())
        .unwrap_or_else(|| panic!("{}", me.text));
    founder
        .post(
            &format!("/api/v1/profiles/{p}/consent"),
            json!({"consent_match": true}),
        )
        .await;
    admin
        .post(&format!("/api/v1/profiles/{p}/verify"), json!({}))
        .await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let id = create_event(&staff, "forum", TONGCHENG, 80).await["id"]
        .as_i64()
        .unwrap();
    let r = staff
        .post(
            &format!("/api/v1/events/{id}/invitations"),
            json!({"profile_ids": [p]}),
        )
        .await;
    assert_eq!(r.body["invited"], 1, "{}", r.text);
    let notices = founder.get("/api/v1/notices").await;
    assert!(notices.text.contains("受邀参加"), "{}", notices.text);

    let b = Browser::sign_in(&app, "zhangwei").await;
    let mine = b.get("/me/events").await;
    assert!(
        mine.html.contains("2027年通城县乡贤座谈会"),
        "{}",
        mine.html
    );
    let inv = invitation_of(&staff, id, p).await["id"].as_i64().unwrap();
    let answered = b
        .post(
            &format!("/me/events/{inv}/answer"),
            &mine.csrf(),
            &[("answer", "accept")],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.html);
    assert_eq!(invitation_of(&staff, id, p).await["status"], "accepted");
    // Another founder's invitation is not theirs to answer.
    let other = registered_founder(&app, "lina", "李娜").await;
    drop(other);
    let stranger = Browser::sign_in(&app, "lina").await;
    let page = stranger.get("/me/events").await;
    let refused = stranger
        .post(
            &format!("/me/events/{inv}/answer"),
            &page.csrf(),
            &[("answer", "decline")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn after_the_event_a_conversation_with_an_attendee_becomes_a_pipeline_entry_in_one_click() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let came = person(&admin, "张伟", TONGCHENG_VILLAGE, true, true, &["invest"]).await;
    let stayed = person(&admin, "李娜", TONGCHENG_VILLAGE, true, true, &["invest"]).await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let id = create_event(&staff, "forum", TONGCHENG, 80).await["id"]
        .as_i64()
        .unwrap();
    staff
        .post(
            &format!("/api/v1/events/{id}/invitations"),
            json!({"profile_ids": [came, stayed]}),
        )
        .await;
    staff
        .post(
            &format!("/api/v1/events/{id}/checkin"),
            json!({"profile_id": came}),
        )
        .await;
    let b = signed_in(&app, "tc_clerk", Role::Staff, Some(TONGCHENG)).await;
    let page = b.get(&format!("/events/{id}")).await;
    let inv = invitation_of(&staff, id, came).await["id"]
        .as_i64()
        .unwrap();
    let project_field = project.to_string();
    let r = b
        .post(
            &format!("/events/{id}/invitations/{inv}/pipeline"),
            &page.csrf(),
            &[
                ("project", &project_field),
                ("summary", "有意在通城高新区投资无线充电模组"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    let entry: i64 = r
        .location()
        .strip_prefix("/pipeline/")
        .unwrap()
        .parse()
        .unwrap();
    let shown = staff.get(&format!("/api/v1/pipeline/{entry}")).await;
    assert_eq!(shown.body["profile_id"], came, "{}", shown.text);
    assert!(
        shown.text.contains("有意在通城高新区投资无线充电模组"),
        "{}",
        shown.text
    );
    // Someone who did not come has no conversation to turn into one.
    let absent = invitation_of(&staff, id, stayed).await["id"]
        .as_i64()
        .unwrap();
    let refused = b
        .post(
            &format!("/events/{id}/invitations/{absent}/pipeline"),
            &page.csrf(),
            &[("project", &project_field), ("summary", "未到场")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let entries = staff
        .get(&format!("/api/v1/pipeline?project={project}"))
        .await;
    assert_eq!(entries.body["total"], 1, "{}", entries.text);
}

#[tokio::test]
async fn a_link_of_an_event_that_has_begun_is_gone_naming_the_token() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let p = person(&admin, "张伟", TONGCHENG_VILLAGE, true, true, &["invest"]).await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let id = create_event(&staff, "forum", TONGCHENG, 80).await["id"]
        .as_i64()
        .unwrap();
    staff
        .post(
            &format!("/api/v1/events/{id}/invitations"),
            json!({"profile_ids": [p]}),
        )
        .await;
    let inv = invitation_of(&staff, id, p).await["id"].as_i64().unwrap();
    let token = token_of(&staff, id, inv).await;
    use xiangxian::entity::event;
    event::Entity::update_many()
        .col_expr(
            event::Column::StartsAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::hours(1)),
        )
        .filter(event::Column::Id.eq(id))
        .exec(app.db.conn())
        .await
        .unwrap();
    let r = app
        .client()
        .post(
            &format!("/api/v1/rsvp/{token}"),
            json!({"answer": "accept"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::GONE, "{}", r.text);
    assert_eq!(r.body["error"]["field"], "token");
    assert_eq!(invitation_of(&staff, id, p).await["status"], "invited");
}

#[tokio::test]
async fn erasing_ones_record_removes_the_invitation_and_passes_the_seat_on() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let founder = registered_founder(&app, "zhangwei", "张伟").await;
    let me = founder.get("/api/v1/auth/me").await;
    let p = me.body["profile_id"]
        .as_i64()
        .or_else(|| me.body["user"]["profile_id"].as_i64())
        .unwrap();
    founder
        .post(
            &format!("/api/v1/profiles/{p}/consent"),
            json!({"consent_match": true}),
        )
        .await;
    admin
        .post(&format!("/api/v1/profiles/{p}/verify"), json!({}))
        .await;
    let waiting = person(&admin, "李娜", TONGCHENG_VILLAGE, true, true, &["invest"]).await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let id = create_event(&staff, "forum", TONGCHENG, 1).await["id"]
        .as_i64()
        .unwrap();
    staff
        .post(
            &format!("/api/v1/events/{id}/invitations"),
            json!({"profile_ids": [p, waiting]}),
        )
        .await;
    for who in [p, waiting] {
        let inv = invitation_of(&staff, id, who).await["id"].as_i64().unwrap();
        let token = token_of(&staff, id, inv).await;
        app.client()
            .post(
                &format!("/api/v1/rsvp/{token}"),
                json!({"answer": "accept"}),
            )
            .await;
    }
    assert_eq!(
        invitation_of(&staff, id, waiting).await["status"],
        "waitlisted"
    );
    let gone = founder.delete("/api/v1/me").await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text);
    let list = staff.get(&format!("/api/v1/events/{id}/invitations")).await;
    assert_eq!(list.body["total"], 1, "{}", list.text);
    assert_eq!(
        invitation_of(&staff, id, waiting).await["status"],
        "accepted"
    );
}

#[tokio::test]
async fn organizers_run_events_of_their_township_and_villages_only() {
    let app = spawn_app().await;
    let org = app
        .login_as("jsz_org", Role::Organizer, Some("421222100"))
        .await;
    let body = |region: &str| {
        json!({"kind": "homecoming", "title": "隽水镇乡贤家乡行", "region_code": region,
               "starts_at": crate::events::in_hours(48), "place": "隽水镇政府", "capacity": 30})
    };
    let ok = org.post("/api/v1/events", body("421222100")).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);
    let village = org.post("/api/v1/events", body("421222100201")).await;
    assert_eq!(village.status, StatusCode::CREATED, "{}", village.text);
    for region in [TONGCHENG, "421222101"] {
        let r = org.post("/api/v1/events", body(region)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{region}: {}", r.text);
    }
    assert_eq!(org.get("/api/v1/events").await.body["total"], 2);
}
