//! Excel in and out: `POST /profiles/import`, `GET /profiles/import/template`,
//! `GET /profiles/export`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::service::export::{self, ProfileFilter};
use crate::service::import::{self, ImportOptions};
use crate::service::profile;
use crate::spreadsheet;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/profiles/import",
            // Room for a 20 MB file plus the multipart envelope.
            post(import_file).layer(DefaultBodyLimit::max(spreadsheet::MAX_BYTES + 64 * 1024)),
        )
        .route("/profiles/import/template", get(template))
        .route("/profiles/export", get(export_file))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportQuery {
    dry_run: Option<bool>,
    /// Import the valid rows even when others are rejected.
    valid_rows: Option<bool>,
    /// Corrections to the column mapping the preview chose: `C=hometown,2!D=mobile`.
    mapping: Option<String>,
}

/// Accepts `multipart/form-data` with a `file` part, or the file as the raw body.
async fn import_file(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ImportQuery>,
    request: axum::extract::Request,
) -> AppResult<impl IntoResponse> {
    // Refused before the upload is read; the import service decides again per row.
    import::may_import(&me)?;
    let overrides = import::parse_mapping(q.mapping.as_deref().unwrap_or(""))?;
    let (bytes, filename) = read_upload(request).await?;
    let options = ImportOptions {
        dry_run: q.dry_run.unwrap_or(false),
        valid_rows_only: q.valid_rows.unwrap_or(false),
    };
    let report = import::run(
        &state.db,
        &me,
        &state.regions,
        &bytes,
        &filename,
        &overrides,
        options,
        Default::default(),
    )
    .await?;
    Ok(axum::Json(report))
}

pub(super) async fn read_upload(request: axum::extract::Request) -> AppResult<(Bytes, String)> {
    use axum::extract::FromRequest;
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let upload_error = |status: StatusCode| {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge(format!(
                "文件不能超过 {} MB",
                spreadsheet::MAX_BYTES / 1024 / 1024
            ))
        } else {
            AppError::BadRequest("上传内容无法读取，请重新选择文件上传".into())
        }
    };
    if !is_multipart {
        let bytes = Bytes::from_request(request, &())
            .await
            .map_err(|e| upload_error(e.status()))?;
        return Ok((bytes, "upload".into()));
    }
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| upload_error(e.status()))?;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| upload_error(e.status()))?
    {
        if field.name() == Some("file") {
            let filename = field.file_name().unwrap_or("upload").to_owned();
            let bytes = field.bytes().await.map_err(|e| upload_error(e.status()))?;
            return Ok((bytes, filename));
        }
    }
    Err(AppError::invalid(
        "file",
        "请选择要上传的 Excel 或 CSV 文件（表单字段名 file）",
    ))
}

async fn template(me: CurrentUser) -> AppResult<impl IntoResponse> {
    profile::may_export(&me)?;
    let bytes = tokio::task::spawn_blocking(spreadsheet::template_xlsx)
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?;
    let date = crate::service::fields::today();
    Ok(crate::routes::download::xlsx(
        bytes,
        &format!("乡贤登记模板-{date}.xlsx"),
        &format!("xiangxian-template-{date}.xlsx"),
    ))
}

async fn export_file(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(filter): Query<ProfileFilter>,
) -> AppResult<impl IntoResponse> {
    profile::may_export(&me)?;
    export::refuse_paging(&filter)?;
    if let Some(org) = filter.org {
        // An organisation the caller does not read is not found, as in the search.
        crate::service::organization::members::member_ids(state.db.conn(), &me, org).await?;
    }
    // A text query goes through the index; the filters also apply in SQL.
    let ids = match filter.q.as_deref().filter(|q| !q.trim().is_empty()) {
        Some(_) => Some(
            crate::service::profile::search::matching_ids(
                state.db.conn(),
                &state.search,
                &me,
                &filter,
                export::MAX_ROWS + 1,
            )
            .await?,
        ),
        None => None,
    };
    let bytes = export::profiles_xlsx(&state.db, &me, &state.regions, &filter, ids).await?;
    // Named after the region listed (the filter's, else the caller's scope) and the date.
    let region = filter
        .region
        .clone()
        .filter(|r| !r.trim().is_empty())
        .or_else(|| me.list_scope())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| crate::domain::CITY_CODE.to_owned());
    let place = state
        .regions
        .name(region.trim())
        .unwrap_or("咸宁市")
        .to_owned();
    let date = crate::service::fields::today();
    Ok(crate::routes::download::xlsx(
        bytes,
        &format!("乡贤名册-{place}-{date}.xlsx"),
        &format!("xiangxian-{}-{date}.xlsx", region.trim()),
    ))
}
