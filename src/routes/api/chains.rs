//! The industry taxonomy.

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::json;

use crate::domain::CHAINS;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/chains", get(list))
}

async fn list() -> impl IntoResponse {
    let items: Vec<_> = CHAINS
        .iter()
        .map(|(code, name, segments)| {
            let segments: Vec<_> = segments
                .iter()
                .map(|(c, n)| json!({"code": c, "name": n, "chain": code}))
                .collect();
            json!({"code": code, "name": name, "segments": segments})
        })
        .collect();
    axum::Json(json!({"total": items.len(), "items": items}))
}
