//! `GET /audit`: the audit log, for administrators.

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Query;
use crate::routes::api::{ListView, Paging};
use crate::service::audit::{self, AuditFilter};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/audit", get(list))
}

async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(filter): Query<AuditFilter>,
) -> AppResult<impl IntoResponse> {
    let (page, per_page) = Paging::resolve(filter.page, filter.per_page)?;
    let (total, items) = audit::read(state.db.conn(), &me, &filter, page, per_page).await?;
    Ok(axum::Json(ListView::new(total, items)))
}
