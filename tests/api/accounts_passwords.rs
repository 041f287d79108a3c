//! Passwords (issue 12): the throttled and audited current password, login
//! throttling per (address, account), the `dengbao` and `nist` policies, and
//! the forced change after an administrator's reset.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::net::IpAddr;

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use xiangxian::auth::password::PasswordPolicy;
use xiangxian::domain::Role;
use xiangxian::entity::user;

use crate::helpers::{Client, PASSWORD, TestApp, spawn_app, spawn_app_with};
use crate::page_client::Browser;

async fn dengbao() -> TestApp {
    spawn_app_with(|c| c.password_policy = PasswordPolicy::Dengbao).await
}

async fn change(c: &Client, current: &str, new: &str) -> crate::helpers::Resp {
    c.post(
        "/api/v1/auth/password",
        json!({"current": current, "new": new}),
    )
    .await
}

async fn age_password(app: &TestApp, username: &str, days: i64) {
    user::Entity::update_many()
        .col_expr(
            user::Column::PasswordChangedAt,
            Expr::value(Utc::now() - Duration::days(days)),
        )
        .filter(user::Column::Username.eq(username))
        .exec(app.db.conn())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_wrong_current_password_is_throttled_like_a_login_and_audited() {
    let app = spawn_app_with(|c| c.login_failure_limit = 3).await;
    let c = app.login_as("changer", Role::Founder, None).await;
    for _ in 0..3 {
        let r = change(&c, "not my password", "另一个足够长的口令-2027").await;
        assert_eq!(r.status, 400, "{}", r.text);
        assert_eq!(r.body["error"]["field"], "current");
    }
    let r = change(&c, PASSWORD, "另一个足够长的口令-2027").await;
    assert_eq!(r.status, 429, "{}", r.text);
    assert!(r.headers.contains_key("retry-after"));
    let audit = app.audit_actions().await;
    let wrong = audit
        .iter()
        .filter(|(a, n, d)| a == "login_failed" && n == "changer" && d.contains("当前密码不正确"))
        .count();
    assert_eq!(wrong, 3, "{audit:?}");
    assert!(
        audit
            .iter()
            .any(|(a, _, d)| a == "login_failed" && d.contains("尝试次数过多"))
    );
}

#[tokio::test]
async fn one_locked_account_does_not_lock_out_colleagues_behind_the_same_address() {
    let app = spawn_app().await;
    app.create_user("target", Role::Staff, Some("421222")).await;
    app.create_user("colleague", Role::Staff, Some("421222"))
        .await;
    let c = app.client();
    let attempt = |name: &'static str, password: &'static str| {
        c.post(
            "/api/v1/auth/login",
            json!({"username": name, "password": password}),
        )
    };
    for i in 0..10 {
        assert_eq!(attempt("target", "wrong guess").await.status, 401, "{i}");
    }
    assert_eq!(attempt("target", PASSWORD).await.status, 429);
    let ok = attempt("colleague", PASSWORD).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
}

#[tokio::test]
async fn one_address_is_stopped_after_ten_times_the_failures_of_an_account() {
    let app = spawn_app_with(|c| {
        c.login_failure_limit = 2;
        c.trusted_proxies = vec!["127.0.0.1".parse::<IpAddr>().unwrap()];
    })
    .await;
    let c = app.client();
    for i in 0..20 {
        let r = c
            .post(
                "/api/v1/auth/login",
                json!({"username": format!("sprayed{i}"), "password": "Summer2026!"}),
            )
            .await;
        assert_eq!(r.status, 401, "{i}");
    }
    let r = c
        .post(
            "/api/v1/auth/login",
            json!({"username": "sprayed99", "password": "Summer2026!"}),
        )
        .await;
    assert_eq!(r.status, 429);
}

#[tokio::test]
async fn dengbao_wants_three_classes_and_refuses_the_last_five_passwords() {
    let app = dengbao().await;
    let c = app.login_as("zhangwei", Role::Founder, None).await;
    let r = change(&c, PASSWORD, "only lower case words").await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(r.body["error"]["field"], "new");
    let r = change(&c, PASSWORD, "Zhangwei-2026!").await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("用户名"), "{}", r.text);

    let passwords = [
        "Lotus-Pond-00",
        "Lotus-Pond-01",
        "Lotus-Pond-02",
        "Lotus-Pond-03",
        "Lotus-Pond-04",
    ];
    let mut current = PASSWORD.to_owned();
    for p in passwords {
        let c = app.login("zhangwei", &current).await;
        assert_eq!(change(&c, &current, p).await.status, 204);
        current = p.to_owned();
    }
    let c = app.login("zhangwei", &current).await;
    // The fifth password back is still refused.
    let r = change(&c, &current, "Lotus-Pond-00").await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("最近 5 次"), "{}", r.text);
    assert_eq!(change(&c, &current, "Lotus-Pond-05").await.status, 204);
}

#[tokio::test]
async fn under_dengbao_a_password_older_than_ninety_days_must_be_changed() {
    let app = dengbao().await;
    let c = app.login_as("old_hand", Role::Staff, Some("421222")).await;
    age_password(&app, "old_hand", 85).await;
    let me = c.get("/api/v1/auth/me").await;
    assert_eq!(me.body["password"]["notice"], true, "{}", me.text);
    assert_eq!(me.body["password"]["must_change"], false);

    age_password(&app, "old_hand", 91).await;
    let r = c.get("/api/v1/profiles").await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert_eq!(r.error_code(), "password_expired");
    assert_eq!(
        c.get("/api/v1/auth/me").await.body["password"]["must_change"],
        true
    );
    assert_eq!(change(&c, PASSWORD, "Fresh-Start-2027").await.status, 204);
    assert_eq!(c.get("/api/v1/profiles").await.status, 200);
}

