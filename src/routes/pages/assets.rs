//! `/static/…`: CSS, JavaScript and vendored files, embedded in the binary.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use include_dir::{Dir, include_dir};

use crate::state::AppState;

static STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/web/static");

pub fn router() -> Router<AppState> {
    Router::new().route("/static/{*path}", get(serve))
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "woff2" => "font/woff2",
        _ => "text/plain; charset=utf-8",
    }
}

async fn serve(Path(path): Path<String>) -> Response {
    let Some(file) = STATIC.get_file(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(&path)),
            ),
            // Public files only; an hour keeps phones from refetching 1 MB of charts per page.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        file.contents(),
    )
        .into_response()
}
