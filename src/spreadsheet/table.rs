//! Turns a stream of cells (from CSV or xlsx) into a [`Sheet`]: finds the
//! header row, keeps only non-empty data rows under header columns, and
//! applies the checks that protect data (formulas, merged cells, limits).
//!
//! Both readers feed cells row by row through [`GridBuilder::push`], so memory
//! stays bounded by the row limit rather than by what a file claims to contain.

use std::collections::{BTreeMap, btree_map::Entry};

use super::{
    Column, HEADER_SEARCH_ROWS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_DATA_ROWS, RawRow, Sheet,
    SheetError,
};

/// One cell as read from the file, already rendered to trimmed text.
#[derive(Debug, Clone, Default)]
pub(crate) struct GridCell {
    pub text: String,
    /// The cell holds a formula (its cached value is in `text`).
    pub formula: bool,
    /// An Excel error value such as `#N/A`.
    pub error: Option<String>,
}

impl GridCell {
    pub fn text(s: &str) -> Self {
        GridCell {
            text: s.trim().to_string(),
            ..GridCell::default()
        }
    }

    fn has_content(&self) -> bool {
        !self.text.is_empty() || self.error.is_some()
    }
}

/// Whether the reader should keep feeding cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Continue,
    /// The header search area is past and held no 姓名 header: stop reading.
    NoHeader,
}

/// What a sheet turned out to contain.
pub(crate) enum Outcome {
    Found(Table),
    NotFound {
        /// Some row had ≥ 2 recognized headers but no 姓名: the user's
        /// header row lacks the required column (rather than no header at all).
        looks_like_header: bool,
    },
}

/// A header cell: the text as written and the column it maps to, if any.
struct HeaderCell {
    text: String,
    column: Option<Column>,
}

struct Header {
    /// 0-based row index.
    row: u32,
    /// By 0-based column index; only non-empty header cells.
    cols: BTreeMap<u32, HeaderCell>,
}

type Row = BTreeMap<u32, GridCell>;

/// The header row plus the non-empty data rows below it (0-based indices).
pub(crate) struct Table {
    header: Header,
    data: BTreeMap<u32, Row>,
}

/// Accumulates cells; see the module docs.
#[derive(Default)]
pub(crate) struct GridBuilder {
    /// Rows within the header search area, kept until the header is resolved.
    top: BTreeMap<u32, Row>,
    resolved: bool,
    header: Option<Header>,
    looks_like_header: bool,
    /// The data row being filled; a row is kept only once we know it is non-empty.
    current: Option<(u32, Row)>,
    data: BTreeMap<u32, Row>,
}

impl GridBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one cell at 0-based `(row, col)`. Cells should arrive in row order
    /// (both CSV and xlsx do); out-of-order rows are merged, never lost.
    pub fn push(&mut self, row: u32, col: u32, cell: GridCell) -> Result<Flow, SheetError> {
        if col as usize >= MAX_COLUMNS {
            return Ok(Flow::Continue);
        }
        if !self.resolved {
            if (row as usize) < HEADER_SEARCH_ROWS {
                self.top.entry(row).or_default().insert(col, cell);
                return Ok(Flow::Continue);
            }
            self.resolve()?;
        }
        if self.header.is_none() {
            return Ok(Flow::NoHeader);
        }
        self.push_data(row, col, cell)?;
        Ok(Flow::Continue)
    }

    /// Call after the last cell.
    pub fn finish(mut self) -> Result<Outcome, SheetError> {
        if !self.resolved {
            self.resolve()?;
        }
        self.flush()?;
        Ok(match self.header {
            Some(header) => Outcome::Found(Table {
                header,
                data: self.data,
            }),
            None => Outcome::NotFound {
                looks_like_header: self.looks_like_header,
            },
        })
    }

    /// Pick the header row among the buffered top rows: the first one with a
    /// 姓名 cell. Rows below it in the buffer become data.
    fn resolve(&mut self) -> Result<(), SheetError> {
        self.resolved = true;
        let top = std::mem::take(&mut self.top);
        for (&row, cells) in &top {
            let cols: BTreeMap<u32, HeaderCell> = cells
                .iter()
                .filter(|(_, c)| !c.text.is_empty())
                .map(|(&col, c)| {
                    let column = Column::from_header(&c.text);
                    (
                        col,
                        HeaderCell {
                            text: c.text.clone(),
                            column,
                        },
                    )
                })
                .collect();
            let known = cols.values().filter(|h| h.column.is_some()).count();
            if known >= 2 {
                self.looks_like_header = true;
            }
            if cols.values().any(|h| h.column == Some(Column::Name)) {
                self.header = Some(Header { row, cols });
                break;
            }
        }
        let Some(header_row) = self.header.as_ref().map(|h| h.row) else {
            return Ok(());
        };
        for (row, cells) in top.into_iter().filter(|(r, _)| *r > header_row) {
            for (col, cell) in cells {
                self.push_data(row, col, cell)?;
            }
        }
        Ok(())
    }

    fn push_data(&mut self, row: u32, col: u32, cell: GridCell) -> Result<(), SheetError> {
        let Some(h) = &self.header else {
            return Ok(());
        };
        // Cells outside header columns (notes typed to the right) are not data.
        if row <= h.row || !h.cols.contains_key(&col) {
            return Ok(());
        }
        match &mut self.current {
            Some((r, cells)) if *r == row => {
                cells.insert(col, cell);
            }
            _ => {
                self.flush()?;
                self.current = Some((row, BTreeMap::from([(col, cell)])));
            }
        }
        Ok(())
    }

    /// Keep the current row if it has content. Rows holding only formulas
    /// that show "" (templates pre-filled far down) are dropped as empty.
    fn flush(&mut self) -> Result<(), SheetError> {
        let Some((row, cells)) = self.current.take() else {
            return Ok(());
        };
        if !cells.values().any(GridCell::has_content) {
            return Ok(());
        }
        match self.data.entry(row) {
            Entry::Occupied(mut e) => e.get_mut().extend(cells),
            Entry::Vacant(e) => {
                e.insert(cells);
            }
        }
        if self.data.len() > MAX_DATA_ROWS {
            return Err(SheetError::TooManyRows { max: MAX_DATA_ROWS });
        }
        Ok(())
    }
}

