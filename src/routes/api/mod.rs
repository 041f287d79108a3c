//! The JSON API under `/api/v1`.

mod applications;
mod associations;
mod audit;
mod auth;
mod awards;
mod chains;
mod coverage;
mod events;
mod import;
mod incubators;
mod matches;
mod notices;
mod openings;
mod organizations;
mod pipeline;
mod profiles;
mod projects;
mod referrals;
mod regions;
mod register;
mod service_requests;
mod subsidy;
mod subsidy_claims;
mod tokens;
mod transfer;
mod users;

use axum::Router;
use serde::Serialize;

use crate::state::AppState;

/// Paging lives with the services that page; re-exported for the handlers.
pub use crate::service::paging::Paging;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(auth::router())
        .merge(tokens::router())
        .merge(users::router())
        .merge(regions::router())
        .merge(chains::router())
        .merge(audit::router())
        .merge(register::router())
        .merge(profiles::router())
        .merge(transfer::router())
        .merge(import::router())
        .merge(associations::router())
        .merge(coverage::router())
        .merge(notices::router())
        .merge(projects::router())
        .merge(pipeline::router())
        .merge(incubators::router())
        .merge(openings::router())
        .merge(applications::router())
        .merge(subsidy::router())
        .merge(subsidy_claims::router())
        .merge(events::router())
        .merge(matches::router())
        .merge(referrals::router())
        .merge(awards::router())
        .merge(organizations::router())
        .merge(service_requests::router())
        // After the merges: it applies to the routes present.
        .method_not_allowed_fallback(method_not_allowed)
}

/// A 405 in the error shape of every other refusal (axum's own has an empty body).
async fn method_not_allowed() -> impl axum::response::IntoResponse {
    (
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        axum::Json(serde_json::json!({"error": {
            "code": "method_not_allowed",
            "message": "该地址不支持此请求方法",
        }})),
    )
}

/// `{"total": N, "items": [...]}`, the shape of every list.
#[derive(Debug, Serialize)]
pub struct ListView<T> {
    pub total: u64,
    pub items: Vec<T>,
}

impl<T> ListView<T> {
    pub fn new(total: u64, items: Vec<T>) -> Self {
        Self { total, items }
    }
    /// An unpaginated list.
    pub fn all(items: Vec<T>) -> Self {
        Self {
            total: items.len() as u64,
            items,
        }
    }
}
