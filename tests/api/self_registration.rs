//! 扫码登记 (issue 16): a person scans a village's poster and sends their details; the draft
//! is unlisted and unverified until an organizer of that village accepts it (verified,
//! listed, searchable) or rejects it (personal data erased). The public page confirms
//! nothing about who is on file; other villages' organizers see nothing of it.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::json;
use xiangxian::domain::Role;
use xiangxian::entity::profile;

use crate::helpers::{TestApp, spawn_app};
use crate::page_client::{Browser, signed_in, text_of};

const VILLAGE: &str = "421222100201";
const OTHER_VILLAGE: &str = "421222101200";

/// A stranger fills in the village page; the answer is where the browser is sent.
async fn scan_and_send(app: &TestApp, fields: &[(&str, &str)]) -> (StatusCode, String, String) {
    let phone = Browser::new(app);
    let form = phone.get(&format!("/register/{VILLAGE}")).await;
    assert_eq!(form.status, StatusCode::OK);
    let sent = phone
        .post(&format!("/register/{VILLAGE}"), &form.csrf(), fields)
        .await;
    (sent.status, sent.location().to_owned(), sent.html)
}

async fn newest_profile(app: &TestApp) -> profile::Model {
    use sea_orm::QueryOrder;
    profile::Entity::find()
        .order_by_desc(profile::Column::Id)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_scan_waits_unlisted_until_the_village_organizer_accepts_it() {
    let app = spawn_app().await;
    let (status, location, _) = scan_and_send(
        &app,
        &[
            ("name", "胡春生"),
            ("mobile", "13912345678"),
            ("employer", "深圳华星光电"),
            ("intents", "invest"),
            ("consent_match", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/register/{VILLAGE}?sent=1"));
    let thanks = Browser::new(&app).get(&location).await;
    assert!(thanks.html.contains("id=\"register-sent\""));

    let draft = newest_profile(&app).await;
    assert_eq!(draft.name, "胡春生");
    assert_eq!(draft.hometown_code, VILLAGE);
    assert!(
        !draft.listed && !draft.verified,
        "waits unlisted and unverified"
    );
    assert!(draft.consent_match, "consent given by the person");
    assert_eq!(draft.consent_basis.as_deref(), Some("online"));

    // Not in the registry until accepted.
    let staff = app.login_as("tc_staff", Role::Staff, Some("421222")).await;
    app.index_settled().await;
    let found = staff.get("/api/v1/profiles?q=胡春生").await;
    assert_eq!(found.body["total"], 0, "{}", found.text);

    // The organizer of another village sees nothing and cannot decide it.
    let other = signed_in(&app, "org_y", Role::Organizer, Some(OTHER_VILLAGE)).await;
    let theirs = other.get("/register-queue").await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(!theirs.html.contains("胡春生"));
    let queue_id = {
        use sea_orm::QueryOrder;
        xiangxian::entity::self_registration::Entity::find()
            .order_by_desc(xiangxian::entity::self_registration::Column::Id)
            .one(app.db.conn())
            .await
            .unwrap()
            .unwrap()
            .id
    };
    let token = theirs.csrf();
    let refused = other
        .post(&format!("/register-queue/{queue_id}/accept"), &token, &[])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let unknown = other
        .post("/register-queue/999999/accept", &token, &[])
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        refused.html, unknown.html,
        "out of scope reads as not found"
    );

    // The village's organizer sees it, the mobile masked, and accepts it.
    let org = signed_in(&app, "org_x", Role::Organizer, Some(VILLAGE)).await;
    let queue = org.get("/register-queue").await;
    assert!(queue.html.contains("胡春生"), "{}", queue.html);
    assert!(queue.html.contains("139****5678"));
    assert!(
        !queue.html.contains("13912345678"),
        "no full mobile in the queue"
    );
    let accepted = org
        .post(
            &format!("/register-queue/{queue_id}/accept"),
            &queue.csrf(),
            &[],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    let p = newest_profile(&app).await;
    assert!(p.listed && p.verified, "accepted: verified and listed");
    app.index_settled().await;
    let found = staff.get("/api/v1/profiles?q=胡春生").await;
    assert_eq!(found.body["total"], 1, "{}", found.text);

    // A second decision is refused, not applied twice.
    let again = org
        .post(
            &format!("/register-queue/{queue_id}/reject"),
            &org.get("/register-queue").await.csrf(),
            &[],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(newest_profile(&app).await.listed);
}

#[tokio::test]
async fn a_rejected_scan_leaves_no_personal_data() {
    let app = spawn_app().await;
    scan_and_send(&app, &[("name", "错登记"), ("mobile", "13700001111")]).await;
    let draft = newest_profile(&app).await;
    let org = signed_in(&app, "org_x", Role::Organizer, Some(VILLAGE)).await;
    let queue = org.get("/register-queue").await;
    let row = xiangxian::entity::self_registration::Entity::find()
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap();
    let r = org
        .post(
            &format!("/register-queue/{}/reject", row.id),
            &queue.csrf(),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let gone = profile::Entity::find_by_id(draft.id)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap();
    assert_ne!(gone.name, "错登记");
    assert!(gone.mobile.is_none() && gone.mobile_hash.is_none());
    assert!(gone.deleted_at.is_some());
    let audit = app
        .admin()
        .await
        .get("/api/v1/audit?entity=profile&per_page=100")
        .await;
    assert!(
        !audit.text.contains("错登记"),
        "the audit snapshots are redacted"
    );
}

#[tokio::test]
async fn the_public_page_confirms_nothing_and_refuses_what_is_not_a_village() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let on_file = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "已在册", "hometown_code": VILLAGE, "mobile": "13600002222"}),
        )
        .await;
    assert_eq!(on_file.status, 201, "{}", on_file.text);
    let (known_status, known_location, _) =
        scan_and_send(&app, &[("name", "某甲"), ("mobile", "13600002222")]).await;
    let (new_status, new_location, _) =
        scan_and_send(&app, &[("name", "某乙"), ("mobile", "13600003333")]).await;
    assert_eq!(
        (known_status, known_location),
        (new_status, new_location),
        "a mobile on file answers exactly like a new one"
    );
    // The organizer is told instead.
    let org = signed_in(&app, "org_x", Role::Organizer, Some(VILLAGE)).await;
    let queue = org.get("/register-queue").await;
    assert!(queue.html.contains("可能与已有档案重复"));

    let (status, _, html) = scan_and_send(&app, &[("name", "")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("id=\"name-error\""), "{html}");

    let anon = Browser::new(&app);
    for code in ["421222100", "4212", "110101001001", "abc"] {
        let r = anon.get(&format!("/register/{code}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{code}");
    }
}

#[tokio::test]
async fn the_poster_and_its_qr_are_for_those_who_cover_the_village() {
    let app = spawn_app().await;
    let org = signed_in(&app, "org_x", Role::Organizer, Some(VILLAGE)).await;
    let poster = org.get(&format!("/regions/{VILLAGE}/poster")).await;
    assert_eq!(poster.status, StatusCode::OK);
    assert!(
        poster
            .html
            .contains(&format!("/api/v1/regions/{VILLAGE}/register-qr"))
    );
    let link = text_of(&poster.html, "poster-link");
    assert!(link.ends_with(VILLAGE), "the link under the code: {link}");
    let qr = org
        .http
        .get(format!("{}/api/v1/regions/{VILLAGE}/register-qr", org.base))
        .send()
        .await
        .unwrap();
    assert_eq!(qr.status(), StatusCode::OK);
    assert_eq!(qr.headers()["content-type"], "image/png");
    assert!(qr.bytes().await.unwrap().starts_with(b"\x89PNG"));

    let other = signed_in(&app, "org_y", Role::Organizer, Some(OTHER_VILLAGE)).await;
    assert_eq!(
        other
            .get(&format!("/regions/{VILLAGE}/poster"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let founder = app.login_as("founder", Role::Founder, None).await;
    let r = founder
        .get(&format!("/api/v1/regions/{VILLAGE}/register-qr"))
        .await;
    assert_eq!(r.status, 404);
}
