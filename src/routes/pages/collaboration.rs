//! 请求协同 in the pages: county staff ask the home counties of matched people outside
//! their scope to introduce them (`POST /projects/{id}/collaboration-requests`), and the
//! home county's staff accept or decline the requests addressed to them
//! (`/collaboration-requests`). The same service as the API decides who may do what.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;

use super::csrf::Form;
use super::render::{Page, PageResult, flash};
use crate::service::project::collaboration::{self, CollaborationReq};
use crate::service::project::matches::Engine;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects/{id}/collaboration-requests", post(request))
        .route("/collaboration-requests", get(inbox))
        .route("/collaboration-requests/{id}/accept", post(accept))
        .route("/collaboration-requests/{id}/decline", post(decline))
}

async fn request(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    let weights = state.config.match_weights;
    let engine = Engine {
        search: &state.search,
        names: &state.regions,
        weights: &weights,
    };
    let sent = collaboration::request(&state.db, engine, &page.me, id, CollaborationReq::default())
        .await?;
    let message = if sent.requested == 0 {
        "辖区外匹配的乡贤都已请求过协同，无需重复请求。".to_owned()
    } else {
        format!(
            "已请求协同：{} 位辖区外乡贤的籍贯县工作人员将收到通知，同意后其人选会加入本项目的对接名单。",
            sent.requested
        )
    };
    flash(&page.session, &message).await?;
    Ok(Redirect::to(&format!("/projects/{id}/matches")).into_response())
}

async fn inbox(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    let items = collaboration::inbox(state.db.conn(), &page.me).await?;
    page.render(&state, "projects/collaboration.html", context! { items })
        .await
}

async fn decide(state: &AppState, page: &Page, id: i64, accepted: bool) -> PageResult<Response> {
    if accepted {
        collaboration::accept(&state.db, &page.me, id).await?;
    } else {
        collaboration::decline(&state.db, &page.me, id).await?;
    }
    flash(
        &page.session,
        if accepted {
            "已同意协同，该乡贤已加入对方项目的对接名单。"
        } else {
            "已婉拒该协同请求。"
        },
    )
    .await?;
    Ok(Redirect::to("/collaboration-requests").into_response())
}

async fn accept(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    decide(&state, &page, id, true).await
}

async fn decline(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    decide(&state, &page, id, false).await
}
