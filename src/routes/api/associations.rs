//! `/associations`: 乡贤会 and 乡贤联谊会 records.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{patch, post};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Json, Path, Query};
use crate::routes::api::ListView;
use crate::service::association::{self, AssociationReq, AssociationView};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/associations", post(create).get(list))
        .route("/associations/{id}", patch(update).delete(remove))
}

async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<AssociationReq>,
) -> AppResult<impl IntoResponse> {
    let created = association::create(&state.db, &me, req).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(AssociationView::new(created, &state.regions)),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    region: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<impl IntoResponse> {
    let rows = association::list(state.db.conn(), &me, q.region.as_deref()).await?;
    Ok(axum::Json(ListView::all(
        rows.into_iter()
            .map(|a| AssociationView::new(a, &state.regions))
            .collect(),
    )))
}

async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<AssociationReq>,
) -> AppResult<impl IntoResponse> {
    let updated = association::update(&state.db, &me, id, req).await?;
    Ok(axum::Json(AssociationView::new(updated, &state.regions)))
}

async fn remove(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    association::delete(&state.db, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
