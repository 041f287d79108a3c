//! Reading `.xlsx` uploads with calamine.
//!
//! Cells are streamed (`worksheet_cells_reader`) instead of loaded as a
//! `Range`, because a `Range` is a dense grid sized by the furthest cell: one
//! stray value in XFD1048576 would ask for billions of slots. Streaming also
//! gives formula presence and value in one pass.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{DataRef, ExcelDateTime, Reader, SheetType, SheetVisible, Xlsx, XlsxError};

use super::book::BookBuilder;
use super::table::{Flow, Grid, GridCell};
use super::{Limits, SheetError, Workbook};

/// Refuse workbooks whose parts unpack to more than this many times the
/// byte limit (zip bombs): the shared-strings part is loaded into memory
/// whole. A 20,000-row sheet of people unpacks to a few tens of MB, under
/// the upload's 120 MB.
const UNPACK_FACTOR: u64 = 6;

/// Read every worksheet with a 姓名 header. See [`super::read_workbook`].
pub(crate) fn read_xlsx(
    bytes: &[u8],
    filename: &str,
    limits: Limits,
) -> Result<Workbook, SheetError> {
    let max_unpacked = (limits.max_bytes as u64).saturating_mul(UNPACK_FACTOR);
    // A directory we cannot add up (zip64 or damaged) is refused too: the zip
    // reader might still unpack it, without our limit.
    match declared_unpacked_size(bytes) {
        Some(n) if n <= max_unpacked => {}
        Some(_) => {
            return Err(SheetError::TooLarge {
                max_bytes: limits.max_bytes,
            });
        }
        None => return Err(bad_xlsx(filename, "zip directory not readable")),
    }
    // calamine and its XML/zip stack are not fuzzed by us; an upload must
    // never take the server down, so a panic becomes a "damaged file" error.
    // (Only effective with the default panic = "unwind".)
    catch_unwind(AssertUnwindSafe(|| read_workbook(bytes, filename, limits)))
        .unwrap_or_else(|_| Err(bad_xlsx(filename, "reader panicked")))
}

fn bad_xlsx(filename: &str, detail: impl ToString) -> SheetError {
    SheetError::BadXlsx {
        filename: filename.to_string(),
        detail: detail.to_string(),
    }
}

