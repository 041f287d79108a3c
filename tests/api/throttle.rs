//! Brute force: failed sign-ins are refused with 429 past the budget of the
//! client address or of the account; successful calls are not throttled.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::net::IpAddr;
use std::time::{Duration, Instant};

use serde_json::json;
use xiangxian::config::DEFAULT_RATE_LIMIT;
use xiangxian::domain::Role;

use crate::helpers::{Client, PASSWORD, Resp, TestApp, spawn_app, spawn_app_with};

const LOCALHOST: &str = "127.0.0.1";

/// A sign-in attempt, optionally with an `X-Forwarded-For` header.
async fn attempt(c: &Client, username: &str, password: &str, forwarded: Option<&str>) -> Resp {
    let mut req = c
        .raw(reqwest::Method::POST, "/api/v1/auth/login")
        .await
        .json(&json!({"username": username, "password": password}));
    if let Some(xff) = forwarded {
        req = req.header("x-forwarded-for", xff);
    }
    c.send(req).await
}

fn assert_throttled(r: &Resp) {
    assert_eq!(r.status, 429, "{}", r.text);
    assert_eq!(r.error_code(), "too_many_requests");
    let wait: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait >= 1, "Retry-After {wait}");
}

/// The app behind a trusted proxy at 127.0.0.1, so tests can speak from many addresses.
async fn behind_proxy() -> TestApp {
    spawn_app_with(|c| c.trusted_proxies = vec![LOCALHOST.parse::<IpAddr>().unwrap()]).await
}

#[tokio::test]
async fn the_eleventh_failure_for_one_account_from_different_addresses_is_429() {
    let app = behind_proxy().await;
    app.create_user("target", Role::Staff, Some("421222")).await;
    let c = app.client();
    for i in 1..=10 {
        let from = format!("10.0.0.{i}");
        let r = attempt(&c, "target", "wrong guess", Some(&from)).await;
        assert_eq!(r.status, 401, "attempt {i}: {}", r.text);
    }
    assert_throttled(&attempt(&c, "target", "wrong guess", Some("10.0.0.11")).await);
    // Letter case and spaces do not make it another account.
    assert_throttled(&attempt(&c, " TARGET", "wrong guess", Some("10.0.0.12")).await);
    // Another account from a fresh address is unaffected.
    app.create_user("bystander", Role::Founder, None).await;
    let ok = attempt(&c, "bystander", PASSWORD, Some("10.0.0.13")).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
}

#[tokio::test]
async fn the_eleventh_failure_from_one_address_across_accounts_is_429() {
    // One failure per account and ten times that per address.
    let app = spawn_app_with(|c| c.login_failure_limit = 1).await;
    let c = app.client();
    for i in 1..=10 {
        let r = attempt(&c, &format!("guess{i}"), "wrong guess", None).await;
        assert_eq!(r.status, 401, "attempt {i}: {}", r.text);
    }
    assert_throttled(&attempt(&c, "guess11", "wrong guess", None).await);
}

#[tokio::test]
async fn a_forged_forwarded_for_does_not_reset_the_count() {
    // Not behind a proxy: the header is ignored entirely. One failure per
    // account, ten per address.
    let direct = spawn_app_with(|c| c.login_failure_limit = 1).await;
    let c = direct.client();
    for i in 1..=10 {
        let forged = format!("203.0.113.{i}");
        let r = attempt(&c, &format!("user{i}"), "wrong guess", Some(&forged)).await;
        assert_eq!(r.status, 401);
    }
    assert_throttled(&attempt(&c, "user11", "wrong guess", Some("203.0.113.99")).await);

    // Behind a trusted proxy: only the hop the proxy appended counts, not the
    // ones the client wrote before it.
    let proxied = spawn_app_with(|c| {
        c.trusted_proxies = vec![LOCALHOST.parse::<IpAddr>().unwrap()];
        c.login_failure_limit = 1;
    })
    .await;
    let c = proxied.client();
    for i in 1..=10 {
        let chain = format!("203.0.113.{i}, 10.9.9.9");
        let r = attempt(&c, &format!("user{i}"), "wrong guess", Some(&chain)).await;
        assert_eq!(r.status, 401);
    }
    assert_throttled(&attempt(&c, "user11", "wrong guess", Some("198.51.100.1, 10.9.9.9")).await);
    let other = attempt(&c, "user11", "wrong guess", Some("10.9.9.10")).await;
    assert_eq!(other.status, 401, "another real client is not locked out");
}

