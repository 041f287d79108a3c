//! CPU-bound work (an index search, a workbook, a QR picture) run off the async threads,
//! its panic or failure an internal error.

use crate::error::{AppError, AppResult};

pub async fn run<T, E>(f: impl FnOnce() -> Result<T, E> + Send + 'static) -> AppResult<T>
where
    T: Send + 'static,
    E: Into<anyhow::Error> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(e.into()))
}
