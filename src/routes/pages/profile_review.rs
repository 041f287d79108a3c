//! Review lists of the registry: `/transfers` (ownership moves waiting for a
//! county staff member's approval) and `/profiles/duplicates` (likely
//! duplicates of the caller's area, to open and merge). The profile service
//! decides who sees what.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;

use super::csrf::Form;
use super::render::{Page, PageResult, flash};
use crate::service::profile::{duplicates, transfer};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/transfers", get(transfers))
        .route("/transfers/{id}/approve", post(approve))
        .route("/transfers/{id}/reject", post(reject))
        .route("/profiles/duplicates", get(duplicate_list))
}

async fn transfers(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    let (total, items) =
        transfer::list(state.db.conn(), &page.me, Some(transfer::PENDING), 1, 100).await?;
    let items: Vec<_> = items.iter().map(transfer::TransferView::of).collect();
    page.render(
        &state,
        "profiles/transfers.html",
        context! { total, items, me_id => page.me.id() },
    )
    .await
}

async fn decide(state: &AppState, page: &Page, id: i64, approve: bool) -> PageResult<Response> {
    transfer::decide(&state.db, &page.me, id, approve).await?;
    flash(
        &page.session,
        if approve {
            "已批准，档案归属已转移。"
        } else {
            "已驳回。"
        },
    )
    .await?;
    Ok(Redirect::to("/transfers").into_response())
}

async fn approve(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    decide(&state, &page, id, true).await
}

async fn reject(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    decide(&state, &page, id, false).await
}

async fn duplicate_list(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    let found =
        duplicates::likely_in_scope(state.db.conn(), &page.me, &state.regions, 1, 100).await?;
    page.render(
        &state,
        "profiles/duplicates.html",
        context! { total => found.total, groups => found.items },
    )
    .await
}
