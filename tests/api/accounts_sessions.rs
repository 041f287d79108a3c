//! Sessions (issue 12): idle and absolute timeouts, purging, anonymous pages
//! that store nothing, and the 登录已过期 round trip of a form.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::time::Duration;

use sea_orm::{EntityTrait, PaginatorTrait};
use xiangxian::auth::session_store::DbSessionStore;
use xiangxian::domain::Role;
use xiangxian::entity::session;

use crate::helpers::{PASSWORD, TestApp, spawn_app, spawn_app_with};
use crate::page_client::{Browser, signed_in};

async fn sessions(app: &TestApp) -> u64 {
    session::Entity::find().count(app.db.conn()).await.unwrap()
}

#[tokio::test]
async fn a_cookieless_get_of_the_login_page_stores_no_session() {
    let app = spawn_app().await;
    let b = Browser::new(&app);
    let page = b.get("/login").await;
    assert_eq!(page.status, 200);
    let _ = b.get("/register").await;
    assert_eq!(sessions(&app).await, 0);
    let cookies: Vec<&str> = page
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        cookies.iter().all(|c| !c.starts_with("xx_session=")),
        "{cookies:?}"
    );
    // The signed token still lets the form through.
    app.create_user("visitor", Role::Founder, None).await;
    let r = b
        .post(
            "/login",
            &page.csrf(),
            &[
                ("username", "visitor"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.html);
    assert_eq!(sessions(&app).await, 1);
}

#[tokio::test]
async fn an_anonymous_form_token_from_another_browser_is_refused() {
    let app = spawn_app().await;
    app.create_user("visitor", Role::Founder, None).await;
    let theirs = Browser::new(&app).get("/login").await.csrf();
    let mine = Browser::new(&app);
    let _ = mine.get("/login").await;
    let r = mine
        .post(
            "/login",
            &theirs,
            &[("username", "visitor"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.html);
}

#[tokio::test]
async fn an_idle_session_ends_after_the_configured_timeout() {
    let app = spawn_app_with(|c| c.session_idle = Duration::from_secs(2)).await;
    let c = app.login_as("idler", Role::Founder, None).await;
    // Activity keeps it alive past the timeout counted from sign-in…
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(c.get("/api/v1/auth/me").await.status, 200);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(c.get("/api/v1/auth/me").await.status, 200);
    // …and idleness ends it.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let r = c.get("/api/v1/auth/me").await;
    assert_eq!(r.status, 401, "{}", r.text);
}

#[tokio::test]
async fn a_session_ends_after_the_absolute_maximum_however_busy() {
    let app = spawn_app_with(|c| c.session_max = Duration::from_secs(2)).await;
    let c = app.login_as("busy", Role::Founder, None).await;
    assert_eq!(c.get("/api/v1/auth/me").await.status, 200);
    tokio::time::sleep(Duration::from_millis(2300)).await;
    assert_eq!(c.get("/api/v1/auth/me").await.status, 401);
}

#[tokio::test]
async fn ended_sessions_are_purged() {
    let app = spawn_app_with(|c| c.session_idle = Duration::from_secs(1)).await;
    let _c = app.login_as("gone", Role::Founder, None).await;
    assert_eq!(sessions(&app).await, 1);
    tokio::time::sleep(Duration::from_millis(1300)).await;
    assert!(DbSessionStore::purge_expired(&app.db).await.unwrap() >= 1);
    assert_eq!(sessions(&app).await, 0);
}

#[tokio::test]
async fn a_form_posted_after_the_session_ended_leads_to_login_saying_expired() {
    let app = spawn_app_with(|c| c.session_idle = Duration::from_secs(1)).await;
    let b = signed_in(&app, "clerk", Role::Staff, Some("421222")).await;
    let form = b.get("/password").await;
    assert_eq!(form.status, 200);
    assert!(form.html.contains("/static/js/draft.js"));
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let r = b
        .http
        .post(format!("{}/password", b.base))
        .header("origin", &b.base)
        .header("referer", format!("{}/password", b.base))
        .form(&[("_csrf", form.csrf().as_str()), ("current", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(to, "/login?expired=1&next=/password");
    let login = b.get(&to).await;
    assert!(login.html.contains("登录已过期"), "{}", login.html);
    assert!(login.html.contains("id=\"session-expired\""));
    // Signing in again returns to the form, whose script restores the draft.
    let back = b
        .post(
            "/login",
            &login.csrf(),
            &[
                ("username", "clerk"),
                ("password", PASSWORD),
                ("next", "/password"),
            ],
        )
        .await;
    assert_eq!(back.status, 303, "{}", back.html);
    assert_eq!(back.location(), "/password");
    let js = b.get("/static/js/draft.js").await;
    assert_eq!(js.status, 200);
    assert!(js.html.contains("sessionStorage"));
}
