//! `/awards`: 优秀乡贤企业 for staff and administrators — the year's ranking
//! of `service::award` with its formula, each candidate's parts and tier, and
//! the xlsx for the 商会大会.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use minijinja::context;
use serde::Deserialize;

use super::forms::refusal;
use super::render::{Page, PageResult};
use crate::service::award::{self, AwardQuery};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/awards", get(show))
}

/// `?year=` as typed: a blank or a word is this year.
#[derive(Debug, Default, Deserialize)]
struct YearQuery {
    year: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<YearQuery>,
) -> PageResult<Response> {
    let year = q.year.as_deref().and_then(|y| y.trim().parse::<i32>().ok());
    let query = AwardQuery { year };
    let tiers = state.config.award_tiers;
    let (status, awards, errors) = match award::rank(state.db.conn(), &page.me, tiers, &query).await
    {
        Ok(a) => (axum::http::StatusCode::OK, Some(a), Default::default()),
        Err(e) => {
            let (status, errors) = refusal(e)?;
            (status, None, errors)
        }
    };
    let html = page
        .render(
            &state,
            "awards/index.html",
            context! { awards, errors, year, formula => award::FORMULA, tiers },
        )
        .await?;
    Ok((status, html).into_response())
}
