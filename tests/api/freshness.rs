//! Freshness (issue 16): the list of records not confirmed for a year in the caller's
//! scope, 请本人确认 (once a week), the person's one-time link (confirm or correct), and
//! the insiders who must not reach a record through any of it.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::sync::Arc;

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;
use xiangxian::domain::Role;
use xiangxian::entity::{profile, profile_confirm_request as request};
use xiangxian::service::notify::dispatch::drain;

use crate::fixtures::{CHONGYANG, TONGCHENG, TONGCHENG_VILLAGE};
use crate::helpers::{Client, TestApp, spawn_app};
use crate::notify_sink::KeptSms;
use crate::page_client::{Browser, signed_in};

const MOBILE: &str = "13971234567";

/// A record of 隽水镇's village with a mobile, last confirmed two years ago.
pub async fn stale_record(app: &TestApp, org: &Client, name: &str, mobile: &str) -> i64 {
    let r = org
        .post(
            "/api/v1/profiles",
            json!({"name": name, "hometown_code": TONGCHENG_VILLAGE, "mobile": mobile,
                   "listed": true}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_i64().unwrap();
    make_stale(app, id).await;
    id
}

/// Makes record `id` one last confirmed (and created) two years ago.
pub async fn make_stale(app: &TestApp, id: i64) {
    let mut p: profile::ActiveModel = profile::Entity::find_by_id(id)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap()
        .into();
    let two_years = Utc::now() - Duration::days(730);
    p.last_confirmed_at = Set(Some(two_years));
    p.created_at = Set(two_years);
    p.update(app.db.conn()).await.unwrap();
}

/// Sends what is queued through a kept SMS provider; answers the `/confirm/…` path sent.
async fn link_sent(app: &TestApp) -> String {
    let kept = KeptSms::default();
    let mut ch = app.notify.clone();
    ch.sms = Arc::new(kept.clone());
    drain(&app.db, &ch, Utc::now()).await.unwrap();
    let (_, text) = kept.texts().pop().expect("an SMS was sent");
    assert!(
        text.contains("您在乡贤通登记的信息已超过一年未确认"),
        "{text}"
    );
    let start = text.find("/confirm/").unwrap();
    text[start..].split_whitespace().next().unwrap().to_owned()
}

#[tokio::test]
async fn an_organizer_asks_the_person_who_confirms_through_the_link() {
    let app = spawn_app().await;
    let org = app
        .login_as("js_org", Role::Organizer, Some("421222100"))
        .await;
    let id = stale_record(&app, &org, "欧阳明远", MOBILE).await;
    let b = Browser::sign_in(&app, "js_org").await;
    let list = b.get("/freshness").await;
    assert_eq!(list.status, 200);
    assert!(list.html.contains("欧阳明远") && list.html.contains(&format!("request-{id}")));
    assert!(!list.html.contains(MOBILE), "no contact on the list");

    let r = b
        .post(&format!("/freshness/{id}/request"), &list.csrf(), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    let again = b
        .post(&format!("/freshness/{id}/request"), &list.csrf(), &[])
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert!(
        b.get("/freshness")
            .await
            .html
            .contains("一周内不再重复发送")
    );
    assert_eq!(
        request::Entity::find()
            .all(app.db.conn())
            .await
            .unwrap()
            .len(),
        1
    );

    let path = link_sent(&app).await;
    let person = Browser::new(&app);
    let page = person.get(&path).await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.html.contains("欧阳明远") && page.html.contains("139****4567"));
    assert!(
        !page.html.contains(MOBILE),
        "contacts masked: the link may be forwarded"
    );
    let done = person
        .post(&path, &page.csrf(), &[("answer", "confirm")])
        .await;
    // Redirect after the post: a refresh shows the thanks, not a resubmission.
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert_eq!(done.location(), format!("{path}?answered=1"));
    let done = person.follow(done).await;
    assert!(done.html.contains("已确认"), "{}", done.html);
    // `?answered=1` on a link nobody used says nothing of the kind.
    let unknown = person.get("/confirm/not-a-real-link?answered=1").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let p = profile::Entity::find_by_id(id)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap();
    assert!(p.last_confirmed_at.unwrap() > Utc::now() - Duration::minutes(5));
    assert!(!b.get("/freshness").await.html.contains("欧阳明远"));

    let used = person.get(&path).await;
    assert_eq!(used.status, StatusCode::GONE);
    assert!(
        used.html.contains("这个确认链接已经用过了"),
        "{}",
        used.html
    );
}

#[tokio::test]
async fn a_correction_waits_for_the_organizer_and_an_expired_link_says_so() {
    let app = spawn_app().await;
    let org = app
        .login_as("js_org", Role::Organizer, Some("421222100"))
        .await;
    let id = stale_record(&app, &org, "欧阳明远", MOBILE).await;
    let b = Browser::sign_in(&app, "js_org").await;
    let token = b.get("/freshness").await.csrf();
    b.post(&format!("/freshness/{id}/request"), &token, &[])
        .await;
    let path = link_sent(&app).await;
    let person = Browser::new(&app);
    let page = person.get(&path).await;
    let blank = person
        .post(
            &path,
            &page.csrf(),
            &[("answer", "correct"), ("correction", " ")],
        )
        .await;
    assert_eq!(blank.status, StatusCode::BAD_REQUEST);
    assert!(blank.html.contains("请写明哪项信息需要更正"));
    let sent = person
        .post(
            &path,
            &page.csrf(),
            &[
                ("answer", "correct"),
                ("correction", "已调到武汉光谷工作，单位改为长飞光纤"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.html);
    let sent = person.follow(sent).await;
    assert!(sent.html.contains("已收到您的更正"), "{}", sent.html);
    let list = b.get("/freshness").await.html;
    assert!(list.contains("已调到武汉光谷工作"), "the organizer sees it");
    let p = profile::Entity::find_by_id(id)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap();
    assert!(
        p.last_confirmed_at.unwrap() < Utc::now() - Duration::days(365),
        "not confirmed"
    );

    // A link past its 30 days.
    let r = request::Entity::find()
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap();
    let mut m: request::ActiveModel = r.into();
    m.used_at = Set(None);
    m.expires_at = Set(Utc::now() - Duration::days(1));
    m.update(app.db.conn()).await.unwrap();
    let expired = person.get(&path).await;
    assert_eq!(expired.status, StatusCode::GONE);
    assert!(
        expired.html.contains("这个确认链接已过期"),
        "{}",
        expired.html
    );
}

#[tokio::test]
async fn another_countys_staff_and_another_townships_organizer_cannot_list_or_ask() {
    let app = spawn_app().await;
    let org = app
        .login_as("js_org", Role::Organizer, Some("421222100"))
        .await;
    let id = stale_record(&app, &org, "欧阳明远", MOBILE).await;
    let missing = signed_in(&app, "cy_staff", Role::Staff, Some(CHONGYANG)).await;
    let other_org = signed_in(&app, "other_org", Role::Organizer, Some("421222101200")).await;
    for b in [&missing, &other_org] {
        let list = b.get("/freshness").await;
        assert_eq!(list.status, 200);
        assert!(!list.html.contains("欧阳明远"));
        let token = list.csrf();
        let theirs = b
            .post(&format!("/freshness/{id}/request"), &token, &[])
            .await;
        let none = b.post("/freshness/99999999/request", &token, &[]).await;
        assert_eq!(theirs.status, StatusCode::NOT_FOUND);
        assert_eq!(theirs.html, none.html, "the same 404 as a missing record");
    }
    let founder = signed_in(&app, "founder_fd", Role::Founder, None).await;
    assert_eq!(
        founder.get("/freshness").await.status,
        StatusCode::FORBIDDEN
    );
    assert!(
        request::Entity::find()
            .all(app.db.conn())
            .await
            .unwrap()
            .is_empty()
    );
    let county_staff = signed_in(&app, "tc_staff", Role::Staff, Some(TONGCHENG)).await;
    assert!(
        county_staff
            .get("/freshness")
            .await
            .html
            .contains("欧阳明远")
    );
}

#[tokio::test]
async fn one_persons_link_shows_only_their_own_record_and_an_unknown_link_is_404() {
    let app = spawn_app().await;
    let org = app
        .login_as("js_org", Role::Organizer, Some("421222100"))
        .await;
    let a = stale_record(&app, &org, "欧阳明远", MOBILE).await;
    let _b = stale_record(&app, &org, "司马文静", "13871234568").await;
    let b = Browser::sign_in(&app, "js_org").await;
    let token = b.get("/freshness").await.csrf();
    b.post(&format!("/freshness/{a}/request"), &token, &[])
        .await;
    let path = link_sent(&app).await;
    let person = Browser::new(&app);
    let page = person.get(&path).await.html;
    assert!(page.contains("欧阳明远") && !page.contains("司马文静"));
    let unknown = person.get("/confirm/not-a-real-link").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let tampered = person.get(&format!("{path}x")).await;
    assert_eq!(tampered.status, StatusCode::NOT_FOUND);
}
