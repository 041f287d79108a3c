//! A check of a legacy Excel workbook stream (.xls, BIFF5/BIFF8) before
//! calamine reads it.
//!
//! calamine parses every sheet when it opens a workbook: it reserves room for
//! as many cells as a DIMENSIONS record declares, builds a dense grid from the
//! first to the furthest cell, copies a shared string into every cell that
//! uses it, and renders each formula's tokens as text. A small crafted file
//! (one value in IV65536, a DIMENSIONS record claiming 2^31 rows, one long
//! string used by a million cells) would so ask for gigabytes. This walks the
//! records the way calamine does and refuses such a workbook before anything
//! is allocated for it; it also refuses an encrypted one (FILEPASS).
//!
//! Formula text is never imported, so each formula's tokens are blanked in the
//! stream handed on (the cached value stays); where formulas were is returned.

use std::collections::BTreeSet;
use std::ops::Range;

use super::cell_address;

mod sst;
use sst::sst_lengths;

/// Cells calamine may hold for one workbook: the dense grids of values and of
/// formulas of every sheet (about 32 bytes each), and the cell records of one
/// sheet. A 20,000-row list of 30 columns needs 600,000.
pub(crate) const MAX_CELLS: u64 = 2_000_000;
/// Characters of shared strings copied into cells, over the workbook.
const MAX_TEXT_CHARS: u64 = 32_000_000;
/// CONTINUE records after one record: calamine takes them off the front of a
/// list one by one, so their number counts squared. 20 MB of shared strings
/// need about 2,600.
const MAX_CONTINUES: usize = 8_192;

/// Why the workbook is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// A FILEPASS record: the workbook has a password to open.
    Encrypted,
    /// Reading would hold too many cells; `corner` is the furthest cell.
    TooLarge {
        sheet: String,
        corner: String,
        cells: u64,
    },
    /// A record is cut short or contradicts itself; for logs.
    Damaged(&'static str),
}

/// One record: its type, its data and the data of the CONTINUE records after it.
struct Record {
    typ: u16,
    data: Range<usize>,
    conts: Vec<Range<usize>>,
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    b.get(i..i + 2)?.try_into().ok().map(u16::from_le_bytes)
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    b.get(i..i + 4)?.try_into().ok().map(u32::from_le_bytes)
}

/// The record at `at`, as calamine's record iterator cuts it, and where the next begins.
fn record(stream: &[u8], at: usize) -> Result<Option<(Record, usize)>, Refusal> {
    let rest = stream.len().saturating_sub(at);
    if rest == 0 {
        return Ok(None);
    }
    let short = Refusal::Damaged("record cut short");
    let typ = u16_at(stream, at).ok_or(short.clone())?;
    let len = usize::from(u16_at(stream, at + 2).ok_or(short.clone())?);
    if rest < len + 4 {
        return Err(short);
    }
    let data = at + 4..at + 4 + len;
    let mut next = data.end;
    let mut conts = Vec::new();
    while stream.len() - next > 4 && u16_at(stream, next) == Some(0x003C) {
        let len = usize::from(u16_at(stream, next + 2).ok_or(short.clone())?);
        if stream.len() - next < len + 4 {
            return Err(short);
        }
        conts.push(next + 4..next + 4 + len);
        next += 4 + len;
        if conts.len() > MAX_CONTINUES {
            return Err(Refusal::Damaged("too many CONTINUE records"));
        }
    }
    Ok(Some((Record { typ, data, conts }, next)))
}

/// The smallest rectangle holding some cells.
#[derive(Default, Clone, Copy)]
struct Bounds(Option<(u32, u32, u32, u32)>);

impl Bounds {
    fn add(&mut self, row: u32, col: u32) {
        self.0 = Some(match self.0 {
            None => (row, col, row, col),
            Some((r0, c0, r1, c1)) => (r0.min(row), c0.min(col), r1.max(row), c1.max(col)),
        });
    }

