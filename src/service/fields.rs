//! Small validators shared by the project, pipeline, incubator, opening and
//! application services: each failure names its field.

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, TimeZone, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, IntoColumnRef, LikeExpr};

use crate::domain::limits::{List, Text};
use crate::domain::taxonomy::is_chain_or_segment;
use crate::domain::{CITY_CODE, RegionLevel};
use crate::error::{AppError, AppResult};

/// China Standard Time: dates typed by clerks are dates in 咸宁.
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

/// Today's date in 咸宁.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&china()).date_naive()
}

/// The date of an instant, in 咸宁.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china()).date_naive()
}

/// The first instant of a 咸宁 date.
pub fn start_of(date: NaiveDate) -> DateTime<Utc> {
    china()
        .from_local_datetime(&date.and_time(chrono::NaiveTime::MIN))
        .single()
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(|| date.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// Trimmed text within `limit` and without control characters (but newline
/// and tab). The maximum applies to the text as sent (so it is the `maxLength`
/// of the API document), the minimum to the trimmed text (blanks do not count).
pub fn text(field: &str, raw: &str, limit: Text) -> AppResult<String> {
    let Text { min, max } = limit;
    let value = raw.trim();
    if value.chars().count() < min || raw.chars().count() > max {
        let msg = if min == 0 {
            format!("不能超过 {max} 个字")
        } else {
            format!("应为 {min}–{max} 个字")
        };
        return Err(AppError::invalid(field, msg));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(AppError::invalid(field, "含有不可见的控制字符"));
    }
    Ok(value.to_owned())
}

/// A required field of a create request.
pub fn required<T>(field: &str, value: Option<T>, what: &str) -> AppResult<T> {
    value.ok_or_else(|| AppError::invalid(field, format!("请填写{what}")))
}

/// A list of short names (companies, tags): trimmed, deduplicated, blanks dropped.
pub fn name_list(field: &str, raw: Vec<String>, limit: List) -> AppResult<Vec<String>> {
    let (max_items, max_len) = (limit.items, limit.item.max);
    let mut out: Vec<String> = Vec::new();
    for item in raw {
        let too_long = item.chars().count() > max_len;
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        if too_long || item.chars().any(char::is_control) {
            return Err(AppError::invalid(
                field,
                format!("每项不超过 {max_len} 个字"),
            ));
        }
        if !out.iter().any(|o| o == item) {
            out.push(item.to_owned());
        }
    }
    if out.len() > max_items {
        return Err(AppError::invalid(field, format!("最多 {max_items} 项")));
    }
    Ok(out)
}

/// Chain or segment codes (`software`, `software.iot`), deduplicated.
pub fn chains(field: &str, raw: Vec<String>) -> AppResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for code in raw {
        let code = code.trim();
        if !is_chain_or_segment(code) {
            return Err(AppError::invalid(
                field,
                format!(
                    "“{}”不是产业链或细分领域代码（见 /api/v1/chains）",
                    code.chars().take(30).collect::<String>()
                ),
            ));
        }
        if !out.iter().any(|o| o == code) {
            out.push(code.to_owned());
        }
    }
    Ok(out)
}

/// A chain or segment code used as a filter.
pub fn chain_filter(field: &str, raw: &str) -> AppResult<String> {
    let code = raw.trim();
    if is_chain_or_segment(code) {
        Ok(code.to_owned())
    } else {
        Err(AppError::invalid(
            field,
            "应为产业链或细分领域代码，如 software 或 software.iot",
        ))
    }
}

/// A `YYYY-MM-DD` date between `earliest` and `latest`.
pub fn date(
    field: &str,
    raw: &str,
    earliest: NaiveDate,
    latest: NaiveDate,
) -> AppResult<NaiveDate> {
    let value = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, "日期格式应为 YYYY-MM-DD，如 2026-12-01"))?;
    if value < earliest {
        return Err(AppError::invalid(field, format!("日期不能早于 {earliest}")));
    }
    if value > latest {
        return Err(AppError::invalid(field, format!("日期不能晚于 {latest}")));
    }
    Ok(value)
}

/// A number typed in a query string, within `min..=max`.
pub fn number(field: &str, raw: &str, min: f64, max: f64) -> AppResult<f64> {
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && (min..=max).contains(v))
        .ok_or_else(|| AppError::invalid(field, format!("应为 {min}–{max} 之间的数字")))
}

/// `true`/`false` (also `1`/`0`) typed in a query string.
pub fn boolean(field: &str, raw: &str) -> AppResult<bool> {
    match raw.trim() {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(AppError::invalid(field, "应为 true 或 false")),
    }
}

/// A query value that was given and is not blank.
pub fn non_blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A county of 咸宁市 given as a filter.
pub fn county(field: &str, raw: &str) -> AppResult<String> {
    let code = crate::service::region::parse_code(field, raw)?;
    if code.level() != RegionLevel::County || !code.is_within(CITY_CODE) {
        return Err(AppError::invalid(
            field,
            "应为咸宁市的县（市、区）代码，如 421222",
        ));
    }
    Ok(code.to_string())
}

/// `column` contains `needle`, ignoring ASCII case on both databases, with
/// `%` and `_` in the needle taken literally.
pub fn contains(column: impl IntoColumnRef, needle: &str) -> Expr {
    let mut pattern = String::from("%");
    for c in needle.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    Expr::expr(Func::lower(Expr::col(column))).like(LikeExpr::new(pattern).escape('\\'))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_bounded() {
        let lo = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let hi = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        assert!(date("at", "2026-12-01", lo, hi).is_ok());
        assert_eq!(
            date("at", "1999-12-31", lo, hi).unwrap_err().field(),
            Some("at")
        );
        assert!(date("at", "2026-13-01", lo, hi).is_err());
        assert!(date("at", "2030-01-02", lo, hi).is_err());
    }

    #[test]
    fn text_maximums_count_the_text_as_sent_and_minimums_the_trimmed_text() {
        let padded = format!(" {}", "a".repeat(60));
        assert_eq!(
            text("t", &padded, Text::between(1, 60))
                .unwrap_err()
                .field(),
            Some("t")
        );
        assert_eq!(text("t", " ab ", Text::between(2, 60)).unwrap(), "ab");
        assert!(text("t", "  a  ", Text::between(2, 60)).is_err());
        assert!(text("t", "a\u{14}b", Text::up_to(60)).is_err());
        assert_eq!(text("t", "a\nb", Text::up_to(60)).unwrap(), "a\nb");
    }

    #[test]
    fn names_are_trimmed_deduplicated_and_bounded() {
        let limit = List {
            items: 2,
            item: Text::up_to(5),
        };
        let got = name_list(
            "t",
            vec![" 京东方 ".into(), "京东方".into(), "".into()],
            limit,
        )
        .unwrap();
        assert_eq!(got, vec!["京东方".to_owned()]);
        assert!(name_list("t", vec!["一二三四五六".into()], limit).is_err());
        assert!(name_list("t", vec!["a".into(), "b".into(), "c".into()], limit).is_err());
    }

    #[test]
    fn chains_accept_chain_and_segment_codes() {
        assert!(chains("chains", vec!["software".into(), "software.iot".into()]).is_ok());
        assert!(chains("chains", vec!["software.web".into()]).is_err());
    }

    #[test]
    fn start_of_a_date_is_midnight_in_china() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(start_of(d).to_rfc3339(), "2026-11-30T16:00:00+00:00");
        assert_eq!(local_date(start_of(d)), d);
    }
}
