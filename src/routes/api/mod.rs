//! The JSON API under `/api/v1`.

mod applications;
mod associations;
mod audit;
mod auth;
mod chains;
mod coverage;
mod import;
mod incubators;
mod matches;
mod notices;
mod openings;
mod pipeline;
mod profiles;
mod projects;
mod regions;
mod register;
mod subsidy;
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
        .merge(matches::router())
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
