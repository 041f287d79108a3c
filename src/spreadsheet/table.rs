//! Turns the cells of one sheet (from CSV or xlsx) into a [`Sheet`] the way a
//! clerk reads it: merged cells filled from their first cell, the header row
//! found by its 姓名 cell (with a second header row under it, the upper cell
//! prefixing the lower), title rows above it and 合计/小计/填表人 rows below
//! it set aside and reported, and every remaining row kept with its cells by
//! column index, so the column mapping can still be changed afterwards.
//!
//! Memory is bounded by the row and column limits, not by what a file claims.

use std::collections::BTreeMap;

use super::{
    Column, GridRow, HEADER_SEARCH_ROWS, HeaderCell, MAX_CELL_CHARS, MAX_COLUMNS, Sheet,
    SheetError, SkippedRow, cell_address,
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

/// The cells of one sheet, by 0-based row and column.
pub(crate) struct Grid {
    rows: BTreeMap<u32, BTreeMap<u32, GridCell>>,
    checked_top: bool,
    max_rows: usize,
}

impl Grid {
    /// A sheet of at most `max_rows` data rows.
    pub fn new(max_rows: usize) -> Self {
        Self {
            rows: BTreeMap::new(),
            checked_top: false,
            max_rows,
        }
    }

    /// Adds one cell; stops a sheet whose top rows hold no 姓名 header.
    pub fn push(&mut self, row: u32, col: u32, cell: GridCell) -> Result<Flow, SheetError> {
        if col as usize >= MAX_COLUMNS || !cell.has_content() {
            return Ok(Flow::Continue);
        }
        if row as usize >= HEADER_SEARCH_ROWS && !self.checked_top {
            self.checked_top = true;
            if header_row(&self.rows).is_none() {
                return Ok(Flow::NoHeader);
            }
        }
        if !self.rows.contains_key(&row)
            && self.rows.len() > self.max_rows.saturating_add(HEADER_SEARCH_ROWS)
        {
            return Err(SheetError::TooManyRows { max: self.max_rows });
        }
        self.rows.entry(row).or_default().insert(col, cell);
        Ok(Flow::Continue)
    }

    /// Whether some row among the top ones has two or more known headers.
    fn looks_like_header(&self) -> bool {
        self.rows
            .range(..HEADER_SEARCH_ROWS as u32)
            .any(|(_, cells)| {
                cells
                    .values()
                    .filter(|c| Column::from_header(&c.text).is_some())
                    .count()
                    >= 2
            })
    }
}

/// What a sheet turned out to contain.
pub(crate) enum Outcome {
    Found(Box<Sheet>),
    NotFound {
        /// Some row had ≥ 2 recognized headers but no 姓名.
        looks_like_header: bool,
    },
}

fn header_row(rows: &BTreeMap<u32, BTreeMap<u32, GridCell>>) -> Option<u32> {
    rows.range(..HEADER_SEARCH_ROWS as u32)
        .find(|(_, cells)| {
            cells
                .values()
                .any(|c| Column::from_header(&c.text) == Some(Column::Name))
        })
        .map(|(r, _)| *r)
}

/// Words a 合计, 小计, 填表人 or similar row starts with.
const FOOTER_WORDS: &[&str] = &[
    "合计",
    "小计",
    "总计",
    "共计",
    "总数",
    "填表人",
    "填报人",
    "审核人",
    "审核",
    "制表人",
    "制表",
    "填报单位",
    "填表单位",
    "填报时间",
    "填表时间",
    "填表日期",
    "负责人",
    "联系人",
    "备注",
    "说明",
    "注：",
    "注:",
];

/// Why a row below the header is not a person, if it is not.
fn footer_reason(cells: &BTreeMap<u32, GridCell>, name_col: u32) -> Option<&'static str> {
    let first: String = cells
        .values()
        .find(|c| !c.text.is_empty())
        .map(|c| c.text.chars().filter(|c| !c.is_whitespace()).collect())
        .unwrap_or_default();
    if ["合计", "小计", "总计", "共计", "总数"]
        .iter()
        .any(|w| first.starts_with(w))
    {
        return Some("合计/小计行");
    }
    if FOOTER_WORDS.iter().any(|w| first.starts_with(w)) {
        return Some("填表人/说明行");
    }
    let name: String = cells
        .get(&name_col)
        .map(|c| c.text.chars().filter(|c| !c.is_whitespace()).collect())
        .unwrap_or_default();
    let count = name
        .trim_start_matches('共')
        .trim_end_matches('人')
        .trim_end_matches('名');
    if name.ends_with('人') && !count.is_empty() && count.chars().all(|c| c.is_ascii_digit()) {
        return Some("合计/小计行");
    }
    if Column::from_header(&name) == Some(Column::Name) {
        return Some("重复的表头行");
    }
    None
}