#[tokio::test]
async fn successful_sign_ins_do_not_spend_the_failure_budget() {
    let app = spawn_app().await;
    app.create_user("busy", Role::Staff, Some("421222")).await;
    let c = app.client();
    for _ in 0..9 {
        assert_eq!(attempt(&c, "busy", "typo", None).await.status, 401);
    }
    // Were they counted, the budget (10) would be spent after two of them.
    for _ in 0..3 {
        assert_eq!(attempt(&c, "busy", PASSWORD, None).await.status, 200);
    }
    assert_eq!(attempt(&c, "busy", "typo", None).await.status, 401);
    assert_throttled(&attempt(&c, "busy", "typo", None).await);
}

/// With the default 10 per 15 minutes a locked account waits 90 s for the next
/// attempt; here 3 per 3 s, so one failure is forgiven every second.
#[tokio::test]
async fn the_right_password_after_the_lock_is_429_until_the_window_forgives_a_failure() {
    let app = spawn_app_with(|c| {
        c.login_failure_limit = 3;
        c.login_failure_window = Duration::from_secs(3);
    })
    .await;
    app.create_user("locked", Role::Founder, None).await;
    let c = app.client();
    for _ in 0..3 {
        assert_eq!(attempt(&c, "locked", "wrong guess", None).await.status, 401);
    }
    let locked_at = Instant::now();
    let refused = attempt(&c, "locked", PASSWORD, None).await;
    assert_throttled(&refused);
    assert!(
        c.get("/api/v1/auth/me").await.status == 401,
        "no session was started"
    );
    let failed: Vec<_> = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|(action, who, _)| action == "login_failed" && who == "locked")
        .collect();
    assert_eq!(
        failed.len(),
        4,
        "three failures and the refusal: {failed:?}"
    );
    assert!(failed[0].2.contains("尝试次数过多"), "{failed:?}");

    // Keep trying the right password until it is let through; every answer
    // until then is 429 (a refusal costs nothing, so trying does not prolong it).
    let deadline = locked_at + Duration::from_secs(10);
    loop {
        let r = attempt(&c, "locked", PASSWORD, None).await;
        if r.status == 200 {
            break;
        }
        assert_throttled(&r);
        assert!(Instant::now() < deadline, "still locked after 10 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(locked_at.elapsed() >= Duration::from_millis(500));
    assert_eq!(c.get("/api/v1/auth/me").await.status, 200);
}

#[tokio::test]
async fn sixty_authenticated_requests_within_one_second_from_one_address_all_succeed() {
    // The limits of a real deployment: 100 a second per address, 10 failed sign-ins.
    let app = spawn_app_with(|c| c.rate_limit_per_second = DEFAULT_RATE_LIMIT).await;
    let c = app
        .login_as("county_office", Role::Staff, Some("421222"))
        .await;
    let start = Instant::now();
    let answers = futures::future::join_all((0..60).map(|i| {
        let c = &c;
        async move {
            if i % 2 == 0 {
                c.get("/api/v1/auth/me").await.status
            } else {
                c.get("/api/v1/profiles?q=张").await.status
            }
        }
    }))
    .await;
    let elapsed = start.elapsed();
    assert!(answers.iter().all(|s| *s == 200), "{answers:?}");
    assert!(
        elapsed < Duration::from_secs(1),
        "sent and answered in {elapsed:?}"
    );
}

#[tokio::test]
async fn a_flood_from_one_address_is_refused_with_the_json_error_and_retry_after() {
    let app = spawn_app_with(|c| c.rate_limit_per_second = 5).await;
    let c = app.client();
    let mut refused = None;
    for _ in 0..40 {
        let r = c.get("/healthz").await;
        if r.status == 429 {
            refused = Some(r);
            break;
        }
    }
    let refused = refused.expect("some request beyond a burst of 10 is refused");
    assert_throttled(&refused);
}
