//! `/projects`: the 项目库, and shortlisting people for a project.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Json, Path, Query};
use crate::routes::api::{ListView, Paging};
use crate::service::matching::outcome::Scorer;
use crate::service::pipeline::{self, write::ShortlistReq};
use crate::service::project::collaboration::{self, CollaborationReq};
use crate::service::project::matches::Engine;
use crate::service::project::{self, ProjectReq, ProjectView, write};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects", post(create).get(list))
        .route("/projects/{id}", get(show).patch(update))
        .route("/projects/{id}/pipeline", post(shortlist))
        .route(
            "/projects/{id}/collaboration-requests",
            post(request_collaboration),
        )
        .route("/collaboration-requests", get(collaboration_inbox))
        .route("/collaboration-requests/{id}/accept", post(accept))
        .route("/collaboration-requests/{id}/decline", post(decline))
}

async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<ProjectReq>,
) -> AppResult<impl IntoResponse> {
    let created = write::create(&state.db, &me, req).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(ProjectView::new(created, &state.regions)),
    ))
}

async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(filter): Query<project::ProjectFilter>,
) -> AppResult<impl IntoResponse> {
    let (page, per_page) = Paging::resolve(filter.page, filter.per_page)?;
    let (total, rows) = project::browse(state.db.conn(), &me, &filter, page, per_page).await?;
    let items = rows
        .into_iter()
        .map(|(p, sight)| ProjectView::seen(p, &state.regions, sight))
        .collect();
    Ok(axum::Json(ListView::new(total, items)))
}

async fn show(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    let (found, sight) = project::show(state.db.conn(), &me, id).await?;
    Ok(axum::Json(ProjectView::seen(found, &state.regions, sight)))
}

async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ProjectReq>,
) -> AppResult<impl IntoResponse> {
    let updated = write::update(&state.db, &me, id, req).await?;
    Ok(axum::Json(ProjectView::new(updated, &state.regions)))
}

async fn shortlist(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ShortlistReq>,
) -> AppResult<impl IntoResponse> {
    let scorer = Scorer {
        search: Some(&state.search),
        weights: &state.config.match_weights,
    };
    let entry = pipeline::write::shortlist(&state.db, &me, id, req, scorer).await?;
    let view = pipeline::views(state.db.conn(), vec![entry]).await?;
    Ok((StatusCode::CREATED, axum::Json(view.into_iter().next())))
}

async fn request_collaboration(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<CollaborationReq>,
) -> AppResult<impl IntoResponse> {
    let engine = Engine {
        search: &state.search,
        names: &state.regions,
        weights: &state.config.match_weights,
    };
    let sent = collaboration::request(&state.db, engine, &me, id, req).await?;
    Ok((StatusCode::CREATED, axum::Json(sent)))
}

async fn collaboration_inbox(
    State(state): State<AppState>,
    me: CurrentUser,
) -> AppResult<impl IntoResponse> {
    let items = collaboration::inbox(state.db.conn(), &me).await?;
    Ok(axum::Json(ListView::new(items.len() as u64, items)))
}

async fn accept(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    Ok(axum::Json(collaboration::accept(&state.db, &me, id).await?))
}

async fn decline(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    Ok(axum::Json(
        collaboration::decline(&state.db, &me, id).await?,
    ))
}
