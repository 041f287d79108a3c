//! The shared string table's string lengths, read the way calamine reads
//! `XLUnicodeRichExtendedString` (MS-XLS 2.5.293), CONTINUE records and all:
//! a cell using string *i* gets a copy of it, so its length is what a cell costs.

use super::{Refusal, u16_at, u32_at};

/// The length in characters of each string of the shared string table,
/// following calamine's reading of `XLUnicodeRichExtendedString`.
pub(super) fn sst_lengths(first: &[u8], conts: &[&[u8]]) -> Result<Vec<u32>, Refusal> {
    let bad = Refusal::Damaged("shared strings");
    let mut data = first.get(8..).ok_or(bad.clone())?;
    let mut rest = conts.iter();
    let mut out = Vec::new();
    loop {
        if data.is_empty() {
            match rest.next() {
                Some(c) => data = c,
                None => break,
            }
        }
        if data.is_empty() {
            out.push(0);
            continue;
        }
        if data.len() < 3 {
            return Err(bad);
        }
        let cch = u16_at(data, 0).ok_or(bad.clone())?;
        let flags = data[2];
        data = &data[3..];
        let mut runs = 0usize;
        if flags & 0x8 != 0 {
            runs = usize::from(u16_at(data, 0).ok_or(bad.clone())?) * 4;
            data = &data[2..];
        }
        let mut ext = 0usize;
        if flags & 0x4 != 0 {
            ext = u32_at(data, 0).ok_or(bad.clone())? as usize;
            data = &data[4..];
        }
        let mut wide = flags & 0x1 != 0;
        let mut left = usize::from(cch);
        while left > 0 {
            let n = if wide {
                (data.len() / 2).min(left)
            } else {
                data.len().min(left)
            };
            data = &data[if wide { 2 * n } else { n }..];
            left -= n;
            if left > 0 {
                data = rest.next().ok_or(bad.clone())?;
                wide = data.first().ok_or(bad.clone())? & 0x1 != 0;
                data = &data[1..];
            }
        }
        for mut skip in [runs, ext] {
            while skip > 0 {
                if data.is_empty() {
                    data = rest.next().ok_or(bad.clone())?;
                }
                let n = skip.min(data.len());
                data = &data[n..];
                skip -= n;
            }
        }
        out.push(u32::from(cch));
    }
    Ok(out)
}
