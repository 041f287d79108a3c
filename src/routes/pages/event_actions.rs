//! The buttons of an event's page: invite by a registry filter (and the
//! training's "everyone in this county who wants training"), record an answer
//! given on the phone, check in from the list, turn a conversation into a 对接
//! entry, print an invitation card with its QR code, and the spreadsheets.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::{Value, context};

use super::csrf::Form;
use super::events::show_page;
use super::forms::{Errors, refusal};
use super::render::{Page, PageResult, flash};
use crate::domain::{CapitalRange, Intent};
use crate::error::AppError;
use crate::service::event::checkin::{self, CheckinReq};
use crate::service::event::export::{self, Sheet};
use crate::service::event::invite::{self, InviteReq};
use crate::service::event::rsvp::{self, Answer};
use crate::service::event::{self, followup};
use crate::service::export::ProfileFilter;
use crate::service::fields::china;
use crate::service::matching::outcome::Scorer;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/{id}/invite", get(invite_form).post(invite_post))
        .route("/events/{id}/checkin-by-list", post(checkin_from_list))
        .route("/events/{id}/invitations/{inv}/answer", post(record_answer))
        .route("/events/{id}/invitations/{inv}/pipeline", post(to_pipeline))
        .route("/events/{id}/invitations/{inv}/card", get(card))
        .route("/events/{id}/invitations/{inv}/qr.png", get(qr_png))
        .route("/events/{id}/export/invitations", get(export_invitations))
        .route("/events/{id}/export/roster", get(export_roster))
        .route("/events/{id}/export/calls", post(export_calls))
}

fn back(id: i64) -> Response {
    Redirect::to(&format!("/events/{id}")).into_response()
}

async fn invite_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    let e = event::load(state.db.conn(), &page.me, id).await?;
    render_invite(&state, &page, e, Errors::default(), Value::from(())).await
}

async fn render_invite(
    state: &AppState,
    page: &Page,
    e: crate::entity::event::Model,
    errors: Errors,
    values: Value,
) -> PageResult<Html<String>> {
    let intents: Vec<Value> = Intent::ALL
        .iter()
        .map(|i| context! { code => i.as_str(), label => i.label() })
        .collect();
    let capitals: Vec<Value> = CapitalRange::ALL
        .iter()
        .map(|c| context! { code => c.as_str(), label => c.label() })
        .collect();
    page.render(
        state,
        "events/invite.html",
        context! {
            event => Value::from_serialize(&e), errors, values, intents, capitals,
            chains => super::forms::chain_groups(),
        },
    )
    .await
}

async fn invite_post(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let filter = ProfileFilter {
        q: form.opt("q"),
        region: form.opt("region"),
        chain: form.opt("chain"),
        intent: form.opt("intent"),
        capital: form.opt("capital"),
        verified: form.checked("verified").then_some(true),
        ..Default::default()
    };
    let req = InviteReq {
        filters: Some(filter),
        profile_ids: None,
    };
    let key = state.config.server_secret.0.clone();
    match invite::invite(&state.db, &state.search, &key, &page.me, id, req).await {
        Ok(report) => {
            let repeats = report
                .skipped
                .iter()
                .filter(|s| s.reason == "already_invited")
                .count();
            let others = report.skipped.len() - repeats;
            flash(
                &page.session,
                &format!(
                    "已邀请 {} 人；{repeats} 人此前已邀请，未重复邀请；{others} 人未同意联系或档案未公开，未邀请。",
                    report.invited
                ),
            )
            .await?;
            Ok(back(id))
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let ev = event::load(state.db.conn(), &page.me, id).await?;
            let values = Value::from_serialize(form.values(&[]));
            let html = render_invite(&state, &page, ev, errors, values).await?;
            Ok((status, html).into_response())
        }
    }
}

