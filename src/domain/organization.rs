//! The vocabularies of 乡贤组织 above the village and of their members.

use super::codes::code_enum;

code_enum!(
    /// What kind of 乡贤组织 (DESIGN.md, "Second edition of the domain").
    OrgKind {
        Hometown => ("hometown", "同乡会"),
        Chamber => ("chamber", "商会"),
        Doctoral => ("doctoral", "博士联谊会"),
        Talent => ("talent", "海内外高层次人才联谊会"),
        Council => ("council", "乡贤理事会"),
    }
);

code_enum!(
    /// A member's office in an organisation.
    OrgRole {
        President => ("president", "会长"),
        VicePresident => ("vice_president", "副会长"),
        Secretary => ("secretary", "秘书长"),
        Director => ("director", "理事"),
        Member => ("member", "会员"),
    }
);

code_enum!(
    /// What a founder asks the 返乡创业综合服务中心 for.
    ServiceKind {
        Registration => ("registration", "注册登记"),
        Policy => ("policy", "政策咨询"),
        Mentoring => ("mentoring", "创业指导"),
        SocialInsurance => ("social_insurance", "社保接续"),
        Land => ("land", "用地指标"),
        Financing => ("financing", "融资担保"),
    }
);

code_enum!(
    /// Where a service request stands.
    ServiceStatus {
        Submitted => ("submitted", "待受理"),
        Accepted => ("accepted", "办理中"),
        Resolved => ("resolved", "已办结"),
        Rejected => ("rejected", "不予受理"),
        Withdrawn => ("withdrawn", "已撤回"),
    }
);

impl ServiceStatus {
    /// The statuses staff may move a request to from this one.
    pub fn next_for_staff(self) -> &'static [ServiceStatus] {
        match self {
            ServiceStatus::Submitted => &[ServiceStatus::Accepted, ServiceStatus::Rejected],
            ServiceStatus::Accepted => &[ServiceStatus::Resolved, ServiceStatus::Rejected],
            _ => &[],
        }
    }

    /// Still waiting for the county: counts toward the due date.
    pub fn is_open(self) -> bool {
        matches!(self, ServiceStatus::Submitted | ServiceStatus::Accepted)
    }

    /// Answered: the founder may rate it.
    pub fn is_answered(self) -> bool {
        matches!(self, ServiceStatus::Resolved | ServiceStatus::Rejected)
    }
}

/// Parses a code exactly as the API document lists it (no Chinese label, no
/// blanks around it); the message lists the codes.
pub fn exact<T: Copy>(
    raw: &str,
    parse: impl Fn(&str) -> Result<T, String>,
    code: impl Fn(T) -> &'static str,
    codes: Vec<&'static str>,
) -> Result<T, String> {
    match parse(raw) {
        Ok(v) if code(v) == raw => Ok(v),
        _ => Err(format!(
            "“{}”不是可选值，可选：{}",
            raw.chars().take(30).collect::<String>(),
            codes.join("、")
        )),
    }
}