fn read_workbook(bytes: &[u8], filename: &str, limits: Limits) -> Result<Workbook, SheetError> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad_xlsx(filename, e))?;
    let sheets: Vec<(String, bool)> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();
    let mut book = BookBuilder::new(limits.max_rows);
    for (name, visible) in sheets {
        if !visible {
            book.hidden(&name);
            continue;
        }
        let read = match scan_sheet(&mut workbook, &name, filename, limits.max_rows)? {
            Some(grid) => {
                let merged = workbook
                    .merge_cells_by_sheet_name(&name)
                    .map_err(|e| bad_xlsx(filename, e))?
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

/// Stream one sheet's cells into a [`Grid`], stopping early when the top
/// rows show it is not a 乡贤 list (then `None`).
fn scan_sheet(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    filename: &str,
    max_rows: usize,
) -> Result<Option<Grid>, SheetError> {
    let mut cells = match workbook.worksheet_cells_reader(name) {
        Ok(r) => r,
        Err(XlsxError::NotAWorksheet(_)) => return Ok(None),
        Err(e) => return Err(bad_xlsx(filename, e)),
    };
    let mut grid = Grid::new(max_rows);
    while let Some(rec) = cells
        .next_cell_with_formula_metadata()
        .map_err(|e| bad_xlsx(filename, e))?
    {
        let formula = rec.formula.is_some();
        if !formula && rec.value == DataRef::Empty {
            continue; // styled but empty
        }
        let (text, error) = render(&rec.value);
        let cell = GridCell {
            text,
            formula,
            error,
        };
        if grid.push(rec.pos.0, rec.pos.1, cell)? == Flow::NoHeader {
            return Ok(None);
        }
    }
    Ok(Some(grid))
}

/// Cell text as the user typed it: integers without `.0`, dates as
/// `YYYY-MM-DD`, booleans as 是/否. Error values go to the second slot.
fn render(value: &DataRef<'_>) -> (String, Option<String>) {
    let text = match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.trim().to_string(),
        DataRef::SharedString(s) => s.trim().to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => format_number(*f),
        DataRef::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        DataRef::DateTime(dt) => format_datetime(dt),
        DataRef::DateTimeIso(s) => s.trim().trim_end_matches("T00:00:00").to_string(),
        DataRef::DurationIso(s) => s.trim().to_string(),
        DataRef::Error(e) => return (String::new(), Some(e.to_string())),
    };
    (text, None)
}

/// Phone numbers and years arrive as floats (13812345678.0, 1978.0); render
/// whole numbers without a fraction and others in shortest round-trip form.
pub(crate) fn format_number(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    // Below 2^53 every whole f64 is an exact integer, so the cast is lossless.
    if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        return format!("{}", f as i64);
    }
    format!("{f}")
}

pub(crate) fn format_datetime(dt: &ExcelDateTime) -> String {
    let serial = dt.as_f64();
    // Durations, and serials outside Excel's date range (0 ..= 9999-12-31),
    // are shown as the number rather than a misleading clamped date.
    if dt.is_duration() || !(0.0..2_958_466.0).contains(&serial) {
        return format_number(serial);
    }
    let (y, mo, d, h, mi, s, _ms) = dt.to_ymd_hms_milli();
    if serial < 1.0 {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
}

/// Sum of the uncompressed sizes declared in the zip central directory, or
/// `None` if it cannot be found (the zip reader will then report the damage).
/// The zip crate refuses entries that inflate beyond their declared size, so
/// checking declarations bounds what calamine can be made to unpack.
fn declared_unpacked_size(b: &[u8]) -> Option<u64> {
    const EOCD: &[u8] = &[0x50, 0x4B, 0x05, 0x06];
    const CDH: &[u8] = &[0x50, 0x4B, 0x01, 0x02];
    let last = b.len().checked_sub(22)?;
    let first = last.saturating_sub(u16::MAX as usize);
    let eocd = (first..=last)
        .rev()
        .find(|&i| b.get(i..i + 4) == Some(EOCD))?;
    let mut entries = u64::from(u16_at(b, eocd + 10)?);
    let mut cd_offset = u64::from(u32_at(b, eocd + 16)?);
    if cd_offset == u64::from(u32::MAX) || entries == u64::from(u16::MAX) {
        // zip64: the locator just before the EOCD points at the zip64 EOCD,
        // which holds the real entry count and directory offset.
        const LOCATOR: &[u8] = &[0x50, 0x4B, 0x06, 0x07];
        const EOCD64: &[u8] = &[0x50, 0x4B, 0x06, 0x06];
        let loc = eocd.checked_sub(20)?;
        if b.get(loc..loc + 4)? != LOCATOR {
            return None;
        }
        let at = usize::try_from(u64_at(b, loc + 8)?).ok()?;
        if b.get(at..at + 4)? != EOCD64 {
            return None;
        }
        entries = u64_at(b, at + 32)?;
        cd_offset = u64_at(b, at + 48)?;
    }
    // Each directory entry takes at least 46 bytes: a count beyond that is a lie.
    if entries > (b.len() / 46) as u64 {
        return None;
    }
    let mut p = usize::try_from(cd_offset).ok()?;
    let mut total: u64 = 0;
    for _ in 0..entries {
        if b.get(p..p + 4)? != CDH {
            return None;
        }
        let name_len = usize::from(u16_at(b, p + 28)?);
        let extra_len = usize::from(u16_at(b, p + 30)?);
        let comment_len = usize::from(u16_at(b, p + 32)?);
        let mut size = u64::from(u32_at(b, p + 24)?);
        if size == u64::from(u32::MAX) {
            // The real size is in the zip64 extra field (id 0x0001), first u64.
            size = zip64_size(b.get(p + 46 + name_len..p + 46 + name_len + extra_len)?)
                .unwrap_or(u64::MAX);
        }
        total = total.saturating_add(size);
        p = p + 46 + name_len + extra_len + comment_len;
    }
    Some(total)
}

fn zip64_size(mut extra: &[u8]) -> Option<u64> {
    while extra.len() >= 4 {
        let id = u16_at(extra, 0)?;
        let len = usize::from(u16_at(extra, 2)?);
        let data = extra.get(4..4 + len)?;
        if id == 0x0001 {
            return data.get(..8)?.try_into().ok().map(u64::from_le_bytes);
        }
        extra = extra.get(4 + len..)?;
    }
    None
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    b.get(i..i + 2)?.try_into().ok().map(u16::from_le_bytes)
}

fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    b.get(i..i + 8)?.try_into().ok().map(u64::from_le_bytes)
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    b.get(i..i + 4)?.try_into().ok().map(u32::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_render_as_typed() {
        assert_eq!(format_number(13_812_345_678.0), "13812345678");
        assert_eq!(format_number(1978.0), "1978");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(0.1), "0.1");
        assert_eq!(format_number(f64::NAN), "");
        assert_eq!(format_number(1e20), "100000000000000000000");
    }

    #[test]
    fn dates_render_iso() {
        use calamine::ExcelDateTimeType::{DateTime, TimeDelta};
        let d = |v| format_datetime(&ExcelDateTime::new(v, DateTime, false));
        assert_eq!(d(45_943.0), "2025-10-13");
        assert_eq!(d(45_943.5), "2025-10-13 12:00:00");
        assert_eq!(d(0.5), "12:00:00");
        assert_eq!(d(-3.0), "-3");
        assert_eq!(d(f64::INFINITY), "");
        let t = ExcelDateTime::new(1.5, TimeDelta, false);
        assert_eq!(format_datetime(&t), "1.5");
    }

    #[test]
    fn zip_size_guard_tolerates_garbage() {
        assert_eq!(declared_unpacked_size(b""), None);
        assert_eq!(declared_unpacked_size(b"PK\x05\x06"), None);
        let mut eocd = vec![0u8; 22];
        eocd[..4].copy_from_slice(b"PK\x05\x06");
        eocd[10] = 3; // three entries, directory at offset 0: not there
        assert_eq!(declared_unpacked_size(&eocd), None);
    }
}
