//! The operations and schemas of 以商招商 referrals, the chain map (招商图谱)
//! and the 优秀乡贤企业 ranking.

use serde_json::{Map, Value, json};

use super::paths::{Op, op, paging, query_param};
use super::schema::{
    array, boolean, codes, count, create_request, date_time, id, int, into_map, list_of, nullable,
    number, schema_ref, segment_codes, string, text, view,
};
use crate::domain::limits::referral;
use crate::domain::{CHAINS, Stage};
use crate::service::referral::{COMPANY, PROFILE};

fn year() -> Value {
    query_param("year", int(2000, 2100), "年度（默认今年）")
}

/// Every operation of `referrals.rs`, `chains.rs` (the map) and `awards.rs`.
pub(super) fn operations() -> Vec<Op> {
    let mut list = vec![
        query_param("project", id(), "项目 id"),
        query_param("profile", id(), "引荐的乡贤档案 id"),
        query_param("credited", boolean(), "只看已计入（项目已落地）的引荐"),
    ];
    list.extend(paging());
    vec![
        op(
            "post",
            "/referrals",
            "referrals",
            "登记以商招商引荐：引荐人为乡贤（profile_id）或企业（company）",
        )
        .json("ReferralReq")
        .ok(201, schema_ref("Referral")),
        op(
            "get",
            "/referrals",
            "referrals",
            "调用者可见项目上的引荐记录",
        )
        .query(list)
        .ok(200, list_of(schema_ref("Referral"))),
        op(
            "get",
            "/chains/map",
            "reference",
            "产业链招商图谱：各细分领域的本地企业、招商对象、项目、乡贤与短板",
        )
        .ok(200, schema_ref("ChainMap")),
        op(
            "get",
            "/awards",
            "awards",
            "优秀乡贤企业：按贡献分排名并划分梯队（工作人员、管理员）",
        )
        .query(vec![year()])
        .ok(200, schema_ref("Awards")),
        op(
            "get",
            "/awards/export",
            "awards",
            "优秀乡贤企业评选名单（xlsx，供商会大会）",
        )
        .query(vec![year()])
        .file(),
    ]
}

/// Request and response schemas.
pub(super) fn schemas() -> Map<String, Value> {
    let referral_props = into_map(json!({
        "project_id": id(),
        "profile_id": nullable(id()),
        "company": nullable(text(referral::COMPANY)),
        "note": nullable(text(referral::NOTE)),
    }));
    let stage_counts = view(json!({
        "attracting": count(), "negotiating": count(), "signed": count(),
        "landed": count(), "shelved": count(), "total": count(),
    }));
    let segment = view(json!({
        "code": codes(segment_codes()), "name": string(),
        "local_companies": array(string()), "target_companies": array(string()),
        "projects": stage_counts,
        "people": view(json!({"all": count(), "verified": count(), "invest": count()})),
        "gaps": array(codes(vec!["few_people", "no_local_company"])),
        "gap_labels": array(string()),
    }));
    let points = view(json!({"investment": number(), "jobs": number(), "referrals": number()}));
    let candidate = view(json!({
        "rank": count(), "kind": codes(vec!["person", "enterprise"]), "kind_label": string(),
        "profile_id": nullable(id()), "name": string(), "investment_wan": count(),
        "jobs": count(), "referrals": count(), "points": points, "score": number(),
        "tier": nullable(codes(vec!["first", "second", "third"])), "tier_label": string(),
        "projects": array(view(json!({"id": id(), "title": string(),
            "investment_wan": count(), "jobs": count()}))),
    }));
    into_map(json!({
        "ReferralReq": create_request(referral_props, &["project_id"]),
        "Referral": view(json!({
            "id": id(), "project_id": id(), "project_title": string(),
            "project_stage": codes(Stage::codes()),
            "referrer_kind": codes(vec![PROFILE, COMPANY]),
            "profile_id": nullable(id()), "profile_name": nullable(string()),
            "company": nullable(string()), "company_in_plan": boolean(), "referrer": string(),
            "note": string(), "credited": boolean(), "credited_at": nullable(date_time()),
            "created_at": date_time(),
        })),
        "ChainMap": view(json!({
            "few_people_per_project": count(),
            "chains": array(view(json!({
                "code": codes(CHAINS.iter().map(|(code, _, _)| *code).collect()), "name": string(), "segments": array(segment),
            }))),
        })),
        "Awards": view(json!({
            "year": int(2000, 2100), "formula": string(),
            "tiers": view(json!({"first": number(), "second": number(), "third": number()})),
            "total": count(), "items": array(candidate),
        })),
    }))
}
