//! Door 6: the person's choice wins. Once the person has an account only
//! they change consent; others record it with a basis; withdrawal closes the
//! person's open 对接 entries and contacts are no longer logged.

use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::{TONGCHENG, create_profile, create_project, registered_founder, shortlist};
use crate::helpers::spawn_app;

#[tokio::test]
async fn once_the_person_has_an_account_only_they_change_consent() {
    let app = spawn_app().await;
    let founder = registered_founder(&app, "founder_a", "黄小龙").await;
    let me = founder.get("/api/v1/auth/me").await;
    let id = me.body["user"]["profile_id"]
        .as_i64()
        .or(me.body["profile_id"].as_i64())
        .expect("own profile id");
    let path = format!("/api/v1/profiles/{id}/consent");
    let own = founder.post(&path, json!({"consent_match": false})).await;
    assert_eq!(own.status, 200, "{}", own.text);
    let city = app.login_as("city_staff", Role::Staff, Some("4212")).await;
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let admin = app.admin().await;
    // A self-registered draft is unlisted (hidden from staff) until an organizer verifies it.
    let verified = org
        .post(&format!("/api/v1/profiles/{id}/verify"), json!({}))
        .await;
    assert_eq!(verified.status, 200, "{}", verified.text);
    for (who, c) in [("staff", &city), ("organizer", &org), ("admin", &admin)] {
        let r = c
            .post(&path, json!({"consent_match": true, "basis": "phone"}))
            .await;
        assert_eq!(r.status, 403, "{who}: {}", r.text);
    }
    let patched = org
        .patch(
            &format!("/api/v1/profiles/{id}"),
            json!({"version": verified.body["version"], "consent_match": true}),
        )
        .await;
    assert_eq!(patched.status, 403, "{}", patched.text);
    let now = founder.get(&format!("/api/v1/profiles/{id}")).await;
    assert_eq!(now.body["consent_match"], false);
    let back = founder.post(&path, json!({"consent_match": true})).await;
    assert_eq!(back.status, 200, "{}", back.text);
    assert_eq!(back.body["consent_basis"], "online");
}

#[tokio::test]
async fn consent_recorded_for_a_person_without_an_account_names_its_basis() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = create_profile(&admin, "欧阳明远", false, true).await;
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let path = format!("/api/v1/profiles/{id}/consent");
    let bare = org.post(&path, json!({"consent_match": true})).await;
    assert_eq!(bare.status, 400, "{}", bare.text);
    assert_eq!(bare.body["error"]["field"], "basis");
    let odd = org
        .post(&path, json!({"consent_match": true, "basis": "听说的"}))
        .await;
    assert_eq!(odd.status, 400, "{}", odd.text);
    let given = org
        .post(
            &path,
            json!({"consent_match": true, "basis": "phone", "note": "12月1日电话确认"}),
        )
        .await;
    assert_eq!(given.status, 200, "{}", given.text);
    assert_eq!(given.body["consent_basis"], "phone");
    assert!(
        app.audit_actions()
            .await
            .iter()
            .any(|(_, _, d)| d.contains("12月1日电话确认"))
    );
}

#[tokio::test]
async fn withdrawal_closes_open_entries_and_refuses_logging_contacts() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = create_profile(&admin, "欧阳明远", true, true).await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let entry = shortlist(&staff, project, id).await;
    assert_eq!(entry.status, 201, "{}", entry.text);
    let entry = entry.body["id"].as_i64().unwrap();
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let withdrawn = org
        .post(
            &format!("/api/v1/profiles/{id}/consent"),
            json!({"consent_match": false, "basis": "phone"}),
        )
        .await;
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.text);
    let list = staff
        .get(&format!("/api/v1/pipeline?project={project}"))
        .await;
    let item = list.body["items"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["id"] == entry).cloned())
        .expect("entry listed");
    assert_eq!(item["status"], "dropped", "{}", list.text);
    assert!(
        item["note"].as_str().unwrap_or("").contains("撤回同意"),
        "{item}"
    );
    let contact = staff
        .post(
            &format!("/api/v1/pipeline/{entry}/contacts"),
            json!({"channel": "phone", "summary": "电话介绍项目"}),
        )
        .await;
    assert_eq!(contact.status, 409, "{}", contact.text);
    assert_eq!(contact.body["error"]["code"], "no_consent");
}
