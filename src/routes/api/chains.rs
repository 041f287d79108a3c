//! The industry taxonomy, and the chain map (招商图谱) over it.

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::json;

use crate::auth::CurrentUser;
use crate::domain::CHAINS;
use crate::error::AppResult;
use crate::service::chain_map;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/chains", get(list))
        .route("/chains/map", get(map))
}

/// 招商图谱 as the caller sees it.
async fn map(State(state): State<AppState>, me: CurrentUser) -> AppResult<impl IntoResponse> {
    let built = chain_map::build(state.db.conn(), &state.search, &me).await?;
    Ok(axum::Json(built))
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
