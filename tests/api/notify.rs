//! Notices beyond the site (issue 16): the outbox is written with the event, drained
//! through e-mail (an aiosmtpd sink started here) and SMS (an HTTP gateway here), retried
//! with back-off, stopped by an opt-out, audited without a clear contact, and emptied by
//! erasure.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::sync::{Arc, Mutex};

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::json;
use xiangxian::crypto::Sealed;
use xiangxian::domain::Role;
use xiangxian::entity::{audit_event, notification_outbox as outbox, profile};
use xiangxian::service::notify::channel::{Channels, HttpSms, Mailer};
use xiangxian::service::notify::dispatch::{self, drain, step};
use xiangxian::service::notify::{self, Template};

use crate::fixtures::{TONGCHENG, create_incubator, create_opening, desk, operator};
use crate::helpers::{Client, TestApp, spawn_app};
use crate::notify_sink::{self as sink, KeptSms, Sink, free_port};
use crate::page_client::Browser;
use crate::trust_transfer::register;

const MOBILE: &str = "13971234567";
const EMAIL: &str = "huangxl@example.cn";

/// A founder (黄小龙) with a mobile and an e-mail; returns the client and the profile id.
async fn founder(app: &TestApp, username: &str) -> (Client, i64) {
    let (client, pid) = register(app, username, Some(MOBILE)).await;
    let mut p: profile::ActiveModel = profile::Entity::find_by_id(pid)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap()
        .into();
    p.email = Set(Some(Sealed::from(EMAIL)));
    p.update(app.db.conn()).await.unwrap();
    (client, pid)
}

