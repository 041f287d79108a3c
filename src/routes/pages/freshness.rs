//! Freshness: `/freshness` lists the caller's records not confirmed for a year with a
//! 请本人确认 button per row; `/confirm/{token}` is the person's phone page behind the link
//! that button sends; `/unsubscribe/…` is the opt-out link in every e-mail and SMS.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::{Value, context};
use serde::Deserialize;

use super::csrf::Form;
use super::forms::{Errors, refusal};
use super::render::{Page, PageResult, Visitor, flash};
use crate::error::AppError;
use crate::service::freshness::{confirm, list};
use crate::service::notify::optout;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/freshness", get(index))
        .route("/freshness/{id}/request", post(request))
        .route("/confirm/{token}", get(confirm_page).post(confirm_answer))
        .route(
            "/unsubscribe/{profile}/{channel}/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
}

#[derive(Debug, Default, Deserialize)]
struct FreshnessQuery {
    region: Option<String>,
    page: Option<u64>,
}

async fn index(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<FreshnessQuery>,
) -> PageResult<Html<String>> {
    let region = q.region.filter(|r| !r.trim().is_empty());
    let conn = state.db.conn();
    let stale = list::stale_page(conn, &state.regions, &page.me, region.clone(), q.page).await?;
    let corrections = confirm::corrections(conn, &page.me).await?;
    let pages = stale.total.div_ceil(stale.per_page.max(1));
    page.render(
        &state,
        "freshness/list.html",
        context! {
            stale => Value::from_serialize(&stale),
            corrections => Value::from_serialize(&corrections),
            region, pages,
        },
    )
    .await
}

async fn request(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    let key = &state.config.server_secret.0;
    let message = match confirm::request(&state.db, &page.me, key, id).await {
        Ok(r) => format!(
            "已向本人发送确认请求（{} 条短信/邮件）；本人确认后，这条档案将不再出现在此列表。",
            r.queued
        ),
        // Refusals the clerk can act on (no contact, sent this week) come back as a note
        // on the page; a record out of scope stays the same 404 as a missing one.
        Err(AppError::Invalid { message, .. } | AppError::Conflict { message, .. }) => message,
        Err(e) => return Err(e.into()),
    };
    flash(&page.session, &message).await?;
    Ok(Redirect::to(&format!("/freshness#p{id}")).into_response())
}

async fn render_confirm(
    state: &AppState,
    visitor: &Visitor,
    token: &str,
    done: Option<&str>,
    errors: Errors,
    status: StatusCode,
) -> PageResult<Response> {
    let html = match (
        done,
        confirm::show(state.db.conn(), &state.regions, token).await,
    ) {
        (Some(done), _) => visitor.render("freshness/confirm.html", context! { done, errors })?,
        (None, Ok(view)) => visitor.render(
            "freshness/confirm.html",
            context! { person => Value::from_serialize(&view), token, errors },
        )?,
        (None, Err(AppError::Gone { message, .. })) => {
            let html = visitor.render(
                "freshness/confirm.html",
                context! { gone => message, errors },
            )?;
            return Ok((StatusCode::GONE, html).into_response());
        }
        (None, Err(e)) => return Err(e.into()),
    };
    Ok((status, html).into_response())
}

async fn confirm_page(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
) -> PageResult<Response> {
    render_confirm(
        &state,
        &visitor,
        &token,
        None,
        Errors::default(),
        StatusCode::OK,
    )
    .await
}

async fn confirm_answer(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
    form: Form,
) -> PageResult<Response> {
    let addr = &visitor.client_addr;
    let (result, done) = if form.text("answer") == "correct" {
        let text = form.text("correction");
        (
            confirm::correct(&state.db, &token, &text, addr).await,
            "已收到您的更正，村（社区）乡贤联络员核实后会更新您的登记信息。谢谢！",
        )
    } else {
        (
            confirm::confirm(&state.db, &token, addr).await,
            "已确认，谢谢您！您的登记信息已记为最新。",
        )
    };
    match result {
        Ok(()) => {
            render_confirm(
                &state,
                &visitor,
                &token,
                Some(done),
                Errors::default(),
                StatusCode::OK,
            )
            .await
        }
        Err(AppError::Gone { .. }) => {
            render_confirm(
                &state,
                &visitor,
                &token,
                None,
                Errors::default(),
                StatusCode::GONE,
            )
            .await
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            render_confirm(&state, &visitor, &token, None, errors, status).await
        }
    }
}

async fn unsubscribe_page(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((profile, channel, token)): Path<(i64, String, String)>,
) -> PageResult<Response> {
    // Only shows a button: mail scanners open links, and opening must not opt anyone out.
    optout::check_link(&state.config.server_secret.0, profile, &channel, &token)?;
    let html = visitor.render(
        "freshness/unsubscribe.html",
        context! { profile, channel, token, label => optout::label(&channel), done => false },
    )?;
    Ok(html.into_response())
}

async fn unsubscribe(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((profile, channel, token)): Path<(i64, String, String)>,
    _form: Form,
) -> PageResult<Response> {
    let key = &state.config.server_secret.0;
    optout::unsubscribe(
        &state.db,
        key,
        profile,
        &channel,
        &token,
        &visitor.client_addr,
    )
    .await?;
    let html = visitor.render(
        "freshness/unsubscribe.html",
        context! { label => optout::label(&channel), done => true },
    )?;
    Ok(html.into_response())
}
