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
use crate::service::freshness::{batch, confirm, list};
use crate::service::notify::optout;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/freshness", get(index))
        .route("/freshness/request", post(request_ticked))
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

/// 请本人确认 for every ticked row; back to the page the rows were on.
async fn request_ticked(
    State(state): State<AppState>,
    page: Page,
    form: Form,
) -> PageResult<Response> {
    let ids: Vec<i64> = form
        .all("id")
        .iter()
        .filter_map(|id| id.trim().parse().ok())
        .collect();
    let key = &state.config.server_secret.0;
    let message = match batch::request_many(&state.db, &page.me, key, &ids).await {
        Ok(done) => done.summary(),
        Err(AppError::Invalid { message, .. }) => message,
        Err(e) => return Err(e.into()),
    };
    flash(&page.session, &message).await?;
    let back = form
        .get("back")
        .filter(|b| b.starts_with("/freshness"))
        .unwrap_or("/freshness");
    Ok(Redirect::to(back).into_response())
}

async fn render_confirm(
    state: &AppState,
    visitor: &Visitor,
    token: &str,
    errors: Errors,
    status: StatusCode,
) -> PageResult<Response> {
    let html = match confirm::show(state.db.conn(), &state.regions, token).await {
        Ok(view) => visitor.render(
            "freshness/confirm.html",
            context! { person => Value::from_serialize(&view), token, errors },
        )?,
        Err(AppError::Gone { message, .. }) => {
            let html = visitor.render(
                "freshness/confirm.html",
                context! { gone => message, errors },
            )?;
            return Ok((StatusCode::GONE, html).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    Ok((status, html).into_response())
}

/// What the person read after answering: `?answered=1` shows the answer the link holds.
#[derive(Debug, Default, Deserialize)]
struct AnsweredQuery {
    answered: Option<String>,
}

const CONFIRMED: &str = "已确认，谢谢您！您的登记信息已记为最新。";
const CORRECTED: &str = "已收到您的更正，村（社区）乡贤联络员核实后会更新您的登记信息。谢谢！";

async fn confirm_page(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
    Query(q): Query<AnsweredQuery>,
) -> PageResult<Response> {
    if q.answered.is_some()
        && let Some(confirmed) = confirm::answered(state.db.conn(), &token).await?
    {
        let done = if confirmed { CONFIRMED } else { CORRECTED };
        let html = visitor.render("freshness/confirm.html", context! { done })?;
        return Ok(html.into_response());
    }
    render_confirm(&state, &visitor, &token, Errors::default(), StatusCode::OK).await
}

async fn confirm_answer(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
    form: Form,
) -> PageResult<Response> {
    let addr = &visitor.client_addr;
    let result = if form.text("answer") == "correct" {
        let text = form.text("correction");
        confirm::correct(&state.db, &token, &text, addr).await
    } else {
        confirm::confirm(&state.db, &token, addr).await
    };
    match result {
        // Redirect after the post: a refresh shows the thanks, not the form again.
        Ok(()) => Ok(Redirect::to(&format!("/confirm/{token}?answered=1")).into_response()),
        Err(AppError::Gone { .. }) => {
            render_confirm(
                &state,
                &visitor,
                &token,
                Errors::default(),
                StatusCode::GONE,
            )
            .await
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            render_confirm(&state, &visitor, &token, errors, status).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct DoneQuery {
    done: Option<String>,
}

async fn unsubscribe_page(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((profile, channel, token)): Path<(i64, String, String)>,
    Query(q): Query<DoneQuery>,
) -> PageResult<Response> {
    // Only shows a button: mail scanners open links, and opening must not opt anyone out.
    optout::check_link(&state.config.server_secret.0, profile, &channel, &token)?;
    // `?done=1` after the post: the thanks, if the person is indeed out of that channel.
    let done = q.done.is_some()
        && optout::channels_of(state.db.conn(), profile)
            .await
            .map_err(AppError::from)?
            .contains(&channel);
    let html = visitor.render(
        "freshness/unsubscribe.html",
        context! { profile, channel, token, label => optout::label(&channel), done },
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
    Ok(Redirect::to(&format!("/unsubscribe/{profile}/{channel}/{token}?done=1")).into_response())
}
