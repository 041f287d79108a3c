//! Placeholders of the 乡贤社团 and 创业服务中心 rows: an organisation of
//! village X's township (隽水镇), fresh ones to delete, fresh members, and
//! fresh requests of founder A.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::json;

use super::world::World;
use super::{Row, admin_only, row};

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

    /// A fresh member of the organisation for a route that removes one.
    pub async fn member_for(&self, route: &str) -> i64 {
        if route.contains("{profile_id}") {
            self.resolve("fresh_member").await
        } else {
            0
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

/// The rows of `/organizations` and `/service-requests`.
#[rustfmt::skip]
pub(super) fn rows() -> Vec<Row> {
    //                                                            anon  A    B    orgX orgY stafO op   opO  admin
    vec![
        // 乡贤社团 of village X's township (隽水镇): organizer X reads it, only its keepers change it.
        row("POST", "/organizations", admin_only(201, 403))
            .json(r#"{"kind": "chamber", "name": "隽水镇商会", "region_code": "421222100"}"#),
        row("GET", "/organizations", [401, 403, 403, 200, 200, 200, 403, 403, 200]),
        row("GET", "/organizations/{id}", [401, 404, 404, 200, 404, 404, 404, 404, 200]).on("organization"),
        row("PATCH", "/organizations/{id}", [401, 404, 404, 403, 404, 404, 404, 404, 200]).on("organization")
            .json(r#"{"note": "在武汉工作的隽水籍乡贤"}"#),
        row("DELETE", "/organizations/{id}", [401, 404, 404, 403, 404, 404, 404, 404, 204]).on("fresh_organization"),
        row("POST", "/organizations/{id}/members", [401, 404, 404, 403, 404, 404, 404, 404, 201]).on("organization")
            .json(r#"{"profile_id": "$fresh_profile", "role": "director"}"#),
        row("GET", "/organizations/{id}/members", [401, 404, 404, 200, 404, 404, 404, 404, 200]).on("organization"),
        row("DELETE", "/organizations/{id}/members/{profile_id}", [401, 404, 404, 403, 404, 404, 404, 404, 204]).on("organization"),
        // 创业服务中心: founders file (both in 通城县), staff of 通城县 and administrators act.
        row("POST", "/service-requests", [401, 201, 201, 403, 403, 403, 403, 403, 403])
            .json(r#"{"kind": "policy", "summary": "想了解返乡创业补贴政策"}"#),
        row("GET", "/service-requests", [401, 200, 200, 403, 403, 200, 403, 403, 200]),
        // Founder A may only rate or withdraw: accepting is bad input from them.
        row("PATCH", "/service-requests/{id}", [401, 400, 404, 404, 404, 404, 404, 404, 200]).on("fresh_service_request")
            .json(r#"{"status": "accepted", "note": "已受理"}"#),
    ]
}
