//! `GET /api/openapi.json`: served without sign-in, valid JSON, and in step
//! with the router: every route of `src/routes/api` is described, and nothing
//! else is.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::Value;

use crate::access_matrix::routes::api_routes;
use crate::helpers::spawn_app;

const METHODS: [&str; 7] = ["get", "post", "patch", "put", "delete", "head", "options"];

/// `("GET", "/api/v1/profiles/{id}")`, … as the document describes them.
fn described(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, _) in item.as_object().unwrap() {
            assert!(
                METHODS.contains(&method.as_str()),
                "{path}: not a method: {method}"
            );
            out.insert((method.to_uppercase(), path.clone()));
        }
    }
    out
}

/// Every `"$ref"` in `value`.
fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(target)) => out.push(target),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_is_public_json_describing_openapi_3_1() {
    let app = spawn_app().await;
    let anonymous = app.client();

    let resp = anonymous.get("/api/openapi.json").await;

    assert_eq!(resp.status, StatusCode::OK, "{}", resp.text);
    let content_type = resp.headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let doc: Value = serde_json::from_str(&resp.text).expect("valid JSON");
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert_eq!(
        doc["components"]["securitySchemes"]["session"]["name"],
        "xx_session"
    );
}

#[tokio::test]
async fn every_route_of_the_router_is_in_the_document_and_nothing_else() {
    let app = spawn_app().await;
    let doc = app.client().get("/api/openapi.json").await.body;

    let in_router = api_routes();
    let in_document = described(&doc);

    let undocumented: Vec<_> = in_router.difference(&in_document).collect();
    let phantom: Vec<_> = in_document.difference(&in_router).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from src/openapi/paths.rs: {undocumented:?}"
    );
    assert!(
        phantom.is_empty(),
        "the document describes routes the router does not have: {phantom:?}"
    );
}

#[tokio::test]
async fn every_reference_in_the_document_resolves() {
    let app = spawn_app().await;
    let doc = app.client().get("/api/openapi.json").await.body;

    let mut found = Vec::new();
    refs(&doc, &mut found);

    assert!(found.len() > 50, "only {} references", found.len());
    for target in found {
        let pointer = target.strip_prefix('#').expect("local reference");
        assert!(
            doc.pointer(pointer).is_some(),
            "dangling reference {target}"
        );
    }
}

#[tokio::test]
async fn a_malformed_path_id_is_a_json_400_naming_the_parameter() {
    let app = spawn_app().await;
    let admin = app.admin().await;

    let resp = admin.get("/api/v1/profiles/not-a-number").await;

    assert_eq!(resp.status, StatusCode::BAD_REQUEST, "{}", resp.text);
    assert_eq!(resp.error_code(), "invalid");
    assert_eq!(resp.body["error"]["field"], "id");
}
