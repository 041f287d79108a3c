//! Placeholders of the 乡贤社团 and 创业服务中心 rows: an organisation of
//! village X's township (隽水镇), fresh ones to delete, fresh members, and
//! fresh requests of founder A.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::json;

use super::world::World;

static NAMES: AtomicU32 = AtomicU32::new(0);

impl World {
    /// `organization`, `fresh_organization`, `fresh_member`, `fresh_service_request`.
    pub async fn resolve_second_edition(&self, name: &str) -> i64 {
        match name {
            "organization" => {
                let list = self
                    .admin()
                    .get("/api/v1/organizations?region=421222100")
                    .await;
                if let Some(id) = list.body["items"][0]["id"].as_i64() {
                    return id;
                }
                self.new_organization("隽水镇在汉同乡会").await
            }
            "fresh_organization" => {
                let n = NAMES.fetch_add(1, Ordering::SeqCst);
                self.new_organization(&format!("隽水镇同乡会{n}")).await
            }
            "fresh_member" => {
                let org = Box::pin(self.resolve_second_edition("organization")).await;
                let person = Box::pin(self.resolve("fresh_profile")).await;
                let r = self
                    .admin()
                    .post(
                        &format!("/api/v1/organizations/{org}/members"),
                        json!({"profile_id": person}),
                    )
                    .await;
                assert_eq!(r.status, 201, "member: {}", r.text);
                person
            }
            "fresh_service_request" => {
                let r = self.clients[1]
                    .post(
                        "/api/v1/service-requests",
                        json!({"kind": "policy", "summary": "想了解返乡创业担保贷款政策"}),
                    )
                    .await;
                assert_eq!(r.status, 201, "service request: {}", r.text);
                r.body["id"].as_i64().unwrap()
            }
            other => panic!("unknown placeholder {other}"),
        }
    }

    async fn new_organization(&self, name: &str) -> i64 {
        let r = self
            .admin()
            .post(
                "/api/v1/organizations",
                json!({"kind": "hometown", "name": name, "region_code": "421222100"}),
            )
            .await;
        assert_eq!(r.status, 201, "organization: {}", r.text);
        r.body["id"].as_i64().unwrap()
    }
}
