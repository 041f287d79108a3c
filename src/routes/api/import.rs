//! Staged imports over the API: `POST /profiles/import/preview` keeps the
//! upload server-side (its owner only, for an hour) and answers the preview;
//! `POST /profiles/import/{id}/confirm` writes what was previewed without a
//! second upload. `POST /profiles/import?dry_run=` keeps working as before.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use serde::Deserialize;
use serde_json::json;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Query;
use crate::service::import::stage;
use crate::spreadsheet;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/profiles/import/preview",
            post(preview).layer(DefaultBodyLimit::max(spreadsheet::MAX_BYTES + 64 * 1024)),
        )
        .route("/profiles/import/{id}/confirm", post(confirm))
}

/// Accepts the file like `POST /profiles/import`; answers 201 with the stage id.
async fn preview(
    State(state): State<AppState>,
    me: CurrentUser,
    request: axum::extract::Request,
) -> AppResult<impl IntoResponse> {
    let (bytes, filename) = super::transfer::read_upload(request).await?;
    let staged = stage::create(&state.db, &me, &state.regions, bytes.to_vec(), &filename).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(json!({
            "id": staged.id,
            "expires_at": staged.expires_at,
            "report": staged.report,
        })),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfirmQuery {
    /// Import the valid rows even when others are rejected.
    valid_rows: Option<bool>,
}

async fn confirm(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<ConfirmQuery>,
) -> AppResult<impl IntoResponse> {
    let report = stage::confirm(
        &state.db,
        &me,
        &state.regions,
        &id,
        q.valid_rows.unwrap_or(false),
    )
    .await?;
    Ok(axum::Json(report))
}
