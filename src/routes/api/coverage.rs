//! `GET /stats/coverage?region=`: coverage per child region.

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access};
use crate::domain::{CITY_CODE, Role};
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::service::{coverage, region};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/stats/coverage", get(show))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CoverageQuery {
    region: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<CoverageQuery>,
) -> AppResult<impl IntoResponse> {
    policy::require_role(&me, &[Role::Admin, Role::Staff, Role::Organizer])?;
    let default = me
        .scope()
        .filter(|_| !me.is(Role::Admin))
        .unwrap_or(CITY_CODE)
        .to_owned();
    let code = region::parse_code("region", q.region.as_deref().unwrap_or(&default))?;
    if !code.is_within(CITY_CODE) {
        return Err(AppError::invalid(
            "region",
            "覆盖率只统计咸宁市（4212）范围内的地区",
        ));
    }
    policy::region(
        &me,
        code.as_str(),
        Access::Read,
        &[Role::Staff, Role::Organizer],
    )?;
    let root = region::find(state.db.conn(), &code)
        .await?
        .ok_or_else(|| AppError::not_found("地区"))?;
    Ok(axum::Json(coverage::of(state.db.conn(), &root).await?))
}
