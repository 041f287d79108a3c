//! Liveness, readiness and metrics.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

/// Answers as soon as the process listens.
async fn healthz() -> impl IntoResponse {
    Json(json!({"status": "ok"}))
}

/// Ready once the database answers, every migration is applied and the
/// search index has applied every queued change.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let migrated = state.db.is_migrated().await;
    let last_applied = state.search.index.last_change_id().unwrap_or(0);
    let pending = crate::service::search_change::pending(state.db.conn(), last_applied)
        .await
        .ok();
    let index_caught_up = pending == Some(0);
    let ready = migrated && index_caught_up;
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({
        "database": migrated,
        "search_index": index_caught_up,
        "pending_changes": pending,
        "status": if ready { "ready" } else { "starting" },
    });
    (status, Json(body))
}

/// `/metrics` alone, for the `--metrics-bind` listener (reachable only where
/// that address is).
pub fn metrics_router(state: AppState) -> axum::Router {
    Router::new()
        .route("/metrics", get(render))
        .with_state(state)
}

/// `/metrics` on the public address: only with `XIANGXIAN_METRICS_TOKEN` as a
/// Bearer token; absent (404) when metrics have their own address or no token.
async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> axum::response::Response {
    use subtle::ConstantTimeEq;
    let expected = match (&state.config.metrics_token, state.config.metrics_bind) {
        (Some(token), None) => token,
        _ => return crate::error::AppError::not_found("页面").into_response(),
    };
    let given = crate::auth::bearer_of(&headers).unwrap_or_default();
    if !bool::from(given.as_bytes().ct_eq(expected.0.as_bytes())) {
        return crate::error::AppError::Unauthorized.into_response();
    }
    render(State(state)).await.into_response()
}

async fn render(State(state): State<AppState>) -> impl IntoResponse {
    let body = state
        .metrics
        .as_ref()
        .map(|h| h.render())
        .unwrap_or_default();
    ([("content-type", "text/plain; version=0.0.4")], body)
}
