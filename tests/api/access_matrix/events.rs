//! Placeholders of the event rows: a standing event of village X, fresh ones
//! for the invitation cells, and fresh ones starting soon with founder A
//! invited for the check-in cells.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use serde_json::json;

use super::world::{VILLAGE_X, World};
use super::{Row, all, row};

const EVENT: &str = r#"{"kind": "forum", "title": "城东社区乡贤座谈会", "region_code": "421222100201",
    "starts_at": "2030-03-01T09:30:00+08:00", "place": "城东社区会议室", "capacity": 30}"#;

/// Events of village X, run by its organizer (and county staff and administrators).
#[rustfmt::skip]
pub(super) fn rows() -> Vec<Row> {
    //                                                            anon  A    B    orgX orgY stafO op   opO  admin
    vec![
        row("POST", "/events", [401, 403, 403, 201, 403, 403, 403, 403, 201]).json(EVENT),
        row("GET", "/events", [401, 403, 403, 200, 200, 200, 403, 403, 200]),
        row("GET", "/events/{id}", [401, 404, 404, 200, 404, 404, 404, 404, 200]).on("event"),
        row("PATCH", "/events/{id}", [401, 404, 404, 200, 404, 404, 404, 404, 200]).on("event")
            .json(r#"{"version": "$version", "place": "城东社区文化礼堂"}"#),
        row("POST", "/events/{id}/invitations", [401, 404, 404, 200, 404, 404, 404, 404, 200]).on("fresh_event")
            .json(r#"{"filters": {"region": "421222100201"}}"#),
        row("GET", "/events/{id}/invitations", [401, 404, 404, 200, 404, 404, 404, 404, 200]).on("event"),
        row("POST", "/events/{id}/checkin", [401, 404, 404, 200, 404, 404, 404, 404, 200]).on("fresh_event_with_a")
            .json(r#"{"profile_id": "$profile_a"}"#),
        // Public: the token is the credential, so anyone holding a fresh link answers once.
        row("POST", "/rsvp/{token}", all(200)).on("fresh_rsvp_link").json(r#"{"answer": "accept"}"#),
    ]
}

impl World {
    async fn new_event(&self, hours: i64) -> i64 {
        let r = self
            .admin()
            .post(
                "/api/v1/events",
                json!({"kind": "forum", "title": "城东社区乡贤座谈会", "region_code": VILLAGE_X,
                       "starts_at": crate::events::in_hours(hours), "place": "城东社区会议室",
                       "capacity": 30}),
            )
            .await;
        assert_eq!(r.status, 201, "event: {}", r.text);
        r.body["id"].as_i64().unwrap()
    }

    /// A fresh personal link for each cell of a `{token}` route (a link answers once).
    pub async fn rsvp_link_for(&self, route: &str) -> String {
        if route.contains("{token}") {
            self.fresh_rsvp_link().await
        } else {
            String::new()
        }
    }

    /// The personal link of founder A to a fresh event, read from its card.
    pub async fn fresh_rsvp_link(&self) -> String {
        let id = Box::pin(self.resolve_event("fresh_event_with_a")).await;
        let list = self
            .admin()
            .get(&format!("/api/v1/events/{id}/invitations"))
            .await;
        let inv = list.body["items"][0]["id"].as_i64().unwrap();
        crate::events::token_of(self.admin(), id, inv).await
    }

    /// `event`, `fresh_event`, `fresh_event_with_a`.
    pub async fn resolve_event(&self, name: &str) -> i64 {
        match name {
            "event" => {
                let list = self.admin().get("/api/v1/events").await;
                match list.body["items"][0]["id"].as_i64() {
                    Some(id) => id,
                    None => self.new_event(24 * 30).await,
                }
            }
            "fresh_event" => self.new_event(24 * 30).await,
            "fresh_event_with_a" => {
                let id = self.new_event(2).await;
                let r = self
                    .admin()
                    .post(
                        &format!("/api/v1/events/{id}/invitations"),
                        json!({"profile_ids": [Box::pin(self.resolve("profile_a")).await]}),
                    )
                    .await;
                assert_eq!(r.status, 200, "invite: {}", r.text);
                assert_eq!(r.body["invited"], 1, "invite: {}", r.text);
                id
            }
            other => panic!("unknown placeholder {other}"),
        }
    }
}
