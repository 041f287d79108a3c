//! `GET /stats/coverage?region=`: coverage per child region.

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Query;
use crate::service::coverage;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/stats/coverage", get(show))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CoverageQuery {
    region: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<CoverageQuery>,
) -> AppResult<impl IntoResponse> {
    Ok(axum::Json(
        coverage::for_caller(state.db.conn(), &me, q.region.as_deref()).await?,
    ))
}
