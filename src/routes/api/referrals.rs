//! `/referrals`: 以商招商, who referred a project lead.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Json, Query};
use crate::routes::api::{ListView, Paging};
use crate::service::referral::{self, ReferralFilter, ReferralReq};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/referrals", post(create).get(list))
}

async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<ReferralReq>,
) -> AppResult<impl IntoResponse> {
    let created = referral::create(&state.db, &me, req).await?;
    let view = referral::views(state.db.conn(), &me, vec![created]).await?;
    Ok((StatusCode::CREATED, axum::Json(view.into_iter().next())))
}

async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(filter): Query<ReferralFilter>,
) -> AppResult<impl IntoResponse> {
    let (page, per_page) = Paging::resolve(filter.page, filter.per_page)?;
    let (total, rows) = referral::list(state.db.conn(), &me, &filter, page, per_page).await?;
    let items = referral::views(state.db.conn(), &me, rows).await?;
    Ok(axum::Json(ListView::new(total, items)))
}
