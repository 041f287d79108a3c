//! Door 2: ownership moves only with the person's proof. A claim or a merge
//! that would hand a record to an account whose mobile differs waits for a
//! county staff member who did not issue the code or ask for the merge.

use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{TONGCHENG, TONGCHENG_VILLAGE};
use crate::helpers::{Client, PASSWORD, TestApp, spawn_app};

const MOBILE: &str = "13812345678";

/// A founder who registered themself, with `mobile`; answers the client and
/// the id of the draft profile registration made.
pub async fn register(app: &TestApp, username: &str, mobile: Option<&str>) -> (Client, i64) {
    let client = app.client();
    let mut body = json!({"username": username, "password": PASSWORD, "name": "黄小龙",
                          "hometown_code": TONGCHENG_VILLAGE});
    if let Some(m) = mobile {
        body["mobile"] = json!(m);
    }
    let r = client.post("/api/v1/auth/register", body).await;
    assert_eq!(r.status, 201, "register: {}", r.text);
    let id = r.body["profile"]["id"].as_i64().expect("draft id");
    (client, id)
}

/// A person's record drafted by an organizer, with the full mobile.
async fn record(org: &Client) -> i64 {
    let r = org
        .post(
            "/api/v1/profiles",
            json!({"name": "欧阳明远", "hometown_code": TONGCHENG_VILLAGE, "mobile": MOBILE,
                   "employer": "深圳市信维通信股份有限公司", "listed": true}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_i64().unwrap()
}

async fn code_for(c: &Client, id: i64) -> String {
    let r = c
        .post(&format!("/api/v1/profiles/{id}/claim-code"), json!({}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["code"].as_str().unwrap().to_owned()
}

fn contains_mobile(v: &Value) -> bool {
    v.to_string().contains(MOBILE)
}

#[tokio::test]
async fn an_organizer_cannot_hand_a_record_to_an_account_they_control() {
    let app = spawn_app().await;
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let id = record(&org).await;
    let code = code_for(&org, id).await;
    let (puppet, _) = register(&app, "puppet", Some("13900000000")).await;
    let claimed = puppet
        .post("/api/v1/profiles/claim", json!({"code": code}))
        .await;
    assert_eq!(claimed.status, 202, "{}", claimed.text);
    assert_eq!(claimed.body["status"], "pending");
    assert!(!contains_mobile(&claimed.body));
    let read = puppet.get(&format!("/api/v1/profiles/{id}")).await;
    assert_eq!(read.status, 404, "{}", read.text);
    let export = puppet.get("/api/v1/me/export").await;
    assert!(!contains_mobile(&export.body), "{}", export.text);
    assert!(
        app.audit_actions()
            .await
            .iter()
            .any(|(a, _, _)| a == "transfer")
    );

    // The county's staff see it, are told, and may approve it.
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let other = app.login_as("cy_staff", Role::Staff, Some("421223")).await;
    let pending = staff.get("/api/v1/transfers?status=pending").await;
    assert_eq!(pending.body["total"], 1, "{}", pending.text);
    assert_eq!(
        other.get("/api/v1/transfers?status=pending").await.body["total"],
        0
    );
    let transfer = pending.body["items"][0]["id"].as_i64().unwrap();
    let approved = staff
        .post(&format!("/api/v1/transfers/{transfer}/approve"), json!({}))
        .await;
    assert_eq!(approved.status, 200, "{}", approved.text);
    let mine = puppet.get(&format!("/api/v1/profiles/{id}")).await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    assert_eq!(mine.body["mobile"], MOBILE);
}

#[tokio::test]
async fn the_county_staff_are_told_of_a_pending_transfer() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let id = record(&org).await;
    let code = code_for(&org, id).await;
    let (puppet, _) = register(&app, "puppet", None).await;
    let claimed = puppet
        .post("/api/v1/profiles/claim", json!({"code": code}))
        .await;
    assert_eq!(claimed.status, 202, "{}", claimed.text);
    let notices = staff.get("/api/v1/notices").await;
    assert!(
        notices.body["items"]
            .as_array()
            .is_some_and(|n| n.iter().any(|n| n["kind"] == "transfer_pending")),
        "{}",
        notices.text
    );
}

#[tokio::test]
async fn a_claim_by_the_person_with_the_same_mobile_goes_through_at_once() {
    let app = spawn_app().await;
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let id = record(&org).await;
    let code = code_for(&org, id).await;
    let (person, _) = register(&app, "person", Some(MOBILE)).await;
    let claimed = person
        .post("/api/v1/profiles/claim", json!({"code": code}))
        .await;
    assert_eq!(claimed.status, 200, "{}", claimed.text);
    assert_eq!(claimed.body["mobile"], MOBILE);
    assert_eq!(claimed.body["contacts_masked"], false);
}

#[tokio::test]
async fn a_merge_into_a_self_registered_draft_gives_no_access_until_approved() {
    let app = spawn_app().await;
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let id = record(&org).await;
    let (puppet, draft) = register(&app, "puppet", None).await;
    let merged = org
        .post(
            &format!("/api/v1/profiles/{id}/merge"),
            json!({"into": draft}),
        )
        .await;
    assert_eq!(merged.status, 202, "{}", merged.text);
    let own = puppet.get(&format!("/api/v1/profiles/{draft}")).await;
    assert_eq!(own.status, 200, "{}", own.text);
    assert!(!contains_mobile(&own.body), "{}", own.text);
    assert_eq!(
        puppet.get(&format!("/api/v1/profiles/{id}")).await.status,
        404
    );
    // The other way round too: the draft merged into the record.
    let back = org
        .post(
            &format!("/api/v1/profiles/{draft}/merge"),
            json!({"into": id}),
        )
        .await;
    assert_eq!(back.status, 202, "{}", back.text);
    assert_eq!(
        puppet.get(&format!("/api/v1/profiles/{id}")).await.status,
        404
    );
}

#[tokio::test]
async fn the_issuer_of_the_code_cannot_approve_their_own_transfer() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = record(&admin).await;
    let code = code_for(&admin, id).await;
    let (puppet, _) = register(&app, "puppet", None).await;
    let claimed = puppet
        .post("/api/v1/profiles/claim", json!({"code": code}))
        .await;
    assert_eq!(claimed.status, 202, "{}", claimed.text);
    let transfer = claimed.body["id"].as_i64().unwrap();
    let own = admin
        .post(&format!("/api/v1/transfers/{transfer}/approve"), json!({}))
        .await;
    assert_eq!(own.status, 403, "{}", own.text);
    let founder = puppet
        .post(&format!("/api/v1/transfers/{transfer}/approve"), json!({}))
        .await;
    assert_eq!(founder.status, 403, "{}", founder.text);
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let rejected = staff
        .post(&format!("/api/v1/transfers/{transfer}/reject"), json!({}))
        .await;
    assert_eq!(rejected.status, 200, "{}", rejected.text);
    assert_eq!(rejected.body["status"], "rejected");
    assert_eq!(
        puppet.get(&format!("/api/v1/profiles/{id}")).await.status,
        404
    );
}

#[tokio::test]
async fn county_staff_approve_a_pending_claim_from_their_page() {
    let app = spawn_app().await;
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let id = record(&org).await;
    let code = code_for(&org, id).await;
    let (puppet, _) = register(&app, "puppet", None).await;
    let claimed = puppet
        .post("/api/v1/profiles/claim", json!({"code": code}))
        .await;
    assert_eq!(claimed.status, 202, "{}", claimed.text);
    let transfer = claimed.body["id"].as_i64().unwrap();
    let b = crate::page_client::signed_in(&app, "tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let page = b.get("/transfers").await;
    assert_eq!(page.status, reqwest::StatusCode::OK);
    assert!(
        page.html
            .contains(&format!("/transfers/{transfer}/approve")),
        "{}",
        page.html
    );
    assert!(!page.html.contains(MOBILE));
    let done = b
        .post(&format!("/transfers/{transfer}/approve"), &page.csrf(), &[])
        .await;
    assert_eq!(done.status, reqwest::StatusCode::SEE_OTHER, "{}", done.html);
    let mine = puppet.get(&format!("/api/v1/profiles/{id}")).await;
    assert_eq!(mine.status, 200, "{}", mine.text);
}
