//! `/organizations`: 乡贤组织 above the village and their members.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{delete, get, post};

use crate::auth::CurrentUser;
use crate::auth::policy::Access;
use crate::error::AppResult;
use crate::extract::{Json, Path, Query};
use crate::routes::api::ListView;
use crate::service::organization::members::{self, MemberReq};
use crate::service::organization::{self, OrganizationFilter, OrganizationReq, OrganizationView};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations", post(create).get(list))
        .route(
            "/organizations/{id}",
            get(show).patch(update).delete(remove),
        )
        .route(
            "/organizations/{id}/members",
            post(add_member).get(list_members),
        )
        .route(
            "/organizations/{id}/members/{profile_id}",
            delete(remove_member),
        )
}

async fn one_view(
    state: &AppState,
    o: crate::entity::organization::Model,
) -> AppResult<OrganizationView> {
    let mut v = organization::views(state.db.conn(), vec![o], &state.regions).await?;
    v.pop()
        .ok_or_else(|| crate::error::AppError::not_found("乡贤组织"))
}

async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<OrganizationReq>,
) -> AppResult<impl IntoResponse> {
    let created = organization::create(&state.db, &me, req).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(one_view(&state, created).await?),
    ))
}

async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(filter): Query<OrganizationFilter>,
) -> AppResult<impl IntoResponse> {
    let rows = organization::list(state.db.conn(), &me, &filter).await?;
    let items = organization::views(state.db.conn(), rows, &state.regions).await?;
    Ok(axum::Json(ListView::all(items)))
}

async fn show(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    let found = organization::load(state.db.conn(), &me, id, Access::Read).await?;
    Ok(axum::Json(one_view(&state, found).await?))
}

async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<OrganizationReq>,
) -> AppResult<impl IntoResponse> {
    let updated = organization::update(&state.db, &me, id, req).await?;
    Ok(axum::Json(one_view(&state, updated).await?))
}

async fn remove(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    organization::delete(&state.db, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn add_member(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<MemberReq>,
) -> AppResult<impl IntoResponse> {
    let added = members::add(&state.db, &me, id, req, &state.regions).await?;
    Ok((StatusCode::CREATED, axum::Json(added)))
}

async fn list_members(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    let items = members::list(state.db.conn(), &me, id, &state.regions).await?;
    Ok(axum::Json(ListView::all(items)))
}

async fn remove_member(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, profile_id)): Path<(i64, i64)>,
) -> AppResult<impl IntoResponse> {
    members::remove(&state.db, &me, id, profile_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
