//! Placeholders of the event rows: a standing event of village X, fresh ones
//! for the invitation cells, and fresh ones starting soon with founder A
//! invited for the check-in cells.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use serde_json::json;

use super::world::{VILLAGE_X, World};

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
