//! The phone pages of an event: the public RSVP page a personal link (or its QR
//! code) opens, the same address offering 签到 when the phone belongs to staff
//! running the event, the door page staff keep open, and a founder's own
//! invitations. The RSVP page shows the event and the answer buttons, nothing
//! about the person or anyone else invited.

use axum::Router;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::{Value, context};

use super::csrf::Form;
use super::forms::{Errors, refusal};
use super::render::{Page, PageError, PageResult, Visitor, flash};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::service::event::checkin::{self, CheckinReq};
use crate::service::event::rsvp::{self, Answer};
use crate::service::event::view::view_one;
use crate::service::event::{self, kind_label, status_label};
use crate::service::fields::china;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/rsvp/{token}", get(rsvp_page).post(rsvp_answer))
        .route("/rsvp/{token}/checkin", post(rsvp_checkin))
        .route("/events/{id}/checkin", get(door))
        .route("/me/events", get(my_events))
        .route("/me/events/{inv}/answer", post(my_answer))
}

/// The signed-in user, if any: the RSVP page is public, but staff see 签到.
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> PageResult<Self> {
        Ok(Self(
            CurrentUser::from_request_parts(parts, state).await.ok(),
        ))
    }
}

/// The RSVP page of a token, or the check-in page when `viewer` runs its event.
async fn render_link(
    state: &AppState,
    visitor: &Visitor,
    viewer: &Option<CurrentUser>,
    token: &str,
    errors: Errors,
    status: StatusCode,
) -> PageResult<Response> {
    let conn = state.db.conn();
    let (inv, e) = rsvp::find(conn, token).await?;
    let staff = match viewer {
        Some(me) => event::load(conn, me, e.id).await.is_ok(),
        None => false,
    };
    let when = e
        .starts_at
        .with_timezone(&china())
        .format("%Y年%m月%d日 %H:%M")
        .to_string();
    let html = if staff {
        let person = crate::service::event::view::invitation_view(
            conn,
            viewer.as_ref().ok_or(AppError::Unauthorized)?,
            &state.regions,
            inv,
        )
        .await?;
        visitor.render(
            "events/scan.html",
            context! {
                event => Value::from_serialize(&e), kind_label => kind_label(&e.kind), when,
                person => Value::from_serialize(&person), token, errors,
            },
        )?
    } else {
        let view = rsvp::show(conn, token).await?;
        visitor.render(
            "events/rsvp.html",
            context! { rsvp => Value::from_serialize(&view), when, token, errors },
        )?
    };
    Ok((status, html).into_response())
}

async fn rsvp_page(
    State(state): State<AppState>,
    visitor: Visitor,
    MaybeUser(viewer): MaybeUser,
    Path(token): Path<String>,
) -> PageResult<Response> {
    render_link(
        &state,
        &visitor,
        &viewer,
        &token,
        Errors::default(),
        StatusCode::OK,
    )
    .await
}

async fn rsvp_answer(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
    form: Form,
) -> PageResult<Response> {
    rsvp::find(state.db.conn(), &token).await?;
    let result = match Answer::parse(&form.text("answer")) {
        Ok(answer) => rsvp::answer_by_link(&state.db, &token, answer, &visitor.client_addr).await,
        Err(e) => Err(e),
    };
    let error = match result {
        Ok(_) => return Ok(Redirect::to(&format!("/rsvp/{token}")).into_response()),
        Err(AppError::Gone { message, .. }) => (StatusCode::GONE, Errors::form(message)),
        Err(e) => refusal(e)?,
    };
    render_link(&state, &visitor, &None, &token, error.1, error.0).await
}

async fn rsvp_checkin(
    State(state): State<AppState>,
    visitor: Visitor,
    page: Page,
    Path(token): Path<String>,
    _form: Form,
) -> PageResult<Response> {
    let (_, e) = rsvp::find(state.db.conn(), &token).await?;
    let req = CheckinReq {
        profile_id: None,
        token: Some(token.clone()),
    };
    match checkin::checkin(&state.db, &page.me, e.id, req).await {
        Ok(_) => {
            flash(&page.session, "签到成功。").await?;
            Ok(Redirect::to(&format!("/events/{}/checkin", e.id)).into_response())
        }
        Err(err) => {
            let (status, errors) = refusal(err)?;
            render_link(&state, &visitor, &Some(page.me), &token, errors, status).await
        }
    }
}

/// The door page: how many have come, and how to scan.
async fn door(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    let e = event::load(state.db.conn(), &page.me, id).await?;
    let view = view_one(state.db.conn(), &state.regions, e).await?;
    page.render(
        &state,
        "events/door.html",
        context! {
            event => Value::from_serialize(&view),
            when => view.starts_at.format("%Y年%m月%d日 %H:%M").to_string(),
        },
    )
    .await
}

async fn my_events(State(state): State<AppState>, page: Page) -> PageResult<Response> {
    render_mine(&state, &page, Errors::default(), StatusCode::OK).await
}

async fn render_mine(
    state: &AppState,
    page: &Page,
    errors: Errors,
    status: StatusCode,
) -> PageResult<Response> {
    let rows = rsvp::mine(state.db.conn(), &page.me).await?;
    let now = chrono::Utc::now();
    let items: Vec<Value> = rows
        .into_iter()
        .map(|(e, inv)| {
            context! {
                id => inv.id, title => e.title, kind_label => kind_label(&e.kind),
                when => e.starts_at.with_timezone(&china()).format("%Y年%m月%d日 %H:%M").to_string(),
                place => e.place, status => inv.status.clone(), status_label => status_label(&inv.status),
                open => e.starts_at > now && inv.status != event::ATTENDED,
            }
        })
        .collect();
    let html = page
        .render(state, "events/mine.html", context! { items, errors })
        .await?;
    Ok((status, html).into_response())
}

async fn my_answer(
    State(state): State<AppState>,
    page: Page,
    Path(inv): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let result = match Answer::parse(&form.text("answer")) {
        Ok(answer) => rsvp::answer_signed_in(&state.db, &page.me, inv, answer).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(after) => {
            let label = status_label(&after.status);
            flash(&page.session, &format!("已回复：{label}。")).await?;
            Ok(Redirect::to("/me/events").into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            render_mine(&state, &page, errors, status).await
        }
    }
}
