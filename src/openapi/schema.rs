//! Schemas of the document: the building blocks and the components (the request
//! bodies are in `requests`, the views in `views`).

use serde_json::{Map, Value, json};

use crate::domain::CHAINS;
use crate::domain::limits::{List, Text};

/// Any region code the parser accepts: province, city, county, township, village.
pub const REGION_CODE: &str = "^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$";
/// A township (9 digits) or village (12 digits) of 咸宁市.
pub(super) const HOMETOWN_CODE: &str = "^4212[0-9]{5}([0-9]{3})?$";
/// A county of 咸宁市.
pub const CITY_COUNTY_CODE: &str = "^4212[0-9]{2}$";
/// A mobile number as stored; blank clears it.
pub(super) const MOBILE: &str = "^(1[3-9][0-9]{9})?$";
pub(super) const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// A blank value, as `str::trim` sees it: ECMA `\s` plus U+0085, which Rust
/// also counts as white space.
pub const BLANK: &str = "^[\\s\\u0085]*$";

/// A reference to the named schema of `components/schemas`.
pub fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

pub fn string() -> Value {
    json!({"type": "string"})
}

/// Text of at most `limit.max` characters as sent, at least `limit.min` once
/// trimmed; control characters (but newline and tab) are refused.
pub fn text(limit: Text) -> Value {
    let mut v = json!({"type": "string", "maxLength": limit.max});
    if limit.min > 0 {
        v["minLength"] = json!(limit.min);
    }
    v
}

/// A list of short names within `limit`, described with `what`.
pub(super) fn names(limit: List, what: &str) -> Value {
    let items = limit.items;
    json!({"type": "array", "items": text(Text::up_to(limit.item.max)),
        "description": format!("至多 {items} 个不同的非空{what}（空白项忽略，重复项合并）")})
}

pub fn pattern(p: &str) -> Value {
    json!({"type": "string", "pattern": p})
}

pub fn codes(list: Vec<&'static str>) -> Value {
    json!({"type": "string", "enum": list})
}

/// Chain (`software`) and segment (`software.iot`) codes.
pub fn chain_codes() -> Vec<&'static str> {
    let mut out = Vec::new();
    for (chain, _, segments) in CHAINS {
        out.push(*chain);
        out.extend(segments.iter().map(|(code, _)| *code));
    }
    out
}

pub(super) fn segment_codes() -> Vec<&'static str> {
    CHAINS
        .iter()
        .flat_map(|(_, _, segments)| segments.iter().map(|(code, _)| *code))
        .collect()
}

pub fn int(min: i64, max: i64) -> Value {
    json!({"type": "integer", "minimum": min, "maximum": max})
}

pub fn id() -> Value {
    json!({"type": "integer", "format": "int64"})
}

pub(super) fn count() -> Value {
    json!({"type": "integer", "minimum": 0})
}

pub(super) fn number() -> Value {
    json!({"type": "number"})
}

pub(super) fn boolean() -> Value {
    json!({"type": "boolean"})
}

pub(super) fn date() -> Value {
    json!({"type": "string", "format": "date"})
}

pub(super) fn date_time() -> Value {
    json!({"type": "string", "format": "date-time"})
}

pub fn array(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

/// `null` is taken as "not given" by every optional field of a request.
pub fn nullable(v: Value) -> Value {
    json!({"anyOf": [v, {"type": "null"}]})
}

/// A request body: unknown fields are refused (400), so none are allowed.
pub(super) fn request(props: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": props, "required": required,
           "additionalProperties": false})
}

/// A create request: the `required` fields may not be `null` either (the
/// service answers 400 "请填写…" for a missing or null one).
pub(super) fn create_request(mut props: Map<String, Value>, required: &[&str]) -> Value {
    for name in required {
        if let Some(v) = props.get_mut(*name)
            && let Some(inner) = v.get("anyOf").and_then(|a| a.get(0)).cloned()
        {
            *v = inner;
        }
    }
    request(Value::Object(props), required)
}

/// The fields of a `json!({...})` object, to add to or pass on.
pub(super) fn into_map(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// A response body: every listed field is always present, and no other is
/// (a field added to a view without being listed here fails
/// `tests/api/openapi_responses.rs`).
pub(super) fn view(props: Value) -> Value {
    let required: Vec<String> = props
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    closed(props, &required)
}

/// A response body with the listed fields, `required` always present, and
/// no other fields.
pub(super) fn closed<S: AsRef<str>>(props: Value, required: &[S]) -> Value {
    let required: Vec<&str> = required.iter().map(AsRef::as_ref).collect();
    json!({"type": "object", "properties": props, "required": required,
           "additionalProperties": false})
}

/// A response body of `base`'s fields and `more`'s. One object rather than
/// `allOf`: with `additionalProperties: false` on each part, `allOf` would
/// refuse every field of the other part.
pub(super) fn extended(base: &Value, more: &Value) -> Value {
    let mut out = base.clone();
    if let (Some(props), Some(extra)) = (
        out["properties"].as_object_mut(),
        more["properties"].as_object(),
    ) {
        props.extend(extra.clone());
    }
    if let (Some(required), Some(extra)) =
        (out["required"].as_array_mut(), more["required"].as_array())
    {
        required.extend(extra.iter().cloned());
    }
    out
}

/// `{"total": N, "items": [...]}`.
pub fn list_of(item: Value) -> Value {
    view(json!({"total": count(), "items": array(item)}))
}

pub fn components() -> Value {
    let mut all = super::requests::requests();
    if let (Some(target), Value::Object(more)) = (all.as_object_mut(), super::views::views()) {
        target.extend(more);
        target.extend(super::subsidy_claims::schemas());
        target.extend(super::referrals_awards::schemas());
        target.extend(super::organizations::schemas());
        target.extend(super::events::schemas());
    }
    all
}

/// The shared error responses, by status.
pub fn error_responses() -> Value {
    let mut out = Map::new();
    for (status, what) in [
        ("400", "输入有误（`invalid` 时带 `field`）"),
        ("401", "未登录、会话或令牌无效、账号已停用"),
        ("403", "无权操作"),
        ("404", "记录不存在或不在调用者的管辖范围内"),
        ("409", "版本过期、记录重复、名额已满或状态冲突"),
        ("410", "一次性链接已使用或已过期（带 `field`）"),
        ("413", "请求内容过大"),
        ("422", "内容无法处理"),
        ("429", "请求过于频繁；`Retry-After` 给出秒数"),
    ] {
        out.insert(
            format!("E{status}"),
            json!({"description": what, "content": {"application/json": {"schema": schema_ref("Error")}}}),
        );
    }
    Value::Object(out)
}
