//! `GET /subsidy/estimate`: the 专栏4-2 returning-founder subsidy, year by year.

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::error::AppResult;
use crate::extract::Query;
use crate::service::subsidy::{self, EstimateQuery};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/subsidy/estimate", get(estimate))
}

/// Public arithmetic of a published policy: no sign-in needed.
async fn estimate(Query(q): Query<EstimateQuery>) -> AppResult<impl IntoResponse> {
    Ok(axum::Json(subsidy::estimate_query(&q)?))
}
