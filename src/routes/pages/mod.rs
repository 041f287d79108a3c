//! Server-rendered HTML pages in Chinese, one module per area.
//!
//! Pages call the same services as the JSON API (same validation, audit and
//! scope checks); a handler here only reads the form, calls one service and
//! renders a template from `web/templates`. Every form is CSRF-protected
//! (see [`csrf`]). Each area is one module and one `.merge` line below.

mod admin;
mod applications;
mod assets;
mod associations;
mod audit;
mod auth;
mod coverage;
pub mod csrf;
mod dashboard;
mod filters;
mod forms;
mod import;
mod incubator;
mod incubator_form;
mod matches;
mod me;
mod nav;
mod notices;
mod opening_form;
mod openings;
mod pipeline;
mod profile_form;
mod profile_list;
mod profile_review;
mod profiles;
mod project_form;
mod projects;
mod regions;
pub mod render;
mod subsidy;

use axum::Router;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(assets::router())
        .merge(auth::router())
        .merge(dashboard::router())
        .merge(profile_list::router())
        .merge(profiles::router())
        .merge(profile_form::router())
        .merge(profile_review::router())
        .merge(import::router())
        .merge(associations::router())
        .merge(coverage::router())
        .merge(me::router())
        .merge(notices::router())
        .merge(projects::router())
        .merge(project_form::router())
        .merge(matches::router())
        .merge(pipeline::router())
        .merge(incubator::router())
        .merge(incubator_form::router())
        .merge(openings::router())
        .merge(opening_form::router())
        .merge(applications::router())
        .merge(subsidy::router())
        .merge(admin::router())
        .merge(audit::router())
}

/// Paths nothing answers: the JSON error shape under `/api/`, a page elsewhere
/// (a clerk who mistypes an address gets words, not a blank screen).
pub async fn not_found(uri: Uri) -> Response {
    let error = AppError::NotFound("找不到该页面，请检查网址或从菜单进入".into());
    if uri.path().starts_with("/api/") {
        AppError::NotFound("接口不存在".into()).into_response()
    } else {
        render::PageError::App(error).into_response()
    }
}
