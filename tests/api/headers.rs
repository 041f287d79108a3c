//! Security headers on JSON, HTML, files and errors: a content security
//! policy that forbids framing and foreign scripts, `nosniff`, a referrer
//! policy, and `Cache-Control: no-store` wherever personal data may be shown
//! (public static files alone may be cached).
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::header::HeaderMap;
use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::create_profile;
use crate::helpers::{Client, spawn_app, spawn_app_with};

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// The headers every response carries; `private` ones must not be stored.
fn check(what: &str, h: &HeaderMap, private: bool) {
    let csp = header(h, "content-security-policy");
    for directive in [
        "default-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
    ] {
        assert!(
            csp.contains(directive),
            "{what}: CSP {csp:?} lacks {directive}"
        );
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{what}: {csp}"
    );
    assert_eq!(header(h, "x-content-type-options"), "nosniff", "{what}");
    let referrer = header(h, "referrer-policy");
    assert!(
        matches!(referrer, "same-origin" | "no-referrer" | "strict-origin"),
        "{what}: {referrer:?}"
    );
    if private {
        assert_eq!(header(h, "cache-control"), "no-store", "{what}");
    }
}

async fn raw(c: &Client, method: reqwest::Method, path: &str) -> reqwest::Response {
    c.raw(method, path).await.send().await.unwrap()
}

#[tokio::test]
async fn json_html_files_and_errors_carry_the_security_headers() {
    let app = spawn_app().await;
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let id = create_profile(&org, "张伟", true, true).await;
    let anonymous = app.client();

    let get = reqwest::Method::GET;
    let cases: Vec<(&str, &Client, reqwest::Method, String, bool)> = vec![
        (
            "JSON taxonomy",
            &anonymous,
            get.clone(),
            "/api/v1/chains".into(),
            true,
        ),
        (
            "JSON who am I",
            &org,
            get.clone(),
            "/api/v1/auth/me".into(),
            true,
        ),
        (
            "JSON profile",
            &org,
            get.clone(),
            format!("/api/v1/profiles/{id}"),
            true,
        ),
        (
            "JSON search",
            &org,
            get.clone(),
            "/api/v1/profiles?q=张伟".into(),
            true,
        ),
        (
            "xlsx export",
            &org,
            get.clone(),
            "/api/v1/profiles/export".into(),
            true,
        ),
        (
            "JSON 401",
            &anonymous,
            get.clone(),
            "/api/v1/auth/me".into(),
            true,
        ),
        (
            "JSON 404",
            &org,
            get.clone(),
            "/api/v1/nothing".into(),
            true,
        ),
        (
            "HTML sign-in",
            &anonymous,
            get.clone(),
            "/login".into(),
            true,
        ),
        ("HTML dashboard", &org, get.clone(), "/".into(), true),
        (
            "HTML profile",
            &org,
            get.clone(),
            format!("/profiles/{id}"),
            true,
        ),
        ("HTML list", &org, get.clone(), "/profiles".into(), true),
        ("HTML 404", &org, get.clone(), "/no/such/page".into(), true),
        ("health", &anonymous, get.clone(), "/healthz".into(), true),
        (
            "static CSS",
            &anonymous,
            get.clone(),
            "/static/css/app.css".into(),
            false,
        ),
    ];
    for (what, c, method, path, private) in cases {
        let r = raw(c, method, &path).await;
        assert!(!r.status().is_server_error(), "{what}: {}", r.status());
        check(what, r.headers(), private);
    }
    let reveal = org
        .post(
            &format!("/api/v1/profiles/{id}/reveal"),
            json!({"purpose": "项目对接联系"}),
        )
        .await;
    assert_eq!(reveal.status, 200);
    check("JSON reveal", &reveal.headers, true);
    let css = raw(&anonymous, reqwest::Method::GET, "/static/css/app.css").await;
    assert_eq!(
        css.status(),
        200,
        "a stylesheet exists at /static/css/app.css"
    );
    assert!(header(css.headers(), "cache-control").starts_with("public"));
}

#[tokio::test]
async fn refusals_for_too_many_requests_carry_them_too() {
    let app = spawn_app_with(|c| c.rate_limit_per_second = 1).await;
    let c = app.client();
    let mut last = None;
    for _ in 0..10 {
        let r = raw(&c, reqwest::Method::GET, "/api/v1/chains").await;
        if r.status() == 429 {
            last = Some(r);
            break;
        }
    }
    let r = last.expect("refused within ten requests at 1 a second");
    check("429", r.headers(), true);
}
