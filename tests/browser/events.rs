//! Events on a phone (390×844): the invitee's RSVP page opened from the QR
//! link, and the same link on a staff phone offering 签到, then the door page
//! and the event page — none of them scrolling sideways.

use serde_json::json;
use xiangxian::domain::Role;

use crate::harness::{self, Browser};
use crate::helpers::spawn_app;

async fn scroll_width(b: &Browser) -> i64 {
    b.client
        .execute("return document.documentElement.scrollWidth;", vec![])
        .await
        .expect("measure")
        .as_i64()
        .expect("a number")
}

#[tokio::test]
async fn phone_rsvp_and_check_in_pages_do_not_scroll_sideways() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let r = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "欧阳建华", "hometown_code": "421222100205", "consent_match": true,
                   "listed": true, "mobile": "13971112345", "intents": ["training"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let person = r.body["id"].as_i64().unwrap();
    let staff = app.login_as("tc_staff", Role::Staff, Some("421222")).await;
    app.create_user("tc_clerk", Role::Staff, Some("421222"))
        .await;
    let starts = (chrono::Utc::now() + chrono::Duration::hours(2))
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .to_rfc3339();
    let e = staff
        .post(
            "/api/v1/events",
            json!({"kind": "training", "title": "2027年通城县返乡创业培训班（第一期）",
                   "region_code": "421222", "starts_at": starts,
                   "place": "咸宁职业技术学院通城教学点", "capacity": 40,
                   "provider": "咸宁职业技术学院"}),
        )
        .await;
    assert_eq!(e.status, 201, "{}", e.text);
    let id = e.body["id"].as_i64().unwrap();
    staff
        .post(
            &format!("/api/v1/events/{id}/invitations"),
            json!({"profile_ids": [person]}),
        )
        .await;
    let list = staff.get(&format!("/api/v1/events/{id}/invitations")).await;
    let inv = list.body["items"][0]["id"].as_i64().unwrap();
    let card = staff
        .get(&format!("/events/{id}/invitations/{inv}/card"))
        .await;
    let html = card.text.replace("&#x2f;", "/");
    let at = html.find("/rsvp/").expect("link on the card");
    let link: String = html[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
        .collect();

    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.window(390, 844).await;
    b.open(&link).await;
    b.find("#rsvp-accept").await;
    let width = scroll_width(&b).await;
    b.screenshot("phone-rsvp").await;
    assert!(width <= 390, "RSVP page is {width} px wide");
    b.submit("#rsvp-accept").await;
    assert_eq!(b.text("#rsvp-status strong").await, "已确认参加");

    b.sign_in("tc_clerk").await;
    b.open(&link).await;
    b.find("#scan-checkin").await;
    let width = scroll_width(&b).await;
    b.screenshot("phone-scan-checkin").await;
    assert!(width <= 390, "check-in page is {width} px wide");
    b.submit("#scan-checkin").await;
    b.find("#door-counts").await;
    let width = scroll_width(&b).await;
    b.screenshot("phone-door").await;
    assert!(width <= 390, "door page is {width} px wide");

    b.open(&format!("/events/{id}")).await;
    b.find("#event-title").await;
    let width = scroll_width(&b).await;
    b.screenshot("phone-event").await;
    assert!(width <= 390, "event page is {width} px wide");
    b.open(&format!("/events/{id}/invitations/{inv}/card"))
        .await;
    b.find("#card-qr").await;
    let width = scroll_width(&b).await;
    b.screenshot("phone-invitation-card").await;
    assert!(width <= 390, "invitation card is {width} px wide");
    b.close().await;
}
