//! Every path of the service, in one place.

pub mod api;
pub mod download;
pub mod health;
pub mod openapi;
pub mod pages;

use axum::Router;

use crate::state::AppState;

/// The whole router, without the cross-cutting layers (see `app`).
pub fn router() -> Router<AppState> {
    Router::new()
        .nest("/api/v1", api::router())
        .merge(openapi::router())
        .merge(health::router())
        .merge(pages::router())
        .fallback(pages::not_found)
}
