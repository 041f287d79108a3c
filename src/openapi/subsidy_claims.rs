//! The operations and schemas of enterprises and monthly subsidy claims
//! (专栏4-2), kept apart so the rest of the document is untouched.

use serde_json::{Map, Value, json};

use super::paths::{Op, blank_ok, op, query_param};
use super::schema::{
    array, boolean, codes, count, create_request, date_time, id, into_map, list_of, nullable,
    request, schema_ref, string, text, view,
};
use crate::domain::limits::subsidy;
use crate::domain::money::MAX_YUAN;
use crate::service::subsidy_claim::{APPROVED, REJECTED, SUBMITTED};

/// The characters of a 统一社会信用代码 (GB 32100-2015), 18 of them.
const CREDIT_CODE: &str = "^[0-9A-HJ-NP-RTUW-Y]{18}$";
const MONTH: &str = "^[0-9]{4}-(0[1-9]|1[0-2])$";

fn month() -> Value {
    json!({"type": "string", "pattern": MONTH, "examples": ["2026-11"]})
}

fn required_query(name: &str, schema: Value, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": true, "schema": schema,
           "description": description})
}

/// Every operation of `src/routes/api/subsidy_claims.rs`.
pub(super) fn operations() -> Vec<Op> {
    vec![
        op(
            "post",
            "/enterprises",
            "subsidy",
            "登记企业（已录用申请的创业者本人）",
        )
        .json("EnterpriseReq")
        .ok(201, schema_ref("Enterprise")),
        op(
            "get",
            "/enterprises",
            "subsidy",
            "调用者可见的企业（本人、本县、全部）",
        )
        .ok(200, list_of(schema_ref("Enterprise"))),
        op(
            "post",
            "/subsidy/claims",
            "subsidy",
            "按月申领场租补贴（企业创办人）",
        )
        .json("SubsidyClaimReq")
        .ok(201, schema_ref("SubsidyClaim")),
        op("get", "/subsidy/claims", "subsidy", "调用者可见的补贴申领")
            .query(vec![
                query_param("enterprise_id", id(), "企业 id"),
                query_param(
                    "status",
                    blank_ok(codes(vec![SUBMITTED, APPROVED, REJECTED])),
                    "状态",
                ),
            ])
            .ok(200, list_of(schema_ref("SubsidyClaim"))),
        op(
            "patch",
            "/subsidy/claims/{id}",
            "subsidy",
            "审核补贴申领（本县工作人员）；已审核为 409",
        )
        .json("SubsidyDecideReq")
        .ok(200, schema_ref("SubsidyClaim")),
        op(
            "get",
            "/subsidy/ledger/{enterprise_id}",
            "subsidy",
            "企业补贴台账",
        )
        .ok(200, schema_ref("SubsidyLedger")),
        op(
            "get",
            "/subsidy/report",
            "subsidy",
            "县（市、区）月度补贴发放表（xlsx，供财政部门）",
        )
        .query(vec![
            required_query(
                "county",
                json!({"type": "string", "pattern": "^[0-9]{6}$", "examples": ["421222"]}),
                "县（市、区）区划代码",
            ),
            required_query("month", month(), "月份 YYYY-MM"),
        ])
        .file(),
    ]
}

/// Request and response schemas.
pub(super) fn schemas() -> Map<String, Value> {
    let yuan = || json!({"type": "number", "minimum": 0, "description": "元，至多两位小数"});
    let amount = || {
        json!({"anyOf": [
            {"type": "number", "minimum": 0, "maximum": MAX_YUAN, "multipleOf": 0.01},
            {"type": "string", "pattern": "^[0-9]{1,8}(\\.[0-9]{1,2})?$"},
        ], "description": "元，至多两位小数"})
    };
    let claim_props = into_map(json!({
        "enterprise_id": id(), "month": month(), "property": amount(),
        "sanitation": amount(), "rent": amount(), "utilities": amount(),
    }));
    let enterprise_props = into_map(json!({
        "name": text(subsidy::ENTERPRISE_NAME),
        "credit_code": {"type": "string", "pattern": CREDIT_CODE,
                        "examples": ["91421222MA4F3K2L3M"]},
        "first_business": boolean(),
        "application_id": id(),
    }));
    let statuses = || codes(vec![SUBMITTED, APPROVED, REJECTED]);
    into_map(json!({
        "EnterpriseReq": create_request(enterprise_props,
            &["name", "credit_code", "first_business", "application_id"]),
        "SubsidyClaimReq": create_request(claim_props,
            &["enterprise_id", "month", "property", "sanitation", "rent", "utilities"]),
        "SubsidyDecideReq": request(json!({
            "status": codes(vec![APPROVED, REJECTED]),
            "note": nullable(text(subsidy::DECISION_NOTE)),
        }), &["status"]),
        "Enterprise": view(json!({
            "id": id(), "name": string(), "credit_code": string(), "first_business": boolean(),
            "application_id": id(), "founder_user_id": id(), "incubator_id": id(),
            "incubator": string(), "county_code": string(), "created_at": date_time(),
        })),
        "SubsidyClaim": view(json!({
            "id": id(), "enterprise_id": id(), "enterprise": string(), "month": string(),
            "property": yuan(), "sanitation": yuan(), "rent": yuan(), "utilities": yuan(),
            "total": yuan(), "subsidy": yuan(), "status": statuses(), "status_label": string(),
            "note": string(), "decided_by": nullable(id()), "decided_at": nullable(date_time()),
            "created_at": date_time(),
        })),
        "SubsidyLedger": view(json!({
            "enterprise_id": id(), "paid_total": yuan(),
            "months": array(view(json!({
                "month": string(), "claimed": yuan(), "subsidy": yuan(), "status": statuses(),
                "subsidy_year": nullable(count()), "year_paid": yuan(),
            }))),
            "remaining_this_year": yuan(), "months_left": count(),
        })),
    }))
}
