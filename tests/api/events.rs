//! 乡情返乡活动: a forum for 通城县 invites the people a registry filter returns,
//! they answer through their personal links, one is checked in by the QR
//! token, and the attendance shows on the profile; and the attacks on it.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{CHONGYANG, TONGCHENG, TONGCHENG_VILLAGE};
use crate::helpers::{Client, TestApp, spawn_app};

/// A village of 崇阳县.
pub const CHONGYANG_VILLAGE: &str = "421223100001";

/// An instant `hours` from now, as RFC 3339 in 北京时间.
pub fn in_hours(hours: i64) -> String {
    let at = chrono::Utc::now() + chrono::Duration::hours(hours);
    at.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .to_rfc3339()
}

/// A distinct mobile per test name.
pub fn mobile_of(name: &str) -> String {
    format!("139{:08}", name.chars().map(|c| c as u32).sum::<u32>())
}

/// Creates a profile in `village` with these consent/listing flags and intents.
pub async fn person(
    admin: &Client,
    name: &str,
    village: &str,
    consent: bool,
    listed: bool,
    intents: &[&str],
) -> i64 {
    let r = admin
        .post(
            "/api/v1/profiles",
            json!({"name": name, "hometown_code": village, "consent_match": consent,
                   "listed": listed, "chains": ["optical.fiber"], "intents": intents,
                   "mobile": mobile_of(name),
                   "force": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "profile {name}: {}", r.text);
    r.body["id"].as_i64().unwrap()
}

/// Creates an event as `client`; answers the response.
pub async fn create_event(client: &Client, kind: &str, region: &str, capacity: i64) -> Value {
    let r = client
        .post(
            "/api/v1/events",
            json!({"kind": kind, "title": "2027年通城县乡贤座谈会", "region_code": region,
                   "starts_at": in_hours(2), "place": "通城县政务中心三楼会议室",
                   "capacity": capacity,
                   "provider": if kind == "training" { "咸宁职业技术学院" } else { "" }}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "create event: {}", r.text);
    r.body
}

/// The personal link token of an invitation, read from its printable card.
pub async fn token_of(client: &Client, event: i64, invitation: i64) -> String {
    let r = client
        .get(&format!("/events/{event}/invitations/{invitation}/card"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "card: {}", r.text);
    // The page escapes `/` as `&#x2f;`, as HTML allows.
    let html = r.text.replace("&#x2f;", "/");
    let start = html.find("/rsvp/").expect("card shows the link") + "/rsvp/".len();
    html[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// The invitation of `profile` in `event`'s list.
pub async fn invitation_of(client: &Client, event: i64, profile: i64) -> Value {
    let list = client
        .get(&format!("/api/v1/events/{event}/invitations"))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["profile_id"] == profile)
        .cloned()
        .unwrap_or_else(|| panic!("{profile} not invited: {}", list.text))
}

struct Forum {
    app: TestApp,
    staff: Client,
    event: i64,
    /// The four consenting, listed people of 通城县.
    invited: Vec<i64>,
    unconsented: i64,
    unlisted: i64,
    elsewhere: i64,
}

async fn forum() -> Forum {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut invited = Vec::new();
    for name in ["张伟", "李娜", "王强", "刘洋"] {
        invited.push(person(&admin, name, TONGCHENG_VILLAGE, true, true, &["invest"]).await);
    }
    let unconsented = person(&admin, "陈静", TONGCHENG_VILLAGE, false, true, &["invest"]).await;
    let unlisted = person(&admin, "杨帆", TONGCHENG_VILLAGE, true, false, &["invest"]).await;
    let elsewhere = person(&admin, "赵磊", CHONGYANG_VILLAGE, true, true, &["invest"]).await;
    app.index_settled().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let event = create_event(&staff, "forum", TONGCHENG, 80).await["id"]
        .as_i64()
        .unwrap();
    Forum {
        app,
        staff,
        event,
        invited,
        unconsented,
        unlisted,
        elsewhere,
    }
}

#[tokio::test]
async fn a_forum_invites_by_filter_two_accept_one_declines_one_is_checked_in_and_the_profile_shows_it()
 {
    let f = forum().await;
    let path = format!("/api/v1/events/{}/invitations", f.event);
    let r = f
        .staff
        .post(&path, json!({"filters": {"q": "", "region": TONGCHENG}}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["invited"], 4, "{}", r.text);
    let skipped: Vec<(i64, String)> = r.body["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["profile_id"].as_i64().unwrap(),
                s["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(skipped, vec![(f.unconsented, "no_consent".to_owned())]);
    let list = f.staff.get(&path).await;
    let mut ids: Vec<i64> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["profile_id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, f.invited);
    assert!(
        list.body["items"][0]["mobile"]
            .as_str()
            .unwrap()
            .contains("****")
    );

    let mut tokens = Vec::new();
    for p in &f.invited {
        let inv = invitation_of(&f.staff, f.event, *p).await;
        tokens.push(token_of(&f.staff, f.event, inv["id"].as_i64().unwrap()).await);
    }
    let anyone = f.app.client();
    for (token, answer, status) in [
        (&tokens[0], "accept", "accepted"),
        (&tokens[1], "accept", "accepted"),
        (&tokens[2], "decline", "declined"),
    ] {
        let r = anyone
            .post(&format!("/api/v1/rsvp/{token}"), json!({"answer": answer}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.body["status"], status);
    }
    let checked = f
        .staff
        .post(
            &format!("/api/v1/events/{}/checkin", f.event),
            json!({"token": tokens[0]}),
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.text);
    assert_eq!(checked.body["status"], "attended");
    assert_eq!(checked.body["profile_id"], f.invited[0]);

    let shown = f.staff.get(&format!("/api/v1/events/{}", f.event)).await;
    assert_eq!(
        shown.body["counts"],
        json!({"invited": 1, "accepted": 1, "waitlisted": 0, "declined": 1, "attended": 1})
    );
    let profile_page = f.staff.get(&format!("/profiles/{}", f.invited[0])).await;
    assert_eq!(profile_page.status, StatusCode::OK);
    assert!(
        profile_page.text.contains("活动参与"),
        "{}",
        profile_page.text
    );
    assert!(
        profile_page
            .text
            .contains("2027年通城县乡贤座谈会（乡贤座谈会） · <strong>已签到</strong>")
    );
    let _ = (f.unlisted, f.elsewhere);
}

#[tokio::test]
async fn an_rsvp_link_answers_once_and_a_reused_link_is_gone_naming_the_token() {
    let f = forum().await;
    let path = format!("/api/v1/events/{}/invitations", f.event);
    f.staff
        .post(&path, json!({"profile_ids": [f.invited[0]]}))
        .await;
    let inv = invitation_of(&f.staff, f.event, f.invited[0]).await;
    let token = token_of(&f.staff, f.event, inv["id"].as_i64().unwrap()).await;
    let anyone = f.app.client();
    let first = anyone
        .post(
            &format!("/api/v1/rsvp/{token}"),
            json!({"answer": "accept"}),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let again = anyone
        .post(
            &format!("/api/v1/rsvp/{token}"),
            json!({"answer": "decline"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::GONE, "{}", again.text);
    assert_eq!(again.body["error"]["field"], "token");
    let after = invitation_of(&f.staff, f.event, f.invited[0]).await;
    assert_eq!(
        after["status"], "accepted",
        "the second answer changed nothing"
    );
    let unknown = anyone
        .post("/api/v1/rsvp/not-a-real-token", json!({"answer": "accept"}))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_rsvp_page_shows_the_event_and_buttons_but_no_contact_or_other_invitee() {
    let f = forum().await;
    let path = format!("/api/v1/events/{}/invitations", f.event);
    f.staff
        .post(&path, json!({"profile_ids": [f.invited[0], f.invited[1]]}))
        .await;
    let inv = invitation_of(&f.staff, f.event, f.invited[0]).await;
    let token = token_of(&f.staff, f.event, inv["id"].as_i64().unwrap()).await;
    let page = f.app.client().get(&format!("/rsvp/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("2027年通城县乡贤座谈会"));
    assert!(page.text.contains("通城县政务中心三楼会议室"));
    assert!(page.text.contains("参加") && page.text.contains("不参加"));
    for secret in [
        "张伟",
        "李娜",
        "****",
        &mobile_of("张伟"),
        &mobile_of("李娜"),
    ] {
        assert!(!page.text.contains(secret), "the RSVP page shows {secret}");
    }
    let answered = f
        .app
        .client()
        .post(
            &format!("/api/v1/rsvp/{token}"),
            json!({"answer": "accept"}),
        )
        .await;
    for secret in ["张伟", "李娜", "mobile", "profile_id"] {
        assert!(!answered.text.contains(secret), "the answer shows {secret}");
    }
}

#[tokio::test]
async fn staff_and_organizers_of_another_county_cannot_read_invite_or_check_in() {
    let f = forum().await;
    f.staff
        .post(
            &format!("/api/v1/events/{}/invitations", f.event),
            json!({"profile_ids": [f.invited[0]]}),
        )
        .await;
    let outsiders = [
        f.app
            .login_as("cy_staff", Role::Staff, Some(CHONGYANG))
            .await,
        f.app
            .login_as("cy_org", Role::Organizer, Some("421223100"))
            .await,
        // An organizer inside 通城县 does not run a county-level event either.
        f.app
            .login_as("tc_org", Role::Organizer, Some("421222100"))
            .await,
    ];
    let missing = f.staff.get("/api/v1/events/999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let e = f.event;
    for c in &outsiders {
        for r in [
            c.get(&format!("/api/v1/events/{e}")).await,
            c.get(&format!("/api/v1/events/{e}/invitations")).await,
            c.patch(
                &format!("/api/v1/events/{e}"),
                json!({"version": 1, "place": "别处"}),
            )
            .await,
            c.post(
                &format!("/api/v1/events/{e}/invitations"),
                json!({"profile_ids": [f.invited[1]]}),
            )
            .await,
            c.post(
                &format!("/api/v1/events/{e}/checkin"),
                json!({"profile_id": f.invited[0]}),
            )
            .await,
        ] {
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
            assert_eq!(
                r.text, missing.text,
                "out of scope answers exactly as missing"
            );
        }
        let listed = c.get("/api/v1/events").await;
        assert_eq!(listed.body["total"], 0, "{}", listed.text);
        let card = c.get(&format!("/events/{e}/invitations/1/card")).await;
        assert_eq!(card.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_filter_invitation_never_reaches_outside_the_scope_or_unconsented_or_unlisted_people() {
    let f = forum().await;
    // No region: the caller's whole scope, and nothing beyond it.
    let r = f
        .staff
        .post(
            &format!("/api/v1/events/{}/invitations", f.event),
            json!({"filters": {"intent": "invest"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let list = f
        .staff
        .get(&format!("/api/v1/events/{}/invitations", f.event))
        .await;
    let ids: Vec<i64> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["profile_id"].as_i64().unwrap())
        .collect();
    for outside in [f.unconsented, f.unlisted, f.elsewhere] {
        assert!(!ids.contains(&outside), "{outside} was invited: {ids:?}");
    }
    assert_eq!(ids.len(), 4);
    // By ids: the others are reported, not invited.
    let by_id = f
        .staff
        .post(
            &format!("/api/v1/events/{}/invitations", f.event),
            json!({"profile_ids": [f.unconsented, f.unlisted, f.elsewhere]}),
        )
        .await;
    assert_eq!(by_id.status, StatusCode::OK, "{}", by_id.text);
    assert_eq!(by_id.body["invited"], 0);
    let reasons: Vec<&str> = by_id.body["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    // Staff do not read unlisted records, nor another county's: both "not found".
    assert_eq!(reasons, vec!["no_consent", "not_found", "not_found"]);
}
