//! `/awards`: 优秀乡贤企业, the year's ranking and its xlsx for the 商会大会.

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Query;
use crate::routes::download::attachment;
use crate::service::award::{self, AwardQuery};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/awards", get(ranking))
        .route("/awards/export", get(export))
}

async fn ranking(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<AwardQuery>,
) -> AppResult<impl IntoResponse> {
    let tiers = state.config.award_tiers;
    Ok(axum::Json(
        award::rank(state.db.conn(), &me, tiers, &q).await?,
    ))
}

async fn export(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<AwardQuery>,
) -> AppResult<impl IntoResponse> {
    let tiers = state.config.award_tiers;
    let file = award::export(state.db.conn(), &me, tiers, &q).await?;
    let fallback = format!("awards-{}.xlsx", file.year);
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                attachment(&file.file_name, &fallback),
            ),
        ],
        file.bytes,
    ))
}
