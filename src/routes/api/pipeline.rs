//! `/pipeline`: 对接 — where each conversation with a shortlisted person stands.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::auth::policy::Access;
use crate::domain::ContactChannel;
use crate::entity::pipeline_contact;
use crate::error::AppResult;
use crate::extract::{Json, Path, Query};
use crate::routes::api::{ListView, Paging};
use crate::service::pipeline::write::{self, ContactReq, PipelineUpdateReq};
use crate::service::pipeline::{self, PipelineFilter, PipelineView};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/pipeline", get(list))
        .route("/pipeline/{id}", get(show).patch(update))
        .route("/pipeline/{id}/contacts", post(add_contact))
}

/// One logged contact.
#[derive(Serialize)]
struct ContactView {
    #[serde(flatten)]
    contact: pipeline_contact::Model,
    channel_label: &'static str,
}

impl From<pipeline_contact::Model> for ContactView {
    fn from(contact: pipeline_contact::Model) -> Self {
        Self {
            channel_label: ContactChannel::parse(&contact.channel)
                .map(|c| c.label())
                .unwrap_or_default(),
            contact,
        }
    }
}

/// A page of entries, and how many entries hold people the caller may not see.
#[derive(Serialize)]
struct PipelineList {
    #[serde(flatten)]
    list: ListView<PipelineView>,
    hidden: u64,
}

/// An entry with its contact log.
#[derive(Serialize)]
struct EntryDetail {
    #[serde(flatten)]
    entry: PipelineView,
    contacts: Vec<ContactView>,
}

async fn one_view(
    state: &AppState,
    entry: crate::entity::pipeline_entry::Model,
) -> AppResult<Option<PipelineView>> {
    Ok(pipeline::views(state.db.conn(), vec![entry])
        .await?
        .into_iter()
        .next())
}

async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(filter): Query<PipelineFilter>,
) -> AppResult<impl IntoResponse> {
    let (page, per_page) = Paging::resolve(filter.page, filter.per_page)?;
    let listed = pipeline::list_counted(state.db.conn(), &me, &filter, page, per_page).await?;
    let items = pipeline::views(state.db.conn(), listed.items).await?;
    Ok(axum::Json(PipelineList {
        list: ListView::new(listed.total, items),
        hidden: listed.hidden,
    }))
}

async fn show(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    let (entry, _) = pipeline::load(state.db.conn(), &me, id, Access::Read).await?;
    let contacts = pipeline::contacts(state.db.conn(), entry.id).await?;
    let detail = one_view(&state, entry).await?.map(|entry| EntryDetail {
        entry,
        contacts: contacts.into_iter().map(Into::into).collect(),
    });
    Ok(axum::Json(detail))
}

async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<PipelineUpdateReq>,
) -> AppResult<impl IntoResponse> {
    let updated = write::update(&state.db, &me, id, req).await?;
    Ok(axum::Json(one_view(&state, updated).await?))
}

async fn add_contact(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ContactReq>,
) -> AppResult<impl IntoResponse> {
    let contact = write::add_contact(&state.db, &me, id, req).await?;
    Ok((StatusCode::CREATED, axum::Json(ContactView::from(contact))))
}
