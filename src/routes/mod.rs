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

/// `http(s)://host` of this request, for links a phone camera opens (QR codes). The host
/// is the one the browser used; anything but a plain host name falls back to localhost.
pub fn site_origin(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}
