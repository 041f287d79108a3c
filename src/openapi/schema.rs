//! Schemas of the document: request bodies with the bounds the validators
//! apply, the views the handlers answer with, and the error shape.

use chrono::Datelike;
use serde_json::{Map, Value, json};

use crate::domain::{
    ApplicationStatus, CHAINS, CapitalRange, ContactChannel, Education, Gender, IncubatorKind,
    IncubatorLevel, Intent, Need, OpeningKind, PipelineStatus, Role, Stage, Tier,
};
use crate::service::opening::write::{MAX_AREA_M2, MAX_RENT, MAX_UNITS};
use crate::service::project::input::MAX_INVESTMENT_WAN;

/// Any region code the parser accepts: province, city, county, township, village.
pub const REGION_CODE: &str = "^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$";
/// A township (9 digits) or village (12 digits) of 咸宁市.
const HOMETOWN_CODE: &str = "^4212[0-9]{5}([0-9]{3})?$";
/// A county of 咸宁市.
pub const CITY_COUNTY_CODE: &str = "^4212[0-9]{2}$";
/// A mobile number as stored; blank clears it.
const MOBILE: &str = "^(1[3-9][0-9]{9})?$";
const USERNAME: &str = "^[A-Za-z0-9_.@-]{3,64}$";
const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

pub fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

pub fn string() -> Value {
    json!({"type": "string"})
}

/// Text of at most `max` characters as sent, at least `min` once trimmed;
/// control characters (but newline and tab) are refused.
pub fn text(min: usize, max: usize) -> Value {
    let mut v = json!({"type": "string", "maxLength": max});
    if min > 0 {
        v["minLength"] = json!(min);
    }
    v
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

fn segment_codes() -> Vec<&'static str> {
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

fn count() -> Value {
    json!({"type": "integer", "minimum": 0})
}

fn number() -> Value {
    json!({"type": "number"})
}

fn boolean() -> Value {
    json!({"type": "boolean"})
}

fn date() -> Value {
    json!({"type": "string", "format": "date"})
}

fn date_time() -> Value {
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
fn request(props: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": props, "required": required,
           "additionalProperties": false})
}

