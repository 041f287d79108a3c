//! `/events`, `/events/{id}/invitations`, `/events/{id}/checkin` and the public
//! `/rsvp/{token}`: 乡情返乡活动 and 创业培训 (see `service::event`).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use super::auth::Anon;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Json, Path, Query};
use crate::routes::api::ListView;
use crate::service::event::checkin::{self, CheckinReq};
use crate::service::event::invite::{self, InvitationFilter, InviteReq};
use crate::service::event::rsvp::{self, RsvpReq};
use crate::service::event::view::{invitation_view, view_one, views};
use crate::service::event::write::{self, EventReq};
use crate::service::event::{self, EventFilter};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events", get(list).post(create))
        .route("/events/{id}", get(show).patch(update))
        .route(
            "/events/{id}/invitations",
            get(list_invitations).post(create_invitations),
        )
        .route("/events/{id}/checkin", post(check_in))
        .route("/rsvp/{token}", post(answer))
}

async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(filter): Query<EventFilter>,
) -> AppResult<impl IntoResponse> {
    let rows = event::list(state.db.conn(), &me, &filter).await?;
    let items = views(state.db.conn(), &state.regions, rows).await?;
    Ok(axum::Json(ListView::all(items)))
}

async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<EventReq>,
) -> AppResult<impl IntoResponse> {
    let created = write::create(&state.db, &me, req).await?;
    let view = view_one(state.db.conn(), &state.regions, created).await?;
    Ok((StatusCode::CREATED, axum::Json(view)))
}

async fn show(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    let found = event::load(state.db.conn(), &me, id).await?;
    Ok(axum::Json(
        view_one(state.db.conn(), &state.regions, found).await?,
    ))
}

async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<EventReq>,
) -> AppResult<impl IntoResponse> {
    let updated = write::update(&state.db, &me, id, req).await?;
    Ok(axum::Json(
        view_one(state.db.conn(), &state.regions, updated).await?,
    ))
}

async fn list_invitations(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(filter): Query<InvitationFilter>,
) -> AppResult<impl IntoResponse> {
    let (_, items) = invite::list(state.db.conn(), &me, &state.regions, id, &filter).await?;
    Ok(axum::Json(ListView::all(items)))
}

async fn create_invitations(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<InviteReq>,
) -> AppResult<impl IntoResponse> {
    let report = invite::invite(
        &state.db,
        &state.search,
        &state.config.server_secret.0,
        &me,
        id,
        req,
    )
    .await?;
    Ok(axum::Json(report))
}

async fn check_in(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<CheckinReq>,
) -> AppResult<impl IntoResponse> {
    let done = checkin::checkin(&state.db, &me, id, req).await?;
    let view = invitation_view(state.db.conn(), &me, &state.regions, done).await?;
    Ok(axum::Json(view))
}

/// Public: the token is the credential, so no session is needed or stored.
async fn answer(
    State(state): State<AppState>,
    Anon(addr): Anon,
    Path(token): Path<String>,
    Json(req): Json<RsvpReq>,
) -> AppResult<impl IntoResponse> {
    Ok(axum::Json(
        rsvp::answer_by_link(&state.db, &token, req.answer, &addr).await?,
    ))
}
