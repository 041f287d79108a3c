//! One error type for the whole application, mapped to the JSON error shape
//! `{"error": {"code", "message", "field"?}}` with the right status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sea_orm::{DbErr, RuntimeErr, SqlErr};
use serde_json::json;

/// What the audit middleware needs to know about a refusal.
#[derive(Clone, Debug)]
pub struct Denied {
    pub reason: String,
}

/// Every way a request can fail.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Bad input in one field: 400, naming the field.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// Bad input not tied to one field: 400.
    #[error("{0}")]
    BadRequest(String),
    #[error("请先登录")]
    Unauthorized,
    /// The caller may not do this: 403, audited as `denied`.
    #[error("{0}")]
    Forbidden(String),
    /// 403 with a specific code the client acts on (`password_change_required`,
    /// `password_expired`): not a refusal of a record, so not audited as `denied`.
    #[error("{message}")]
    ForbiddenCode { code: &'static str, message: String },
    #[error("{0}")]
    NotFound(String),
    /// A record exists but lies outside the caller's scope: answered as 404 so
    /// its existence is not confirmed, but audited as `denied`.
    #[error("记录不存在或无权查看")]
    Hidden(String),
    /// Stale version, duplicate, no units left: 409 with a specific code.
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// A one-time link already used or expired: 410, naming the field.
    #[error("{message}")]
    Gone { field: String, message: String },
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    Unprocessable(String),
    /// Throttled: 429 with `Retry-After` (seconds).
    #[error("请求过于频繁，请稍后再试")]
    TooManyRequests { retry_after_secs: u64 },
    /// A likely duplicate: 409 `duplicate`, with the existing record's id
    /// only when the caller may read it.
    #[error("{message}")]
    Duplicate {
        existing_id: Option<i64>,
        message: String,
    },
    /// A quota used up (the daily reveal limit): 429 with a specific code.
    #[error("{message}")]
    Limit { code: &'static str, message: String },
    /// The database is unreachable or restarting: 503 with `Retry-After`, so a
    /// client (or the proxy) retries instead of treating it as a failure of its own.
    #[error("数据库暂时不可用，请稍后重试")]
    Unavailable,
    /// Anything else: 500 with the cause logged and a generic message sent.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

/// The one message of every 404: a missing record and one the caller may not
/// read answer byte for byte the same.
pub const NOT_FOUND_MESSAGE: &str = "记录不存在或无权查看";

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A record that is not there. `what` goes to the log only: the client gets
    /// [`NOT_FOUND_MESSAGE`], the same for a missing record and one outside the
    /// caller's scope, so the answer never confirms that something exists.
    pub fn not_found(what: &str) -> Self {
        Self::NotFound(format!("{what}不存在"))
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
        }
    }

    pub fn gone(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Gone {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn stale_version() -> Self {
        Self::conflict("stale_version", "该记录已被他人修改，请刷新后重试")
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden(message.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Invalid { .. } | Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) | Self::ForbiddenCode { .. } => StatusCode::FORBIDDEN,
            Self::NotFound(_) | Self::Hidden(_) => StatusCode::NOT_FOUND,
            Self::Conflict { .. } | Self::Duplicate { .. } => StatusCode::CONFLICT,
            Self::Gone { .. } => StatusCode::GONE,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests { .. } | Self::Limit { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid { .. } => "invalid",
            Self::BadRequest(_) => "bad_request",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::ForbiddenCode { code, .. } => code,
            Self::NotFound(_) | Self::Hidden(_) => "not_found",
            Self::Conflict { code, .. } => code,
            Self::Duplicate { .. } => "duplicate",
            Self::Gone { .. } => "gone",
            Self::PayloadTooLarge(_) => "too_large",
            Self::Unprocessable(_) => "unprocessable",
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::Limit { code, .. } => code,
            Self::Unavailable => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    /// The message a client may see: never internal detail.
    pub fn public_message(&self) -> String {
        match self {
            Self::Internal(_) => "服务器内部错误，请稍后重试；若持续出现请联系管理员".into(),
            Self::NotFound(_) | Self::Hidden(_) => NOT_FOUND_MESSAGE.into(),
            other => other.to_string(),
        }
    }

    /// 429 after waiting `wait` (rounded up to whole seconds, at least one).
    pub fn too_many_requests(wait: std::time::Duration) -> Self {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        Self::TooManyRequests {
            retry_after_secs: secs.max(1),
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Invalid { field, .. } | Self::Gone { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        if is_unavailable(&err) {
            tracing::warn!(error = %err, "database unavailable");
            return Self::Unavailable;
        }
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                Self::conflict("duplicate", "记录重复：已存在相同的记录")
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                Self::BadRequest("引用的记录不存在或仍被其他记录使用".into())
            }
            _ if is_check_violation(&err) => Self::conflict("constraint", "操作违反数据约束"),
            _ => Self::Internal(anyhow::Error::new(err)),
        }
    }
}

/// Seconds a client should wait before retrying a request refused with 503.
const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 2;

/// Whether `err` says the database could not be reached (pool exhausted or closed, a
/// broken connection, a server shutting down or restarting) or rolled the transaction back
/// for another's sake (a deadlock) rather than that the statement was wrong: the request
/// may succeed if repeated.
pub fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    let sqlx = match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        _ => return false,
    };
    match sqlx.as_ref() {
        Sqlx::Io(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::WorkerCrashed => true,
        // SQLSTATE class 08 (connection exception) and 57P0x (admin or crash shutdown,
        // cannot connect now): PostgreSQL is restarting or a backend was terminated.
        // 40001 and 40P01: the transaction lost a serialization conflict or a deadlock and
        // was rolled back whole; the same request again finds the locks free.
        Sqlx::Database(db) => db.code().is_some_and(|code| {
            code.starts_with("08") || code.starts_with("57P") || code == "40001" || code == "40P01"
        }),
        _ => false,
    }
}

fn is_check_violation(err: &DbErr) -> bool {
    let text = match err {
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            e.to_string()
        }
        _ => return false,
    };
    text.contains("CHECK constraint failed") || text.contains("violates check constraint")
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.outage_unwrapped().respond()
    }
}

impl AppError {
    /// A database outage that reached us wrapped (through anyhow) is still an
    /// outage: 503, not 500.
    pub fn outage_unwrapped(self) -> Self {
        match self {
            Self::Internal(cause)
                if cause
                    .chain()
                    .any(|e| e.downcast_ref::<DbErr>().is_some_and(is_unavailable)) =>
            {
                Self::Unavailable
            }
            other => other,
        }
    }

    /// `Retry-After` for the statuses that carry one (429, 503).
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::TooManyRequests { retry_after_secs } => Some(*retry_after_secs),
            Self::Unavailable => Some(UNAVAILABLE_RETRY_AFTER_SECS),
            _ => None,
        }
    }

    fn respond(self) -> Response {
        let status = self.status();
        if let Self::Internal(cause) = &self {
            // The cause may hold SQL; it goes to the log, never to the client.
            tracing::error!(error = %format!("{cause:#}"), "request failed");
        }
        let mut error = json!({ "code": self.code(), "message": self.public_message() });
        if let Some(field) = self.field() {
            error["field"] = json!(field);
        }
        if let Self::Duplicate {
            existing_id: Some(id),
            ..
        } = &self
        {
            error["existing_id"] = json!(id);
        }
        let mut response = (status, axum::Json(json!({ "error": error }))).into_response();
        if let Some(secs) = self.retry_after_secs() {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(secs),
            );
        }
        if let Self::Forbidden(reason) | Self::Hidden(reason) = self {
            response.extensions_mut().insert(Denied { reason });
        }
        response
    }
}
