//! The Chinese wording of each notice, rendered at send time from the outbox row's
//! params, the person's name and the links.

use serde_json::Value;

/// What a notice is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// `{incubator, opening, outcome, application_id}`.
    ApplicationDecided,
    /// `{project, entry_id}`.
    PipelineAssigned,
    /// `{project, entry_id, days}`.
    PipelineStalled,
    /// `{enterprise, month, amount}`.
    ClaimApproved,
    /// `{event, starts_at, place, invitation_id}`; the link is the person's RSVP link.
    EventInvited,
    /// `{request_id}`; the link is the one-time 请本人确认 page.
    ConfirmRequest,
}

/// A rendered notice.
#[derive(Clone, Debug)]
pub struct Rendered {
    pub subject: String,
    /// The e-mail body (plain text).
    pub body: String,
    /// The SMS text.
    pub sms: String,
}

impl Template {
    pub const ALL: [Template; 6] = [
        Self::ApplicationDecided,
        Self::PipelineAssigned,
        Self::PipelineStalled,
        Self::ClaimApproved,
        Self::EventInvited,
        Self::ConfirmRequest,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::ApplicationDecided => "application_decided",
            Self::PipelineAssigned => "pipeline_assigned",
            Self::PipelineStalled => "pipeline_stalled",
            Self::ClaimApproved => "claim_approved",
            Self::EventInvited => "event_invited",
            Self::ConfirmRequest => "profile_confirm",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }

    /// Subject, body and SMS text. `link` and `unsubscribe` are absolute URLs.
    pub fn render(self, p: &Value, name: &str, link: &str, unsubscribe: &str) -> Rendered {
        let s = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        let (subject, lines): (String, Vec<String>) = match self {
            Self::ApplicationDecided => (
                format!("入驻申请结果：{}", s("outcome")),
                vec![format!(
                    "您申请的“{} · {}”{}。",
                    s("incubator"),
                    s("opening"),
                    s("outcome")
                )],
            ),
            Self::PipelineAssigned => (
                "新的对接任务".into(),
                vec![format!("项目“{}”的一条对接记录已指派给您，请及时跟进。", s("project"))],
            ),
            Self::PipelineStalled => (
                "对接提醒：已 30 天未联系".into(),
                vec![format!(
                    "项目“{}”的一条对接记录已 {} 天没有联系记录，请跟进并登记联系情况。",
                    s("project"),
                    p.get("days").and_then(Value::as_i64).unwrap_or(30)
                )],
            ),
            Self::ClaimApproved => (
                "场租补贴申领已批准".into(),
                vec![format!(
                    "“{}” {} 的场租补贴申领已批准，补贴 {} 元。",
                    s("enterprise"),
                    s("month"),
                    s("amount")
                )],
            ),
            Self::EventInvited => (
                format!("活动邀请：{}", s("event")),
                vec![
                    format!("诚邀您参加“{}”。", s("event")),
                    format!("时间：{}　地点：{}", s("starts_at"), s("place")),
                    "请通过下面的链接告诉我们是否参加。".into(),
                ],
            ),
            Self::ConfirmRequest => (
                "请确认您的乡贤登记信息".into(),
                vec![
                    "您在乡贤通登记的信息已超过一年未确认。".into(),
                    "请打开下面的链接核对：无误请点“确认无误”，有变化可直接更正。链接 30 天内有效，只能使用一次。".into(),
                ],
            ),
        };
        let greeting = format!("{name}您好：");
        let mut body = format!("{greeting}\n\n");
        for l in &lines {
            body.push_str(l);
            body.push('\n');
        }
        if !link.is_empty() {
            body.push_str(&format!("\n详情：{link}\n"));
        }
        body.push_str(&format!(
            "\n——乡贤通（咸宁市乡贤信息平台）\n不想再收到此类邮件：{unsubscribe}\n"
        ));
        let mut sms = format!("【乡贤通】{greeting}{}", lines.concat());
        if !link.is_empty() {
            sms.push_str(&format!(" {link}"));
        }
        sms.push_str(&format!(" 退订：{unsubscribe}"));
        Rendered {
            subject: format!("【乡贤通】{subject}"),
            body,
            sms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_renders_chinese_with_the_link_and_the_unsubscribe_link() {
        for t in Template::ALL {
            assert_eq!(Template::parse(t.key()), Some(t));
            let r = t.render(&serde_json::json!({}), "张伟", "http://x/l", "http://x/u");
            assert!(r.subject.starts_with("【乡贤通】"));
            assert!(r.body.starts_with("张伟您好"));
            assert!(r.body.contains("http://x/l") && r.body.contains("http://x/u"));
            assert!(r.sms.contains("http://x/u"));
        }
    }
}