/// Cells merged regions may fill over a sheet: a region reaching from the
/// header to a stray cell far below would otherwise copy its value into
/// millions of cells. A 20,000-row list with a few merged columns fills far less.
const MAX_MERGE_FILL: u64 = 500_000;

/// We keep what people typed, not what a formula computed from other cells.
const FORMULA_PROBLEM: &str =
    "单元格是公式，请选中该列复制，再用“选择性粘贴→数值”粘贴回原处后重新上传";

/// Copies each merged region's first value into every cell it covers, and
/// returns the regions filled.
fn fill_merges(
    rows: &mut BTreeMap<u32, BTreeMap<u32, GridCell>>,
    merged: &[(u32, u32, u32, u32)],
    sheet: &Option<String>,
) -> Result<Vec<(u32, u32, u32, u32)>, SheetError> {
    let last_row = rows.keys().next_back().copied().unwrap_or(0);
    let mut filled = Vec::new();
    let mut cells: u64 = 0;
    for &(ra, ca, rb, cb) in merged {
        // Hostile files may list corners in any order and cover the world.
        let (r0, c0) = (ra.min(rb), ca.min(cb));
        let (r1, c1) = (
            ra.max(rb).min(last_row),
            ca.max(cb).min(MAX_COLUMNS as u32 - 1),
        );
        if r0 > r1 || c0 > c1 {
            continue;
        }
        let Some(value) = rows.get(&r0).and_then(|r| r.get(&c0)).cloned() else {
            continue;
        };
        let area = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
        cells += area;
        if cells > MAX_MERGE_FILL {
            return Err(SheetError::MergeTooLarge {
                sheet: sheet.clone(),
                range: format!(
                    "{}:{}",
                    cell_address(r0 as usize + 1, c0),
                    cell_address(r1 as usize + 1, c1)
                ),
                cells: area,
            });
        }
        for r in r0..=r1 {
            let row = rows.entry(r).or_default();
            for c in c0..=c1 {
                if (r, c) != (r0, c0) {
                    row.insert(c, value.clone());
                }
            }
        }
        filled.push((r0, c0, r1, c1));
    }
    Ok(filled)
}

