//! `GET /api/openapi.json`: the API's description, public like the API's
//! reference data (it holds nothing but the contract).

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/openapi.json", get(show))
}

async fn show() -> impl IntoResponse {
    axum::Json(crate::openapi::document())
}
