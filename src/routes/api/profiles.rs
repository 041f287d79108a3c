//! `/profiles`: the 乡贤 registry. Every handler hands the caller to the
//! profile service, which decides access; none asks the policy itself.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Json, Path, Query};
use crate::service::export::ProfileFilter;
use crate::service::profile::{
    self, ProfileAction, ProfileReq, ProfileView, claim, consent, duplicates, me, merge, reveal,
    transfer, write,
};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/profiles", post(create).get(search))
        .route("/profiles/claim", post(claim_profile))
        .route("/profiles/duplicates", get(list_duplicates))
        .route("/profiles/{id}", get(show).patch(update).delete(remove))
        .route("/profiles/{id}/verify", post(verify))
        .route("/profiles/{id}/reveal", post(reveal_contacts))
        .route("/profiles/{id}/consent", post(record_consent))
        .route("/profiles/{id}/merge", post(merge_into))
        .route("/profiles/{id}/claim-code", post(claim_code))
        .route("/transfers", get(list_transfers))
        .route("/transfers/{id}/approve", post(approve_transfer))
        .route("/transfers/{id}/reject", post(reject_transfer))
        .route("/me/export", get(export_me))
        .route("/me", axum::routing::delete(erase_me))
}

/// The view for this caller: full contacts only for the person themself.
pub fn view_for(
    state: &AppState,
    me: &CurrentUser,
    p: crate::entity::profile::Model,
) -> ProfileView {
    ProfileView::for_viewer(p, me, &state.regions)
}

async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<ProfileReq>,
) -> AppResult<impl IntoResponse> {
    let created = write::create(&state.db, &me, req).await?;
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
    let view = crate::service::profile::search::search_profiles(
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
    let found = profile::load(state.db.conn(), &me, id, ProfileAction::Read).await?;
    Ok(axum::Json(view_for(&state, &me, found)))
}

async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ProfileReq>,
) -> AppResult<impl IntoResponse> {
    let updated = write::update(&state.db, &me, id, req).await?;
    Ok(axum::Json(view_for(&state, &me, updated)))
}

async fn remove(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    write::delete(&state.db, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn verify(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    let updated = write::verify(&state.db, &me, id).await?;
    Ok(axum::Json(view_for(&state, &me, updated)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevealReq {
    purpose_code: Option<String>,
    purpose: Option<String>,
}

async fn reveal_contacts(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<RevealReq>,
) -> AppResult<impl IntoResponse> {
    let found = reveal::reveal(
        &state.db,
        &me,
        id,
        req.purpose_code.as_deref(),
        req.purpose.as_deref(),
    )
    .await?;
    Ok(axum::Json(
        json!({"id": found.id, "name": found.name, "mobile": found.mobile, "wechat": found.wechat, "email": found.email}),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsentReq {
    consent_match: bool,
    basis: Option<String>,
    note: Option<String>,
}

async fn record_consent(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ConsentReq>,
) -> AppResult<impl IntoResponse> {
    let updated = consent::record(
        &state.db,
        &me,
        id,
        req.consent_match,
        req.basis.as_deref(),
        req.note.as_deref(),
    )
    .await?;
    Ok(axum::Json(view_for(&state, &me, updated)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MergeReq {
    into: i64,
}

/// 200 with the merged profile, or 202 with the transfer waiting for approval.
fn moved_or_pending(state: &AppState, me: &CurrentUser, outcome: transfer::Outcome) -> Response {
    match outcome {
        transfer::Outcome::Done(p) => axum::Json(view_for(state, me, *p)).into_response(),
        transfer::Outcome::Pending(t) => (
            StatusCode::ACCEPTED,
            axum::Json(transfer::TransferView::of(&t)),
        )
            .into_response(),
    }
}

async fn merge_into(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<MergeReq>,
) -> AppResult<Response> {
    let outcome = merge::merge(&state.db, &me, id, req.into).await?;
    Ok(moved_or_pending(&state, &me, outcome))
}

async fn claim_code(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
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
) -> AppResult<Response> {
    let outcome = claim::claim(&state.db, &me, &req.code).await?;
    Ok(moved_or_pending(&state, &me, outcome))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DuplicatesQuery {
    page: Option<u64>,
    per_page: Option<u64>,
}

async fn list_duplicates(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<DuplicatesQuery>,
) -> AppResult<impl IntoResponse> {
    let page = duplicates::likely_in_scope(
        state.db.conn(),
        &me,
        &state.regions,
        q.page.unwrap_or(1),
        q.per_page.unwrap_or(20),
    )
    .await?;
    Ok(axum::Json(page))
}

async fn export_me(State(state): State<AppState>, me: CurrentUser) -> AppResult<impl IntoResponse> {
    let data = me::export(&state.db, &me).await?;
    Ok(axum::Json(crate::service::personal_data::readable(data)))
}

async fn erase_me(State(state): State<AppState>, me: CurrentUser) -> AppResult<impl IntoResponse> {
    me::erase(&state.db, &me).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransfersQuery {
    status: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
}

async fn list_transfers(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<TransfersQuery>,
) -> AppResult<impl IntoResponse> {
    let (page, per_page) = super::Paging::resolve(q.page, q.per_page)?;
    let (total, items) =
        transfer::list(state.db.conn(), &me, q.status.as_deref(), page, per_page).await?;
    Ok(axum::Json(super::ListView::new(
        total,
        items.iter().map(transfer::TransferView::of).collect(),
    )))
}

async fn approve_transfer(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    let decided = transfer::decide(&state.db, &me, id, true).await?;
    Ok(axum::Json(transfer::TransferView::of(&decided)))
}

async fn reject_transfer(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    let decided = transfer::decide(&state.db, &me, id, false).await?;
    Ok(axum::Json(transfer::TransferView::of(&decided)))
}
