//! `/profiles`: the 乡贤 registry.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProfileAction};
use crate::domain::Role;
use crate::error::AppResult;
use crate::extract::{Json, Path, Query};
use crate::service::export::ProfileFilter;
use crate::service::profile::{self, ProfileReq, ProfileView, claim, me, merge, write};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/profiles", post(create).get(search))
        .route("/profiles/claim", post(claim_profile))
        .route("/profiles/{id}", get(show).patch(update).delete(remove))
        .route("/profiles/{id}/verify", post(verify))
        .route("/profiles/{id}/reveal", post(reveal))
        .route("/profiles/{id}/consent", post(consent))
        .route("/profiles/{id}/merge", post(merge_into))
        .route("/profiles/{id}/claim-code", post(claim_code))
        .route("/me/export", get(export_me))
        .route("/me", axum::routing::delete(erase_me))
}

/// The view for this caller: full contacts only for the person themself.
pub fn view_for(
    state: &AppState,
    me: &CurrentUser,
    p: crate::entity::profile::Model,
) -> ProfileView {
    let own = p.owner_user_id == Some(me.id());
    ProfileView::new(p, &state.regions, own)
}

async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<ProfileReq>,
) -> AppResult<impl IntoResponse> {
    let created = write::create(&state.db, &me, req).await?;
    state.search_nudge();
    Ok((
        StatusCode::CREATED,
        axum::Json(view_for(&state, &me, created)),
    ))
}

async fn search(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(filter): Query<ProfileFilter>,
) -> AppResult<impl IntoResponse> {
    let view = crate::search::query::search_profiles(
        state.db.conn(),
        &state.search,
        &state.regions,
        &me,
        &filter,
    )
    .await?;
    Ok(axum::Json(view))
}

async fn show(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    let found = profile::find_live(state.db.conn(), id).await?;
    policy::profile(&me, &found, ProfileAction::Read)?;
    Ok(axum::Json(view_for(&state, &me, found)))
}

async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ProfileReq>,
) -> AppResult<impl IntoResponse> {
    let updated = write::update(&state.db, &me, id, req).await?;
    state.search_nudge();
    Ok(axum::Json(view_for(&state, &me, updated)))
}

async fn remove(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    write::delete(&state.db, &me, id).await?;
    state.search_nudge();
    Ok(StatusCode::NO_CONTENT)
}

async fn verify(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    let updated = write::verify(&state.db, &me, id).await?;
    state.search_nudge();
    Ok(axum::Json(view_for(&state, &me, updated)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevealReq {
    purpose: String,
}

async fn reveal(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<RevealReq>,
) -> AppResult<impl IntoResponse> {
    let found = write::reveal(&state.db, &me, id, &req.purpose).await?;
    Ok(axum::Json(
        json!({"id": found.id, "name": found.name, "mobile": found.mobile, "wechat": found.wechat, "email": found.email}),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsentReq {
    consent_match: bool,
    basis: Option<String>,
}

async fn consent(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ConsentReq>,
) -> AppResult<impl IntoResponse> {
    let updated = write::consent(&state.db, &me, id, req.consent_match, req.basis).await?;
    state.search_nudge();
    Ok(axum::Json(view_for(&state, &me, updated)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MergeReq {
    into: i64,
}

async fn merge_into(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<MergeReq>,
) -> AppResult<impl IntoResponse> {
    let merged = merge::merge(&state.db, &me, id, req.into).await?;
    state.search_nudge();
    Ok(axum::Json(view_for(&state, &me, merged)))
}

async fn claim_code(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    policy::require_role(&me, &[Role::Admin, Role::Organizer])?;
    let (code, expires_at) = claim::issue(&state.db, &me, id).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(json!({"profile_id": id, "code": code, "expires_at": expires_at})),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimReq {
    code: String,
}

async fn claim_profile(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<ClaimReq>,
) -> AppResult<impl IntoResponse> {
    let claimed = claim::claim(&state.db, &me, &req.code).await?;
    state.search_nudge();
    Ok(axum::Json(ProfileView::new(claimed, &state.regions, true)))
}

async fn export_me(State(state): State<AppState>, me: CurrentUser) -> AppResult<impl IntoResponse> {
    let data = me::export(&state.db, &me).await?;
    Ok(axum::Json(crate::service::personal_data::readable(data)))
}

async fn erase_me(State(state): State<AppState>, me: CurrentUser) -> AppResult<impl IntoResponse> {
    policy::require_role(&me, &[Role::Founder])?;
    me::erase(&state.db, &me).await?;
    state.search_nudge();
    Ok(StatusCode::NO_CONTENT)
}
