//! Spreadsheet import and export for 乡贤通.
//!
//! Township and village organizers keep their 乡贤 lists in Excel (or WPS), so
//! this module is the bridge between their files and the registry:
//!
//! * [`read_table`] reads an uploaded `.xlsx`, `.xls` or CSV (UTF-8 / GBK) into
//!   [`RawRow`]s keyed by [`Column`], refusing things that would silently lose
//!   data (formulas, merged cells) with messages a county clerk can act on.
//! * [`template_xlsx`] builds the blank template organizers fill in, and
//!   [`write_xlsx`] writes exports.
//!
//! Nothing here validates *values* (phone format, allowed 学历, …): that is the
//! caller's job, row by row, using [`RawRow::row`] to point at the Excel row.

mod biff;
mod book;
mod columns;
mod error;
mod read;
mod stream;
mod table;
mod write;
mod xls;
mod xlsx;

#[cfg(test)]
mod prop_tests;
#[cfg(test)]
mod refusal_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

pub use columns::Column;
pub use error::SheetError;
pub use read::{read_table, read_workbook, read_workbook_with};
pub use stream::{CHUNK_ROWS, StreamingXlsx};
pub use write::{is_template_example, template_xlsx, write_xlsx};

/// Largest upload accepted, in bytes (20 MB).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// Largest number of non-empty data rows accepted in one file.
pub const MAX_DATA_ROWS: usize = 20_000;
/// How much one read may take: the web upload's limits, or none for the
/// operator's own file on the command line (which reads in batches).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_rows: usize,
}

impl Limits {
    /// The web upload's limits ([`MAX_BYTES`], [`MAX_DATA_ROWS`]).
    pub const UPLOAD: Limits = Limits {
        max_bytes: MAX_BYTES,
        max_rows: MAX_DATA_ROWS,
    };
    /// No limit: `xiangxian import profiles` on a city's whole migration.
    pub const NONE: Limits = Limits {
        max_bytes: usize::MAX,
        max_rows: usize::MAX,
    };
}

/// Longest cell accepted, in characters; longer cells become a row problem.
pub const MAX_CELL_CHARS: usize = 5_000;
/// How many rows at the top of a sheet are searched for the header row
/// (templates often carry a title row or two above it).
pub const HEADER_SEARCH_ROWS: usize = 10;
/// Columns to the right of this many (A..IV) are ignored: no real header
/// row is that wide, and it bounds memory on hostile files.
pub const MAX_COLUMNS: usize = 256;

/// A table read from an upload: the data rows under the header row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// Non-empty data rows, in sheet order, mapped with the guessed columns.
    pub rows: Vec<RawRow>,
    /// Header cells that matched no [`Column`], as written (trimmed), in
    /// column order. Show them to the user as a warning: their data is ignored.
    pub unknown_headers: Vec<String>,
    /// The worksheet the rows came from (`None` for CSV).
    pub sheet_name: Option<String>,
    /// Every header cell, with the column the reader guessed for it.
    pub headers: Vec<HeaderCell>,
    /// The data rows by column index, before any mapping.
    pub grid: Vec<GridRow>,
    /// Rows above and below the people that are not people (title, 合计, 填表人).
    pub skipped: Vec<SkippedRow>,
    /// Things done to read the sheet as kept (merged cells filled down).
    pub notices: Vec<String>,
}

/// A header cell as the clerk typed it (the upper cell of a two-row header
/// prefixing the lower: “联系方式/联系电话”).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderCell {
    /// 0-based column index.
    pub col: u32,
    pub text: String,
    /// The column the reader chose; `None` when it does not know the header.
    pub column: Option<Column>,
}

/// A data row by column index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GridRow {
    /// The Excel row number (1-based).
    pub row: usize,
    pub cells: BTreeMap<u32, String>,
    /// Cells that could not be taken, by column index.
    pub problems: Vec<(u32, String)>,
}

/// A row that is not a person, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SkippedRow {
    pub row: usize,
    pub reason: String,
}

/// Every sheet of an upload that has a 姓名 header, and what was noticed about
/// the others.
#[derive(Debug, Clone, Default)]
pub struct Workbook {
    pub sheets: Vec<Sheet>,
    /// Sheets without a 姓名 header, hidden sheets, and similar notices.
    pub notices: Vec<String>,
}

/// The clerk's corrections to the guessed mapping: column index → field
/// (`None` ignores the column).
pub type MappingOverrides = BTreeMap<u32, Option<Column>>;

