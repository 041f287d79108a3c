//! `/subsidy`: 场租补贴 — founders claim a month's fees and read their ledger;
//! county staff (and administrators) approve or reject the queue and download
//! the monthly report. All through `service::enterprise` and
//! `service::subsidy_claim`, which decide who may do what.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::{Value, context};
use serde_json::json;

use super::csrf::Form;
use super::forms::{Errors, refusal};
use super::render::{Page, PageResult, flash};
use crate::domain::Role;
use crate::service::enterprise;
use crate::service::subsidy_claim::write::{self, ClaimReq, DecideReq};
use crate::service::subsidy_claim::{self, ClaimFilter, SUBMITTED, ledger};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/subsidy", get(index))
        .route("/subsidy/claims", post(claim))
        .route("/subsidy/claims/{id}/decide", post(decide))
}

async fn render(
    state: &AppState,
    page: &Page,
    errors: Errors,
    values: Value,
) -> PageResult<Response> {
    let conn = state.db.conn();
    let founder = page.me.is(Role::Founder);
    let ents = match enterprise::list(conn, &page.me).await {
        Ok(rows) => enterprise::views(conn, rows).await?,
        Err(_) => Vec::new(),
    };
    let mut ledgers = Vec::new();
    if founder {
        for e in &ents {
            let l = ledger::ledger(conn, &page.me, e.id).await?;
            ledgers
                .push(context! { e => Value::from_serialize(e), l => Value::from_serialize(&l) });
        }
    }
    let queue = if founder {
        Vec::new()
    } else {
        let filter = ClaimFilter {
            status: Some(SUBMITTED.into()),
            ..Default::default()
        };
        subsidy_claim::list(conn, &page.me, &filter)
            .await
            .unwrap_or_default()
    };
    let county = page
        .me
        .scope()
        .filter(|s| s.len() >= 6)
        .map(|s| s[..6].to_owned());
    let status = if errors.fields.is_empty() && errors.form.is_none() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let html = page
        .render(
            state,
            "subsidy/index.html",
            context! {
                founder, errors, values,
                enterprises => Value::from_serialize(&ents),
                ledgers, queue => Value::from_serialize(&queue),
                county,
                month => chrono::Utc::now().format("%Y-%m").to_string(),
            },
        )
        .await?;
    Ok((status, html).into_response())
}

async fn index(State(state): State<AppState>, page: Page) -> PageResult<Response> {
    render(&state, &page, Errors::default(), Value::from(())).await
}

/// A form field in 元 as the JSON the service reads (text keeps the cents exact).
fn yuan(form: &Form, name: &str) -> Option<serde_json::Value> {
    let t = form.text(name);
    let t = t.trim();
    Some(json!(if t.is_empty() { "0" } else { t }))
}

async fn claim(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    let req = ClaimReq {
        enterprise_id: form
            .opt("enterprise_id")
            .and_then(|v| v.trim().parse().ok()),
        month: form.opt("month").map(|m| m.trim().to_owned()),
        property: yuan(&form, "property"),
        sanitation: yuan(&form, "sanitation"),
        rent: yuan(&form, "rent"),
        utilities: yuan(&form, "utilities"),
    };
    match write::create(&state.db, &page.me, req).await {
        Ok(c) => {
            flash(
                &page.session,
                &format!("{} 的补贴申领已提交，等待县人社部门审核。", c.month),
            )
            .await?;
            Ok(Redirect::to("/subsidy").into_response())
        }
        Err(e) => {
            let (_, errors) = refusal(e)?;
            let values = Value::from_serialize(form.values(&[]));
            render(&state, &page, errors, values).await
        }
    }
}

async fn decide(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let req = DecideReq {
        status: form.opt("status"),
        note: form.opt("note"),
    };
    match write::decide(&state.db, &page.me, id, req).await {
        Ok((c, e)) => {
            let message = if c.status == subsidy_claim::APPROVED {
                format!(
                    "已批准“{}” {}，补贴 {} 元。",
                    e.name,
                    c.month,
                    crate::domain::Fen(c.subsidy_fen)
                )
            } else {
                format!("已不批准“{}” {}。", e.name, c.month)
            };
            flash(&page.session, &message).await?;
            Ok(Redirect::to("/subsidy").into_response())
        }
        Err(e) => {
            let (_, errors) = refusal(e)?;
            render(&state, &page, errors, Value::from(())).await
        }
    }
}
