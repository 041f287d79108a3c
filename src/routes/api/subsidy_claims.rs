//! `/enterprises` and `/subsidy/claims`, `/subsidy/ledger/{enterprise_id}`,
//! `/subsidy/report`: the 专栏4-2 subsidy paid month by month.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, patch};

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Json, Path, Query};
use crate::routes::api::ListView;
use crate::service::enterprise::{self, EnterpriseReq};
use crate::service::subsidy_claim::write::{self, ClaimReq, DecideReq};
use crate::service::subsidy_claim::{self, ClaimFilter, ledger, report};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/enterprises",
            get(list_enterprises).post(create_enterprise),
        )
        .route("/subsidy/claims", get(list_claims).post(create_claim))
        .route("/subsidy/claims/{id}", patch(decide_claim))
        .route("/subsidy/ledger/{enterprise_id}", get(show_ledger))
        .route("/subsidy/report", get(county_report))
}

async fn list_enterprises(
    State(state): State<AppState>,
    me: CurrentUser,
) -> AppResult<impl IntoResponse> {
    let rows = enterprise::list(state.db.conn(), &me).await?;
    let items = enterprise::views(state.db.conn(), rows).await?;
    Ok(axum::Json(ListView::all(items)))
}

async fn create_enterprise(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<EnterpriseReq>,
) -> AppResult<impl IntoResponse> {
    let created = enterprise::create(&state.db, &me, req).await?;
    let view = enterprise::views(state.db.conn(), vec![created]).await?;
    Ok((StatusCode::CREATED, axum::Json(view.into_iter().next())))
}

async fn list_claims(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(filter): Query<ClaimFilter>,
) -> AppResult<impl IntoResponse> {
    let items = subsidy_claim::list(state.db.conn(), &me, &filter).await?;
    Ok(axum::Json(ListView::all(items)))
}

async fn create_claim(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<ClaimReq>,
) -> AppResult<impl IntoResponse> {
    let created = write::create(&state.db, &me, req).await?;
    let e = enterprise::load(
        state.db.conn(),
        &me,
        created.enterprise_id,
        enterprise::EnterpriseAction::Read,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(subsidy_claim::view(created, &e.name)),
    ))
}

async fn decide_claim(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<DecideReq>,
) -> AppResult<impl IntoResponse> {
    let (claim, e) = write::decide(&state.db, &me, id, req).await?;
    Ok(axum::Json(subsidy_claim::view(claim, &e.name)))
}

async fn show_ledger(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(enterprise_id): Path<i64>,
) -> AppResult<impl IntoResponse> {
    Ok(axum::Json(
        ledger::ledger(state.db.conn(), &me, enterprise_id).await?,
    ))
}

async fn county_report(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<report::ReportQuery>,
) -> AppResult<impl IntoResponse> {
    let file = report::county(state.db.conn(), &me, &state.regions, &q).await?;
    let disposition = format!(
        "attachment; filename=\"subsidy-{}.xlsx\"; filename*=UTF-8''{}",
        file.month,
        urlencode(&file.file_name)
    );
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        file.bytes,
    ))
}

/// Percent-encodes a file name for `filename*=UTF-8''…` (RFC 5987).
fn urlencode(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
