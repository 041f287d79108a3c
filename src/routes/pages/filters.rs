//! Template filters: Beijing time, and the Chinese labels of the API's codes.

use chrono::{DateTime, FixedOffset, Offset};

use crate::domain::labels;

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

/// The Chinese label of a code: `{{ p.gender|label("gender") }}`; the code itself when
/// it has none.
pub fn label(code: Option<String>, kind: &str) -> String {
    let Some(code) = code else {
        return String::new();
    };
    labels::label(&code, kind).map_or(code, str::to_owned)
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
