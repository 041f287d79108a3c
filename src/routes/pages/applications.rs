//! `/applications`: 入驻申请 — a founder's own (我的申请), an operator's
//! incubator's, the county's for staff, all for administrators; one
//! application with its subsidy standing and, for those who decide, the
//! buttons of the statuses it may move to. A 409 (no units left) is said in
//! words beside the buttons. All through `service::application`.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::csrf::Form;
use super::forms::{Errors, choices, refusal};
use super::render::{Page, PageResult, flash, safe_next};
use crate::auth::policy::ApplicationAction;
use crate::domain::{ApplicationStatus, Role};
use crate::error::AppError;
use crate::service::application::write::{self, DecideReq};
use crate::service::application::{self, ApplicationFilter, ApplicationView};
use crate::service::notice;
use crate::service::subsidy::OtherFees;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/applications", get(list))
        .route("/applications/{id}", get(show))
        .route("/applications/{id}/decide", post(decide))
        .route("/applications/{id}/withdraw", post(withdraw))
}

/// The applicant withdraws (撤回), after the browser's confirmation.
async fn withdraw(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    match write::withdraw(&state.db, &page.me, id).await {
        Ok(_) => {
            flash(&page.session, "申请已撤回。").await?;
            Ok(Redirect::to(&format!("/applications/{id}")).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let (_, html) = show_page(&state, &page, id, errors, &OtherFees::default()).await?;
            Ok((status, html).into_response())
        }
    }
}

const PER_PAGE: u64 = 20;

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
struct ListQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    page: Option<String>,
}

/// The buttons of the statuses `a` may move to, in words.
fn next_buttons(a: &ApplicationView) -> Vec<Value> {
    a.next_statuses
        .iter()
        .filter_map(|code| ApplicationStatus::parse(code).ok())
        .map(|s| {
            let (label, style) = match s {
                ApplicationStatus::Reviewing => ("开始审核", "btn"),
                ApplicationStatus::Accepted => ("录用", "btn btn-primary"),
                ApplicationStatus::Rejected => ("不录用", "btn btn-danger"),
                ApplicationStatus::MovedIn => ("确认已入驻", "btn btn-primary"),
                ApplicationStatus::Submitted | ApplicationStatus::Withdrawn => (s.label(), "btn"),
            };
            context! { code => s.as_str(), label, style }
        })
        .collect()
}

async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<ListQuery>,
) -> PageResult<Response> {
    let current = super::forms::page_number(q.page.as_deref());
    let status_filter = q.status.filter(|s| !s.is_empty());
    let filter = ApplicationFilter {
        status: status_filter.clone(),
        ..Default::default()
    };
    let conn = state.db.conn();
    let (status, total, rows, errors) =
        match application::list(conn, &page.me, &filter, current, PER_PAGE).await {
            Ok((total, rows)) => {
                let views = application::views(conn, rows, &state.regions).await?;
                (StatusCode::OK, total, views, Errors::default())
            }
            Err(e @ AppError::Invalid { .. }) => {
                let (status, errors) = refusal(e)?;
                (status, 0, Vec::new(), errors)
            }
            Err(e) => return Err(e.into()),
        };
    let deciding = !page.me.is(Role::Founder);
    let items: Vec<Value> = rows
        .iter()
        .map(|a| context! { a => Value::from_serialize(a), next => if deciding { next_buttons(a) } else { Vec::new() } })
        .collect();
    let query = ListQuery {
        status: status_filter,
        page: None,
    };
    let html = page
        .render(
            &state,
            "applications/list.html",
            context! {
                items, total, current, errors, deciding,
                pages => total.div_ceil(PER_PAGE).max(1),
                query_base => serde_urlencoded::to_string(&query).unwrap_or_default(),
                filter => query,
                statuses => choices(ApplicationStatus::ALL, ApplicationStatus::as_str, ApplicationStatus::label),
            },
        )
        .await?;
    Ok((status, html).into_response())
}

