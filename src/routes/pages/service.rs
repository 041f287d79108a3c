//! `/service`: the 返乡创业综合服务中心. Founders file a request, follow their
//! own and rate the answer; staff of the county work through the queue
//! (filters: status, overdue) and act with a note. Through
//! `service::service_request` like the JSON API; laid out for a phone.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use serde::Deserialize;
use serde_json::{Value, json};

use super::csrf::Form;
use super::forms::{Errors, refusal};
use super::render::{Page, PageResult, flash};
use crate::domain::{Role, ServiceKind, ServiceStatus};
use crate::service::fields;
use crate::service::service_request::write::{self, RequestReq, UpdateReq};
use crate::service::service_request::{self as requests, RequestFilter};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/service", get(list).post(create))
        .route("/service/{id}", get(show).post(act))
}

fn kinds() -> Vec<Value> {
    ServiceKind::ALL
        .iter()
        .map(|k| json!({"code": k.as_str(), "label": k.label()}))
        .collect()
}

fn statuses() -> Vec<Value> {
    ServiceStatus::ALL
        .iter()
        .map(|s| json!({"code": s.as_str(), "label": s.label()}))
        .collect()
}

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    status: Option<String>,
    overdue: Option<String>,
}

async fn list_page(
    state: &AppState,
    page: &Page,
    q: &ListQuery,
    values: Value,
    errors: Errors,
) -> PageResult<Html<String>> {
    let today = fields::today();
    let filter = RequestFilter {
        status: q.status.clone().filter(|s| !s.is_empty()),
        overdue: (q.overdue.as_deref() == Some("yes")).then_some(true),
    };
    let rows = requests::list(state.db.conn(), &page.me, &filter, today).await?;
    let items = requests::views(state.db.conn(), rows, &state.regions, today).await?;
    let founder = page.me.role == Role::Founder;
    page.render(
        state,
        "service/list.html",
        context! {
            items, founder, kinds => kinds(), statuses => statuses(), values, errors,
            filter => json!({"status": q.status, "overdue": q.overdue}),
            due_days => requests::due_days(),
        },
    )
    .await
}

async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<ListQuery>,
) -> PageResult<Html<String>> {
    list_page(&state, &page, &q, json!({}), Errors::default()).await
}

async fn create(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    let req = RequestReq {
        kind: form.opt("kind"),
        summary: Some(form.text("summary")),
        region_code: form.opt("region_code"),
    };
    match write::create(&state.db, &page.me, req).await {
        Ok(r) => {
            flash(&page.session, "申请已提交，县服务中心会尽快受理。").await?;
            Ok(Redirect::to(&format!("/service/{}", r.id)).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let values = Value::Object(form.values(&[]));
            let html = list_page(&state, &page, &ListQuery::default(), values, errors).await?;
            Ok((status, html).into_response())
        }
    }
}

async fn show_page(
    state: &AppState,
    page: &Page,
    id: i64,
    errors: Errors,
) -> PageResult<Html<String>> {
    let found = requests::load(state.db.conn(), &page.me, id).await?;
    let from = ServiceStatus::parse(&found.status).ok();
    let founder = page.me.role == Role::Founder;
    let can_rate =
        founder && from.is_some_and(ServiceStatus::is_answered) && found.rating.is_none();
    let can_withdraw = founder && from == Some(ServiceStatus::Submitted);
    let next: Vec<Value> = if requests::handles(&page.me) {
        from.map(ServiceStatus::next_for_staff)
            .unwrap_or(&[])
            .iter()
            .map(|s| json!({"code": s.as_str(), "label": s.label()}))
            .collect()
    } else {
        Vec::new()
    };
    let r = requests::views(
        state.db.conn(),
        vec![found],
        &state.regions,
        fields::today(),
    )
    .await?
    .pop();
    page.render(
        state,
        "service/show.html",
        context! { r, can_rate, can_withdraw, next, errors },
    )
    .await
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    show_page(&state, &page, id, Errors::default()).await
}

async fn act(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let req = UpdateReq {
        status: form.opt("status"),
        note: form.opt("note"),
        rating: form.opt("rating").map(|r| r.trim().parse().unwrap_or(0)),
    };
    match write::update(&state.db, &page.me, id, req).await {
        Ok(_) => {
            flash(&page.session, "已保存。").await?;
            Ok(Redirect::to(&format!("/service/{id}")).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            Ok((status, show_page(&state, &page, id, errors).await?).into_response())
        }
    }
}