    fn area(&self) -> u64 {
        self.0.map_or(0, |(r0, c0, r1, c1)| {
            u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1)
        })
    }

    fn corner(&self) -> String {
        self.0.map_or_else(
            || "A1".into(),
            |(_, _, r1, c1)| cell_address(r1 as usize + 1, c1),
        )
    }
}

/// Checks the workbook stream and blanks its formulas' tokens in place.
/// Returns, sheet by sheet in BOUNDSHEET order, where formulas were.
pub(crate) fn check(stream: &mut [u8]) -> Result<Vec<BTreeSet<(u32, u32)>>, Refusal> {
    let (sheets, sst) = globals(stream)?;
    let mut total: u64 = 0;
    let mut text: u64 = 0;
    let mut out = Vec::with_capacity(sheets.len());
    for (pos, name) in sheets {
        out.push(sheet(stream, pos, name, &sst, &mut total, &mut text)?);
    }
    Ok(out)
}

/// The sheets' stream offsets and names, and the length of each shared string.
type Globals = (Vec<(usize, String)>, Vec<u32>);

fn globals(stream: &[u8]) -> Result<Globals, Refusal> {
    let mut sheets = Vec::new();
    let mut sst = Vec::new();
    let mut biff8 = true;
    let mut at = 0;
    while let Some((r, next)) = record(stream, at)? {
        let d = &stream[r.data.clone()];
        match r.typ {
            // FilePass: whatever the method, nothing after it is readable.
            0x002F => return Err(Refusal::Encrypted),
            0x0809 => biff8 = u16_at(d, 0).is_none_or(|v| v == 0x0600),
            0x0085 => {
                let pos = u32_at(d, 0).ok_or(Refusal::Damaged("boundsheet"))? as usize;
                if d.len() < 6 {
                    return Err(Refusal::Damaged("boundsheet"));
                }
                sheets.push((pos, sheet_name(d, biff8, sheets.len())));
            }
            0x00FC => {
                let conts: Vec<&[u8]> = r.conts.iter().map(|c| &stream[c.clone()]).collect();
                sst = sst_lengths(d, &conts)?;
            }
            0x000A => break,
            _ => {}
        }
        at = next;
    }
    Ok((sheets, sst))
}

/// A BOUNDSHEET's name, for messages only.
fn sheet_name(d: &[u8], biff8: bool, index: usize) -> String {
    let fallback = || format!("第 {} 个工作表", index + 1);
    let Some(&cch) = d.get(6) else {
        return fallback();
    };
    let cch = usize::from(cch);
    let name = if biff8 {
        match d.get(7) {
            Some(flags) if flags & 1 == 1 => d.get(8..8 + 2 * cch).map(|b| {
                let units: Vec<u16> = b
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            }),
            Some(_) => d
                .get(8..8 + cch)
                .map(|b| b.iter().map(|&c| char::from(c)).collect()),
            None => None,
        }
    } else {
        d.get(7..7 + cch).map(|b| {
            encoding_rs::GB18030
                .decode_without_bom_handling(b)
                .0
                .into_owned()
        })
    };
    name.filter(|n| !n.trim().is_empty())
        .unwrap_or_else(fallback)
}

