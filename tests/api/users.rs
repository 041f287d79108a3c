use serde_json::json;
use xiangxian::domain::Role;

use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test]
async fn admin_creates_lists_and_updates_users() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let r = admin.post("/api/v1/users", json!({"username": "tc_staff", "password": "通城县工作人员密码", "role": "staff", "scope": "421222"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["scope_name"], "通城县");
    let id = r.body["id"].as_i64().unwrap();
    let list = admin.get("/api/v1/users").await;
    assert_eq!(list.body["total"], 2);
    let moved = admin
        .patch(&format!("/api/v1/users/{id}"), json!({"scope": "421223"}))
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(moved.body["scope"], "421223");
    app.login("tc_staff", "通城县工作人员密码").await;
}

#[tokio::test]
async fn an_admin_reset_changes_the_password_and_ends_sessions() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = app
        .create_user("forgetful", Role::Organizer, Some("421222100"))
        .await;
    let old_session = app.login("forgetful", PASSWORD).await;
    let r = admin
        .patch(
            &format!("/api/v1/users/{id}"),
            json!({"password": "管理员重置的新密码"}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(old_session.get("/api/v1/auth/me").await.status, 401);
    app.login("forgetful", "管理员重置的新密码").await;
}

#[tokio::test]
async fn bad_user_input_names_the_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let cases = [
        (
            json!({"username": "x", "password": "long enough pw", "role": "staff", "scope": "421222"}),
            "username",
        ),
        (
            json!({"username": "okname", "password": "short", "role": "staff", "scope": "421222"}),
            "password",
        ),
        (
            json!({"username": "okname", "password": "long enough pw", "role": "staff"}),
            "scope",
        ),
        (
            json!({"username": "okname", "password": "long enough pw", "role": "staff", "scope": "440305"}),
            "scope",
        ),
        (
            json!({"username": "okname", "password": "long enough pw", "role": "organizer", "scope": "421299100"}),
            "scope",
        ),
        (
            json!({"username": "okname", "password": "long enough pw", "role": "operator"}),
            "incubator_id",
        ),
        (
            json!({"username": "okname", "password": "long enough pw", "role": "king"}),
            "role",
        ),
    ];
    for (body, field) in cases {
        let r = admin.post("/api/v1/users", body.clone()).await;
        assert_eq!(r.status, 400, "{body}: {}", r.text);
        assert_eq!(r.body["error"]["field"], field, "{body}: {}", r.text);
    }
    assert_eq!(admin.get("/api/v1/users").await.body["total"], 1);
}

#[tokio::test]
async fn a_duplicate_username_is_409() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let body = json!({"username": "twice", "password": "long enough pw", "role": "founder"});
    assert_eq!(admin.post("/api/v1/users", body.clone()).await.status, 201);
    let again = admin.post("/api/v1/users", body).await;
    assert_eq!(again.status, 409);
    assert_eq!(again.error_code(), "duplicate");
}

#[tokio::test]
async fn an_admin_cannot_disable_or_demote_themself() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let me = admin.get("/api/v1/auth/me").await.body["user"]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        admin
            .patch(&format!("/api/v1/users/{me}"), json!({"disabled": true}))
            .await
            .status,
        403
    );
    assert_eq!(
        admin
            .patch(&format!("/api/v1/users/{me}"), json!({"role": "founder"}))
            .await
            .status,
        403
    );
    assert_eq!(
        admin.get("/api/v1/auth/me").await.body["user"]["role"],
        "admin"
    );
}

#[tokio::test]
async fn one_admin_may_disable_another_but_the_last_active_one_stays() {
    let app = spawn_app().await;
    let first = app.admin().await;
    let second_id = app.create_user("second_admin", Role::Admin, None).await;
    let second = app.login("second_admin", PASSWORD).await;
    let first_id = first.get("/api/v1/auth/me").await.body["user"]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        second
            .patch(
                &format!("/api/v1/users/{first_id}"),
                json!({"disabled": true})
            )
            .await
            .status,
        200
    );
    // The second is now the last active administrator: it cannot go.
    assert_eq!(
        second
            .patch(
                &format!("/api/v1/users/{second_id}"),
                json!({"disabled": true})
            )
            .await
            .status,
        403
    );
    assert_eq!(
        second
            .patch(
                &format!("/api/v1/users/{second_id}"),
                json!({"role": "staff", "scope": "4212"})
            )
            .await
            .status,
        403
    );
    assert_eq!(first.get("/api/v1/auth/me").await.status, 401);
    assert_eq!(second.get("/api/v1/users").await.status, 200);
}

#[tokio::test]
async fn non_admins_cannot_manage_users_and_the_refusal_is_audited() {
    let app = spawn_app().await;
    let organizer = app
        .login_as("village_org", Role::Organizer, Some("421222100201"))
        .await;
    let r = organizer
        .post(
            "/api/v1/users",
            json!({"username": "sneaky", "password": "long enough pw", "role": "admin"}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(organizer.get("/api/v1/users").await.status, 403);
    assert_eq!(organizer.get("/api/v1/audit").await.status, 403);
    let denied: Vec<_> = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|(a, _, _)| a == "denied")
        .collect();
    assert_eq!(denied.len(), 3, "{denied:?}");
    assert!(denied.iter().all(|(_, actor, _)| actor == "village_org"));
}

#[tokio::test]
async fn admin_reads_the_audit_log_with_filters() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let _ = app
        .client()
        .post(
            "/api/v1/auth/login",
            json!({"username": "nobody", "password": "whatever12"}),
        )
        .await;
    let all = admin.get("/api/v1/audit").await;
    assert_eq!(all.status, 200);
    assert!(all.body["total"].as_u64().unwrap() >= 3);
    let failed = admin.get("/api/v1/audit?action=login_failed").await;
    assert_eq!(failed.body["total"], 1);
    assert_eq!(failed.body["items"][0]["actor_name"], "nobody");
    let bad = admin.get("/api/v1/audit?from=yesterday").await;
    assert_eq!(bad.status, 400);
}
