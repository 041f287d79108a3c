//! `GET /notices`: the caller's in-app notices.

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::routes::api::ListView;
use crate::service::notice;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/notices", get(list))
}

async fn list(State(state): State<AppState>, me: CurrentUser) -> AppResult<impl IntoResponse> {
    Ok(axum::Json(ListView::all(
        notice::list(state.db.conn(), me.id(), 50).await?,
    )))
}