/// A create request: the `required` fields may not be `null` either (the
/// service answers 400 "请填写…" for a missing or null one).
fn create_request(mut props: Map<String, Value>, required: &[&str]) -> Value {
    for name in required {
        if let Some(v) = props.get_mut(*name) {
            if let Some(inner) = v.get("anyOf").and_then(|a| a.get(0)).cloned() {
                *v = inner;
            }
        }
    }
    request(Value::Object(props), required)
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// A response body: every listed field is always present.
fn view(props: Value) -> Value {
    let required: Vec<String> = props
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    json!({"type": "object", "properties": props, "required": required})
}

/// `{"total": N, "items": [...]}`.
pub fn list_of(item: Value) -> Value {
    json!({"type": "object", "properties": {"total": count(), "items": array(item)},
           "required": ["total", "items"]})
}

fn profile_fields() -> Map<String, Value> {
    let year = chrono::Utc::now().year();
    let props = json!({
        "name": nullable(json!({"type": "string", "minLength": 1, "maxLength": 40,
            "description": "汉字、字母、空格、“·”、“-”、“'”；不以“·”开头或结尾"})),
        "gender": nullable(codes(Gender::codes())),
        "birth_year": nullable(int(1900, i64::from(year - 14))),
        "hometown_code": nullable(json!({"type": "string", "pattern": HOMETOWN_CODE,
            "description": "咸宁市的乡镇（9 位）或村（12 位）代码，须存在",
            "examples": ["421222100201", "421222100"]})),
        "residence_code": nullable(json!({"type": "string", "pattern": "^([0-9]{6})?$",
            "examples": ["440305"],
            "description": "现居地，全国任一县级代码，须存在；空串清除"})),
        "employer": nullable(text(0, 100)),
        "title": nullable(text(0, 60)),
        "education": nullable(codes(Education::codes())),
        "chains": nullable(array(codes(segment_codes()))),
        "expertise": nullable(text(0, 500)),
        "bio": nullable(text(0, 2000)),
        "intents": nullable(array(codes(Intent::codes()))),
        "capital_range": nullable(codes(CapitalRange::codes())),
        "mobile": nullable(json!({"type": "string", "pattern": MOBILE, "examples": ["13812345678"],
            "description": "11 位手机号；也接受 +86/0086 前缀、空格、连字符和全角数字，存为 11 位"})),
        "wechat": nullable(json!({"type": "string", "pattern": "^([A-Za-z0-9_-]{1,40})?$"})),
        "email": nullable(json!({"type": "string", "maxLength": 100,
            "pattern": "^([^@\\s]+@[^\\s.][^\\s]*\\.[^\\s]*)?$"})),
        "consent_match": nullable(boolean()),
        "consent_basis": nullable(text(0, 60)),
        "listed": nullable(boolean()),
        "tier": nullable(codes(Tier::codes())),
        "tags": nullable(json!({"type": "array", "items": text(0, 30),
            "description": "至多 20 个不同的非空标签（空白项忽略，重复项合并）"})),
    });
    props.as_object().cloned().unwrap_or_default()
}

fn with_version(mut props: Map<String, Value>, required: bool) -> Value {
    let version = json!({"type": "integer", "minimum": i32::MIN, "maximum": i32::MAX,
        "description": "修改前读取到的 version；过期时 409 stale_version"});
    props.insert(
        "version".into(),
        if required { version } else { nullable(version) },
    );
    Value::Object(props)
}

fn project_fields() -> Map<String, Value> {
    json!({
        "title": nullable(text(2, 100)),
        "segment": nullable(codes(segment_codes())),
        "description": nullable(text(0, 5000)),
        "needs": nullable(array(codes(Need::codes()))),
        "county_code": nullable(json!({"type": "string", "pattern": CITY_COUNTY_CODE, "examples": ["421222"]})),
        "park": nullable(text(0, 50)),
        "investment_wan": nullable(int(0, MAX_INVESTMENT_WAN)),
        "stage": nullable(codes(Stage::codes())),
        "target_companies": nullable(json!({"type": "array", "items": text(0, 50),
            "description": "至多 20 个不同的非空名称（空白项忽略，重复项合并）"})),
    })
    .as_object()
    .cloned()
    .unwrap_or_default()
}

fn incubator_fields() -> Map<String, Value> {
    let levels = [IncubatorLevel::codes(), vec![""]].concat();
    json!({
        "name": nullable(text(2, 60)),
        "kind": nullable(codes(IncubatorKind::codes())),
        "level": nullable(json!({"type": "string", "enum": levels,
            "description": "空串表示未评级"})),
        "county_code": nullable(json!({"type": "string", "pattern": CITY_COUNTY_CODE, "examples": ["421222"]})),
        "park": nullable(text(0, 50)),
        "address": nullable(text(0, 200)),
        "chains": nullable(array(codes(chain_codes()))),
    })
    .as_object()
    .cloned()
    .unwrap_or_default()
}

fn opening_fields() -> Value {
    json!({
        "kind": nullable(codes(OpeningKind::codes())),
        "title": nullable(text(2, 60)),
        "area_m2": nullable(json!({"type": "number", "minimum": 1, "maximum": MAX_AREA_M2})),
        "units": nullable(int(1, MAX_UNITS)),
        "monthly_rent": nullable(json!({"type": "number", "minimum": 0, "maximum": MAX_RENT})),
        "available_from": nullable(json!({"type": "string", "format": "date", "pattern": DATE,
            "description": "2000-01-01 至 2100-12-31"})),
        "chains": nullable(array(codes(chain_codes()))),
        "subsidy_eligible": nullable(boolean()),
    })
}

fn requests() -> Value {
    let profile_create = create_request(profile_fields(), &["name", "hometown_code"]);
    let password = json!({"type": "string", "minLength": 8, "maxLength": 128,
        "description": "8–128 个字符，不能是常见密码"});
    let association = json!({
        "region_code": nullable(json!({"type": "string", "pattern": HOMETOWN_CODE,
            "examples": ["421222100201"]})),
        "name": nullable(text(1, 60)),
        "founded_on": nullable(json!({"type": "string", "format": "date", "description": "不晚于今天"})),
        "head": nullable(text(0, 40)),
        "member_count": nullable(int(0, 100_000)),
    });
    json!({
        "LoginReq": request(json!({"username": string(), "password": string()}),
            &["username", "password"]),
        "PasswordReq": request(json!({"current": string(), "new": password}), &["current", "new"]),
        "RegisterReq": request(json!({
            "username": pattern(USERNAME),
            "password": password,
            "name": profile_create["properties"]["name"],
            "hometown_code": profile_create["properties"]["hometown_code"],
            "mobile": profile_fields()["mobile"],
        }), &["username", "password", "name", "hometown_code"]),
        "TokenReq": request(json!({"name": text(1, 60)}), &["name"]),
        "CreateUserReq": request(json!({
            "username": pattern(USERNAME),
            "password": password,
            "role": codes(Role::codes()),
            "scope": nullable(pattern(REGION_CODE)),
            "incubator_id": nullable(id()),
            "display_name": nullable(string()),
        }), &["username", "password", "role"]),
        "UpdateUserReq": request(json!({
            "disabled": nullable(boolean()),
            "password": nullable(password),
            "role": nullable(codes(Role::codes())),
            "scope": nullable(pattern(REGION_CODE)),
            "incubator_id": nullable(id()),
            "display_name": nullable(string()),
        }), &[]),
        "ProfileCreateReq": profile_create,
        "ProfileUpdateReq": request(with_version(profile_fields(), true), &["version"]),
        "RevealReq": request(json!({"purpose": text(2, 200)}), &["purpose"]),
        "ConsentReq": request(json!({"consent_match": boolean(), "basis": nullable(text(0, 60))}),
            &["consent_match"]),
        "MergeReq": request(json!({"into": id()}), &["into"]),
        "ClaimReq": request(json!({"code": {"type": "string",
            "description": "10 位字母和数字，可带分隔符"}}), &["code"]),
        "AssociationCreateReq": create_request(obj(association.clone()), &["region_code", "name"]),
        "AssociationUpdateReq": request(association, &[]),
        "ProjectCreateReq": create_request(project_fields(), &["title", "segment", "county_code"]),
        "ProjectUpdateReq": request(with_version(project_fields(), true), &["version"]),
        "IncubatorCreateReq": create_request(incubator_fields(), &["name", "kind", "county_code"]),
        "IncubatorUpdateReq": request(with_version(incubator_fields(), false), &[]),
        "OpeningCreateReq": create_request(obj(opening_fields()),
            &["kind", "title", "area_m2", "units", "monthly_rent"]),
        "OpeningUpdateReq": request(opening_fields(), &[]),
        "ApplyReq": request(json!({
            "plan": text(1, 2000),
            "team_size": nullable(int(1, 1000)),
            "area_needed_m2": nullable(json!({"type": "number", "exclusiveMinimum": 0,
                "maximum": MAX_AREA_M2})),
        }), &["plan"]),
        "DecideReq": request(json!({
            "status": codes(ApplicationStatus::codes()),
            "note": nullable(text(0, 1000)),
        }), &["status"]),
        "ShortlistReq": request(json!({"profile_id": id()}), &["profile_id"]),
        "PipelineUpdateReq": request(json!({
            "status": nullable(codes(PipelineStatus::codes())),
            "note": nullable(text(0, 2000)),
            "assigned_to": nullable(id()),
        }), &[]),
        "ContactReq": request(json!({
            "channel": codes(ContactChannel::codes()),
            "summary": text(1, 1000),
            "at": nullable(json!({"anyOf": [
                {"type": "string", "format": "date", "pattern": DATE,
                 "description": "不早于 2000-01-01，不晚于今天"},
                {"type": "string", "maxLength": 0, "description": "空串：今天"}]})),
        }), &["channel", "summary"]),
    })
}

fn views() -> Value {
    let ns = || nullable(string());
    let ni = || nullable(id());
    let nt = || nullable(date_time());
    let strings = || array(string());
    let yuan = || json!({"type": "number", "minimum": 0, "description": "元，至多两位小数"});
    let estimate = json!({"type": "object", "properties": {
        "monthly_fees": yuan(), "monthly_subsidy": yuan(), "total_subsidy": yuan(),
        "rate": number(), "annual_cap": yuan(), "max_months": count(),
        "guarantee_fee_max_rate": number(),
        "years": array(view(json!({"year": count(), "months": count(), "fees": yuan(),
            "subsidy": yuan(), "capped": boolean()}))),
    }, "required": ["monthly_fees", "monthly_subsidy", "total_subsidy", "years", "rate",
                    "annual_cap", "max_months", "guarantee_fee_max_rate"]});
    let region = view(json!({"code": string(), "name": string(),
        "level": codes(vec!["province", "city", "county", "township", "village"]),
        "parent_code": ns()}));
    let coverage_row = view(json!({"code": string(), "name": string(), "villages": count(),
        "villages_with_association": count(), "townships": count(),
        "townships_with_association": count(), "villages_without_profiles": count(),
        "profiles": count(), "verified": count(), "consented": count(), "stale": count()}));
    json!({
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["code", "message"], "properties": {
                "code": {"type": "string", "examples": ["invalid", "bad_request", "unauthorized",
                    "forbidden", "not_found", "stale_version", "duplicate", "no_units",
                    "too_large", "too_many_requests"]},
                "message": string(),
                "field": {"type": "string", "description": "400 invalid 时：出错的字段"},
            }}}},
        "User": view(json!({"id": id(), "username": string(), "display_name": string(),
            "role": codes(Role::codes()), "scope": ns(), "scope_name": ns(),
            "incubator_id": ni(), "profile_id": ni(), "disabled": boolean(),
            "created_at": date_time()})),
        "UserEnvelope": view(json!({"user": r("User")})),
        "Token": view(json!({"id": id(), "name": string(), "created_at": date_time()})),
        "NewToken": view(json!({"id": id(), "name": string(), "token": string(),
            "created_at": date_time()})),
        "Region": region,
        "RegionDetail": {"allOf": [r("Region"), view(json!({"path": array(r("Region")),
            "full_name": string()}))]},
        "Chain": view(json!({"code": string(), "name": string(),
            "segments": array(view(json!({"code": string(), "name": string(), "chain": string()})))})),
        "AuditEvent": {"type": "object", "required": ["id", "action", "entity"],
            "properties": {"id": id(), "action": string(), "entity": string()}},
        "Profile": view(json!({"id": id(), "name": string(), "gender": ns(),
            "birth_year": nullable(json!({"type": "integer"})), "hometown_code": string(),
            "hometown": string(), "county_code": string(), "residence_code": ns(),
            "residence": ns(), "employer": string(), "title": string(), "education": ns(),
            "chains": strings(), "expertise": string(), "bio": string(), "intents": strings(),
            "capital_range": ns(), "mobile": ns(), "wechat": ns(), "email": ns(),
            "contacts_masked": boolean(), "consent_match": boolean(), "consent_basis": ns(),
            "consent_at": nt(), "consent_by": ni(), "listed": boolean(),
            "tier": codes(Tier::codes()), "verified": boolean(), "verified_at": nt(),
            "last_confirmed_at": nt(), "tags": strings(), "claimed": boolean(),
            "version": json!({"type": "integer"}), "created_by": ni(), "updated_by": ni(),
            "created_at": date_time(), "updated_at": date_time()})),
        "Registered": view(json!({"user": r("User"), "profile": r("Profile")})),
        "Contacts": view(json!({"id": id(), "name": string(), "mobile": ns(), "wechat": ns(),
            "email": ns()})),
        "ClaimCode": view(json!({"profile_id": id(), "code": string(), "expires_at": date_time()})),
        "SearchResult": view(json!({"total": count(), "page": count(), "per_page": count(),
            "items": array(json!({"type": "object", "required": ["id", "name", "hometown", "chains",
                "score", "highlights"], "properties": {"id": id(), "name": string(),
                "hometown": string(), "hometown_code": string(), "chains": strings(),
                "employer": string(), "title": string(), "tier": string(),
                "verified": boolean(), "consent_match": boolean(), "score": number(),
                "highlights": array(json!({}))}})),
            "facets": {"type": "object", "required": ["chain", "county"]}})),
        "ImportReport": view(json!({"rows": count(), "created": count(), "updated": count(),
            "rejected": count(),
            "duplicates": array(view(json!({"row": count(), "name": string(),
                "existing_id": ni(), "kind": string(), "reason": string()}))),
            "errors": array(view(json!({"row": count(), "column": string(), "message": string()}))),
            "warnings": strings(), "dry_run": boolean(), "written": boolean()})),
        "Association": view(json!({"id": id(), "region_code": string(), "region": string(),
            "kind": codes(vec!["village_association", "township_federation"]),
            "kind_label": string(), "name": string(), "founded_on": nullable(date()),
            "head": string(), "member_count": count(), "created_at": date_time(),
            "updated_at": date_time()})),
        "Coverage": view(json!({"region": coverage_row.clone(), "total": count(),
            "items": array(coverage_row)})),
        "Notice": {"type": "object", "required": ["id"], "properties": {"id": id()}},
        "Project": view(json!({"id": id(), "title": string(), "segment": string(),
            "segment_name": string(), "chain": string(), "description": string(),
            "needs": strings(), "county_code": string(), "county": string(), "park": string(),
            "investment_wan": {"type": "integer"}, "stage": codes(Stage::codes()),
            "stage_label": string(), "target_companies": strings(), "owner_user_id": ni(),
            "version": {"type": "integer"}, "created_by": ni(), "created_at": date_time(),
            "updated_at": date_time()})),
        "Pipeline": view(json!({"id": id(), "project_id": id(), "project_title": string(),
            "county_code": string(), "profile_id": id(), "profile_name": string(),
            "status": codes(PipelineStatus::codes()), "status_label": string(),
            "next_statuses": array(codes(PipelineStatus::codes())), "note": string(),
            "assigned_to": ni(), "last_contact_at": nt(),
            "days_since_contact": {"type": "integer"}, "stalled": boolean(),
            "active_asks": count(), "created_by": ni(), "created_at": date_time(),
            "updated_at": date_time()})),
        "Contact": {"type": "object", "required": ["id", "channel", "summary", "channel_label"],
            "properties": {"id": id(), "channel": codes(ContactChannel::codes()),
                "summary": string(), "channel_label": string()}},
        "PipelineDetail": {"allOf": [r("Pipeline"), view(json!({"contacts": array(r("Contact"))}))]},
        "Incubator": view(json!({"id": id(), "name": string(),
            "kind": codes(IncubatorKind::codes()), "kind_label": string(),
            "level": nullable(codes(IncubatorLevel::codes())), "level_label": ns(),
            "county_code": string(), "county": string(), "park": string(),
            "address": string(), "chains": strings(), "version": {"type": "integer"},
            "created_by": ni(), "created_at": date_time(), "updated_at": date_time()})),
        "SubsidyEstimate": estimate,
        "Opening": view(json!({"id": id(), "incubator_id": id(), "incubator": string(),
            "county_code": string(), "county": string(), "park": string(),
            "kind": codes(OpeningKind::codes()), "kind_label": string(), "title": string(),
            "area_m2": number(), "units": {"type": "integer"},
            "units_available": {"type": "integer"}, "monthly_rent": number(),
            "available_from": date(), "chains": strings(), "subsidy_eligible": boolean(),
            "subsidy_estimate": nullable(r("SubsidyEstimate")),
            "created_at": date_time(), "updated_at": date_time()})),
        "Application": view(json!({"id": id(), "opening_id": id(), "opening_title": string(),
            "incubator_id": id(), "incubator": string(), "county_code": string(),
            "founder_user_id": id(), "founder_name": string(), "profile_id": ni(),
            "plan": string(), "team_size": {"type": "integer"}, "area_needed_m2": number(),
            "status": codes(ApplicationStatus::codes()), "status_label": string(),
            "next_statuses": array(codes(ApplicationStatus::codes())), "note": string(),
            "decided_by": ni(), "subsidy_qualifies": boolean(), "subsidy_reason": string(),
            "subsidy_estimate": nullable(r("SubsidyEstimate")), "created_at": date_time(),
            "updated_at": date_time()})),
        "ProjectMatches": list_of(view(json!({"profile_id": id(), "name": string(),
            "score": number(),
            "parts": view(json!({"text": number(), "chain": number(), "hometown": number(),
                "employer": number(), "capital": number(), "intent": number(),
                "standing": number(), "verified": number()})),
            "reasons": strings(), "missing": strings(), "active_asks": count(),
            "hometown": string(), "hometown_code": string(), "employer": string(),
            "title": string(), "tier": string(), "verified": boolean(), "chains": strings()}))),
        "ProfileMatches": {"allOf": [list_of(view(json!({"project_id": id(), "title": string(),
            "score": number(), "parts": {"type": "object"}, "reasons": strings(),
            "missing": strings(), "segment": string(), "county_code": string(),
            "county": string(), "stage": string()}))),
            {"type": "object", "properties": {"notice": string()}}]},
        "OpeningMatches": list_of(view(json!({"opening_id": id(), "title": string(),
            "incubator": string(), "incubator_id": id(), "score": number(),
            "parts": view(json!({"chain": number(), "county": number(), "space": number(),
                "rent": number(), "available": number(), "subsidy": number()})),
            "reasons": strings(), "missing": strings(),
            "subsidy_estimate": nullable(r("SubsidyEstimate")), "kind": string(),
            "area_m2": number(), "monthly_rent": number(), "available_from": date(),
            "county_code": string(), "county": string()}))),
        "MyData": {"type": "object", "description": "本人账号、档案、申请等全部数据"},
    })
}

pub fn components() -> Value {
    let mut all = requests();
    if let (Some(target), Value::Object(more)) = (all.as_object_mut(), views()) {
        target.extend(more);
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
        ("413", "请求内容过大"),
        ("422", "内容无法处理"),
        ("429", "请求过于频繁；`Retry-After` 给出秒数"),
    ] {
        out.insert(
            format!("E{status}"),
            json!({"description": what, "content": {"application/json": {"schema": r("Error")}}}),
        );
    }
    Value::Object(out)
}
