//! File uploads (`multipart/form-data`) under the same two checks as forms:
//! this site's origin, and the CSRF token as a text part.

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};

use super::{FIELD, Form, accepted, checked_post};
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
        let (session, headers, req) = checked_post(req, state, "multipart/form-data").await?;
        let mut multipart = Multipart::from_request(req, state)
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