async fn checkin_from_list(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let req = CheckinReq {
        profile_id: form.opt("profile_id").and_then(|p| p.parse().ok()),
        token: None,
    };
    match checkin::checkin(&state.db, &page.me, id, req).await {
        Ok(_) => {
            flash(&page.session, "已签到。").await?;
            Ok(back(id))
        }
        Err(e) => {
            let (_, errors) = refusal(e)?;
            show_page(&state, &page, id, errors).await
        }
    }
}

async fn record_answer(
    State(state): State<AppState>,
    page: Page,
    Path((id, inv)): Path<(i64, i64)>,
    form: Form,
) -> PageResult<Response> {
    let result = match Answer::parse(&form.text("answer")) {
        Ok(answer) => rsvp::answer_signed_in(&state.db, &page.me, inv, answer).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(after) => {
            let label = event::status_label(&after.status);
            flash(&page.session, &format!("已记录：{label}。")).await?;
            Ok(back(id))
        }
        Err(e) => {
            let (_, errors) = refusal(e)?;
            show_page(&state, &page, id, errors).await
        }
    }
}

async fn to_pipeline(
    State(state): State<AppState>,
    page: Page,
    Path((id, inv)): Path<(i64, i64)>,
    form: Form,
) -> PageResult<Response> {
    let scorer = Scorer {
        search: Some(&state.search),
        weights: &state.config.match_weights,
    };
    let result = match form.opt("project").and_then(|p| p.parse::<i64>().ok()) {
        Some(project_id) => {
            followup::to_pipeline(
                &state.db,
                &page.me,
                scorer,
                id,
                inv,
                project_id,
                &form.text("summary"),
            )
            .await
        }
        None => Err(AppError::invalid("project", "请选择项目")),
    };
    match result {
        Ok(entry) => {
            flash(&page.session, "已转为对接记录，并记下了这次交流。").await?;
            Ok(Redirect::to(&format!("/pipeline/{}", entry.id)).into_response())
        }
        Err(e) => {
            let (_, errors) = refusal(e)?;
            show_page(&state, &page, id, errors).await
        }
    }
}

async fn card(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    Path((id, inv)): Path<(i64, i64)>,
) -> PageResult<Html<String>> {
    let key = &state.config.server_secret.0;
    let (e, invitation, token) = rsvp::card(state.db.conn(), &page.me, key, id, inv).await?;
    let link = format!(
        "{}/rsvp/{token}",
        crate::routes::site_origin(&state, &headers)
    );
    let person = crate::service::event::view::invitation_view(
        state.db.conn(),
        &page.me,
        &state.regions,
        invitation,
    )
    .await?;
    page.render(
        &state,
        "events/card.html",
        context! {
            event => Value::from_serialize(&e),
            kind_label => event::kind_label(&e.kind),
            when => e.starts_at.with_timezone(&china()).format("%Y年%m月%d日 %H:%M").to_string(),
            invitation => Value::from_serialize(&person),
            link,
        },
    )
    .await
}

async fn qr_png(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    Path((id, inv)): Path<(i64, i64)>,
) -> PageResult<Response> {
    let key = &state.config.server_secret.0;
    let (_, _, token) = rsvp::card(state.db.conn(), &page.me, key, id, inv).await?;
    let link = format!(
        "{}/rsvp/{token}",
        crate::routes::site_origin(&state, &headers)
    );
    let png = crate::service::qr::png(link).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        png,
    )
        .into_response())
}

async fn download(state: &AppState, page: &Page, id: i64, which: Sheet) -> PageResult<Response> {
    let file = export::sheet(&state.db, &page.me, &state.regions, id, which).await?;
    let fallback = format!("event-{id}.xlsx");
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                crate::routes::download::attachment(&file.file_name, &fallback),
            ),
        ],
        file.bytes,
    )
        .into_response())
}

async fn export_invitations(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    download(&state, &page, id, Sheet::Invitations).await
}

async fn export_roster(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    download(&state, &page, id, Sheet::Roster).await
}

/// A POST: it reveals full mobiles, audited, so no link or prefetch triggers it.
async fn export_calls(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    download(&state, &page, id, Sheet::CallList).await
}
