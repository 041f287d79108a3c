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
mod awards;
mod chain_map;
mod collaboration;
mod coverage;
pub mod csrf;
mod dashboard;
mod dashboard_map;
mod event_actions;
mod events;
mod filters;
mod forms;
mod freshness;
mod import;
mod incubator;
mod incubator_form;
mod matches;
mod me;
mod nav;
mod notices;
mod opening_form;
mod openings;
mod organizations;
mod pipeline;
mod profile_batch;
mod profile_form;
mod profile_list;
mod profile_review;
mod profiles;
mod project_form;
mod projects;
mod referrals;
mod regions;
pub mod render;
mod rsvp;
mod self_registration;
mod service;
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
        .merge(profile_batch::router())
        .merge(profiles::router())
        .merge(profile_form::router())
        .merge(profile_review::router())
        .merge(import::router())
        .merge(associations::router())
        .merge(organizations::router())
        .merge(service::router())
        .merge(coverage::router())
        .merge(me::router())
        .merge(notices::router())
        .merge(projects::router())
        .merge(project_form::router())
        .merge(matches::router())
        .merge(collaboration::router())
        .merge(pipeline::router())
        .merge(incubator::router())
        .merge(incubator_form::router())
        .merge(openings::router())
        .merge(opening_form::router())
        .merge(applications::router())
        .merge(subsidy::router())
        .merge(referrals::router())
        .merge(chain_map::router())
        .merge(awards::router())
        .merge(events::router())
        .merge(event_actions::router())
        .merge(rsvp::router())
        .merge(admin::router())
        .merge(audit::router())
        .merge(self_registration::router())
        .merge(freshness::router())
        .layer(axum::middleware::map_response(plain_rejection_as_page))
}

/// axum's own rejections (a path like `/profiles/abc`, a wrong method) are plain English
/// text; on a page they become the site's error page with the same status.
async fn plain_rejection_as_page(response: Response) -> Response {
    use axum::http::{StatusCode, header};
    let status = response.status();
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    let empty = response.headers().get(header::CONTENT_TYPE).is_none();
    let error = match status {
        StatusCode::BAD_REQUEST if plain => {
            AppError::BadRequest("网址有误：编号应为数字。请从列表或菜单进入。".into())
        }
        StatusCode::METHOD_NOT_ALLOWED if plain || empty => {
            AppError::BadRequest("该页面不支持此操作，请从菜单进入".into())
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE | StatusCode::UNPROCESSABLE_ENTITY if plain => {
            AppError::BadRequest("提交的内容有误，请返回上一页重新填写".into())
        }
        _ => return response,
    };
    let mut page = render::PageError::App(error).into_response();
    *page.status_mut() = status;
    if let Some(allow) = response.headers().get(header::ALLOW) {
        page.headers_mut().insert(header::ALLOW, allow.clone());
    }
    page
}

/// Paths nothing answers: the JSON error shape under `/api/`, a page elsewhere
/// (a clerk who mistypes an address gets words, not a blank screen).
pub async fn not_found(uri: Uri) -> Response {
    let error = AppError::NotFound("找不到该页面，请检查网址或从菜单进入".into());
    let path = uri.path();
    // `/profiles/` means `/profiles`: a trailing slash someone typed or a link kept.
    if !path.starts_with("/api/")
        && path.len() > 1
        && path.ends_with('/')
        && !path.contains("//")
        && !path.contains('\\')
    {
        let target = match uri.query() {
            Some(q) => format!("{}?{q}", path.trim_end_matches('/')),
            None => path.trim_end_matches('/').to_owned(),
        };
        return axum::response::Redirect::permanent(&target).into_response();
    }
    if uri.path().starts_with("/api/") {
        AppError::NotFound("接口不存在".into()).into_response()
    } else {
        render::PageError::App(error).into_response()
    }
}
