//! The industry taxonomy of the plan's section 三(一): five chains, fourteen segments.

use std::fmt;

/// A chain and its segments: (code, name, [(segment code, segment name)]).
pub type ChainDef = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// The five chains in the plan's order.
pub const CHAINS: &[ChainDef] = &[
    (
        "terminal",
        "智能终端元器件",
        &[
            ("terminal.components", "无线充电和电子元器件"),
            ("terminal.smart_home", "智能家居及配套"),
            ("terminal.devices", "智能终端产品"),
        ],
    ),
    (
        "display",
        "新型显示",
        &[
            ("display.lcd", "液晶显示模组及配套"),
            ("display.backlight", "LED背光模组"),
            ("display.lighting", "LED照明"),
        ],
    ),
    (
        "materials",
        "电子材料",
        &[
            ("materials.consumer", "消费电子材料"),
            ("materials.battery", "锂电池材料"),
        ],
    ),
    (
        "optical",
        "光通信",
        &[
            ("optical.fiber", "光纤光缆"),
            ("optical.components", "光通信电子元器件"),
        ],
    ),
    (
        "software",
        "软件和信息技术服务",
        &[
            ("software.security", "智能安防"),
            ("software.iot", "物联网"),
            ("software.industrial", "工业软件"),
            ("software.iiot", "工业互联网"),
        ],
    ),
];

/// A segment code of the taxonomy, such as `terminal.components`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChainSegment(&'static str);

impl ChainSegment {
    /// Accepts a segment code or (for spreadsheets) its Chinese name.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        for (_, _, segments) in CHAINS {
            for (code, name) in *segments {
                if *code == raw || *name == raw {
                    return Ok(Self(code));
                }
            }
        }
        Err(format!(
            "“{}”不是产业链细分领域代码，可选如 terminal.components、optical.fiber（见 /api/v1/chains）",
            raw.chars().take(30).collect::<String>()
        ))
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The chain code, the part before the dot.
    pub fn chain(self) -> &'static str {
        self.0.split('.').next().unwrap_or(self.0)
    }

    pub fn label(self) -> &'static str {
        segment_name(self.0).unwrap_or(self.0)
    }

    /// Every segment code, for the OpenAPI document.
    pub fn codes() -> Vec<&'static str> {
        CHAINS
            .iter()
            .flat_map(|(_, _, s)| s.iter().map(|(c, _)| *c))
            .collect()
    }
}

/// The name of a chain or segment code.
pub fn segment_name(code: &str) -> Option<&'static str> {
    CHAINS.iter().find_map(|(chain, chain_name, segments)| {
        if *chain == code {
            return Some(*chain_name);
        }
        segments.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
    })
}

/// Whether `code` names a chain or a segment.
pub fn is_chain_or_segment(code: &str) -> bool {
    segment_name(code).is_some()
}

impl fmt::Display for ChainSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl serde::Serialize for ChainSegment {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for ChainSegment {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        CHAINS
            .iter()
            .flat_map(|(_, _, s)| s.iter())
            .find(|(c, _)| *c == raw)
            .map(|(c, _)| Self(c))
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "unknown segment `{}`, expected one of {}",
                    raw.chars().take(30).collect::<String>(),
                    Self::codes().join(", ")
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_chains_fourteen_segments() {
        assert_eq!(CHAINS.len(), 5);
        assert_eq!(ChainSegment::codes().len(), 14);
    }

    #[test]
    fn parses_codes_and_names() {
        assert_eq!(
            ChainSegment::parse("optical.fiber").unwrap().chain(),
            "optical"
        );
        assert_eq!(
            ChainSegment::parse("光纤光缆").unwrap().as_str(),
            "optical.fiber"
        );
        assert!(ChainSegment::parse("optical").is_err());
    }
}
