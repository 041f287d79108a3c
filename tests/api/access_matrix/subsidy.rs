//! Placeholders of the subsidy rows: an enterprise of founder A placed by an
//! accepted application, and fresh submitted claims for it.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::json;

use super::world::World;

static MONTHS: AtomicU32 = AtomicU32::new(0);

impl World {
    /// `subsidy_accepted_application`, `subsidy_enterprise`, `subsidy_fresh_claim`.
    pub async fn resolve_subsidy(&self, name: &str) -> i64 {
        match name {
            "subsidy_accepted_application" => {
                let app = Box::pin(self.resolve("fresh_application")).await;
                let r = self
                    .admin()
                    .patch(
                        &format!("/api/v1/applications/{app}"),
                        json!({"status": "accepted"}),
                    )
                    .await;
                assert_eq!(r.status, 200, "accept: {}", r.text);
                app
            }
            "subsidy_enterprise" => {
                let list = self.admin().get("/api/v1/enterprises").await;
                if let Some(id) = list.body["items"][0]["id"].as_i64() {
                    return id;
                }
                let app = Box::pin(self.resolve_subsidy("subsidy_accepted_application")).await;
                let r = self.clients[1]
                    .post(
                        "/api/v1/enterprises",
                        json!({"name": "通城县信达无线科技有限公司",
                               "credit_code": "91350100M000100Y43", "first_business": true,
                               "application_id": app}),
                    )
                    .await;
                assert_eq!(r.status, 201, "enterprise: {}", r.text);
                r.body["id"].as_i64().unwrap()
            }
            "subsidy_fresh_claim" => {
                let ent = Box::pin(self.resolve_subsidy("subsidy_enterprise")).await;
                let n = MONTHS.fetch_add(1, Ordering::SeqCst);
                let month = format!("{}-{:02}", 2024 + n / 12, n % 12 + 1);
                let r = self.clients[1]
                    .post(
                        "/api/v1/subsidy/claims",
                        json!({"enterprise_id": ent, "month": month, "property": 800,
                               "sanitation": 100, "rent": 6000, "utilities": 1100}),
                    )
                    .await;
                assert_eq!(r.status, 201, "claim: {}", r.text);
                r.body["id"].as_i64().unwrap()
            }
            other => panic!("unknown placeholder {other}"),
        }
    }
}
