//! `/events`: 乡情返乡活动 and 创业培训 — the list, the create and edit form, and
//! an event's page with its invitation list. Every read and write goes through
//! `service::event`, which decides who may do what.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::{Value, context};

use super::csrf::Form;
use super::forms::{Errors, refusal};
use super::render::{Page, PageResult, flash};
use crate::domain::EventKind;
use crate::error::AppError;
use crate::service::event::invite::{self, InvitationFilter};
use crate::service::event::view::{view_one, views};
use crate::service::event::write::{self, EventReq};
use crate::service::event::{self, EventFilter};
use crate::service::fields::china;
use crate::service::project;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events", get(index).post(create))
        .route("/events/new", get(new_form))
        .route("/events/{id}", get(show))
        .route("/events/{id}/edit", get(edit_form).post(update))
}

/// The kinds for the form's select.
fn kinds() -> Vec<Value> {
    EventKind::ALL
        .iter()
        .map(|k| context! { code => k.as_str(), label => k.label() })
        .collect()
}

async fn index(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    let rows = event::list(state.db.conn(), &page.me, &EventFilter::default()).await?;
    let items = views(state.db.conn(), &state.regions, rows).await?;
    page.render(
        &state,
        "events/index.html",
        context! { events => Value::from_serialize(&items) },
    )
    .await
}

/// The form's `starts_at` (a `datetime-local`, in 咸宁 time) as RFC 3339 with +08:00.
fn starts_at_of(form: &Form) -> Option<String> {
    form.opt("starts_at").map(|raw| {
        let raw = raw.replace(' ', "T");
        if raw.len() == 16 {
            format!("{raw}:00+08:00")
        } else if raw.len() == 19 {
            format!("{raw}+08:00")
        } else {
            raw
        }
    })
}

fn request_of(form: &Form) -> Result<EventReq, AppError> {
    let kind = form
        .opt("kind")
        .map(|k| EventKind::parse(&k).map_err(|m| AppError::invalid("kind", m)))
        .transpose()?;
    let capacity = form
        .opt("capacity")
        .map(|c| {
            c.parse::<i64>()
                .map_err(|_| AppError::invalid("capacity", "名额应为整数，如 80"))
        })
        .transpose()?;
    Ok(EventReq {
        kind,
        title: form.opt("title"),
        region_code: form.opt("region_code"),
        starts_at: starts_at_of(form),
        place: form.opt("place"),
        capacity,
        provider: Some(form.text("provider")),
        version: form.opt("version").and_then(|v| v.parse().ok()),
    })
}

async fn render_form(
    state: &AppState,
    page: &Page,
    event_id: Option<i64>,
    values: Value,
    errors: Errors,
    status: StatusCode,
) -> PageResult<Response> {
    let scope = page.me.scope().unwrap_or("4212").to_owned();
    let html = page
        .render(
            state,
            "events/form.html",
            context! {
                event_id, values, errors, kinds => kinds(),
                default_region => scope,
            },
        )
        .await?;
    Ok((status, html).into_response())
}

async fn new_form(State(state): State<AppState>, page: Page) -> PageResult<Response> {
    event::may_list(&page.me)?;
    let values = context! { capacity => "50", region_code => page.me.scope().unwrap_or("") };
    render_form(
        &state,
        &page,
        None,
        values,
        Errors::default(),
        StatusCode::OK,
    )
    .await
}

async fn create(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    let result = match request_of(&form) {
        Ok(req) => write::create(&state.db, &page.me, req).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(e) => {
            flash(&page.session, "活动已创建，可以开始邀请乡贤。").await?;
            Ok(Redirect::to(&format!("/events/{}", e.id)).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let values = Value::from_serialize(form.values(&[]));
            render_form(&state, &page, None, values, errors, status).await
        }
    }
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    let e = event::load(state.db.conn(), &page.me, id).await?;
    let values = context! {
        kind => e.kind, title => e.title, region_code => e.region_code,
        starts_at => e.starts_at.with_timezone(&china()).format("%Y-%m-%dT%H:%M").to_string(),
        place => e.place, capacity => e.capacity.to_string(), provider => e.provider,
        version => e.version,
    };
    render_form(
        &state,
        &page,
        Some(id),
        values,
        Errors::default(),
        StatusCode::OK,
    )
    .await
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let result = match request_of(&form) {
        Ok(req) => write::update(&state.db, &page.me, id, req).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => {
            flash(&page.session, "活动已保存。").await?;
            Ok(Redirect::to(&format!("/events/{id}")).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let values = Value::from_serialize(form.values(&[]));
            render_form(&state, &page, Some(id), values, errors, status).await
        }
    }
}

/// The event page: details, counts, the invitation list with its buttons.
pub async fn show_page(
    state: &AppState,
    page: &Page,
    id: i64,
    errors: Errors,
) -> PageResult<Response> {
    let conn = state.db.conn();
    let (e, invitations) = invite::list(
        conn,
        &page.me,
        &state.regions,
        id,
        &InvitationFilter::default(),
    )
    .await?;
    let county = e.region_code.get(..6).map(str::to_owned);
    let view = view_one(conn, &state.regions, e).await?;
    // Projects the viewer works on, for turning a conversation into a 对接 entry.
    let projects: Vec<Value> = if project::works_on_projects(&page.me) {
        project::list(conn, &page.me, &project::ProjectFilter::default(), 1, 100)
            .await?
            .1
            .into_iter()
            .map(|p| context! { id => p.id, title => p.title })
            .collect()
    } else {
        Vec::new()
    };
    let status = if errors.fields.is_empty() && errors.form.is_none() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let html = page
        .render(
            state,
            "events/show.html",
            context! {
                event => Value::from_serialize(&view),
                invitations => Value::from_serialize(&invitations),
                projects,
                county, errors,
            },
        )
        .await?;
    Ok((status, html).into_response())
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    show_page(&state, &page, id, Errors::default()).await
}
