//! Every operation of `/api/v1`, grouped as the route modules are.

use serde_json::json;

use super::paths::{
    Op, blank_ok, chain_filter, county_filter, limit, match_filters, match_paging, money, op,
    paging, profile_filters, query_param, text_query,
};
use super::schema::{REGION_CODE, codes, count, id, int, list_of, schema_ref, view};
use crate::domain::limits;
use crate::domain::{ApplicationStatus, IncubatorKind, OpeningKind, PipelineStatus, Stage};
use crate::service::opening::write::{MAX_AREA_M2, MAX_RENT};
use crate::service::subsidy::MAX_ESTIMATE_MONTHS;

/// Every operation, grouped as the route modules are.
pub fn all() -> Vec<Op> {
    let mut ops = Vec::new();
    ops.extend(auth());
    ops.extend(reference());
    ops.extend(profiles());
    ops.extend(projects());
    ops.extend(incubators());
    ops.extend(super::subsidy_claims::operations());
    ops
}

fn auth() -> Vec<Op> {
    vec![
        op("post", "/auth/login", "auth", "登录：设置会话 Cookie")
            .public()
            .json("LoginReq")
            .ok(200, schema_ref("UserEnvelope")),
        op("post", "/auth/logout", "auth", "退出：只结束 Cookie 会话").no_content(),
        op("get", "/auth/me", "auth", "当前用户").ok(200, schema_ref("UserEnvelope")),
        op(
            "post",
            "/auth/password",
            "auth",
            "修改本人密码；其他会话和全部令牌失效；当前密码错误与登录失败一样限次并记入审计",
        )
        .json("PasswordReq")
        .no_content(),
        op(
            "post",
            "/auth/register",
            "auth",
            "乡贤本人注册：账号和一份本人草稿档案（组织者核实后才公开；每个地址每小时限几次，超出 429）",
        )
        .public()
        .json("RegisterReq")
        .ok(201, schema_ref("Registered")),
        op(
            "post",
            "/tokens",
            "auth",
            "为调用者签发 Bearer 令牌（明文只返回这一次；默认 90 天后失效，最多 365 天；只能在登录会话中签发，用令牌调用时 403；修改或重置密码、停用账号时全部失效）",
        )
        .json("TokenReq")
        .ok(201, schema_ref("NewToken")),
        op("get", "/tokens", "auth", "调用者未失效的令牌，含到期时间和最近使用时间")
            .ok(200, list_of(schema_ref("Token"))),
        op("delete", "/tokens/{id}", "auth", "吊销调用者的一个令牌").no_content(),
        op("post", "/users", "users", "新建账号（管理员）")
            .json("CreateUserReq")
            .ok(201, schema_ref("User")),
        op("get", "/users", "users", "全部账号（管理员）").ok(200, list_of(schema_ref("User"))),
        op(
            "patch",
            "/users/{id}",
            "users",
            "修改账号：停用、重置密码、角色、辖区（管理员）",
        )
        .json("UpdateUserReq")
        .ok(200, schema_ref("User")),
    ]
}

fn reference() -> Vec<Op> {
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
                {"type": "string", "pattern": super::schema::BLANK}]}),
            "起（RFC 3339 时间，或日期如 2026-12-07，按北京时间当日零点；空白为不限）",
        ),
        query_param(
            "to",
            json!({"anyOf": [{"type": "string", "format": "date-time"},
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": super::schema::BLANK}]}),
            "止（RFC 3339 时间，或日期如 2026-12-07，按北京时间当日零点；空白为不限）",
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

fn profiles() -> Vec<Op> {
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

fn projects() -> Vec<Op> {
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
                json!({"allOf": [list_of(schema_ref("Pipeline")), view(json!({"hidden": count()}))]}),
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

fn incubators() -> Vec<Op> {
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
