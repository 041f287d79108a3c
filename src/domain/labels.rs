//! The Chinese words for the codes the API speaks: what pages, the readable audit log and
//! its export show a clerk instead of `pipeline_entry` or `consent_match`.

use super::{
    ApplicationStatus, CapitalRange, ContactChannel, Education, Gender, IncubatorKind,
    IncubatorLevel, Intent, Need, OpeningKind, PipelineStatus, Role, Stage, Tier, taxonomy,
};

/// How consent to be contacted was given: code and label.
pub const CONSENT_BASES: &[(&str, &str)] = &[
    ("written", "书面"),
    ("phone", "电话"),
    ("in_person", "当面"),
    ("online", "线上"),
];

/// The label of `code` in the code list `kind` (`"gender"`, `"stage"`, …).
pub fn label(code: &str, kind: &str) -> Option<&'static str> {
    match kind {
        "gender" => Gender::parse(code).map(Gender::label).ok(),
        "education" => Education::parse(code).map(Education::label).ok(),
        "tier" => Tier::parse(code).map(Tier::label).ok(),
        "intent" => Intent::parse(code).map(Intent::label).ok(),
        "capital" => CapitalRange::parse(code).map(CapitalRange::label).ok(),
        "role" => Role::parse(code).map(Role::label).ok(),
        "stage" => Stage::parse(code).map(Stage::label).ok(),
        "need" => Need::parse(code).map(Need::label).ok(),
        "pipeline" => PipelineStatus::parse(code).map(PipelineStatus::label).ok(),
        "application" => ApplicationStatus::parse(code)
            .map(ApplicationStatus::label)
            .ok(),
        "channel" => ContactChannel::parse(code).map(ContactChannel::label).ok(),
        "opening_kind" => OpeningKind::parse(code).map(OpeningKind::label).ok(),
        "incubator_kind" => IncubatorKind::parse(code).map(IncubatorKind::label).ok(),
        "level" => IncubatorLevel::parse(code).map(IncubatorLevel::label).ok(),
        "chain" => taxonomy::segment_name(code),
        "action" => action_label(code),
        "consent_basis" => CONSENT_BASES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, l)| *l),
        "entity" => entity_label(code),
        _ => None,
    }
}

/// Audit actions in words a clerk reads at a glance.
pub fn action_label(code: &str) -> Option<&'static str> {
    Some(match code {
        "login" => "登录",
        "login_failed" => "登录失败",
        "logout" => "退出",
        "create" => "新建",
        "update" => "修改",
        "delete" => "删除",
        "reveal" => "查看联系方式",
        "transfer" => "档案归属转移",
        "export" => "导出",
        "import" => "导入",
        "denied" => "越权被拒",
        "notify" => "短信/邮件通知",
        _ => return None,
    })
}

/// The actions of signing in and out, which a reader of the log often wants out of the way.
pub const SIGN_IN_ACTIONS: &[&str] = &["login", "login_failed", "logout"];

/// Audited record kinds (the table's singular name) in Chinese.
pub fn entity_label(code: &str) -> Option<&'static str> {
    Some(match code {
        "profile" => "乡贤档案",
        "user" => "账号",
        "association" => "乡贤会",
        "claim_code" => "认领码",
        "api_token" => "接口令牌",
        "request" => "请求",
        "project" => "项目",
        "pipeline_entry" => "对接记录",
        "notification_outbox" => "短信/邮件通知",
        "notification_optout" => "通知退订",
        "profile_confirm_request" => "请本人确认",
        "incubator" => "孵化载体",
        "opening" => "孵化空间",
        "application" => "入驻申请",
        "pipeline_contact" => "联系记录",
        "collaboration_request" => "协作请求",
        "profile_transfer" => "档案转移",
        "enterprise" => "创业企业",
        "subsidy_claim" => "补贴申领",
        "subsidy_report" => "补贴报表",
        "organization" => "乡贤社团",
        "organization_member" => "组织成员",
        "event" => "乡情活动",
        "invitation" => "活动邀请",
        "service_request" => "服务申请",
        "referral" => "项目推荐",
        "award" => "优秀乡贤企业名单",
        "audit_event" => "审计日志",
        _ => return None,
    })
}