/// One sheet's substream: declared and real extent, cell count, text copied.
/// Returns its formula cells, 0-based (row, column).
fn sheet(
    stream: &mut [u8],
    pos: usize,
    name: String,
    sst: &[u32],
    total: &mut u64,
    text: &mut u64,
) -> Result<BTreeSet<(u32, u32)>, Refusal> {
    if pos > stream.len() {
        return Err(Refusal::Damaged("sheet offset past the end"));
    }
    let too_large = |bounds: &Bounds, cells: u64| Refusal::TooLarge {
        sheet: name.clone(),
        corner: bounds.corner(),
        cells,
    };
    let mut values = Bounds::default();
    let mut formula_bounds = Bounds::default();
    let mut formulas = BTreeSet::new();
    let mut records: u64 = 0;
    let mut formula_at = (0u32, 0u32);
    let mut seen_bof = false;
    let mut depth = 0usize;
    let mut at = pos;
    while let Some((r, next)) = record(stream, at)? {
        at = next;
        // Embedded charts are substreams of their own; calamine skips them.
        if depth > 0 {
            match r.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let d = &stream[r.data.clone()];
        let cell = || Some((u32::from(u16_at(d, 0)?), u32::from(u16_at(d, 2)?)));
        match r.typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => {
                let declared = dimensions(d)?;
                if declared.area() > MAX_CELLS {
                    return Err(too_large(&declared, declared.area()));
                }
            }
            // Number, Label, RString, BoolErr, RK.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E => {
                if let Some((row, col)) = cell() {
                    values.add(row, col);
                    records += 1;
                }
            }
            // LabelSst: calamine copies the shared string into the cell.
            0x00FD => {
                if let Some((row, col)) = cell() {
                    values.add(row, col);
                    records += 1;
                    let index = u32_at(d, 6).unwrap_or(u32::MAX) as usize;
                    *text += u64::from(sst.get(index).copied().unwrap_or(0));
                }
            }
            // The string value of the formula just before.
            0x0207 => {
                values.add(formula_at.0, formula_at.1);
                records += 1;
            }
            // MulRk: a run of numbers in one row.
            0x00BD => {
                if let (Some(row), Some(first), Some(last)) = (
                    u16_at(d, 0),
                    u16_at(d, 2),
                    u16_at(d, d.len().saturating_sub(2)),
                ) {
                    let n = usize::from(last.saturating_sub(first)) + 1;
                    if last >= first && d.len() == 6 + 6 * n {
                        values.add(u32::from(row), u32::from(first));
                        values.add(u32::from(row), u32::from(last));
                        records += n as u64;
                    }
                }
            }
            0x0006 => {
                if d.len() < 22 {
                    return Err(Refusal::Damaged("formula record"));
                }
                let (row, col) = cell().ok_or(Refusal::Damaged("formula record"))?;
                formula_at = (row, col);
                values.add(row, col);
                formula_bounds.add(row, col);
                formulas.insert((row, col));
                records += 2;
                // cce = 0: calamine then renders no tokens.
                let cce = r.data.start + 20;
                stream[cce..cce + 2].fill(0);
            }
            0x000A => break,
            _ => {}
        }
    }
    if records > MAX_CELLS {
        return Err(too_large(&values, records));
    }
    *total += values.area() + formula_bounds.area();
    if *total > MAX_CELLS {
        return Err(too_large(&values, values.area()));
    }
    if *text > MAX_TEXT_CHARS {
        return Err(too_large(&values, records));
    }
    Ok(formulas)
}

/// The DIMENSIONS record as calamine reads it; one whose rows run backwards
/// would make calamine's row count wrap around.
fn dimensions(d: &[u8]) -> Result<Bounds, Refusal> {
    let bad = Refusal::Damaged("dimensions");
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0).ok_or(bad.clone())?),
            u32::from(u16_at(d, 2).ok_or(bad.clone())?),
            u32::from(u16_at(d, 4).ok_or(bad.clone())?),
            u32::from(u16_at(d, 6).ok_or(bad.clone())?),
        ),
        14 | 16 => (
            u32_at(d, 0).ok_or(bad.clone())?,
            u32_at(d, 4).ok_or(bad.clone())?,
            u32::from(u16_at(d, 8).ok_or(bad.clone())?),
            u32::from(u16_at(d, 10).ok_or(bad.clone())?),
        ),
        _ => return Err(bad),
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (start, end) = if rl >= 1 && cl >= 1 {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    if end.0 < start.0 || end.1 < start.1 {
        return Err(bad);
    }
    let mut b = Bounds::default();
    b.add(start.0, start.1);
    b.add(end.0, end.1);
    Ok(b)
}

#[cfg(test)]
mod tests;
