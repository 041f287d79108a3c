//! 乡贤档案: registration by clerks, search, import and export, transfers,
//! contacts, consent, merging, claiming and the person's own data.

use serde_json::json;

use crate::domain::limits;
use crate::openapi::paths::{Op, match_paging, op, paging, profile_filters, query_param};
use crate::openapi::schema::{list_of, schema_ref};

/// The operations of this area, in the order of the document.
pub(super) fn operations() -> Vec<Op> {
    let import_body = json!({"required": true, "content": {
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"}}}},
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
    }});
    let import = op(
        "post",
        "/profiles/import",
        "profiles",
        "导入 Excel（xlsx、xls）或 CSV",
    )
    .query(vec![
        query_param("dry_run", json!({"type": "boolean"}), "只检查，不写入"),
        query_param(
            "valid_rows",
            json!({"type": "boolean"}),
            "有错误行时仍导入正确的行",
        ),
        query_param(
            "mapping",
            json!({"type": "string", "maxLength": limits::import::MAPPING.max}),
            "改正列的对应，如 C=hometown,1!D=mobile（列字母=字段，空字段表示不导入）",
        ),
    ])
    .body(import_body.clone())
    .ok(200, schema_ref("ImportReport"));
    let preview = op(
        "post",
        "/profiles/import/preview",
        "profiles",
        "上传表格并预览（保存 1 小时，确认导入时无需再传）",
    )
    .body(import_body)
    .ok(201, schema_ref("ImportPreview"));
    let confirm = op(
        "post",
        "/profiles/import/{id}/confirm",
        "profiles",
        "确认导入预览过的表格",
    )
    .query(vec![query_param(
        "valid_rows",
        json!({"type": "boolean"}),
        "有错误行时仍导入正确的行",
    )])
    .ok(200, schema_ref("ImportReport"));
    vec![
        preview,
        confirm,
        op("post", "/profiles", "profiles", "登记档案")
            .json("ProfileCreateReq")
            .ok(201, schema_ref("Profile")),
        op(
            "get",
            "/profiles",
            "profiles",
            "检索档案（不含不公开的档案）",
        )
        .query(profile_filters())
        .query(paging())
        .ok(200, schema_ref("SearchResult")),
        op(
            "post",
            "/profiles/claim",
            "profiles",
            "乡贤本人用认领码认领草稿档案",
        )
        .json("ClaimReq")
        .ok(200, schema_ref("Profile"))
        .also(202, schema_ref("Transfer")),
        op(
            "get",
            "/profiles/duplicates",
            "profiles",
            "辖区内疑似重复的档案（同村同名、手机号相同、姓名读音相同）",
        )
        .query(paging())
        .ok(200, schema_ref("DuplicateGroups")),
        op(
            "get",
            "/transfers",
            "profiles",
            "档案归属转移申请（县级工作人员审批）",
        )
        .query(vec![query_param(
            "status",
            json!({"type": "string", "enum": ["pending", "approved", "rejected"]}),
            "状态",
        )])
        .query(paging())
        .ok(200, list_of(schema_ref("Transfer"))),
        op(
            "post",
            "/transfers/{id}/approve",
            "profiles",
            "批准归属转移（不能由签发认领码或发起合并的人审批）",
        )
        .ok(200, schema_ref("Transfer")),
        op("post", "/transfers/{id}/reject", "profiles", "驳回归属转移")
            .ok(200, schema_ref("Transfer")),
        op(
            "get",
            "/profiles/{id}",
            "profiles",
            "一份档案（联系方式脱敏）",
        )
        .ok(200, schema_ref("Profile")),
        op(
            "patch",
            "/profiles/{id}",
            "profiles",
            "修改档案；version 过期为 409",
        )
        .json("ProfileUpdateReq")
        .ok(200, schema_ref("Profile")),
        op("delete", "/profiles/{id}", "profiles", "删除档案").no_content(),
        op("post", "/profiles/{id}/verify", "profiles", "核实档案").ok(200, schema_ref("Profile")),
        op(
            "post",
            "/profiles/{id}/reveal",
            "profiles",
            "查看完整联系方式（写入审计日志，计入每日上限，超出为 429 reveal_limit）",
        )
        .json("RevealReq")
        .ok(200, schema_ref("Contacts")),
        op(
            "post",
            "/profiles/{id}/consent",
            "profiles",
            "记录或撤回同意对接",
        )
        .json("ConsentReq")
        .ok(200, schema_ref("Profile")),
        op(
            "post",
            "/profiles/{id}/merge",
            "profiles",
            "把重复档案并入另一份",
        )
        .json("MergeReq")
        .ok(200, schema_ref("Profile"))
        .also(202, schema_ref("Transfer")),
        op(
            "post",
            "/profiles/{id}/claim-code",
            "profiles",
            "签发一次性认领码",
        )
        .ok(201, schema_ref("ClaimCode")),
        op(
            "get",
            "/profiles/{id}/matches",
            "matching",
            "为这个人排序的项目",
        )
        .query(match_paging())
        .ok(200, schema_ref("ProfileMatches")),
        op("get", "/me/export", "profiles", "本人的全部数据（JSON）").ok(200, schema_ref("MyData")),
        op(
            "delete",
            "/me",
            "profiles",
            "删除本人档案并注销账号（乡贤本人）",
        )
        .no_content(),
        import,
        op(
            "get",
            "/profiles/import/template",
            "profiles",
            "导入模板（xlsx）",
        )
        .file(),
        op(
            "get",
            "/profiles/export",
            "profiles",
            "导出检索结果（xlsx，写入审计日志）",
        )
        .query(profile_filters())
        .file(),
    ]
}
