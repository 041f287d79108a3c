//! The document describes what the server really answers. Every cell of the
//! access matrix (every route × every role, on real records) that succeeds is
//! checked against the document's schema for its operation and status: each
//! field of the body must be listed (response objects are closed with
//! `additionalProperties: false`, so a new field of a view must be documented
//! too) and each required field must be there. A second test keeps response
//! objects closed, and a third that every JSON answer the document promises is
//! one the matrix really gets.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::collections::BTreeSet;

use serde_json::Value;

use crate::access_matrix::world::{ROLES, World};
use crate::access_matrix::{run_cell, table};
use crate::helpers::spawn_app;

/// Response objects left open on purpose, by where they are in the document.
const OPEN: &[(&str, &str)] = &[
    (
        "MyData",
        "the whole of a person's data, by table; its parts are the views",
    ),
    (
        "ImportReport/sheets",
        "one summary per sheet, with the sheet's own columns",
    ),
    (
        "ImportReport/preview",
        "rows as read, keyed by the sheet's own headings",
    ),
    (
        "SearchResult/facets",
        "counts keyed by chain and county code",
    ),
    (
        "ProfileMatches/items/parts",
        "score parts keyed by rule name",
    ),
];

/// JSON answers the document promises that the matrix never gets: the
/// matrix only reaches these operations' refusals.
const NOT_REACHED: &[(&str, &str, &str)] = &[
    ("post", "/api/v1/profiles/{id}/merge", "200"),
    ("post", "/api/v1/profiles/claim", "200"),
    ("post", "/api/v1/profiles/claim", "202"),
    ("post", "/api/v1/transfers/{id}/approve", "200"),
    ("post", "/api/v1/transfers/{id}/reject", "200"),
    ("post", "/api/v1/collaboration-requests/{id}/accept", "200"),
    ("post", "/api/v1/collaboration-requests/{id}/decline", "200"),
    ("post", "/api/v1/profiles/import/{id}/confirm", "200"),
];

