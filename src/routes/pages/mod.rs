//! Server-rendered HTML pages in Chinese, one module per area.
//!
//! Pages call the same services as the JSON API (same validation, audit and
//! scope checks); a handler here only reads the form, calls one service and
//! renders a template from `web/templates`. Every form is CSRF-protected
//! (see [`csrf`]). Areas still to come (项目库 `projects`, 对接 `pipeline`,
//! 匹配 `matches`, 孵化空间 `openings`, 入驻申请 `applications`) each get
//! their own module here and one `.merge` line below.

mod admin;
mod assets;
mod associations;
mod audit;
mod auth;
mod coverage;
pub mod csrf;
mod dashboard;
mod filters;
mod forms;
mod me;
mod nav;
mod notices;
mod profile_form;
mod profiles;
mod regions;
pub mod render;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(assets::router())
        .merge(auth::router())
        .merge(dashboard::router())
        .merge(profiles::router())
        .merge(profile_form::router())
        .merge(associations::router())
        .merge(coverage::router())
        .merge(me::router())
        .merge(notices::router())
        .merge(admin::router())
        .merge(audit::router())
}
