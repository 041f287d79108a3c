//! Phase one: the upload's bytes to sheets, off the async threads. A file too
//! big to read is 413; any other unreadable file is 422 with the reader's
//! message, which says what to fix.

use crate::error::{AppError, AppResult};
use crate::spreadsheet::{self, SheetError, Workbook};

/// Reads the upload's sheets off the async threads.
pub async fn read(bytes: Vec<u8>, filename: &str) -> AppResult<Workbook> {
    let filename = filename.to_owned();
    tokio::task::spawn_blocking(move || spreadsheet::read_workbook(&bytes, &filename))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| match e {
            SheetError::TooLarge { .. }
            | SheetError::XlsTooLarge { .. }
            | SheetError::MergeTooLarge { .. } => AppError::PayloadTooLarge(e.to_string()),
            other => AppError::Unprocessable(other.to_string()),
        })
}