impl Sheet {
    /// The column of header `col` under the overrides.
    pub fn column_at(&self, col: u32, overrides: &MappingOverrides) -> Option<Column> {
        match overrides.get(&col) {
            Some(choice) => *choice,
            None => self
                .headers
                .iter()
                .find(|h| h.col == col)
                .and_then(|h| h.column),
        }
    }

    /// The header text of column `col`, as typed.
    pub fn header_text(&self, col: u32) -> &str {
        self.headers
            .iter()
            .find(|h| h.col == col)
            .map_or("", |h| h.text.as_str())
    }

    /// The data rows mapped to columns. A field under two headers gets both
    /// cells: phones joined with “/” (the first mobile wins later), others with “、”.
    pub fn rows_with(&self, overrides: &MappingOverrides) -> Vec<RawRow> {
        self.rows_in(overrides, 0..self.grid.len())
    }

    /// [`Self::rows_with`] for the data rows `range` only (by index in `grid`),
    /// so a very large sheet is mapped a batch at a time.
    pub fn rows_in(
        &self,
        overrides: &MappingOverrides,
        range: std::ops::Range<usize>,
    ) -> Vec<RawRow> {
        let columns: BTreeMap<u32, Column> = self
            .headers
            .iter()
            .filter_map(|h| self.column_at(h.col, overrides).map(|c| (h.col, c)))
            .collect();
        self.grid
            .get(range)
            .unwrap_or_default()
            .iter()
            .map(|g| {
                let mut raw = RawRow {
                    row: g.row,
                    ..RawRow::default()
                };
                for (col, text) in &g.cells {
                    let Some(&column) = columns.get(col) else {
                        continue;
                    };
                    raw.cols.entry(column).or_insert(*col);
                    match raw.cells.get_mut(&column) {
                        Some(joined) => {
                            joined.push_str(if column == Column::Mobile { "/" } else { "、" });
                            joined.push_str(text);
                        }
                        None => {
                            raw.cells.insert(column, text.clone());
                        }
                    }
                }
                for (col, message) in &g.problems {
                    if let Some(&column) = columns.get(col) {
                        raw.cols.entry(column).or_insert(*col);
                        raw.problems.push((column, message.clone()));
                    }
                }
                raw
            })
            .collect()
    }

    pub(crate) fn apply_guessed_mapping(&mut self) {
        self.rows = self.rows_with(&MappingOverrides::new());
        self.unknown_headers = Vec::new();
        for h in &self.headers {
            if h.column.is_none()
                && !is_serial_header(&h.text)
                && !self.unknown_headers.contains(&h.text)
            {
                self.unknown_headers.push(h.text.clone());
            }
        }
    }

    /// “乡贤名单!C7”, or “C7” for CSV.
    pub fn address(&self, row: usize, col: u32) -> String {
        match &self.sheet_name {
            Some(name) => format!("{name}!{}", cell_address(row, col)),
            None => cell_address(row, col),
        }
    }
}

/// 序号 and 编号 columns carry no data worth a warning.
fn is_serial_header(text: &str) -> bool {
    matches!(text.trim(), "序号" | "编号" | "序" | "No" | "No." | "NO")
}

/// “C7” for row 7 (1-based) and column index 2.
pub fn cell_address(row: usize, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col as u64 + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{row}", letters.into_iter().collect::<String>())
}

/// One data row, cells keyed by the column they sit under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRow {
    /// The row number the user sees in Excel (1-based, counting the title
    /// and header rows), so messages like “第 12 行” match the file.
    pub row: usize,
    /// Trimmed, non-empty cell texts. Numbers are rendered the way they were
    /// typed (`13812345678`, `1978`), dates as `YYYY-MM-DD`, booleans as 是/否.
    pub cells: BTreeMap<Column, String>,
    /// Cells that could not be taken (too long, Excel error values such as
    /// `#N/A`); they are absent from `cells`. Messages are in Chinese.
    pub problems: Vec<(Column, String)>,
    /// The 0-based column index each field was read from (the first, when two).
    pub cols: BTreeMap<Column, u32>,
}

impl RawRow {
    /// The cell under `c`, or `None` when the column is missing or the cell empty.
    pub fn get(&self, c: Column) -> Option<&str> {
        self.cells
            .get(&c)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}

/// Split a multi-value cell (产业领域, 回乡意向, 标签) on 、，,;；/ and any
/// whitespace, including newlines typed with Alt+Enter; trims and drops empties.
pub fn split_list(cell: &str) -> Vec<String> {
    cell.split(|c: char| {
        matches!(c, '、' | '，' | ',' | ';' | '；' | '/' | '／') || c.is_whitespace()
    })
    .map(str::trim)
    .filter(|s| !s.is_empty())
    .map(str::to_string)
    .collect()
}