/// The field `key` of a snapshot of `entity` in Chinese, and the code list its value comes
/// from: a person's `name` is 姓名, a project's `title` is 项目名称.
pub fn field_of(entity: &str, key: &str) -> Option<(&'static str, Option<&'static str>)> {
    match (entity, key) {
        ("profile", "name") => Some(("姓名", None)),
        ("profile", "title") => Some(("职务", None)),
        ("project", "title") => Some(("项目名称", None)),
        ("pipeline_entry", "status") => Some(("对接状态", Some("pipeline"))),
        ("application", "status") => Some(("申请状态", Some("application"))),
        ("opening", "kind") => Some(("空间类别", Some("opening_kind"))),
        ("incubator", "kind") => Some(("载体类别", Some("incubator_kind"))),
        _ => field(key),
    }
}

/// The field of an audit snapshot in Chinese, and the code list its value comes from.
pub fn field(key: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match key {
        "name" => ("名称", None),
        "username" => ("用户名", None),
        "display_name" => ("姓名", None),
        "gender" => ("性别", Some("gender")),
        "birth_year" => ("出生年份", None),
        "education" => ("学历", Some("education")),
        "tier" => ("人才层级", Some("tier")),
        "mobile" => ("手机", None),
        "wechat" => ("微信", None),
        "email" => ("电子邮箱", None),
        "employer" => ("工作单位", None),
        "title" => ("职务/标题", None),
        "expertise" => ("专长", None),
        "bio" => ("简介", None),
        "tags" => ("标签", None),
        "chains" => ("产业链", Some("chain")),
        "segment" => ("产业环节", Some("chain")),
        "intents" => ("意向", Some("intent")),
        "capital_range" => ("资金规模", Some("capital")),
        "hometown_code" => ("籍贯", None),
        "residence_code" => ("现居地", None),
        "region_code" => ("所在地区", None),
        "county_code" => ("所在县（市、区）", None),
        "scope" | "scope_code" => ("管辖范围", None),
        "role" => ("角色", Some("role")),
        "disabled" => ("已停用", None),
        "listed" => ("公开展示", None),
        "verified" => ("已核实", None),
        "consent_match" => ("同意对接联系", None),
        "consent_basis" => ("同意方式", Some("consent_basis")),
        "stage" => ("阶段", Some("stage")),
        "needs" => ("项目需求", Some("need")),
        "investment_wan" => ("投资额（万元）", None),
        "target_companies" => ("目标企业", None),
        "park" => ("园区", None),
        "public" => ("对外公开", None),
        "owner_user_id" => ("负责人账号", None),
        "assigned_to" => ("跟进人账号", None),
        "channel" => ("联系方式", Some("channel")),
        "note" => ("备注", None),
        "summary" => ("摘要", None),
        "description" => ("说明", None),
        "status" => ("状态", None),
        "kind" => ("类别", None),
        "level" => ("级别", Some("level")),
        "address" => ("地址", None),
        "units" => ("间数", None),
        "units_available" => ("可用间数", None),
        "monthly_rent" => ("月租金（元）", None),
        "available_from" => ("可入驻日期", None),
        "subsidy_eligible" => ("可享补贴", None),
        "team_size" => ("团队人数", None),
        "founded_on" => ("成立日期", None),
        "head" => ("负责人", None),
        "member_count" => ("成员人数", None),
        "credit_code" => ("统一社会信用代码", None),
        "first_business" => ("首次创业", None),
        "month" => ("月份", None),
        "property_fen" => ("物业费", None),
        "sanitation_fen" => ("卫生费", None),
        "rent_fen" => ("租金", None),
        "utilities_fen" => ("水电费", None),
        "subsidy_fen" => ("补贴金额", None),
        "profile_id" => ("乡贤档案编号", None),
        "project_id" => ("项目编号", None),
        "opening_id" => ("孵化空间编号", None),
        "incubator_id" => ("孵化载体编号", None),
        "application_id" => ("入驻申请编号", None),
        "enterprise_id" => ("企业编号", None),
        "entry_id" => ("对接记录编号", None),
        "founder_user_id" => ("申请人账号", None),
        "decided_by" => ("决定人账号", None),
        "last_contact_at" => ("最近联系时间", None),
        "next_follow_up_on" => ("下次跟进日期", None),
        "deleted_at" => ("删除时间", None),
        "at" => ("时间", None),
        _ => return None,
    })
}
