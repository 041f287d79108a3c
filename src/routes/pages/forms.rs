//! Showing a form again after a refusal: what was typed, and the message
//! beside the field the service named.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use serde::Serialize;

use super::render::PageResult;
use crate::error::AppError;

/// The messages of a refused form: per field, and one for the whole form.
#[derive(Debug, Default, Serialize)]
pub struct Errors {
    pub fields: BTreeMap<String, String>,
    pub form: Option<String>,
}

impl Errors {
    pub fn field(name: &str, message: &str) -> Self {
        let mut e = Self::default();
        e.fields.insert(name.to_owned(), message.to_owned());
        e
    }

    pub fn form(message: impl Into<String>) -> Self {
        Self {
            form: Some(message.into()),
            ..Default::default()
        }
    }
}

/// A refusal the user can fix by changing the form becomes messages and the
/// status to answer with; anything else (403, 404, 500) goes on as an error page.
pub fn refusal(e: AppError) -> PageResult<(StatusCode, Errors)> {
    let status = e.status();
    match e {
        AppError::Invalid { field, message } => Ok((status, Errors::field(&field, &message))),
        AppError::BadRequest(m) | AppError::Unprocessable(m) => Ok((status, Errors::form(m))),
        AppError::Conflict { message, .. } => Ok((status, Errors::form(message))),
        other => Err(other.into()),
    }
}

/// Parses an optional code field (`gender`, `education`, …) with its enum's parser.
pub fn code<T>(
    field: &str,
    raw: Option<String>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, AppError> {
    raw.map(|r| parse(&r).map_err(|m| AppError::invalid(field, m)))
        .transpose()
}

/// Parses an optional whole number, with a message a clerk understands.
pub fn number<T: std::str::FromStr>(
    field: &str,
    raw: Option<String>,
    message: &str,
) -> Result<Option<T>, AppError> {
    raw.map(|r| {
        r.parse::<T>()
            .map_err(|_| AppError::invalid(field, message))
    })
    .transpose()
}

/// Parses an optional head count as people write it: `3`, `3人`, `三人`, `十二名`, `两个人`.
pub fn head_count(field: &str, raw: Option<String>) -> Result<Option<i64>, AppError> {
    raw.map(|r| {
        let t = r.trim();
        let t = ["个人", "人", "名", "位"]
            .iter()
            .find_map(|s| t.strip_suffix(s))
            .unwrap_or(t)
            .trim();
        t.parse::<i64>()
            .ok()
            .or_else(|| chinese_number(t))
            .ok_or_else(|| AppError::invalid(field, "请填写团队人数，如 3、3人或三人"))
    })
    .transpose()
}

/// 一 … 九十九 (and 两), the way a small number is written in Chinese.
fn chinese_number(t: &str) -> Option<i64> {
    let digit = |c: char| -> Option<i64> {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|i| i as i64)
            .or((c == '两').then_some(2))
    };
    let chars: Vec<char> = t.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d).filter(|n| *n > 0),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(10 * digit(*t)?),
        [t, '十', d] => Some(10 * digit(*t)? + digit(*d)?),
        _ => None,
    }
}

/// The options of a code select: `[{code, label}]`.
pub fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<serde_json::Value> {
    all.iter()
        .map(|v| serde_json::json!({"code": code(*v), "label": label(*v)}))
        .collect()
}

/// The taxonomy for grouped selects and checkbox groups:
/// `[{code, name, segments: [{code, name}]}]`.
pub fn chain_groups() -> Vec<serde_json::Value> {
    crate::domain::CHAINS
        .iter()
        .map(|(code, name, segs)| {
            let segments: Vec<_> = segs
                .iter()
                .map(|(c, n)| serde_json::json!({"code": c, "name": n}))
                .collect();
            serde_json::json!({"code": code, "name": name, "segments": segments})
        })
        .collect()
}

/// Splits a tag line on the separators people type: ， , 、 ; and new lines.
pub fn split_tags(raw: &str) -> Vec<String> {
    raw.split(['，', ',', '、', ';', '；', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod head_count_tests {
    use super::*;

    #[test]
    fn head_counts_are_read_in_digits_or_chinese() {
        for (raw, n) in [
            ("3", 3),
            ("3人", 3),
            ("三人", 3),
            ("十二名", 12),
            ("两个人", 2),
            ("二十", 20),
            ("十", 10),
        ] {
            assert_eq!(
                head_count("team_size", Some(raw.into())).unwrap(),
                Some(n),
                "{raw}"
            );
        }
        let e = head_count("team_size", Some("好几个".into())).unwrap_err();
        assert!(matches!(e, AppError::Invalid { ref field, .. } if field == "team_size"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_split_on_chinese_and_latin_commas() {
        assert_eq!(
            split_tags("深圳咸宁商会，校友会, 人大代表、 "),
            vec!["深圳咸宁商会", "校友会", "人大代表"]
        );
    }

    #[test]
    fn field_errors_stay_on_the_form_and_others_do_not() {
        let Ok((status, e)) = refusal(AppError::invalid("mobile", "手机号不正确")) else {
            panic!("a field error stays on the form");
        };
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(e.fields["mobile"], "手机号不正确");
        assert!(refusal(AppError::forbidden("no")).is_err());
    }
}

/// The `page` of a list's query string: 1 when missing, not a number, or
/// beyond any list (a hand-edited URL shows the first page, not an error).
pub fn page_number(raw: Option<&str>) -> u64 {
    raw.and_then(|p| p.parse().ok())
        .filter(|p| (1..=100_000).contains(p))
        .unwrap_or(1)
}

/// A filter's value, trimmed; `None` when blank.
pub fn nonblank(v: Option<&str>) -> Option<String> {
    v.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}
