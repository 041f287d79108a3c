//! `/incubator`: an operator's own 孵化载体 — its details, its openings with
//! the units left, and the applications waiting for a decision. Staff and
//! administrators reach any incubator at `/incubators/{id}`.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use minijinja::context;

use super::render::{Page, PageResult};
use crate::domain::ApplicationStatus;
use crate::service::application::{self, ApplicationFilter};
use crate::service::incubator::{self, IncubatorView};
use crate::service::opening::{self, OpeningView};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/incubator", get(mine))
        .route("/incubators/{id}", get(show))
}

async fn mine(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    let id = incubator::own_id(&page.me)?;
    render(&state, &page, id).await
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    render(&state, &page, id).await
}

async fn render(state: &AppState, page: &Page, id: i64) -> PageResult<Html<String>> {
    let conn = state.db.conn();
    let found = incubator::find(conn, id).await?;
    let can_edit = incubator::may_write(&page.me, &found);
    let openings: Vec<OpeningView> = opening::of_incubator(conn, id)
        .await?
        .into_iter()
        .map(|o| OpeningView::new(o, Some(&found), &state.regions))
        .collect();
    // Waiting applications, for those who decide them (operators of this
    // incubator, staff of its county, administrators).
    let mut waiting = 0;
    if can_edit {
        for status in [ApplicationStatus::Submitted, ApplicationStatus::Reviewing] {
            let filter = ApplicationFilter {
                status: Some(status.as_str().into()),
                ..Default::default()
            };
            let (_, rows) = application::list(conn, &page.me, &filter, 1, 100).await?;
            waiting += application::views(conn, rows, &state.regions)
                .await?
                .iter()
                .filter(|a| a.incubator_id == id)
                .count();
        }
    }
    let inc = IncubatorView::new(found, &state.regions);
    page.render(
        state,
        "incubator/show.html",
        context! { inc, openings, can_edit, waiting },
    )
    .await
}
