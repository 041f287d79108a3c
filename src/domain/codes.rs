//! The closed vocabularies of the API: codes in JSON, Chinese labels on pages
//! and in spreadsheets.

/// Declares an enum whose values travel as fixed codes and show as Chinese labels.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code used in the API and the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese label used on pages and in spreadsheets.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a code, or (for spreadsheets) the Chinese label.
            pub fn parse(raw: &str) -> Result<Self, String> {
                let raw = raw.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == raw || v.label() == raw)
                    .ok_or_else(|| {
                        let allowed: Vec<String> = Self::ALL
                            .iter()
                            .map(|v| format!("{}（{}）", v.as_str(), v.label()))
                            .collect();
                        // Nothing chosen reads as such, not as an empty value quoted.
                        if raw.is_empty() {
                            return format!("请选择一项：{}", allowed.join("、"));
                        }
                        format!("“{}”不是可选值，可选：{}", raw.chars().take(30).collect::<String>(), allowed.join("、"))
                    })
            }

            /// The codes, for the OpenAPI document and error messages.
            pub fn codes() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == raw)
                    .ok_or_else(|| serde::de::Error::custom(format!(
                        "unknown value `{}`, expected one of {}",
                        raw.chars().take(30).collect::<String>(),
                        Self::codes().join(", ")
                    )))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use code_enum;

code_enum!(
    /// A user's role.
    Role {
        Admin => ("admin", "市级管理员"),
        Staff => ("staff", "县/区/市工作人员"),
        Organizer => ("organizer", "乡镇/村乡贤会组织者"),
        Operator => ("operator", "孵化载体运营方"),
        Founder => ("founder", "乡贤本人"),
    }
);

code_enum!(Gender { Male => ("male", "男"), Female => ("female", "女") });

code_enum!(Education {
    Doctorate => ("doctorate", "博士"),
    Master => ("master", "硕士"),
    Bachelor => ("bachelor", "本科"),
    College => ("college", "大专"),
    Secondary => ("secondary", "中专及以下"),
});

code_enum!(Tier { Normal => ("normal", "一般"), Key => ("key", "重点"), Renowned => ("renowned", "知名") });

code_enum!(Intent {
    Invest => ("invest", "投资兴业"),
    Startup => ("startup", "返乡创业"),
    Tech => ("tech", "技术合作"),
    Advisor => ("advisor", "咨询顾问"),
    Donate => ("donate", "捐资助学"),
    Introduce => ("introduce", "引荐资源"),
    Training => ("training", "创业培训"),
});

impl Intent {
    /// A label as typed in a spreadsheet, synonyms included (培训 for 创业培训).
    pub fn parse_loose(raw: &str) -> Result<Self, String> {
        match raw.trim() {
            "培训" | "技能培训" | "参加培训" | "创业培训意向" => Ok(Self::Training),
            other => Self::parse(other),
        }
    }
}

code_enum!(
    /// The kind of a 乡情返乡活动.
    EventKind {
        Forum => ("forum", "乡贤座谈会"),
        CouncilForum => ("council_forum", "理事会座谈会"),
        Homecoming => ("homecoming", "乡贤家乡行"),
        Congress => ("congress", "电子信息商会大会"),
        Training => ("training", "创业培训"),
    }
);

code_enum!(CapitalRange {
    Under1m => ("under_1m", "100万元以下"),
    M1To5 => ("1m_5m", "100万–500万元"),
    M5To20 => ("5m_20m", "500万–2000万元"),
    M20To100 => ("20m_100m", "2000万–1亿元"),
    Over100m => ("over_100m", "1亿元以上"),
    None => ("none", "暂无投资意向"),
});

impl CapitalRange {
    /// The range in 万元 (upper bound None = open), for matching against a project's investment.
    pub fn bounds_wan(self) -> (i64, Option<i64>) {
        match self {
            Self::Under1m => (0, Some(100)),
            Self::M1To5 => (100, Some(500)),
            Self::M5To20 => (500, Some(2_000)),
            Self::M20To100 => (2_000, Some(10_000)),
            Self::Over100m => (10_000, None),
            Self::None => (0, Some(0)),
        }
    }
}

code_enum!(Need {
    Capital => ("capital", "资金"),
    Tech => ("tech", "技术"),
    Talent => ("talent", "人才"),
    Market => ("market", "市场"),
    Supply => ("supply", "供应链配套"),
});

code_enum!(Stage {
    Attracting => ("attracting", "招引中"),
    Negotiating => ("negotiating", "洽谈中"),
    Signed => ("signed", "已签约"),
    Landed => ("landed", "已落地"),
    Shelved => ("shelved", "已搁置"),
});

code_enum!(PipelineStatus {
    Recommended => ("recommended", "推荐"),
    Contacted => ("contacted", "已联系"),
    Negotiating => ("negotiating", "洽谈中"),
    Signed => ("signed", "已签约"),
    Landed => ("landed", "已落地"),
    Dropped => ("dropped", "已放弃"),
});

code_enum!(IncubatorKind {
    Incubator => ("incubator", "科技企业孵化器"),
    MakerSpace => ("maker_space", "众创空间"),
    StarSpace => ("star_space", "星创天地"),
    StartupBase => ("startup_base", "创业孵化基地"),
});

code_enum!(IncubatorLevel {
    National => ("national", "国家级"),
    Provincial => ("provincial", "省级"),
    Municipal => ("municipal", "市级"),
});

code_enum!(OpeningKind {
    Desk => ("desk", "工位"),
    Office => ("office", "独立办公室"),
    Plant => ("plant", "厂房"),
    Lab => ("lab", "实验室"),
});

code_enum!(ApplicationStatus {
    Submitted => ("submitted", "已提交"),
    Reviewing => ("reviewing", "审核中"),
    Accepted => ("accepted", "已录用"),
    Rejected => ("rejected", "未录用"),
    MovedIn => ("moved_in", "已入驻"),
    Withdrawn => ("withdrawn", "已撤回"),
});

code_enum!(ContactChannel {
    Phone => ("phone", "电话"),
    Wechat => ("wechat", "微信"),
    Visit => ("visit", "走访"),
    Meeting => ("meeting", "会谈"),
    Email => ("email", "邮件"),
    Other => ("other", "其他"),
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_round_trip() {
        for intent in Intent::ALL {
            assert_eq!(Intent::parse(intent.as_str()), Ok(*intent));
            assert_eq!(Intent::parse(intent.label()), Ok(*intent));
        }
        assert!(Intent::parse("gamble").unwrap_err().contains("invest"));
    }

    #[test]
    fn a_sheet_may_write_training_as_peixun() {
        for typed in ["创业培训", "training", "培训", " 技能培训 "] {
            assert_eq!(Intent::parse_loose(typed), Ok(Intent::Training), "{typed}");
        }
        assert_eq!(Intent::parse_loose("投资兴业"), Ok(Intent::Invest));
        assert!(Intent::parse_loose("旅游").is_err());
    }

    #[test]
    fn serde_uses_the_codes() {
        let json = serde_json::to_string(&CapitalRange::M5To20).unwrap();
        assert_eq!(json, "\"5m_20m\"");
        let back: CapitalRange = serde_json::from_str(&json).unwrap();
        assert_eq!(back, CapitalRange::M5To20);
        assert!(serde_json::from_str::<CapitalRange>("\"lots\"").is_err());
    }
}
