//! The administrative tree: children of a region, one region with its path.

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;
use serde::Deserialize;

use crate::error::AppResult;
use crate::extract::{Path, Query};
use crate::routes::api::ListView;
use crate::service::region;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/regions", get(list))
        .route("/regions/{code}", get(show))
        .route("/regions/{code}/register-qr", get(register_qr))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    parent: Option<String>,
}

/// Public reference data: the tree itself holds nothing personal.
async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> AppResult<impl IntoResponse> {
    let items = match q.parent.as_deref() {
        Some(raw) => region::children(state.db.conn(), &region::parse_code("parent", raw)?).await?,
        None => region::roots(state.db.conn()).await?,
    };
    Ok(axum::Json(ListView::all(items)))
}

async fn show(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> AppResult<impl IntoResponse> {
    let code = region::parse_code("code", &code)?;
    Ok(axum::Json(region::detail(state.db.conn(), &code).await?))
}

/// The QR of a village's 扫码登记 page, as a PNG for its poster (its organizers, the staff
/// of its county and administrators).
async fn register_qr(
    State(state): State<AppState>,
    me: crate::auth::CurrentUser,
    headers: axum::http::HeaderMap,
    Path(code): Path<String>,
) -> AppResult<impl IntoResponse> {
    let (village, _) =
        crate::service::self_registration::poster(state.db.conn(), &me, &code).await?;
    let link = crate::service::self_registration::page_link(
        &crate::routes::site_origin(&state, &headers),
        &village,
    );
    let png = crate::service::qr::png(link).await?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "image/png"),
            (axum::http::header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        png,
    ))
}
