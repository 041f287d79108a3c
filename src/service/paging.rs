//! `page` and `per_page` of every list: checked once, below the routes, so that services
//! (and the search service) page the same way the handlers do.

use serde::Deserialize;

use crate::error::{AppError, AppResult};

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
