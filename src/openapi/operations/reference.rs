//! The reference lists and the smaller areas: regions, chains, the audit log,
//! 乡贤会 coverage and records, notices and the subsidy estimate.

use serde_json::json;

use crate::openapi::paths::{Op, blank_ok, money, op, paging, query_param};
use crate::openapi::schema::{BLANK, REGION_CODE, int, list_of, schema_ref};
use crate::service::subsidy::MAX_ESTIMATE_MONTHS;

/// The operations of this area, in the order of the document.
pub(super) fn operations() -> Vec<Op> {
    let mut audit = vec![
        query_param("actor", json!({"type": "string"}), "操作者 id 或用户名"),
        query_param(
            "action",
            json!({"type": "string", "examples": ["login", "login_failed", "logout", "create",
                "update", "delete", "reveal", "transfer", "export", "import", "denied"]}),
            "动作",
        ),
        query_param(
            "entity",
            json!({"type": "string"}),
            "对象类型，如 profile、user",
        ),
        query_param(
            "from",
            json!({"anyOf": [{"type": "string", "format": "date-time"},
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": BLANK}]}),
            "起（RFC 3339 时间，或日期如 2026-12-07，按北京时间当日零点；空白为不限）",
        ),
        query_param(
            "to",
            json!({"anyOf": [{"type": "string", "format": "date-time"},
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": BLANK}]}),
            "止（RFC 3339 时间，或日期如 2026-12-07，按北京时间当日零点；空白为不限）",
        ),
        query_param(
            "hide_logins",
            json!({"type": "boolean"}),
            "为 true 时不列登录、登录失败和退出记录",
        ),
    ];
    audit.extend(paging());
    vec![
        op(
            "get",
            "/regions",
            "regions",
            "下级地区（不分页）；不带 parent 时为顶级",
        )
        .public()
        .query(vec![query_param(
            "parent",
            json!({"type": "string", "pattern": REGION_CODE}),
            "上级地区代码",
        )])
        .ok(200, list_of(schema_ref("Region"))),
        op(
            "get",
            "/regions/{code}",
            "regions",
            "一个地区及其到省的路径；格式正确但不存在为 404",
        )
        .public()
        .ok(200, schema_ref("RegionDetail")),
        op(
            "get",
            "/regions/{code}/register-qr",
            "regions",
            "村（社区）扫码登记页的二维码（PNG），供打印海报：本村组织者、本县工作人员和管理员；其他人为 404",
        )
        .png(),
        op("get", "/chains", "regions", "产业链分类")
            .public()
            .ok(200, list_of(schema_ref("Chain"))),
        op("get", "/audit", "audit", "审计日志（管理员）")
            .query(audit)
            .ok(200, list_of(schema_ref("AuditEvent"))),
        op(
            "get",
            "/stats/coverage",
            "associations",
            "各下级地区的乡贤会覆盖率",
        )
        .query(vec![query_param(
            "region",
            json!({"type": "string", "pattern": "^4212([0-9]{2}|[0-9]{5}|[0-9]{8})?$"}),
            "咸宁市范围内的地区代码；默认调用者辖区",
        )])
        .ok(200, schema_ref("Coverage")),
        op(
            "post",
            "/associations",
            "associations",
            "新建乡贤会或乡贤联谊会",
        )
        .json("AssociationCreateReq")
        .ok(201, schema_ref("Association")),
        op(
            "get",
            "/associations",
            "associations",
            "辖区内的乡贤会（不分页）",
        )
        .query(vec![query_param(
            "region",
            json!({"type": "string", "pattern": REGION_CODE}),
            "地区代码（含下级）",
        )])
        .ok(200, list_of(schema_ref("Association"))),
        op(
            "patch",
            "/associations/{id}",
            "associations",
            "修改乡贤会记录",
        )
        .json("AssociationUpdateReq")
        .ok(200, schema_ref("Association")),
        op(
            "delete",
            "/associations/{id}",
            "associations",
            "删除乡贤会记录",
        )
        .no_content(),
        op("get", "/notices", "auth", "调用者的站内通知（最近 50 条）")
            .ok(200, list_of(schema_ref("Notice"))),
        op(
            "get",
            "/subsidy/estimate",
            "openings",
            "返乡创业补贴按年测算（专栏4-2）",
        )
        .public()
        .query(vec![
            money("rent", "月租金（元）"),
            money("property", "月物业费（元）"),
            money("sanitation", "月卫生费（元）"),
            money("utilities", "月水电费（元）"),
            query_param(
                "months",
                blank_ok(int(1, i64::from(MAX_ESTIMATE_MONTHS))),
                "月数，默认 36",
            ),
        ])
        .ok(200, schema_ref("SubsidyEstimate")),
    ]
}