async fn show_page(
    state: &AppState,
    page: &Page,
    id: i64,
    mut errors: Errors,
    fees: &OtherFees,
) -> PageResult<(StatusCode, Html<String>)> {
    let conn = state.db.conn();
    let (found, opening, _) =
        application::load(conn, &page.me, id, ApplicationAction::Read).await?;
    // Opening the application answers the notice that pointed here.
    notice::mark_read_by_link(conn, page.me.id(), &format!("/applications/{id}")).await?;
    let deciding = !page.me.is(Role::Founder);
    let can_withdraw = write::may_withdraw(&page.me, &found);
    let applicant = if deciding {
        application::applicant::of(conn, &page.me, id, &state.regions).await?
    } else {
        None
    };
    let mut a = application::views(conn, vec![found], &state.regions)
        .await?
        .into_iter()
        .next();
    let mut status = StatusCode::OK;
    if let Some(a) = a.as_mut() {
        status = super::openings::with_other_fees(
            &mut a.subsidy_estimate,
            opening.monthly_rent,
            fees,
            &mut errors,
        )?;
    }
    let next = match (&a, deciding) {
        (Some(a), true) => next_buttons(a),
        _ => Vec::new(),
    };
    let html = page
        .render(
            state,
            "applications/show.html",
            context! {
                a, next, errors, deciding, can_withdraw, applicant,
                units_available => opening.units_available, units => opening.units,
                opening_live => opening.deleted_at.is_none(),
                fees => Value::from_serialize(fees), rent => opening.monthly_rent,
            },
        )
        .await?;
    Ok((status, html))
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(fees): Query<OtherFees>,
) -> PageResult<Response> {
    Ok(show_page(&state, &page, id, Errors::default(), &fees)
        .await?
        .into_response())
}

async fn decide(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    // 录用 and 不录用 tell the applicant and cannot be undone: a second step
    // asks first (a plain form, so it works without JavaScript).
    let final_step = form
        .opt("status")
        .and_then(|s| ApplicationStatus::parse(&s).ok())
        .filter(|s| matches!(s, ApplicationStatus::Accepted | ApplicationStatus::Rejected));
    if let Some(target) = final_step
        && form.opt("confirm").as_deref() != Some("yes")
    {
        return Ok(confirm_page(&state, &page, id, target, &form)
            .await?
            .into_response());
    }
    let req = DecideReq {
        status: form.opt("status"),
        note: form.opt("note"),
    };
    match write::decide(&state.db, &page.me, id, req).await {
        Ok(updated) => {
            let label = ApplicationStatus::parse(&updated.status)
                .map(|s| s.label())
                .unwrap_or_default();
            flash(&page.session, &format!("申请 {id} 已改为“{label}”。")).await?;
            let back = form
                .get("back")
                .and_then(safe_next)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("/applications/{id}"));
            Ok(Redirect::to(&back).into_response())
        }
        Err(e) => {
            let no_units = matches!(&e, AppError::Conflict { code, .. } if *code == "no_units");
            let (status, mut errors) = refusal(e)?;
            if no_units {
                errors.form = Some(
                    "无法录用：该空间已无剩余单元。可先在“本载体与空间”中增加该空间的单元数，或将此申请标为不录用。"
                        .into(),
                );
            }
            let (_, html) = show_page(&state, &page, id, errors, &OtherFees::default()).await?;
            Ok((status, html).into_response())
        }
    }
}

/// 确认录用 / 确认不录用: what is about to happen, with the note typed so far.
async fn confirm_page(
    state: &AppState,
    page: &Page,
    id: i64,
    target: ApplicationStatus,
    form: &Form,
) -> PageResult<Html<String>> {
    let conn = state.db.conn();
    // Only those who may decide reach the question.
    let (found, opening, _) =
        application::load(conn, &page.me, id, ApplicationAction::Decide).await?;
    let a = application::views(conn, vec![found], &state.regions)
        .await?
        .into_iter()
        .next();
    let accept = target == ApplicationStatus::Accepted;
    page.render(
        state,
        "applications/confirm.html",
        context! {
            a, accept,
            status => target.as_str(),
            note => form.text("note"),
            back => form.get("back").and_then(safe_next).unwrap_or_default(),
            units_available => opening.units_available, units => opening.units,
        },
    )
    .await
}