/// The password-expiry notices of the signed-in user.
async fn expiry_notices(c: &Client) -> Vec<serde_json::Value> {
    let r = c.get("/api/v1/notices").await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "password_expiring")
        .cloned()
        .collect()
}

/// Time passes for the user's notices as `age_password` makes it pass for the password.
async fn age_notices(app: &TestApp, days: i64) {
    use xiangxian::entity::notice;
    for n in notice::Entity::find().all(app.db.conn()).await.unwrap() {
        let mut m: notice::ActiveModel = n.clone().into();
        m.created_at = sea_orm::Set(n.created_at - Duration::days(days));
        sea_orm::ActiveModelTrait::update(m, app.db.conn())
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn under_dengbao_a_password_due_within_seven_days_leaves_one_stored_notice_per_password() {
    let app = dengbao().await;
    app.create_user("due_soon", Role::Staff, Some("421222"))
        .await;
    // Ten days left: too early.
    age_password(&app, "due_soon", 80).await;
    let c = app.login("due_soon", PASSWORD).await;
    assert!(expiry_notices(&c).await.is_empty());

    // Five days left: one notice, however often the user signs in.
    age_password(&app, "due_soon", 85).await;
    app.login("due_soon", PASSWORD).await;
    let c = app.login("due_soon", PASSWORD).await;
    let found = expiry_notices(&c).await;
    assert_eq!(found.len(), 1, "{found:?}");
    let expires = (Utc::now() + Duration::days(5))
        .with_timezone(&xiangxian::service::fields::china())
        .format("%Y-%m-%d")
        .to_string();
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains(&expires), "{message}");
    assert_eq!(found[0]["link"], "/password");
    assert!(found[0]["read_at"].is_null());

    // It is a stored notice: the pages show it after signing in, not a one-time flash.
    let b = Browser::new(&app);
    let login = b.get("/login").await;
    let r = b
        .post(
            "/login",
            &login.csrf(),
            &[
                ("username", "due_soon"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.html);
    let page = b.get("/notices").await;
    assert!(page.html.contains(message), "{}", page.html);

    // A new password starts a new period: 85 days later, one more notice.
    assert_eq!(change(&c, PASSWORD, "Fresh-Start-2027").await.status, 204);
    let c = app.login("due_soon", "Fresh-Start-2027").await;
    assert_eq!(expiry_notices(&c).await.len(), 1);
    age_password(&app, "due_soon", 85).await;
    age_notices(&app, 85).await;
    let c = app.login("due_soon", "Fresh-Start-2027").await;
    assert_eq!(expiry_notices(&c).await.len(), 2);
}

#[tokio::test]
async fn under_nist_passwords_never_expire() {
    let app = spawn_app().await;
    let c = app.login_as("old_hand", Role::Staff, Some("421222")).await;
    age_password(&app, "old_hand", 400).await;
    assert_eq!(c.get("/api/v1/profiles").await.status, 200);
    let me = c.get("/api/v1/auth/me").await;
    assert!(me.body["password"]["expires_at"].is_null(), "{}", me.text);
    let c = app.login("old_hand", PASSWORD).await;
    assert!(expiry_notices(&c).await.is_empty());
}

#[tokio::test]
async fn both_policies_refuse_the_username_and_the_own_phone_number() {
    for policy in [PasswordPolicy::Nist, PasswordPolicy::Dengbao] {
        let app = spawn_app_with(|c| c.password_policy = policy).await;
        let r = app
            .client()
            .post(
                "/api/v1/auth/register",
                json!({"username": "lihua", "password": "Pw-13907150000!", "name": "李华",
                       "hometown_code": crate::fixtures::TONGCHENG_VILLAGE,
                       "mobile": "13907150000"}),
            )
            .await;
        assert_eq!(r.status, 400, "{policy:?}: {}", r.text);
        assert!(r.text.contains("手机号"), "{}", r.text);
        let c = app.login_as("wangfang", Role::Founder, None).await;
        let r = change(&c, PASSWORD, "I-am-WangFang-9").await;
        assert_eq!(r.status, 400, "{policy:?}: {}", r.text);
    }
}

#[tokio::test]
async fn a_password_reset_by_an_administrator_must_be_changed_at_first_sign_in() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = app
        .create_user("reset_me", Role::Staff, Some("421222"))
        .await;
    let temporary = "临时口令-请尽快修改-1";
    let r = admin
        .patch(
            &format!("/api/v1/users/{id}"),
            json!({"password": temporary}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let c = app.login("reset_me", temporary).await;
    let me = c.get("/api/v1/auth/me").await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["password"]["must_change"], true);
    let r = c.get("/api/v1/profiles").await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert_eq!(r.error_code(), "password_change_required");
    let b = Browser::new(&app);
    let page = b.get("/login").await;
    let signed = b
        .post(
            "/login",
            &page.csrf(),
            &[
                ("username", "reset_me"),
                ("password", temporary),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(signed.location(), "/password");
    let home = b.get("/").await;
    assert_eq!(home.status, 303);
    assert_eq!(home.location(), "/password");
    assert_eq!(b.get("/password").await.status, 200);

    assert_eq!(
        change(&c, temporary, "我自己的新口令-2026").await.status,
        204
    );
    assert_eq!(c.get("/api/v1/profiles").await.status, 200);
}

#[tokio::test]
async fn the_demo_password_is_accepted_by_both_policies() {
    for policy in [PasswordPolicy::Nist, PasswordPolicy::Dengbao] {
        assert!(
            policy
                .check("password", "xiangxian-demo-2026", "organizer", None)
                .is_ok()
        );
    }
}
