//! 扫码登记: the public phone page a village's QR poster opens (`/register/{village}`),
//! the printable A4 poster itself for the village's organizer, and the organizer's queue
//! of what was sent (`/register-queue`), accepted or rejected one by one.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use serde::Deserialize;

use super::csrf::Form;
use super::forms::{Errors, refusal};
use super::regions::township_groups;
use super::render::{Page, PageResult, Visitor, flash};
use crate::domain::Intent;
use crate::service::self_registration::{self as registration, SelfRegisterReq};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/register/{village}", get(form).post(submit))
        .route("/regions/{village}/poster", get(poster))
        .route("/register-queue", get(queue))
        .route("/register-queue/{id}/accept", post(accept))
        .route("/register-queue/{id}/reject", post(reject))
}

#[derive(Debug, Default, Deserialize)]
struct Sent {
    sent: Option<String>,
}

async fn form(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(village): Path<String>,
    Query(sent): Query<Sent>,
) -> PageResult<Html<String>> {
    let (code, name) = registration::village(state.db.conn(), &village).await?;
    let ctx = context! { sent => sent.sent.is_some(), values => context! {} };
    render_form(
        &state,
        &visitor,
        code.as_str(),
        &name,
        ctx,
        Errors::default(),
    )
}

fn render_form(
    state: &AppState,
    visitor: &Visitor,
    code: &str,
    name: &str,
    ctx: minijinja::Value,
    errors: Errors,
) -> PageResult<Html<String>> {
    let intents: Vec<_> = Intent::ALL
        .iter()
        .map(|i| context! { code => i.as_str(), label => i.label() })
        .collect();
    visitor.render(
        "register/village.html",
        context! {
            village => context! { code, name, full_name => state.regions.full_name(code) },
            intents, errors, ..ctx
        },
    )
}

async fn submit(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(village): Path<String>,
    form: Form,
) -> PageResult<Response> {
    let (code, name) = registration::village(state.db.conn(), &village).await?;
    let intents = form
        .all("intents")
        .iter()
        .filter_map(|i| Intent::parse(i).ok())
        .collect();
    let req = SelfRegisterReq {
        name: form.text("name"),
        mobile: form.opt("mobile"),
        employer: form.opt("employer"),
        title: form.opt("title"),
        intents: Some(intents),
        consent_match: form.checked("consent_match"),
    };
    match registration::submit(
        &state.db,
        &state.login_throttle,
        &visitor.client_addr,
        code.as_str(),
        req,
    )
    .await
    {
        // After a post, a page the back button can show again without resending.
        Ok(_) => Ok(Redirect::to(&format!("/register/{}?sent=1", code.as_str())).into_response()),
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let values = serde_json::Value::Object(form.values(&["intents"]));
            let ctx = context! { sent => false, values };
            let html = render_form(&state, &visitor, code.as_str(), &name, ctx, errors)?;
            Ok((status, html).into_response())
        }
    }
}

/// The A4 poster of a village: its name, the QR of its page and one line of instructions.
async fn poster(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    Path(village): Path<String>,
) -> PageResult<Html<String>> {
    let (code, name) = registration::poster(state.db.conn(), &page.me, &village).await?;
    let link = registration::page_link(&crate::routes::site_origin(&state, &headers), &code);
    page.render(
        &state,
        "register/poster.html",
        context! {
            village => context! { code => code.as_str(), name, full_name => state.regions.full_name(code.as_str()) },
            link,
        },
    )
    .await
}

/// The waiting registrations, and the villages whose posters the caller may print.
async fn queue(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    if !registration::may_print(&page.me) {
        return Err(crate::error::AppError::forbidden(
            "扫码登记由乡镇、村组织者和县、市工作人员管理",
        )
        .into());
    }
    let items = registration::queue(state.db.conn(), &page.me, &state.regions, 200).await?;
    let scope = page.me.scope().unwrap_or("").to_owned();
    let groups = township_groups(state.db.conn(), &scope, &state.regions).await?;
    page.render(
        &state,
        "register/queue.html",
        context! { items, groups, may_decide => registration::may_decide(&page.me) },
    )
    .await
}

async fn decide(state: &AppState, page: &Page, id: i64, accept: bool) -> PageResult<Response> {
    registration::decide(&state.db, &page.me, id, accept).await?;
    let message = if accept {
        "已通过：档案已核实并公开。"
    } else {
        "已退回：该登记的个人信息已删除。"
    };
    flash(&page.session, message).await?;
    Ok(Redirect::to("/register-queue").into_response())
}

async fn accept(
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
