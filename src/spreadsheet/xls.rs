//! Reading legacy `.xls` workbooks (Excel 97-2003) with calamine.
//!
//! An `.xls` is a compound (OLE) file; so is a password-protected `.xlsx`
//! (an `EncryptedPackage` stream), which is said as such. The workbook stream
//! is taken out and checked first ([`super::biff`]: extent, encryption,
//! formulas), then put alone into a fresh compound file for calamine, so
//! calamine reads exactly the bytes that were checked and nothing else the
//! container held.

use std::collections::BTreeSet;
use std::io::{Cursor, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Data, Range, Reader, SheetType, SheetVisible, Xls, XlsError};

use super::biff::{self, Refusal};
use super::book::BookBuilder;
use super::table::{Flow, Grid, GridCell};
use super::xlsx::{format_datetime, format_number};
use super::{Limits, SheetError, Workbook};

/// Read every worksheet with a 姓名 header. See [`super::read_workbook`].
pub(crate) fn read_xls(
    bytes: &[u8],
    filename: &str,
    limits: Limits,
) -> Result<Workbook, SheetError> {
    let mut stream = workbook_stream(bytes, filename)?;
    let formulas = biff::check(&mut stream).map_err(|r| match r {
        Refusal::Encrypted => encrypted(filename),
        Refusal::TooLarge {
            sheet,
            corner,
            cells,
        } => SheetError::XlsTooLarge {
            sheet,
            corner,
            cells,
        },
        Refusal::Damaged(detail) => bad_xls(filename, detail),
    })?;
    let container = repack(&stream).map_err(|e| bad_xls(filename, e))?;
    drop(stream);
    // As for .xlsx: a panic in the reader is a damaged file, not a dead server.
    catch_unwind(AssertUnwindSafe(|| {
        read_book(&container, &formulas, filename, limits.max_rows)
    }))
    .unwrap_or_else(|_| Err(bad_xls(filename, "reader panicked")))
}

fn bad_xls(filename: &str, detail: impl ToString) -> SheetError {
    SheetError::BadXls {
        filename: filename.to_string(),
        detail: detail.to_string(),
    }
}

fn encrypted(filename: &str) -> SheetError {
    SheetError::Encrypted {
        filename: filename.to_string(),
    }
}

/// The workbook stream of the compound file: `Workbook` (BIFF8) or `Book` (BIFF5).
fn workbook_stream(bytes: &[u8], filename: &str) -> Result<Vec<u8>, SheetError> {
    let mut ole = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| bad_xls(filename, e))?;
    if ole.is_stream("/EncryptedPackage") || ole.is_stream("/EncryptionInfo") {
        return Err(encrypted(filename));
    }
    let Some(path) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|p| ole.is_stream(p))
    else {
        // A Word or PowerPoint file, or some other compound file.
        return Err(SheetError::NotASpreadsheet {
            filename: filename.to_string(),
        });
    };
    let mut reader = ole.open_stream(path).map_err(|e| bad_xls(filename, e))?;
    // A stream cannot be longer than the file that holds it.
    if reader.len() > bytes.len() as u64 {
        return Err(bad_xls(filename, "workbook stream longer than the file"));
    }
    let mut stream = Vec::with_capacity(reader.len() as usize);
    reader
        .read_to_end(&mut stream)
        .map_err(|e| bad_xls(filename, e))?;
    Ok(stream)
}

fn repack(stream: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut ole =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))?;
    let mut out = ole.create_stream("/Workbook")?;
    out.write_all(stream)?;
    out.flush()?;
    drop(out);
    ole.flush()?;
    Ok(ole.into_inner().into_inner())
}

fn read_book(
    container: &[u8],
    formulas: &[BTreeSet<(u32, u32)>],
    filename: &str,
    max_rows: usize,
) -> Result<Workbook, SheetError> {
    let mut xls: Xls<_> = Xls::new(Cursor::new(container)).map_err(|e| match e {
        XlsError::Password => encrypted(filename),
        other => bad_xls(filename, other),
    })?;
    // Metadata lists the sheets in BOUNDSHEET order, as the check returned them.
    let sheets: Vec<(usize, String, bool)> = xls
        .sheets_metadata()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.typ == SheetType::WorkSheet)
        .map(|(i, s)| (i, s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();
    let none = BTreeSet::new();
    let mut book = BookBuilder::new(max_rows);
    for (index, name, visible) in sheets {
        if !visible {
            book.hidden(&name);
            continue;
        }
        let range = xls
            .worksheet_range(&name)
            .map_err(|e| bad_xls(filename, e))?;
        let read = match scan(&range, formulas.get(index).unwrap_or(&none), max_rows)? {
            Some(grid) => {
                let merged = xls
                    .merge_cells_by_sheet_name(&name)
                    .map_err(|e| bad_xls(filename, e))?
                    .iter()
                    .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                    .collect();
                Some((grid, merged))
            }
            None => None,
        };
        book.add(name, read)?;
    }
    book.finish()
}

/// The sheet's cells into a [`Grid`], or `None` when the top rows show it
/// is not a 乡贤 list.
fn scan(
    range: &Range<Data>,
    formulas: &BTreeSet<(u32, u32)>,
    max_rows: usize,
) -> Result<Option<Grid>, SheetError> {
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut grid = Grid::new(max_rows);
    for (r, c, value) in range.used_cells() {
        let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
            continue;
        };
        let (row, col) = (top + r, left + c);
        let (text, error) = render(value);
        let cell = GridCell {
            text,
            formula: formulas.contains(&(row, col)),
            error,
        };
        if grid.push(row, col, cell)? == Flow::NoHeader {
            return Ok(None);
        }
    }
    Ok(Some(grid))
}

/// Cell text as the user typed it, as for .xlsx.
fn render(value: &Data) -> (String, Option<String>) {
    let text = match value {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format_number(*f),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) => format_datetime(dt),
        Data::DateTimeIso(s) => s.trim().trim_end_matches("T00:00:00").to_string(),
        Data::DurationIso(s) => s.trim().to_string(),
        Data::Error(e) => return (String::new(), Some(e.to_string())),
    };
    (text, None)
}
