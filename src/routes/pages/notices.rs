//! `/notices`: the caller's in-app notices (a profile claimed, an application
//! submitted or decided, a pipeline entry assigned). Opening one marks it
//! read; so does opening the page it points to.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;

use super::csrf::Form;
use super::render::{Page, PageResult, flash, safe_next};
use crate::service::notice;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notices", get(list))
        .route("/notices/read", post(read_all))
        .route("/notices/{id}/open", get(open))
}

async fn list(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    let items = notice::list(state.db.conn(), page.me.id(), 50).await?;
    let items: Vec<_> = items
        .into_iter()
        .map(|n| {
            // Only links inside this site are offered as links.
            let link = safe_next(&n.link).is_some();
            context! { id => n.id, message => n.message, created_at => n.created_at, read => n.read_at.is_some(), link }
        })
        .collect();
    page.render(&state, "notices.html", context! { items })
        .await
}

/// Marks the notice read and follows its link (a GET: it only changes the
/// caller's own read mark, and only for a notice of theirs).
async fn open(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    let found = notice::mark_read(state.db.conn(), page.me.id(), id).await?;
    let to = found
        .as_ref()
        .and_then(|n| safe_next(&n.link))
        .unwrap_or("/notices");
    Ok(Redirect::to(to).into_response())
}

async fn read_all(State(state): State<AppState>, page: Page, _form: Form) -> PageResult<Response> {
    let n = notice::mark_all_read(state.db.conn(), page.me.id()).await?;
    flash(&page.session, &format!("已将 {n} 条通知标为已读。")).await?;
    Ok(Redirect::to("/notices").into_response())
}
