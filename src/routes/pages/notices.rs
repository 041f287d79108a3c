//! `/notices`: the caller's in-app notices (a profile claimed, later an
//! application decided or a pipeline entry assigned).

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use minijinja::context;

use super::render::{Page, PageResult};
use crate::service::notice;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/notices", get(list))
}

async fn list(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    let items = notice::list(state.db.conn(), page.me.id(), 50).await?;
    // Only links inside this site are offered as links.
    let items: Vec<_> = items
        .into_iter()
        .map(|n| {
            let link = super::render::safe_next(&n.link).map(str::to_owned);
            context! { message => n.message, created_at => n.created_at, read => n.read_at.is_some(), link }
        })
        .collect();
    page.render(&state, "notices.html", context! { items })
        .await
}
