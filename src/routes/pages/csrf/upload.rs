//! File uploads (`multipart/form-data`) under the same two checks as forms:
//! this site's origin, and the CSRF token as a text part.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::header;
use tower_sessions::Session;

use super::{FIELD, Form, accepted, same_origin};
use crate::error::AppError;
use crate::routes::pages::render::{PageError, PageResult};
use crate::state::AppState;

/// A POSTed `multipart/form-data` form (a file upload) whose origin and CSRF
/// token were checked like [`Form`]'s. The token travels as the `_csrf` part.
#[derive(Debug, Default)]
pub struct Upload {
    /// The text parts.
    pub form: Form,
    /// The first file part that holds something: its file name and bytes.
    pub file: Option<(String, Bytes)>,
}

/// A refused upload: too large, or not a multipart body at all.
fn upload_error(status: axum::http::StatusCode) -> PageError {
    if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge(format!(
            "文件不能超过 {} MB",
            crate::spreadsheet::MAX_BYTES / 1024 / 1024
        ))
        .into()
    } else {
        AppError::BadRequest("上传内容无法读取，请重新选择文件上传".into()).into()
    }
}

impl FromRequest<AppState> for Upload {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &AppState) -> PageResult<Self> {
        if !same_origin(req.headers()) {
            return Err(PageError::Csrf);
        }
        let is_multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !is_multipart {
            return Err(AppError::BadRequest("请通过页面上的表单提交".into()).into());
        }
        let (mut parts, body) = req.into_parts();
        let session = Session::from_request_parts(&mut parts, state)
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("session layer missing")))?;
        let headers = parts.headers.clone();
        let mut multipart = Multipart::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| upload_error(e.status()))?;
        let mut upload = Self::default();
        // Every part is read before the token is compared: browsers send the
        // hidden field first, but nothing guarantees the order.
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| upload_error(e.status()))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            match field.file_name().map(str::to_owned) {
                Some(filename) => {
                    let bytes = field.bytes().await.map_err(|e| upload_error(e.status()))?;
                    // An empty file input still sends a part, with no name and no bytes.
                    if upload.file.is_none() && !(filename.is_empty() && bytes.is_empty()) {
                        upload.file = Some((filename, bytes));
                    }
                }
                None => {
                    let text = field.text().await.map_err(|e| upload_error(e.status()))?;
                    upload.form.fields.push((name, text));
                }
            }
        }
        if accepted(state, &session, &headers, upload.form.get(FIELD)).await? {
            Ok(upload)
        } else {
            Err(PageError::Csrf)
        }
    }
}