impl Table {
    /// Check the table and build the [`Sheet`]. `merged` holds merged
    /// regions as 0-based `(first_row, first_col, last_row, last_col)`.
    pub fn into_sheet(
        self,
        merged: &[(u32, u32, u32, u32)],
        sheet_name: Option<String>,
    ) -> Result<Sheet, SheetError> {
        let Table { header, data } = self;

        let mut by_column: BTreeMap<Column, &str> = BTreeMap::new();
        let mut unknown_headers = Vec::new();
        for h in header.cols.values() {
            match h.column {
                Some(c) => {
                    if let Some(first) = by_column.insert(c, &h.text).filter(|_| !joinable(c)) {
                        return Err(SheetError::DuplicateColumn {
                            column: c,
                            first: first.to_string(),
                            second: h.text.clone(),
                        });
                    }
                }
                None if !unknown_headers.contains(&h.text) => unknown_headers.push(h.text.clone()),
                None => {}
            }
        }
        let missing: Vec<&'static str> = Column::ALL
            .iter()
            .filter(|c| c.is_required() && !by_column.contains_key(c))
            .map(|c| c.header())
            .collect();
        if !missing.is_empty() {
            return Err(SheetError::MissingColumns(missing));
        }
        if data.is_empty() {
            return Err(SheetError::Empty);
        }

        // A merge loses data only where it covers filled rows under headers;
        // a merged title above the header row is fine.
        let mut merged_rows: Vec<usize> = merged
            .iter()
            // Hostile files may list corners in any order.
            .map(|&(ra, ca, rb, cb)| (ra.min(rb), ca.min(cb), ra.max(rb), ca.max(cb)))
            .filter(|&(_, c0, r1, c1)| {
                r1 > header.row && header.cols.keys().any(|c| (c0..=c1).contains(c))
            })
            .flat_map(|(r0, _, r1, _)| {
                let from = r0.max(header.row.saturating_add(1));
                data.range(from..=r1).map(|(&r, _)| r as usize + 1)
            })
            .collect();
        merged_rows.sort_unstable();
        merged_rows.dedup();
        if !merged_rows.is_empty() {
            return Err(SheetError::MergedCells { rows: merged_rows });
        }

        let mut rows = Vec::with_capacity(data.len());
        for (r, cells) in data {
            let row = r as usize + 1;
            let mut raw = RawRow {
                row,
                ..RawRow::default()
            };
            for (col, cell) in cells {
                let Some(column) = header.cols.get(&col).and_then(|h| h.column) else {
                    continue;
                };
                if cell.formula {
                    return Err(SheetError::Formula { row, column });
                }
                if let Some(err) = cell.error {
                    raw.problems
                        .push((column, format!("单元格显示错误值 {err}，请改成实际内容")));
                    continue;
                }
                let chars = cell.text.chars().count();
                if chars > MAX_CELL_CHARS {
                    raw.problems.push((
                        column,
                        format!("内容太长（{chars} 字，最多 {MAX_CELL_CHARS} 字），请精简"),
                    ));
                    continue;
                }
                if cell.text.is_empty() {
                    continue;
                }
                match raw.cells.entry(column) {
                    Entry::Occupied(mut e) => {
                        let joined = e.get_mut();
                        joined.push('、');
                        joined.push_str(&cell.text);
                    }
                    Entry::Vacant(e) => {
                        e.insert(cell.text);
                    }
                }
            }
            rows.push(raw);
        }
        Ok(Sheet {
            rows,
            unknown_headers,
            sheet_name,
        })
    }
}

/// Columns that may appear twice in a header row, their cells joined with
/// “、”: forms often have separate 职务 and 职称 columns, and several list
/// columns naturally add up. For anything else (two phone columns) a
/// silent choice would lose data, so it is an error.
fn joinable(c: Column) -> bool {
    c == Column::Title || c.is_multi_value()
}

/// The error for a file where no sheet had a usable header row.
pub(crate) fn not_found_error(looks_like_header: bool, sheets: Vec<String>) -> SheetError {
    if looks_like_header {
        SheetError::MissingColumns(vec![Column::Name.header()])
    } else {
        SheetError::NoHeader { sheets }
    }
}
