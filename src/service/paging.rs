//! `page` and `per_page` of every list: checked once, below the routes, so that services
//! (and the search service) page the same way the handlers do.

use serde::Deserialize;

use crate::error::{AppError, AppResult};

/// The last page a list may be asked for.
pub const MAX_PAGE: u64 = 100_000;
/// The most rows of one page.
pub const MAX_PER_PAGE: u64 = 100;
/// Rows of a page when `per_page` is not given.
pub const DEFAULT_PER_PAGE: u64 = 20;

/// `page` (from 1) and `per_page` (default 20, at most 100).
#[derive(Clone, Copy, Debug, Deserialize)]
pub struct Paging {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl Paging {
    pub fn resolve(page: Option<u64>, per_page: Option<u64>) -> AppResult<(u64, u64)> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page == 0 || page > MAX_PAGE {
            return Err(AppError::invalid("page", "页码从 1 开始"));
        }
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(AppError::invalid(
                "per_page",
                format!("每页 1–{MAX_PER_PAGE} 条"),
            ));
        }
        Ok((page, per_page))
    }
}
