//! An xlsx written while its rows are still being read: the rows go through a
//! small channel to a blocking thread that writes them into a constant-memory
//! worksheet (rust_xlsxwriter keeps its rows in a temporary file, not in memory),
//! so a 50,000-row export costs the same memory as a 500-row one.

use rust_xlsxwriter::Workbook;
use tokio::sync::mpsc;

use super::SheetError;
use super::write::{col_num, display_width, header_format, row_num, valid_sheet_name};

/// Rows per chunk the reader should send; also how many rows size the columns.
pub const CHUNK_ROWS: usize = 1_000;

/// An xlsx being written: [`push`](Self::push) rows, then [`finish`](Self::finish).
pub struct StreamingXlsx {
    rows: mpsc::Sender<Vec<Vec<String>>>,
    writer: tokio::task::JoinHandle<Result<Vec<u8>, SheetError>>,
}

impl StreamingXlsx {
    /// Starts the writer of one sheet with a header row.
    pub fn start(sheet_name: &str, headers: &[&str]) -> Self {
        let (tx, rx) = mpsc::channel(2);
        let sheet_name = sheet_name.to_owned();
        let headers: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
        let writer = tokio::task::spawn_blocking(move || write_sheet(&sheet_name, &headers, rx));
        Self { rows: tx, writer }
    }

    /// Hands a chunk of rows to the writer; waits while it is behind.
    pub async fn push(&self, chunk: Vec<Vec<String>>) -> Result<(), SheetError> {
        if chunk.is_empty() {
            return Ok(());
        }
        // A send fails only when the writer stopped on an error: `finish` reports it.
        let _ = self.rows.send(chunk).await;
        Ok(())
    }

    /// Closes the sheet and returns the file's bytes (compressed: a few MB at most).
    pub async fn finish(self) -> Result<Vec<u8>, SheetError> {
        drop(self.rows);
        self.writer.await.map_err(|e| SheetError::Write {
            detail: format!("export writer thread: {e}"),
        })?
    }
}

fn write_sheet(
    sheet_name: &str,
    headers: &[String],
    mut rows: mpsc::Receiver<Vec<Vec<String>>>,
) -> Result<Vec<u8>, SheetError> {
    let mut workbook = Workbook::new();
    let header_fmt = header_format();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(valid_sheet_name(sheet_name))?;
    // Column widths must be set before the first row in constant-memory mode: size
    // them from the header and the first chunk.
    let first = rows.blocking_recv().unwrap_or_default();
    let width = first
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(headers.len());
    for i in 0..width {
        let chars = std::iter::once(headers.get(i).map_or("", String::as_str))
            .chain(first.iter().map(|r| r.get(i).map_or("", String::as_str)))
            .map(display_width)
            .max()
            .unwrap_or(0);
        sheet.set_column_width(col_num(i)?, (chars as f64 + 2.0).clamp(8.0, 50.0))?;
    }
    for (i, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col_num(i)?, h, &header_fmt)?;
    }
    let mut written = 0usize;
    let mut chunk = first;
    loop {
        for cells in &chunk {
            written += 1;
            let row = row_num(written)?;
            for (i, value) in cells.iter().enumerate() {
                sheet.write_string(row, col_num(i)?, value)?;
            }
        }
        match rows.blocking_recv() {
            Some(next) => chunk = next,
            None => break,
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if width > 0 {
        sheet.autofilter(0, 0, row_num(written)?, col_num(width - 1)?)?;
    }
    Ok(workbook.save_to_buffer()?)
}
