//! 请本人确认 for the ticked rows of the freshness page: each record decided as a single
//! request would be, and the report never tells a record out of scope from a missing one.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use xiangxian::domain::Role;
use xiangxian::entity::profile_confirm_request as request;

use crate::fixtures::TONGCHENG_VILLAGE;
use crate::freshness::{make_stale, stale_record};
use crate::helpers::{Client, TestApp, spawn_app};
use crate::page_client::{Browser, signed_in};

/// A stale record of 隽水镇's village with no mobile or e-mail.
async fn unreachable_record(app: &TestApp, org: &Client, name: &str) -> i64 {
    let r = org
        .post(
            "/api/v1/profiles",
            json!({"name": name, "hometown_code": TONGCHENG_VILLAGE, "listed": true}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_i64().unwrap();
    make_stale(app, id).await;
    id
}

async fn requests_for(app: &TestApp, id: i64) -> usize {
    request::Entity::find()
        .filter(request::Column::ProfileId.eq(id))
        .all(app.db.conn())
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn ticked_rows_are_asked_once_each_and_the_report_says_why_the_rest_were_not() {
    let app = spawn_app().await;
    let org = app
        .login_as("js_org", Role::Organizer, Some("421222100"))
        .await;
    let first = stale_record(&app, &org, "欧阳明远", "13971234567").await;
    let second = stale_record(&app, &org, "司马青", "13971234568").await;
    let silent = unreachable_record(&app, &org, "诸葛亮明").await;
    let b = Browser::sign_in(&app, "js_org").await;
    let list = b.get("/freshness").await;
    assert!(list.html.contains("id=\"batch-request\""), "{}", list.html);
    assert!(list.html.contains(&format!("pick-{first}")));
    assert!(
        !list.html.contains(&format!("pick-{silent}")),
        "a record nobody can be asked about has no tick box"
    );

    let (a, b2, c) = (first.to_string(), second.to_string(), silent.to_string());
    let r = b
        .post(
            "/freshness/request",
            &list.csrf(),
            &[("id", &a), ("id", &b2), ("id", &c), ("id", &a)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    assert_eq!(r.location(), "/freshness");
    let after = b.get("/freshness").await;
    assert!(
        after.html.contains("已向 2 人发送确认请求（2 条短信"),
        "{}",
        after.html
    );
    assert!(after.html.contains("1 人没有可用的手机号或邮箱"));
    assert_eq!(
        requests_for(&app, first).await,
        1,
        "a repeated id asks once"
    );
    assert_eq!(requests_for(&app, second).await, 1);
    assert_eq!(requests_for(&app, silent).await, 0);

    // Again within the week: nobody is asked twice.
    let r = b
        .post(
            "/freshness/request",
            &after.csrf(),
            &[("id", &a), ("id", &b2)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let again = b.get("/freshness").await;
    assert!(again.html.contains("2 人本周已发送过"), "{}", again.html);
    assert_eq!(requests_for(&app, first).await, 1);

    // Nothing ticked says so.
    let r = b.post("/freshness/request", &again.csrf(), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(b.get("/freshness").await.html.contains("请先勾选"));
}

#[tokio::test]
async fn another_townships_organizer_learns_nothing_from_ticking_foreign_ids() {
    let app = spawn_app().await;
    let org = app
        .login_as("js_org", Role::Organizer, Some("421222100"))
        .await;
    let theirs = stale_record(&app, &org, "欧阳明远", "13971234567").await;
    let silent = unreachable_record(&app, &org, "诸葛亮明").await;
    let other = signed_in(&app, "other_org", Role::Organizer, Some("421222101200")).await;
    let token = other.get("/freshness").await.csrf();

    // A reachable record, an unreachable one and a missing id of theirs all read the same.
    let mut reports = Vec::new();
    for id in [theirs, silent, 99_999_999] {
        let r = other
            .post("/freshness/request", &token, &[("id", &id.to_string())])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
        let page = other.get("/freshness").await;
        let start = page.html.find("已向 0 人").expect("the report");
        reports.push(page.html[start..].chars().take(60).collect::<String>());
    }
    assert_eq!(reports[0], reports[1], "{reports:?}");
    assert_eq!(reports[0], reports[2], "{reports:?}");
    assert!(reports[0].contains("1 条档案不存在或不在您的管辖范围内"));
    assert_eq!(requests_for(&app, theirs).await, 0);

    // A founder may not ask at all.
    let founder = signed_in(&app, "founder_fd", Role::Founder, None).await;
    let token = founder.get("/password").await.csrf();
    let r = founder
        .post("/freshness/request", &token, &[("id", &theirs.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(requests_for(&app, theirs).await, 0);
}
