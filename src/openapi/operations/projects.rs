//! 项目库 and what follows a project: its matches, 协同 requests and the
//! 对接 pipeline with its contact log.

use serde_json::json;

use crate::domain::{PipelineStatus, Stage};
use crate::openapi::paths::{
    Op, blank_ok, chain_filter, county_filter, match_filters, match_paging, op, paging,
    query_param, text_query,
};
use crate::openapi::schema::{codes, count, extended, id, list_of, schema_ref, view};

/// The operations of this area, in the order of the document.
pub(super) fn operations() -> Vec<Op> {
    let mut list = vec![
        chain_filter(),
        county_filter(),
        query_param("stage", blank_ok(codes(Stage::codes())), "阶段"),
        text_query(),
    ];
    list.extend(paging());
    let mut pipeline = vec![
        query_param("project", blank_ok(id()), "项目 id"),
        query_param("status", blank_ok(codes(PipelineStatus::codes())), "状态"),
        query_param(
            "stalled",
            blank_ok(codes(vec!["true", "false", "1", "0"])),
            "只看 30 天未联系的",
        ),
        query_param(
            "due",
            blank_ok(codes(vec!["true", "false", "1", "0"])),
            "只看下次跟进日期已到的（待跟进）",
        ),
    ];
    pipeline.extend(paging());
    vec![
        op("post", "/projects", "projects", "新建项目库条目")
            .json("ProjectCreateReq")
            .ok(201, schema_ref("Project")),
        op("get", "/projects", "projects", "项目库")
            .query(list)
            .ok(200, list_of(schema_ref("Project"))),
        op("get", "/projects/{id}", "projects", "一个项目").ok(200, schema_ref("Project")),
        op(
            "patch",
            "/projects/{id}",
            "projects",
            "修改项目；version 过期为 409",
        )
        .json("ProjectUpdateReq")
        .ok(200, schema_ref("Project")),
        op(
            "get",
            "/projects/{id}/matches",
            "matching",
            "为项目排序的乡贤，附得分构成和理由",
        )
        .query(match_paging())
        .query(match_filters())
        .ok(200, schema_ref("ProjectMatches")),
        op(
            "post",
            "/projects/{id}/pipeline",
            "pipeline",
            "把一位乡贤列入项目的对接",
        )
        .json("ShortlistReq")
        .ok(201, schema_ref("Pipeline")),
        op(
            "post",
            "/projects/{id}/collaboration-requests",
            "matching",
            "请求协同：请辖区外匹配乡贤的籍贯县工作人员引荐（只告知人数）",
        )
        .json("CollaborationReq")
        .ok(201, schema_ref("CollaborationSent")),
        op(
            "get",
            "/collaboration-requests",
            "matching",
            "发给本辖区的协同请求",
        )
        .ok(200, list_of(schema_ref("Collaboration"))),
        op(
            "post",
            "/collaboration-requests/{id}/accept",
            "matching",
            "接受协同请求：该乡贤列入项目的对接",
        )
        .ok(200, schema_ref("Collaboration")),
        op(
            "post",
            "/collaboration-requests/{id}/decline",
            "matching",
            "不接受协同请求",
        )
        .ok(200, schema_ref("Collaboration")),
        op("get", "/pipeline", "pipeline", "对接记录")
            .query(pipeline)
            .ok(
                200,
                extended(
                    &list_of(schema_ref("Pipeline")),
                    &view(json!({"hidden": count()})),
                ),
            ),
        op(
            "get",
            "/pipeline/{id}",
            "pipeline",
            "一条对接记录及联系日志",
        )
        .ok(200, schema_ref("PipelineDetail")),
        op(
            "patch",
            "/pipeline/{id}",
            "pipeline",
            "推进状态、备注、转交",
        )
        .json("PipelineUpdateReq")
        .ok(200, schema_ref("Pipeline")),
        op("post", "/pipeline/{id}/contacts", "pipeline", "记一次联系")
            .json("ContactReq")
            .ok(201, schema_ref("Contact")),
    ]
}
