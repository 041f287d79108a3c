//! Extractors whose rejections speak the API's error shape, naming the field.

use axum::extract::path::ErrorKind;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// `axum::Json` whose errors are `{"error": {...}}` with the offending field.
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_error(rejection)),
        }
    }
}

fn json_error(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            // "Failed to deserialize the JSON body into the target type: field: message"
            let text = e.body_text();
            let detail = text
                .split_once(": ")
                .map(|(_, d)| d.to_owned())
                .unwrap_or(text);
            match detail.split_once(": ") {
                Some((path, message)) if !path.contains(' ') => {
                    AppError::invalid(base_field(path), strip_position(message))
                }
                _ => unknown_field(&detail)
                    .unwrap_or(AppError::BadRequest(format!("请求内容有误：{detail}"))),
            }
        }
        JsonRejection::JsonSyntaxError(_) => AppError::BadRequest("请求内容不是合法的 JSON".into()),
        JsonRejection::MissingJsonContentType(_) => {
            AppError::BadRequest("请求须为 Content-Type: application/json".into())
        }
        JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::PayloadTooLarge("请求内容过大".into())
        }
        other => AppError::BadRequest(other.body_text()),
    }
}

/// `intents[0]` → `intents`: the field a form or a client knows.
fn base_field(path: &str) -> &str {
    path.split(['[', '.']).next().unwrap_or(path)
}

/// serde appends "at line 1 column 421", which means nothing to the caller.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// serde reports unknown fields without a path; name the field anyway.
fn unknown_field(detail: &str) -> Option<AppError> {
    let rest = detail.strip_prefix("unknown field `")?;
    let (field, _) = rest.split_once('`')?;
    Some(AppError::invalid(field, format!("不支持的字段 {field}")))
}

/// `axum::extract::Query` with the API's error shape.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => {
                let text = e.body_text();
                let detail = text
                    .split_once(": ")
                    .map(|(_, d)| d.to_owned())
                    .unwrap_or(text);
                // serde_urlencoded may prefix the message with the field: "tip: unknown field `tip`".
                let unprefixed = detail.split_once(": ").map_or(detail.as_str(), |(_, d)| d);
                if let Some(named) = named_error(&detail) {
                    return Err(named);
                }
                Err(unknown_field(&detail)
                    .or_else(|| unknown_field(unprefixed))
                    .unwrap_or(AppError::BadRequest(format!("查询参数有误：{detail}"))))
            }
            Err(other) => Err(AppError::BadRequest(other.body_text())),
        }
    }
}

/// Separates the field from the message in errors of [`instant`]'s deserializers (serde's
/// query-string errors do not name the field on their own).
const FIELD_MARK: char = '\u{1f}';

/// An error a field's own deserializer named: `…\u{1f}field\u{1f}message`.
fn named_error(detail: &str) -> Option<AppError> {
    let (_, rest) = detail.split_once(FIELD_MARK)?;
    let (field, message) = rest.split_once(FIELD_MARK)?;
    Some(AppError::invalid(field, message))
}

/// Query parameters that take an instant or a plain date (`2026-12-07` is that day's start
/// in 咸宁), for `#[serde(deserialize_with = ...)]`.
pub mod instant {
    use chrono::{DateTime, NaiveDate, Utc};
    use serde::{Deserialize, Deserializer};

    use super::FIELD_MARK;

    fn parse(field: &str, raw: Option<String>) -> Result<Option<DateTime<Utc>>, String> {
        let Some(raw) = raw.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty()) else {
            return Ok(None);
        };
        if let Ok(at) = DateTime::parse_from_rfc3339(&raw) {
            return Ok(Some(at.with_timezone(&Utc)));
        }
        if let Ok(date) = NaiveDate::parse_from_str(&raw, "%Y-%m-%d") {
            return Ok(Some(crate::service::fields::start_of(date)));
        }
        Err(format!(
            "{FIELD_MARK}{field}{FIELD_MARK}日期应为 2026-12-07 或 2026-12-07T08:00:00+08:00 这样的格式"
        ))
    }

    /// The `from` parameter.
    pub fn from<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        parse("from", Option::<String>::deserialize(d)?).map_err(serde::de::Error::custom)
    }

    /// The `to` parameter.
    pub fn to<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        parse("to", Option::<String>::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// `axum::extract::Path` with the API's error shape: `/profiles/abc` is a 400
/// naming the parameter, as JSON like every other refusal.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                let field = match e.kind() {
                    ErrorKind::ParseErrorAtKey { key, .. }
                    | ErrorKind::InvalidUtf8InPathParam { key } => key.clone(),
                    _ => "id".to_owned(),
                };
                Err(AppError::invalid(field, "路径参数格式不正确"))
            }
            Err(other) => Err(AppError::BadRequest(other.body_text())),
        }
    }
}
