//! The JSON API under `/api/v1`.

mod applications;
mod associations;
mod audit;
mod auth;
mod chains;
mod coverage;
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
mod subsidy_claims;
mod tokens;
mod transfer;
mod users;

use axum::Router;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

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

/// `page` (from 1) and `per_page` (default 20, at most 100).
#[derive(Clone, Copy, Debug, Deserialize)]
pub struct Paging {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl Paging {
    pub fn resolve(page: Option<u64>, per_page: Option<u64>) -> AppResult<(u64, u64)> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(20);
        if page == 0 || page > 100_000 {
            return Err(AppError::invalid("page", "页码从 1 开始"));
        }
        if per_page == 0 || per_page > 100 {
            return Err(AppError::invalid("per_page", "每页 1–100 条"));
        }
        Ok((page, per_page))
    }
}
