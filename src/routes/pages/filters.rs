//! Template filters: Beijing time, and the Chinese labels of the API's codes.

use chrono::{DateTime, FixedOffset, Offset};

use crate::domain::{
    ApplicationStatus, CapitalRange, ContactChannel, Education, Gender, IncubatorKind,
    IncubatorLevel, Intent, Need, OpeningKind, PipelineStatus, Role, Stage, Tier, taxonomy,
};

/// Beijing time: every user of the registry is in 咸宁.
fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| chrono::Utc.fix())
}

fn parse_time(value: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(value)
        .ok()
        .map(|t| t.with_timezone(&beijing()))
}

/// `2026-11-27 14:05` in Beijing time, from an RFC 3339 timestamp.
pub fn datetime(value: Option<String>) -> String {
    let Some(value) = value else {
        return String::new();
    };
    parse_time(&value)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or(value)
}

/// `2026-11-27`, from an RFC 3339 timestamp.
pub fn date(value: Option<String>) -> String {
    let Some(value) = value else {
        return String::new();
    };
    parse_time(&value)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or(value)
}

/// A stored amount or area as people write it: `6` not `6.0`, `1234.5`,
/// at most two decimals.
pub fn num(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The Chinese label of a code: `{{ p.gender|label("gender") }}`.
pub fn label(code: Option<String>, kind: &str) -> String {
    let Some(code) = code else {
        return String::new();
    };
    let found = match kind {
        "gender" => Gender::parse(&code).map(Gender::label).ok(),
        "education" => Education::parse(&code).map(Education::label).ok(),
        "tier" => Tier::parse(&code).map(Tier::label).ok(),
        "intent" => Intent::parse(&code).map(Intent::label).ok(),
        "capital" => CapitalRange::parse(&code).map(CapitalRange::label).ok(),
        "role" => Role::parse(&code).map(Role::label).ok(),
        "stage" => Stage::parse(&code).map(Stage::label).ok(),
        "need" => Need::parse(&code).map(Need::label).ok(),
        "pipeline" => PipelineStatus::parse(&code).map(PipelineStatus::label).ok(),
        "application" => ApplicationStatus::parse(&code)
            .map(ApplicationStatus::label)
            .ok(),
        "channel" => ContactChannel::parse(&code).map(ContactChannel::label).ok(),
        "opening_kind" => OpeningKind::parse(&code).map(OpeningKind::label).ok(),
        "incubator_kind" => IncubatorKind::parse(&code).map(IncubatorKind::label).ok(),
        "level" => IncubatorLevel::parse(&code).map(IncubatorLevel::label).ok(),
        "chain" => taxonomy::segment_name(&code),
        "action" => action_label(&code),
        "consent_basis" => crate::service::profile::consent::BASES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, l)| *l),
        "entity" => entity_label(&code),
        _ => None,
    };
    found.map(str::to_owned).unwrap_or(code)
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
        _ => return None,
    })
}

/// Audited record kinds (the table's singular name) in Chinese.
pub fn entity_label(code: &str) -> Option<&'static str> {
    Some(match code {
        "profile" => "乡贤档案",
        "user" => "账号",
        "association" => "乡贤组织",
        "claim_code" => "认领码",
        "api_token" => "接口令牌",
        "request" => "请求",
        "project" => "项目",
        "pipeline_entry" => "对接记录",
        "incubator" => "孵化载体",
        "opening" => "孵化空间",
        "application" => "入驻申请",
        "pipeline_contact" => "联系记录",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_show_in_beijing_time() {
        assert_eq!(
            datetime(Some("2026-11-27T16:30:00Z".into())),
            "2026-11-28 00:30"
        );
        assert_eq!(date(Some("2026-11-27T16:30:00Z".into())), "2026-11-28");
        assert_eq!(datetime(None), "");
    }

    #[test]
    fn numbers_drop_needless_decimals() {
        assert_eq!(num(6.0), "6");
        assert_eq!(num(1500.0), "1500");
        assert_eq!(num(1234.5), "1234.5");
        assert_eq!(num(0.126), "0.13");
        assert_eq!(num(0.0), "0");
    }

    #[test]
    fn labels_are_chinese() {
        assert_eq!(label(Some("invest".into()), "intent"), "投资兴业");
        assert_eq!(label(Some("optical.fiber".into()), "chain"), "光纤光缆");
        assert_eq!(
            label(Some("organizer".into()), "role"),
            "乡镇/村乡贤会组织者"
        );
        assert_eq!(label(Some("weird".into()), "intent"), "weird");
    }
}
