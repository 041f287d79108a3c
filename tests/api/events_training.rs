//! 创业培训 and the edges of events: inviting everyone in a county who wants
//! training in one call, the waiting list beyond the capacity, bad input
//! refused naming the field with nothing written, and the spreadsheets.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use serde_json::json;
use xiangxian::domain::Role;

use crate::events::{CHONGYANG_VILLAGE, create_event, in_hours, invitation_of, person, token_of};
use crate::fixtures::{TONGCHENG, TONGCHENG_VILLAGE};
use crate::helpers::spawn_app;
use crate::page_client::signed_in;

#[tokio::test]
async fn a_training_invites_everyone_with_the_training_intent_in_one_county() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let a = person(&admin, "周敏", TONGCHENG_VILLAGE, true, true, &["training"]).await;
    let b = person(
        &admin,
        "吴昊",
        TONGCHENG_VILLAGE,
        true,
        true,
        &["startup", "training"],
    )
    .await;
    let _no_wish = person(&admin, "郑洁", TONGCHENG_VILLAGE, true, true, &["invest"]).await;
    let _elsewhere = person(&admin, "孙浩", CHONGYANG_VILLAGE, true, true, &["training"]).await;
    app.index_settled().await;
    let city = app.login_as("city_staff", Role::Staff, Some("4212")).await;
    let training = create_event(&city, "training", TONGCHENG, 40).await;
    assert_eq!(training["provider"], "咸宁职业技术学院");
    let id = training["id"].as_i64().unwrap();
    let r = city
        .post(
            &format!("/api/v1/events/{id}/invitations"),
            json!({"filters": {"intent": "training", "region": TONGCHENG}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let list = city.get(&format!("/api/v1/events/{id}/invitations")).await;
    let mut ids: Vec<i64> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["profile_id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, vec![a, b]);
    // The same button again invites no one twice.
    let again = city
        .post(
            &format!("/api/v1/events/{id}/invitations"),
            json!({"filters": {"intent": "training", "region": TONGCHENG}}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    // The search finds them by the new intent.
    let found = city.get("/api/v1/profiles?intent=training").await;
    assert_eq!(found.body["total"], 3, "{}", found.text);
    // The roster for the provider: a spreadsheet named in Chinese, with no contacts.
    let roster = city.get(&format!("/events/{id}/export/roster")).await;
    assert_eq!(roster.status, StatusCode::OK);
    let disposition = roster.headers["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    assert!(
        disposition.contains("%E5%9F%B9%E8%AE%AD%E8%8A%B1%E5%90%8D%E5%86%8C"),
        "培训花名册: {disposition}"
    );
}

#[tokio::test]
async fn the_training_button_on_the_event_page_invites_the_county_in_one_click() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let a = person(&admin, "周敏", TONGCHENG_VILLAGE, true, true, &["training"]).await;
    app.index_settled().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let id = create_event(&staff, "training", TONGCHENG, 40).await["id"]
        .as_i64()
        .unwrap();
    let b = signed_in(&app, "tc_clerk", Role::Staff, Some(TONGCHENG)).await;
    let page = b.get(&format!("/events/{id}")).await;
    assert!(
        page.html.contains("邀请本县全部有培训意向的乡贤"),
        "{}",
        page.html
    );
    let r = b
        .post(
            &format!("/events/{id}/invite"),
            &page.csrf(),
            &[("intent", "training"), ("region", TONGCHENG)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    invitation_of(&staff, id, a).await;
}

#[tokio::test]
async fn acceptances_beyond_the_capacity_wait_and_move_up_when_someone_declines() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let first = person(&admin, "张伟", TONGCHENG_VILLAGE, true, true, &["invest"]).await;
    let second = person(&admin, "李娜", TONGCHENG_VILLAGE, true, true, &["invest"]).await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let id = create_event(&staff, "forum", TONGCHENG, 1).await["id"]
        .as_i64()
        .unwrap();
    staff
        .post(
            &format!("/api/v1/events/{id}/invitations"),
            json!({"profile_ids": [first, second]}),
        )
        .await;
    let anyone = app.client();
    for (p, expect) in [(first, "accepted"), (second, "waitlisted")] {
        let inv = invitation_of(&staff, id, p).await;
        let token = token_of(&staff, id, inv["id"].as_i64().unwrap()).await;
        let r = anyone
            .post(
                &format!("/api/v1/rsvp/{token}"),
                json!({"answer": "accept"}),
            )
            .await;
        assert_eq!(r.body["status"], expect, "{}", r.text);
    }
    // The first tells the office on the phone that they cannot come.
    let b = signed_in(&app, "tc_clerk", Role::Staff, Some(TONGCHENG)).await;
    let page = b.get(&format!("/events/{id}")).await;
    let inv = invitation_of(&staff, id, first).await["id"]
        .as_i64()
        .unwrap();
    let r = b
        .post(
            &format!("/events/{id}/invitations/{inv}/answer"),
            &page.csrf(),
            &[("answer", "decline")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    assert_eq!(invitation_of(&staff, id, first).await["status"], "declined");
    assert_eq!(
        invitation_of(&staff, id, second).await["status"],
        "accepted"
    );
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field_and_writes_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let p = person(&admin, "张伟", TONGCHENG_VILLAGE, true, true, &["invest"]).await;
    let other = person(&admin, "李娜", TONGCHENG_VILLAGE, true, true, &["invest"]).await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let base = json!({"kind": "forum", "title": "2027年通城县乡贤座谈会", "region_code": TONGCHENG,
                      "starts_at": in_hours(2), "place": "通城县政务中心", "capacity": 80});
    for (field, value) in [
        ("starts_at", json!("2020-01-01T09:00:00+08:00")),
        ("starts_at", json!("2027-02-10 09:30")),
        ("capacity", json!(0)),
        ("capacity", json!(-5)),
        ("kind", json!("party")),
        ("region_code", json!("421223")),
    ] {
        let mut body = base.clone();
        body[field] = value;
        let r = staff.post("/api/v1/events", body).await;
        if field == "region_code" {
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
            continue;
        }
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{field}: {}", r.text);
        assert_eq!(r.body["error"]["field"], field, "{}", r.text);
    }
    let training = json!({"kind": "training", "title": "创业培训班", "region_code": TONGCHENG,
                          "starts_at": in_hours(2), "place": "通城县", "capacity": 30});
    let r = staff.post("/api/v1/events", training).await;
    assert_eq!(r.body["error"]["field"], "provider", "{}", r.text);
    assert_eq!(
        staff.get("/api/v1/events").await.body["total"],
        0,
        "nothing half-written"
    );

    let id = create_event(&staff, "forum", TONGCHENG, 80).await["id"]
        .as_i64()
        .unwrap();
    let invite = |ids: Vec<i64>| json!({"profile_ids": ids});
    let path = format!("/api/v1/events/{id}/invitations");
    assert_eq!(
        staff.post(&path, invite(vec![p])).await.status,
        StatusCode::OK
    );
    let twice = staff.post(&path, invite(vec![p])).await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.text);
    let both = staff.post(&path, invite(vec![p, other])).await;
    assert_eq!(both.body["invited"], 1);
    assert_eq!(both.body["skipped"][0]["reason"], "already_invited");
    let list = staff.get(&path).await;
    assert_eq!(list.body["total"], 2, "one invitation per person");
    let neither = staff.post(&path, json!({})).await;
    assert_eq!(neither.body["error"]["field"], "filters");

    let checkin = format!("/api/v1/events/{id}/checkin");
    let stranger = person(&admin, "王强", TONGCHENG_VILLAGE, true, true, &["invest"]).await;
    let r = staff.post(&checkin, json!({"profile_id": stranger})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"]["field"], "profile_id");
    // A link of another event does not check anyone in here.
    let elsewhere = create_event(&staff, "forum", TONGCHENG, 80).await["id"]
        .as_i64()
        .unwrap();
    staff
        .post(
            &format!("/api/v1/events/{elsewhere}/invitations"),
            invite(vec![stranger]),
        )
        .await;
    let inv = invitation_of(&staff, elsewhere, stranger).await;
    let token = token_of(&staff, elsewhere, inv["id"].as_i64().unwrap()).await;
    let r = staff.post(&checkin, json!({"token": token})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"]["field"], "token");
    let ok = staff.post(&checkin, json!({"profile_id": p})).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    let again = staff.post(&checkin, json!({"profile_id": p})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_invitation_list_exports_masked_and_the_call_list_is_one_audited_reveal() {
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
    let sheet = staff.get(&format!("/events/{id}/export/invitations")).await;
    assert_eq!(sheet.status, StatusCode::OK);
    let disposition = sheet.headers["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    // 邀请名单-2027年通城县乡贤座谈会-YYYY-MM-DD.xlsx
    assert!(
        disposition.contains("%E9%82%80%E8%AF%B7%E5%90%8D%E5%8D%95-2027"),
        "{disposition}"
    );
    let before = app.audit_actions().await.len();
    let b = signed_in(&app, "tc_clerk", Role::Staff, Some(TONGCHENG)).await;
    let page = b.get(&format!("/events/{id}")).await;
    let calls = b
        .post(&format!("/events/{id}/export/calls"), &page.csrf(), &[])
        .await;
    assert_eq!(calls.status, StatusCode::OK);
    let audit = app.audit_actions().await;
    let reveals: Vec<_> = audit[..audit.len() - before]
        .iter()
        .filter(|(action, _, _)| action == "reveal")
        .collect();
    assert_eq!(
        reveals.len(),
        1,
        "one reveal for the whole list: {reveals:?}"
    );
    assert!(reveals[0].2.contains("活动邀请"), "{reveals:?}");
}

#[tokio::test]
async fn an_imported_sheet_may_write_the_training_wish_as_peixun() {
    use reqwest::multipart::{Form, Part};
    let app = spawn_app().await;
    let admin = app.admin().await;
    let csv = "姓名,县（市、区）,乡镇（街道）,村（社区）,回乡意向,同意对接\n\
               周敏,通城县,隽水镇,利和村,培训、投资兴业,是\n";
    let form = Form::new().part(
        "file",
        Part::bytes(csv.as_bytes().to_vec()).file_name("培训意向.csv"),
    );
    let r = admin
        .send(
            admin
                .raw(
                    reqwest::Method::POST,
                    "/api/v1/profiles/import?dry_run=false",
                )
                .await
                .multipart(form),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["created"], 1, "{}", r.text);
    app.index_settled().await;
    let found = admin.get("/api/v1/profiles?intent=training").await;
    assert_eq!(found.body["total"], 1, "{}", found.text);
    let id = found.body["items"][0]["id"].as_i64().unwrap();
    let p = admin.get(&format!("/api/v1/profiles/{id}")).await;
    assert_eq!(
        p.body["intents"],
        json!(["invest", "training"]),
        "{}",
        p.text
    );
}
