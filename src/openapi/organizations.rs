//! The operations and schemas of 乡贤社团 (organisations and their members)
//! and of the 返乡创业综合服务中心 (service requests).

use serde_json::{Map, Value, json};

use super::paths::{Op, blank_ok, op, query_param};
use super::schema::{
    CITY_COUNTY_CODE, boolean, codes, count, create_request, date, date_time, id, int, into_map,
    list_of, nullable, request, schema_ref, string, text, view,
};
use crate::domain::limits::{organization, service_request};
use crate::domain::{OrgKind, OrgRole, ServiceKind, ServiceStatus};

const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
/// The city, a county or a township of 咸宁市.
const ORG_REGION: &str = "^4212([0-9]{2}([0-9]{3})?)?$";

/// A date not after today; blank is "not given" (the pages send empty boxes).
fn day() -> Value {
    blank_ok(
        json!({"type": "string", "pattern": DATE, "examples": ["2024-03-15"],
           "description": "YYYY-MM-DD，不晚于今天；空白为不填"}),
    )
}

/// Every operation of `src/routes/api/organizations.rs` and `service_requests.rs`.
pub(super) fn operations() -> Vec<Op> {
    vec![
        op(
            "post",
            "/organizations",
            "organizations",
            "登记乡贤社团（辖区内）",
        )
        .json("OrganizationCreateReq")
        .ok(201, schema_ref("Organization")),
        op(
            "get",
            "/organizations",
            "organizations",
            "调用者可见的乡贤社团：辖区内及上级地区的（不分页）",
        )
        .query(vec![
            query_param(
                "region",
                blank_ok(json!({"type": "string", "pattern": "^[0-9]{2,12}$"})),
                "所在地区代码（含下级）",
            ),
            query_param("kind", blank_ok(codes(OrgKind::codes())), "类别"),
            query_param(
                "profile",
                id(),
                "只列该乡贤档案所在的社团（调用者看不到的档案为 404）",
            ),
        ])
        .ok(200, list_of(schema_ref("Organization"))),
        op(
            "get",
            "/organizations/{id}",
            "organizations",
            "一个乡贤社团",
        )
        .ok(200, schema_ref("Organization")),
        op(
            "patch",
            "/organizations/{id}",
            "organizations",
            "修改乡贤社团（所在地区不能改；version 过期为 409）",
        )
        .json("OrganizationUpdateReq")
        .ok(200, schema_ref("Organization")),
        op(
            "delete",
            "/organizations/{id}",
            "organizations",
            "删除乡贤社团及其成员名单",
        )
        .no_content(),
        op(
            "post",
            "/organizations/{id}/members",
            "organizations",
            "添加成员（调用者可查看的档案；同一人重复为 409）",
        )
        .json("MemberReq")
        .ok(201, schema_ref("Member")),
        op(
            "get",
            "/organizations/{id}/members",
            "organizations",
            "成员名单（只含调用者可查看的档案）",
        )
        .ok(200, list_of(schema_ref("Member"))),
        op(
            "delete",
            "/organizations/{id}/members/{profile_id}",
            "organizations",
            "移出成员",
        )
        .no_content(),
        op(
            "post",
            "/service-requests",
            "service",
            "提交创业服务申请（创业者本人）",
        )
        .json("ServiceRequestReq")
        .ok(201, schema_ref("ServiceRequest")),
        op(
            "get",
            "/service-requests",
            "service",
            "调用者可见的服务申请（本人、本县、全部）",
        )
        .query(vec![
            query_param("status", blank_ok(codes(ServiceStatus::codes())), "状态"),
            query_param("overdue", boolean(), "true：只列已超期未办结的"),
        ])
        .ok(200, list_of(schema_ref("ServiceRequest"))),
        op(
            "patch",
            "/service-requests/{id}",
            "service",
            "工作人员受理、办结或不予受理（附意见）；申请人评价（1–5）或撤回",
        )
        .json("ServiceRequestUpdateReq")
        .ok(200, schema_ref("ServiceRequest")),
    ]
}

/// Request and response schemas.
pub(super) fn schemas() -> Map<String, Value> {
    let org = into_map(json!({
        "kind": nullable(codes(OrgKind::codes())),
        "name": nullable(text(organization::NAME)),
        "region_code": nullable(json!({"type": "string", "pattern": ORG_REGION,
            "examples": ["4212", "421222"], "description": "咸宁市、县或乡镇代码，须存在"})),
        "founded_on": nullable(day()),
        "note": nullable(text(organization::NOTE)),
    }));
    let mut update = org.clone();
    update.remove("region_code");
    update.insert("version".into(), nullable(int(1, i64::from(i32::MAX))));
    into_map(json!({
        "OrganizationCreateReq": create_request(org, &["kind", "name", "region_code"]),
        "OrganizationUpdateReq": request(Value::Object(update), &[]),
        "MemberReq": create_request(into_map(json!({
            "profile_id": id(),
            "role": nullable(codes(OrgRole::codes())),
            "since": nullable(day()),
        })), &["profile_id"]),
        "Organization": view(json!({
            "id": id(), "kind": codes(OrgKind::codes()), "kind_label": string(),
            "name": string(), "region_code": string(), "region": string(),
            "founded_on": nullable(date()), "note": string(), "member_count": count(),
            "version": count(), "created_at": date_time(), "updated_at": date_time(),
        })),
        "Member": view(json!({
            "profile_id": id(), "name": string(), "hometown": string(),
            "role": codes(OrgRole::codes()), "role_label": string(),
            "since": nullable(date()), "created_at": date_time(),
        })),
        "ServiceRequestReq": create_request(into_map(json!({
            "kind": codes(ServiceKind::codes()),
            "summary": text(service_request::SUMMARY),
            "region_code": nullable(blank_ok(json!({"type": "string", "pattern": CITY_COUNTY_CODE,
                "description": "办理县（市、区）；不填（或空白）则按入驻孵化载体或籍贯所在县"}))),
        })), &["kind", "summary"]),
        "ServiceRequestUpdateReq": request(json!({
            "status": nullable(codes(ServiceStatus::codes())),
            "note": nullable(text(service_request::NOTE)),
            "rating": nullable(int(1, 5)),
        }), &[]),
        "ServiceRequest": view(json!({
            "id": id(), "kind": codes(ServiceKind::codes()), "kind_label": string(),
            "summary": string(), "status": codes(ServiceStatus::codes()),
            "status_label": string(), "county_code": string(), "county": string(),
            "founder_user_id": id(), "founder_name": string(), "note": string(),
            "handled_by": nullable(id()), "handled_at": nullable(date_time()),
            "rating": nullable(int(1, 5)), "rated_at": nullable(date_time()),
            "submitted_at": date_time(), "due_on": date(), "overdue": boolean(),
            "updated_at": date_time(),
        })),
    }))
}
