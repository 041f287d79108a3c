//! 孵化载体, their openings (入驻空间), recommendations and the applications to
//! move in.

use serde_json::json;

use crate::domain::{ApplicationStatus, IncubatorKind, OpeningKind};
use crate::openapi::paths::{
    Op, blank_ok, chain_filter, county_filter, limit, op, paging, query_param, text_query,
};
use crate::openapi::schema::{codes, id, list_of, schema_ref};
use crate::service::opening::write::{MAX_AREA_M2, MAX_RENT};

/// The operations of this area, in the order of the document.
pub(super) fn operations() -> Vec<Op> {
    let mut inc = vec![
        county_filter(),
        query_param("kind", blank_ok(codes(IncubatorKind::codes())), "载体类型"),
        text_query(),
    ];
    inc.extend(paging());
    let mut openings = vec![
        text_query(),
        county_filter(),
        chain_filter(),
        query_param("kind", blank_ok(codes(OpeningKind::codes())), "空间类型"),
        query_param(
            "min_area",
            blank_ok(json!({"type": "number", "minimum": 0, "maximum": MAX_AREA_M2})),
            "最小面积（平方米）",
        ),
        query_param(
            "max_rent",
            blank_ok(json!({"type": "number", "minimum": 0, "maximum": MAX_RENT})),
            "最高月租（元）",
        ),
    ];
    openings.extend(paging());
    let mut applications = vec![
        query_param(
            "status",
            blank_ok(codes(ApplicationStatus::codes())),
            "状态",
        ),
        query_param("opening", blank_ok(id()), "入驻空间 id"),
    ];
    applications.extend(paging());
    vec![
        op("post", "/incubators", "incubators", "新建孵化载体")
            .json("IncubatorCreateReq")
            .ok(201, schema_ref("Incubator")),
        op("get", "/incubators", "incubators", "孵化载体")
            .query(inc)
            .ok(200, list_of(schema_ref("Incubator"))),
        op("get", "/incubators/{id}", "incubators", "一个孵化载体")
            .ok(200, schema_ref("Incubator")),
        op("patch", "/incubators/{id}", "incubators", "修改孵化载体")
            .json("IncubatorUpdateReq")
            .ok(200, schema_ref("Incubator")),
        op(
            "post",
            "/incubators/{id}/openings",
            "openings",
            "发布入驻空间",
        )
        .json("OpeningCreateReq")
        .ok(201, schema_ref("Opening")),
        op("get", "/openings", "openings", "检索入驻空间")
            .query(openings)
            .ok(200, list_of(schema_ref("Opening"))),
        op(
            "get",
            "/matching/report",
            "matching",
            "按匹配得分分段：入选对接的人数，及其签约、落地、放弃的数目",
        )
        .ok(200, schema_ref("MatchingReport")),
        op(
            "get",
            "/openings/recommended",
            "matching",
            "为调用的乡贤排序的入驻空间",
        )
        .query(limit())
        .ok(200, schema_ref("OpeningMatches")),
        op("get", "/openings/{id}", "openings", "一个入驻空间").ok(200, schema_ref("Opening")),
        op("patch", "/openings/{id}", "openings", "修改入驻空间")
            .json("OpeningUpdateReq")
            .ok(200, schema_ref("Opening")),
        op("delete", "/openings/{id}", "openings", "撤下入驻空间").no_content(),
        op(
            "post",
            "/openings/{id}/applications",
            "applications",
            "申请入驻（乡贤本人）",
        )
        .json("ApplyReq")
        .ok(201, schema_ref("Application")),
        op(
            "get",
            "/applications",
            "applications",
            "调用者可见的入驻申请",
        )
        .query(applications)
        .ok(200, list_of(schema_ref("Application"))),
        op("get", "/applications/{id}", "applications", "一份入驻申请")
            .ok(200, schema_ref("Application")),
        op(
            "patch",
            "/applications/{id}",
            "applications",
            "审核：录用时占用一个名额，无名额为 409",
        )
        .json("DecideReq")
        .ok(200, schema_ref("Application")),
    ]
}
