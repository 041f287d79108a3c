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
                Err(unknown_field(&detail)
                    .or_else(|| unknown_field(unprefixed))
                    .unwrap_or(AppError::BadRequest(format!("查询参数有误：{detail}"))))
            }
            Err(other) => Err(AppError::BadRequest(other.body_text())),
        }
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