/// The founder applies and the operator accepts: the event that sends the notice.
async fn decided_application(app: &TestApp, founder: &Client) -> i64 {
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let inc = create_incubator(&staff, "隽水创业孵化基地", TONGCHENG).await;
    let op = operator(app, "jsh_operator", inc).await;
    let opening = create_opening(&op, inc, desk(5)).await["id"]
        .as_i64()
        .unwrap();
    let r = founder
        .post(
            &format!("/api/v1/openings/{opening}/applications"),
            json!({"plan": "无线充电模组设计工作室，首年 3 人", "team_size": 3, "area_needed_m2": 6}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.body["id"].as_i64().unwrap();
    let path = format!("/api/v1/applications/{id}");
    assert_eq!(
        op.patch(&path, json!({"status": "reviewing"})).await.status,
        200
    );
    let r = op.patch(&path, json!({"status": "accepted"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    id
}

fn with_mail(app: &TestApp, port: u16) -> Channels {
    let mut ch = app.notify.clone();
    ch.mail = Some(
        Mailer::new(
            &format!("smtp://127.0.0.1:{port}"),
            "乡贤通 <noreply@xianning.example>",
        )
        .unwrap(),
    );
    ch.sms = Arc::new(KeptSms::default());
    ch
}

async fn rows(app: &TestApp) -> Vec<outbox::Model> {
    outbox::Entity::find().all(app.db.conn()).await.unwrap()
}

#[tokio::test]
async fn the_smtp_sink_receives_the_chinese_email_of_a_decided_application() {
    if !sink::available() {
        return;
    }
    let app = spawn_app().await;
    let (client, _) = founder(&app, "huangxl").await;
    let id = decided_application(&app, &client).await;
    let queued = rows(&app).await;
    let channels: Vec<&str> = queued.iter().map(|r| r.channel.as_str()).collect();
    assert_eq!(channels.len(), 2, "{queued:?}");
    assert!(channels.contains(&"email") && channels.contains(&"sms"));
    // The row keeps ids and words, never the name or a contact.
    for r in &queued {
        assert!(
            !r.params.contains("黄小龙") && !r.params.contains(EMAIL) && !r.params.contains(MOBILE)
        );
    }

    let port = free_port();
    let sink = Sink::start(port).await;
    let done = drain(&app.db, &with_mail(&app, port), Utc::now())
        .await
        .unwrap();
    assert_eq!(done.sent, 2, "{done:?}");
    let mail = sink.messages();
    assert_eq!(mail.len(), 1, "{mail:?}");
    assert_eq!(mail[0]["to"][0], EMAIL);
    assert_eq!(mail[0]["subject"], "【乡贤通】入驻申请结果：已录用");
    let body = mail[0]["body"].as_str().unwrap();
    assert!(body.starts_with("黄小龙您好："), "{body}");
    assert!(body.contains("“隽水创业孵化基地 · "), "{body}");
    assert!(body.contains(&format!("/applications/{id}")), "{body}");
    assert!(body.contains("/unsubscribe/"), "{body}");
    assert!(
        rows(&app)
            .await
            .iter()
            .all(|r| r.status == "sent" && r.sent_at.is_some())
    );
}

#[tokio::test]
async fn a_send_is_retried_with_backoff_while_the_sink_is_down_and_then_delivered() {
    if !sink::available() {
        return;
    }
    let app = spawn_app().await;
    let (client, _) = founder(&app, "huangxl").await;
    decided_application(&app, &client).await;
    let port = free_port();
    let ch = with_mail(&app, port);
    let now = Utc::now();

    let first = step(&app.db, &ch, now).await.unwrap();
    assert_eq!(
        (first.sent, first.retried),
        (1, 1),
        "SMS sent, e-mail to retry: {first:?}"
    );
    let mail = rows(&app)
        .await
        .into_iter()
        .find(|r| r.channel == "email")
        .unwrap();
    assert_eq!((mail.status.as_str(), mail.attempts), ("pending", 1));
    assert_eq!(
        mail.next_attempt_at.timestamp(),
        (now + Duration::minutes(1)).timestamp()
    );
    assert!(
        !mail.last_error.contains(EMAIL) && mail.last_error.contains("h***@example.cn"),
        "{}",
        mail.last_error
    );
    // Not due again before its back-off.
    assert_eq!(step(&app.db, &ch, now).await.unwrap().total(), 0);

    let sink = Sink::start(port).await;
    let later = step(&app.db, &ch, now + Duration::minutes(2))
        .await
        .unwrap();
    assert_eq!(later.sent, 1, "{later:?}");
    assert_eq!(sink.messages().len(), 1);

    // Every send and failure is audited, and no audit row holds the clear contact.
    let audits = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("notify"))
        .all(app.db.conn())
        .await
        .unwrap();
    assert_eq!(audits.len(), 3, "{audits:?}");
    for a in audit_event::Entity::find()
        .all(app.db.conn())
        .await
        .unwrap()
    {
        let text = format!(
            "{} {:?} {:?}",
            a.detail,
            a.before.map(String::from),
            a.after.map(String::from)
        );
        assert!(!text.contains(EMAIL) && !text.contains(MOBILE), "{text}");
    }
}

#[tokio::test]
async fn a_send_that_keeps_failing_ends_failed_after_the_last_backoff() {
    let app = spawn_app().await;
    let (client, _) = founder(&app, "huangxl").await;
    decided_application(&app, &client).await;
    let ch = with_mail(&app, free_port());
    let mut at = Utc::now();
    for minutes in [0, 1, 5, 30, 120, 720] {
        at += Duration::minutes(minutes);
        step(&app.db, &ch, at).await.unwrap();
    }
    let mail = rows(&app)
        .await
        .into_iter()
        .find(|r| r.channel == "email")
        .unwrap();
    assert_eq!((mail.status.as_str(), mail.attempts), ("failed", 6));
    assert_eq!(
        step(&app.db, &ch, at + Duration::days(1))
            .await
            .unwrap()
            .total(),
        0
    );
    assert_eq!(dispatch::BACKOFF_MINUTES.len(), 5);
}

#[tokio::test]
async fn an_opted_out_person_gets_no_email_but_still_sms() {
    let app = spawn_app().await;
    let (_, _) = founder(&app, "huangxl").await;
    let b = Browser::sign_in(&app, "huangxl").await;
    let r = b
        .submit(
            "/me/privacy",
            "/me/privacy/notices",
            &[("channel", "email"), ("receive", "no")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    assert!(b.get("/me/privacy").await.html.contains("邮件：已退订"));
    let client = app.login("huangxl", crate::helpers::PASSWORD).await;
    decided_application(&app, &client).await;
    let channels: Vec<String> = rows(&app).await.into_iter().map(|r| r.channel).collect();
    assert_eq!(channels, vec!["sms".to_owned()]);
}

#[tokio::test]
async fn the_unsubscribe_link_in_a_message_opts_out_and_a_forged_one_is_unknown() {
    let app = spawn_app().await;
    let (client, pid) = founder(&app, "huangxl").await;
    decided_application(&app, &client).await;
    let kept = KeptSms::default();
    let mut ch = app.notify.clone();
    ch.sms = Arc::new(kept.clone());
    drain(&app.db, &ch, Utc::now()).await.unwrap();
    let (to, text) = kept.texts().pop().unwrap();
    assert_eq!(to, MOBILE);
    assert!(text.starts_with("【乡贤通】黄小龙您好："), "{text}");
    let link = text.split("退订：").nth(1).unwrap().trim();
    let path = link.strip_prefix(&app.base).unwrap();

    let b = Browser::new(&app);
    let forged = format!("/unsubscribe/{pid}/sms/AAAAAAAAAAAAAAAAAAAAAA");
    assert_eq!(b.get(&forged).await.status, StatusCode::NOT_FOUND);
    let page = b.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert_eq!(
        notify::optout::channels_of(app.db.conn(), pid)
            .await
            .unwrap()
            .len(),
        0,
        "opening does not opt out"
    );
    // `?done=1` before opting out does not pretend it happened.
    let early = b.get(&format!("{path}?done=1")).await;
    assert!(!early.html.contains("已退订"), "{}", early.html);
    let done = b.post(path, &page.csrf(), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let done = b.follow(done).await;
    assert!(done.html.contains("已退订"), "{}", done.html);
    assert_eq!(
        notify::optout::channels_of(app.db.conn(), pid)
            .await
            .unwrap(),
        vec!["sms".to_owned()]
    );
}

#[tokio::test]
async fn the_http_sms_gateway_receives_the_message_with_its_key() {
    let app = spawn_app().await;
    let (client, _) = founder(&app, "huangxl").await;
    decided_application(&app, &client).await;
    let got: Arc<Mutex<Vec<(String, serde_json::Value)>>> = Arc::default();
    let keep = got.clone();
    let gateway = axum::Router::new().route(
        "/send",
        axum::routing::post(
            move |headers: axum::http::HeaderMap,
                  axum::Json(body): axum::Json<serde_json::Value>| {
                let keep = keep.clone();
                async move {
                    let auth = headers["authorization"].to_str().unwrap_or("").to_owned();
                    keep.lock().unwrap().push((auth, body));
                    axum::Json(json!({"ok": true}))
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, gateway).await });
    let mut ch = app.notify.clone();
    ch.sms = Arc::new(HttpSms::new(&url, "gateway-key-123").unwrap());
    let done = drain(&app.db, &ch, Utc::now()).await.unwrap();
    assert_eq!(
        done.sent, 1,
        "the SMS (no SMTP configured: the e-mail is cancelled) {done:?}"
    );
    assert_eq!(done.cancelled, 1);
    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "Bearer gateway-key-123");
    assert_eq!(got[0].1["mobile"], MOBILE);
    assert!(got[0].1["text"].as_str().unwrap().contains("已录用"));
}

#[tokio::test]
async fn an_outbox_row_lives_and_dies_with_its_event_transaction() {
    let app = spawn_app().await;
    let (client, _) = founder(&app, "huangxl").await;
    let user_id = client.get("/api/v1/auth/me").await.body["user"]["id"]
        .as_i64()
        .unwrap();
    {
        let txn = app.db.write().await.unwrap();
        let n = notify::to_user(&*txn, user_id, Template::ApplicationDecided, json!({}))
            .await
            .unwrap();
        assert_eq!(n, 2);
        // Dropped without commit: the event failed.
    }
    assert_eq!(
        outbox::Entity::find().count(app.db.conn()).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn erasure_leaves_no_outbox_row_of_the_person() {
    let app = spawn_app().await;
    let (client, pid) = founder(&app, "huangxl").await;
    decided_application(&app, &client).await;
    assert_eq!(rows(&app).await.len(), 2);
    let r = client.delete("/api/v1/me").await;
    assert!(r.status.is_success(), "{}", r.text);
    assert_eq!(rows(&app).await.len(), 0);
    let left = outbox::Entity::find()
        .filter(outbox::Column::ProfileId.eq(pid))
        .count(app.db.conn())
        .await
        .unwrap();
    assert_eq!(left, 0);
}