/// The schema `#/components/schemas/…` names, or `schema` itself.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(target) => doc
            .pointer(target.trim_start_matches('#'))
            .unwrap_or(&Value::Null),
        None => schema,
    }
}

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// What in `value` (at `at`) the schema does not describe.
fn check(doc: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    if let Some(all) = schema["allOf"].as_array() {
        for part in all {
            check(doc, part, value, at, out);
        }
    }
    if let Some(any) = schema["anyOf"].as_array() {
        let mut first = None;
        for branch in any {
            let mut found = Vec::new();
            check(doc, branch, value, at, &mut found);
            if found.is_empty() {
                first = None;
                break;
            }
            first.get_or_insert(found);
        }
        out.extend(first.unwrap_or_default());
    }
    let actual = type_of(value);
    let allowed: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    // An integer is a number too.
    let fits = allowed.contains(&actual) || (actual == "integer" && allowed.contains(&"number"));
    if !allowed.is_empty() && !fits {
        out.push(format!("{at}: {actual}, documented {allowed:?}"));
        return;
    }
    match value {
        Value::Object(fields) => {
            let properties = schema["properties"].as_object();
            for name in schema["required"].as_array().into_iter().flatten() {
                let name = name.as_str().unwrap_or_default();
                if !fields.contains_key(name) {
                    out.push(format!("{at}.{name}: required but missing"));
                }
            }
            for (name, field) in fields {
                match properties.and_then(|p| p.get(name)) {
                    Some(field_schema) => {
                        check(doc, field_schema, field, &format!("{at}.{name}"), out);
                    }
                    None if schema["additionalProperties"] == false => {
                        out.push(format!("{at}.{name}: not in the document"));
                    }
                    None => {}
                }
            }
        }
        Value::Array(items) if schema.get("items").is_some() => {
            for (i, item) in items.iter().enumerate() {
                check(doc, &schema["items"], item, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The JSON schema the document gives for `method path` answering `status`.
fn answer_schema<'a>(doc: &'a Value, method: &str, path: &str, status: u16) -> Option<&'a Value> {
    doc["paths"][path][method.to_lowercase()]["responses"][status.to_string()]["content"]
        ["application/json"]
        .get("schema")
}

#[tokio::test]
async fn every_success_of_the_access_matrix_is_described_field_by_field() {
    let world = World::build(spawn_app().await).await;
    let doc = world.app.client().get("/api/openapi.json").await.body;

    let mut problems = Vec::new();
    let mut checked = 0;
    let mut reached = BTreeSet::new();
    for row in &table() {
        let path = format!("/api/v1{}", row.route);
        for (role, name) in ROLES.iter().enumerate() {
            let (status, text) = run_cell(&world, row, role).await;
            if !(200..300).contains(&status) || status == 204 {
                continue;
            }
            reached.insert((row.method.to_lowercase(), path.clone(), status.to_string()));
            let Some(schema) = answer_schema(&doc, row.method, &path, status) else {
                // A file (xlsx) answer: nothing to check field by field.
                continue;
            };
            let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            let mut found = Vec::new();
            check(&doc, schema, &body, "$", &mut found);
            checked += 1;
            problems.extend(
                found
                    .into_iter()
                    .map(|p| format!("{} {} {status} as {name}: {p}", row.method, row.route)),
            );
        }
    }

    problems.sort();
    problems.dedup();
    assert!(checked > 150, "only {checked} answers checked");
    assert!(
        problems.is_empty(),
        "{} differences between answers and the document:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Every JSON answer the document promises is one the matrix gets.
    let mut promised = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, answer) in op["responses"].as_object().unwrap() {
                let json = answer["content"].get("application/json").is_some();
                let key = (method.clone(), path.clone(), status.clone());
                let excused = NOT_REACHED.iter().any(|(m, p, s)| {
                    (*m, *p, *s) == (method.as_str(), path.as_str(), status.as_str())
                });
                if json && status.starts_with('2') && !reached.contains(&key) && !excused {
                    promised.push(format!("{method} {path} {status}"));
                }
            }
        }
    }
    assert!(
        promised.is_empty(),
        "answers the document promises but the access matrix never gets: {promised:?}"
    );
}

#[test]
fn the_check_finds_an_undocumented_field_a_missing_one_and_a_wrong_type() {
    let doc = serde_json::json!({"components": {"schemas": {"Thing": {"type": "object",
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
        "required": ["id", "name"], "additionalProperties": false}}}});
    let schema =
        serde_json::json!({"anyOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "null"}]});
    let mut found = Vec::new();

    check(
        &doc,
        &schema,
        &serde_json::json!({"id": "7", "extra": 1}),
        "$",
        &mut found,
    );

    assert_eq!(
        found,
        vec![
            "$.name: required but missing",
            "$.extra: not in the document",
            "$.id: string, documented [\"integer\"]",
        ]
    );
    let mut none = Vec::new();
    check(&doc, &schema, &Value::Null, "$", &mut none);
    assert!(none.is_empty(), "{none:?}");
}

/// Every object schema under `schema` (at `at`): `(where, schema)`.
fn objects<'a>(
    doc: &'a Value,
    schema: &'a Value,
    at: String,
    seen: &mut BTreeSet<String>,
    out: &mut Vec<(String, &'a Value)>,
) {
    if let Some(target) = schema["$ref"].as_str() {
        let name = target.rsplit('/').next().unwrap_or_default().to_owned();
        if seen.insert(name.clone()) {
            objects(doc, resolve(doc, schema), name, seen, out);
        }
        return;
    }
    for key in ["allOf", "anyOf"] {
        for part in schema[key].as_array().into_iter().flatten() {
            objects(doc, part, at.clone(), seen, out);
        }
    }
    if schema["type"] == "object" {
        out.push((at.clone(), schema));
    }
    for (name, field) in schema["properties"].as_object().into_iter().flatten() {
        objects(doc, field, format!("{at}/{name}"), seen, out);
    }
    if let Some(items) = schema.get("items") {
        objects(doc, items, at, seen, out);
    }
}

#[tokio::test]
async fn response_objects_are_closed_so_a_new_field_must_be_documented() {
    let app = spawn_app().await;
    let doc = app.client().get("/api/openapi.json").await.body;

    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, answer) in op["responses"].as_object().unwrap() {
                if let Some(schema) = answer["content"]["application/json"].get("schema")
                    && status.starts_with('2')
                {
                    objects(
                        &doc,
                        schema,
                        format!("{method} {path} {status}"),
                        &mut seen,
                        &mut found,
                    );
                }
            }
        }
    }

    assert!(found.len() > 40, "only {} response objects", found.len());
    let open: Vec<&String> = found
        .iter()
        .filter(|(at, schema)| {
            schema["additionalProperties"] != false && !OPEN.iter().any(|(o, _)| o == at)
        })
        .map(|(at, _)| at)
        .collect();
    assert!(
        open.is_empty(),
        "response objects without additionalProperties: false: {open:?}"
    );
}
