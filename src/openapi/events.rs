//! The operations and schemas of 乡情返乡活动 and 创业培训 (events, invitations,
//! check-in and the public RSVP link), kept apart like the subsidy claims.

use serde_json::{Map, Value, json};

use super::paths::{Op, blank_ok, op, query_param};
use super::schema::{
    REGION_CODE, array, boolean, chain_codes, codes, count, create_request, date_time, id, int,
    into_map, list_of, nullable, request, schema_ref, string, text, view,
};
use crate::domain::limits::event::{MAX_CAPACITY, PLACE, PROVIDER, TITLE};
use crate::domain::{CapitalRange, EventKind, Intent};
use crate::service::event::STATUSES;

/// A region of 咸宁市 where an event may be held: the city, a county, a township or a village.
const EVENT_REGION: &str = "^4212([0-9]{2}([0-9]{3}([0-9]{3})?)?)?$";

/// Every operation of `src/routes/api/events.rs`.
pub(super) fn operations() -> Vec<Op> {
    vec![
        op(
            "post",
            "/events",
            "events",
            "新建活动（本地区工作人员；组织者限本乡镇、本村）",
        )
        .json("EventReq")
        .ok(201, schema_ref("Event")),
        op(
            "get",
            "/events",
            "events",
            "调用者所辖地区的活动，将要举行的在前",
        )
        .query(vec![
            query_param("kind", blank_ok(codes(EventKind::codes())), "活动类型"),
            query_param(
                "when",
                blank_ok(codes(vec!["upcoming", "past"])),
                "将要举行或已举行",
            ),
        ])
        .ok(200, list_of(schema_ref("Event"))),
        op("get", "/events/{id}", "events", "一场活动及各状态人数").ok(200, schema_ref("Event")),
        op(
            "patch",
            "/events/{id}",
            "events",
            "修改活动；须带 version，过期为 409",
        )
        .json("EventUpdateReq")
        .ok(200, schema_ref("Event")),
        op(
            "post",
            "/events/{id}/invitations",
            "events",
            "按档案检索条件（与 GET /profiles 相同）或档案编号邀请；已邀请的不重复，列在 skipped",
        )
        .json("InviteReq")
        .ok(200, schema_ref("InviteReport")),
        op(
            "get",
            "/events/{id}/invitations",
            "events",
            "活动的邀请名单（联系方式已脱敏）",
        )
        .query(vec![query_param(
            "status",
            blank_ok(codes(STATUSES.to_vec())),
            "状态",
        )])
        .ok(200, list_of(schema_ref("Invitation"))),
        op(
            "post",
            "/events/{id}/checkin",
            "events",
            "现场签到：按档案编号或邀请二维码",
        )
        .json("CheckinReq")
        .ok(200, schema_ref("Invitation")),
        op(
            "post",
            "/rsvp/{token}",
            "events",
            "凭个人邀请链接回复是否参加（无需登录，只能用一次）",
        )
        .public()
        .gone()
        .json("RsvpReq")
        .ok(200, schema_ref("Rsvp")),
    ]
}

fn filters() -> Value {
    let empty_or = |v: Value| nullable(json!({"anyOf": [v, {"type": "string", "maxLength": 0}]}));
    request(
        json!({
            "q": nullable(string()),
            "region": empty_or(json!({"type": "string", "pattern": REGION_CODE})),
            "chain": empty_or(codes(chain_codes())),
            "intent": empty_or(codes(Intent::codes())),
            "capital": empty_or(codes(CapitalRange::codes())),
            "verified": nullable(boolean()),
        }),
        &[],
    )
}

/// Request and response schemas.
pub(super) fn schemas() -> Map<String, Value> {
    let event_props = into_map(json!({
        "kind": codes(EventKind::codes()),
        "title": text(TITLE),
        "region_code": {"type": "string", "pattern": EVENT_REGION, "examples": ["421222"]},
        "starts_at": {"type": "string", "format": "date-time",
                      "description": "带时区，如 2027-02-10T09:30:00+08:00；须晚于现在",
                      "examples": ["2030-02-10T09:30:00+08:00"]},
        "place": text(PLACE),
        "capacity": int(1, i64::from(MAX_CAPACITY)),
        "provider": nullable(text(PROVIDER)),
    }));
    let mut update_props = Map::new();
    for (k, v) in &event_props {
        update_props.insert(k.clone(), nullable(v.clone()));
    }
    update_props.insert(
        "version".into(),
        json!({"type": "integer", "format": "int32"}),
    );
    let statuses = || codes(STATUSES.to_vec());
    let time = || nullable(date_time());
    into_map(json!({
        "EventReq": create_request(event_props,
            &["kind", "title", "region_code", "starts_at", "place", "capacity"]),
        "EventUpdateReq": request(Value::Object(update_props), &["version"]),
        "InviteReq": request(json!({
            "filters": nullable(filters()),
            "profile_ids": nullable(json!({"type": "array", "items": id(), "minItems": 1})),
        }), &[]),
        "CheckinReq": request(json!({
            "profile_id": nullable(id()),
            "token": nullable(json!({"type": "string", "maxLength": 100})),
        }), &[]),
        "RsvpReq": request(json!({"answer": codes(vec!["accept", "decline"])}), &["answer"]),
        "Event": view(json!({
            "id": id(), "kind": codes(EventKind::codes()), "kind_label": string(),
            "title": string(), "region_code": string(), "region": string(),
            "starts_at": date_time(), "place": string(), "capacity": count(),
            "provider": string(), "past": boolean(),
            "counts": view(json!({"invited": count(), "accepted": count(), "waitlisted": count(),
                                  "declined": count(), "attended": count()})),
            "version": count(), "created_at": date_time(), "updated_at": date_time(),
        })),
        "Invitation": view(json!({
            "id": id(), "event_id": id(), "profile_id": id(), "name": string(),
            "hometown": string(), "mobile": nullable(string()), "status": statuses(),
            "status_label": string(), "answered_at": time(), "attended_at": time(),
            "created_at": date_time(),
        })),
        "InviteReport": view(json!({
            "invited": count(), "invitation_ids": array(id()),
            "skipped": array(view(json!({
                "profile_id": id(),
                "reason": codes(vec!["already_invited", "no_consent", "unlisted", "not_found"]),
                "reason_label": string(),
            }))),
        })),
        "Rsvp": view(json!({
            "title": string(), "kind": codes(EventKind::codes()), "kind_label": string(),
            "starts_at": date_time(), "place": string(), "provider": string(),
            "status": statuses(), "status_label": string(), "open": boolean(),
        })),
    }))
}