/// Builds the sheet; `merged` holds merged regions as 0-based
/// `(first_row, first_col, last_row, last_col)`.
pub(crate) fn build(
    grid: Grid,
    merged: &[(u32, u32, u32, u32)],
    sheet_name: Option<String>,
) -> Result<Outcome, SheetError> {
    let looks_like_header = grid.looks_like_header();
    let max_rows = grid.max_rows;
    let mut rows = grid.rows;
    let filled = fill_merges(&mut rows, merged, &sheet_name)?;
    let Some(h) = header_row(&rows) else {
        return Ok(Outcome::NotFound { looks_like_header });
    };
    let empty = BTreeMap::new();
    let upper = rows.get(&h).unwrap_or(&empty);
    let name_col = upper
        .iter()
        .find(|(_, c)| Column::from_header(&c.text) == Some(Column::Name))
        .map_or(0, |(col, _)| *col);
    // A second header row: its 姓名 cell is empty or repeats the header (a
    // vertical merge), and some cell differs from the one above and reads
    // as a header (联系电话 under 联系方式).
    let lower = rows.get(&(h + 1)).filter(|lower| {
        let name_ok = lower.get(&name_col).is_none_or(|c| {
            c.text.is_empty() || Some(&c.text) == upper.get(&name_col).map(|u| &u.text)
        });
        name_ok
            && lower.iter().any(|(col, c)| {
                let above = upper.get(col).map_or("", |u| u.text.as_str());
                !c.text.is_empty()
                    && c.text != above
                    && (Column::from_header(&c.text).is_some()
                        || Column::from_header(&format!("{above}{}", c.text)).is_some())
            })
    });
    let last_header = if lower.is_some() { h + 1 } else { h };
    let mut cols: Vec<u32> = upper.keys().copied().collect();
    if let Some(lower) = lower {
        cols.extend(lower.keys().copied());
    }
    cols.sort_unstable();
    cols.dedup();
    let mut headers = Vec::new();
    for col in cols {
        let up = upper.get(&col).map_or("", |c| c.text.as_str());
        let low = lower
            .and_then(|l| l.get(&col))
            .map_or("", |c| c.text.as_str());
        let (text, column) = if low.is_empty() || low == up {
            (up.to_owned(), Column::from_header(up))
        } else if up.is_empty() {
            (low.to_owned(), Column::from_header(low))
        } else {
            (
                format!("{up}/{low}"),
                Column::from_header(low)
                    .or_else(|| Column::from_header(&format!("{up}{low}")))
                    .or_else(|| Column::from_header(up)),
            )
        };
        if text.is_empty() {
            continue;
        }
        headers.push(HeaderCell { col, text, column });
    }

    let prefix = sheet_name
        .as_deref()
        .map_or(String::new(), |s| format!("{s}!"));
    let mut sheet = Sheet {
        sheet_name: sheet_name.clone(),
        headers,
        ..Sheet::default()
    };
    for &(r0, c0, r1, c1) in &filled {
        if r1 > last_header {
            sheet.notices.push(format!(
                "{prefix}{}:{} 是合并单元格，已按第一格的内容填到每一行",
                cell_address(r0 as usize + 1, c0),
                cell_address(r1 as usize + 1, c1)
            ));
        }
    }
    let header_cols: Vec<u32> = sheet.headers.iter().map(|h| h.col).collect();
    let serial_cols: Vec<u32> = sheet
        .headers
        .iter()
        .filter(|h| super::is_serial_header(&h.text))
        .map(|h| h.col)
        .collect();
    for (r, cells) in rows {
        let row = r as usize + 1;
        if r < h {
            sheet.skipped.push(SkippedRow {
                row,
                reason: "标题行".into(),
            });
            continue;
        }
        if r <= last_header {
            continue;
        }
        if let Some(reason) = footer_reason(&cells, name_col) {
            sheet.skipped.push(SkippedRow {
                row,
                reason: reason.into(),
            });
            continue;
        }
        let mut kept = GridRow {
            row,
            ..GridRow::default()
        };
        for (col, cell) in cells {
            if !header_cols.contains(&col) {
                continue;
            }
            // A formula is a problem of its cell, not of the sheet: in 序号 or
            // another column read into no field it costs nothing, elsewhere it
            // is reported with the row's other problems.
            if cell.formula {
                kept.problems.push((col, FORMULA_PROBLEM.into()));
                continue;
            }
            if let Some(err) = cell.error {
                kept.problems
                    .push((col, format!("单元格显示错误值 {err}，请改成实际内容")));
                continue;
            }
            let chars = cell.text.chars().count();
            if chars > MAX_CELL_CHARS {
                kept.problems.push((
                    col,
                    format!("内容太长（{chars} 字，最多 {MAX_CELL_CHARS} 字），请精简"),
                ));
                continue;
            }
            if !cell.text.is_empty() {
                kept.cells.insert(col, cell.text);
            }
        }
        // A row numbered in advance (序号 only) is an unused line of the form.
        let only_serial = |col: &u32| serial_cols.contains(col);
        if kept.cells.keys().all(only_serial) && kept.problems.iter().all(|(c, _)| only_serial(c)) {
            continue;
        }
        sheet.grid.push(kept);
    }
    if sheet.grid.len() > max_rows {
        return Err(SheetError::TooManyRows { max: max_rows });
    }
    sheet.apply_guessed_mapping();
    Ok(Outcome::Found(Box::new(sheet)))
}

/// The error for a file where no sheet had a usable header row.
pub(crate) fn not_found_error(looks_like_header: bool, sheets: Vec<String>) -> SheetError {
    if looks_like_header {
        SheetError::MissingColumns(vec![Column::Name.header()])
    } else {
        SheetError::NoHeader { sheets }
    }
}
