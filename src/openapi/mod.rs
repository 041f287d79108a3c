//! The OpenAPI 3.1 document served at `/api/openapi.json`.
//!
//! Assembled here rather than derived from the types. The lengths it states
//! come from `domain::limits`, the code lists from `domain::codes` and
//! `domain::taxonomy`, and the numeric bounds from the constants the services
//! check (`MAX_*`, `service::paging`, `service::token`), so a changed bound or
//! a new code value changes the document too. What is written out here are the
//! formats: the patterns of region codes, mobiles, dates and months, and the
//! date ranges (2000-01-01 onwards) that `service::fields::date` is given.
//!
//! A test (`tests/api/openapi.rs`) fails when a route of `src/routes/api` is
//! not described here or the document describes a route the router does not
//! have; schemathesis (`.ci/schemathesis.sh`) checks requests and responses
//! against the live server.

mod events;
mod operations;
mod organizations;
mod paths;
mod referrals_awards;
mod requests;
mod schema;
mod subsidy_claims;
mod views;

use std::sync::OnceLock;

use serde_json::{Map, Value, json};

/// The document, built once per process.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(build)
}

fn build() -> Value {
    let mut paths = Map::new();
    for op in operations::all() {
        let entry = paths
            .entry(format!("/api/v1{}", op.path))
            .or_insert_with(|| json!({}));
        let method = op.method;
        entry[method] = op.into_json();
    }
    link_created_records(&mut paths);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "乡贤通 API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "咸宁市乡贤信息管理系统的 JSON API。错误一律为 \
                `{\"error\": {\"code\", \"message\", \"field\"?}}`。浏览器用会话 Cookie \
                (`POST /api/v1/auth/login`)，脚本用 `Authorization: Bearer <token>` \
                (`POST /api/v1/tokens`)。带 Cookie 的写请求须为 `application/json`，\
                且 `Origin` 若出现须为本站。",
        },
        "paths": paths,
        "components": {
            "schemas": schema::components(),
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from `POST /api/v1/tokens`, acting as the user who created it.",
                },
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "xx_session",
                    "description": "The session cookie set by `POST /api/v1/auth/login` or `/auth/register`.",
                },
            },
            "responses": schema::error_responses(),
        },
    })
}

/// Which create answers the `{id}` of which paths: `(create path, record path prefix)`.
const CREATES: &[(&str, &str)] = &[
    ("/api/v1/profiles", "/api/v1/profiles/{id}"),
    ("/api/v1/projects", "/api/v1/projects/{id}"),
    ("/api/v1/incubators", "/api/v1/incubators/{id}"),
    ("/api/v1/incubators/{id}/openings", "/api/v1/openings/{id}"),
    (
        "/api/v1/openings/{id}/applications",
        "/api/v1/applications/{id}",
    ),
    ("/api/v1/projects/{id}/pipeline", "/api/v1/pipeline/{id}"),
    ("/api/v1/associations", "/api/v1/associations/{id}"),
    ("/api/v1/organizations", "/api/v1/organizations/{id}"),
    ("/api/v1/service-requests", "/api/v1/service-requests/{id}"),
    ("/api/v1/users", "/api/v1/users/{id}"),
    ("/api/v1/tokens", "/api/v1/tokens/{id}"),
    ("/api/v1/events", "/api/v1/events/{id}"),
];

/// OpenAPI links from each `201` to the operations on the record it created,
/// so that stateful testing works on real rows.
fn link_created_records(paths: &mut Map<String, Value>) {
    for (create, prefix) in CREATES {
        let mut links = Map::new();
        for (path, item) in paths.iter() {
            if path != prefix && !path.starts_with(&format!("{prefix}/")) {
                continue;
            }
            for op in item.as_object().into_iter().flat_map(|m| m.values()) {
                if let Some(id) = op["operationId"].as_str() {
                    links.insert(
                        id.to_owned(),
                        json!({"operationId": id, "parameters": {"path.id": "$response.body#/id"}}),
                    );
                }
            }
        }
        if let Some(created) = paths
            .get_mut(*create)
            .and_then(|item| item.get_mut("post"))
            .and_then(|op| op["responses"].get_mut("201"))
        {
            created["links"] = Value::Object(links);
        }
    }
}

/// The `(METHOD, path)` pairs the document describes, for the route test.
pub fn described_routes() -> Vec<(String, String)> {
    operations::all()
        .into_iter()
        .map(|op| (op.method.to_uppercase(), format!("/api/v1{}", op.path)))
        .collect()
}
