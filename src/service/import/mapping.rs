//! The clerk's corrections to the column mapping, as the API takes them.

use std::collections::BTreeMap;

use crate::domain::limits;
use crate::error::{AppError, AppResult};
use crate::spreadsheet::{Column, MappingOverrides};

/// The clerk's mapping corrections, by sheet index.
pub type SheetOverrides = BTreeMap<usize, MappingOverrides>;

/// Reads mapping corrections written as `C=hometown,2!D=mobile,E=` (column
/// letter, optionally after a 0-based sheet index and `!`; an empty field
/// ignores the column).
pub fn parse_mapping(text: &str) -> AppResult<SheetOverrides> {
    let max = limits::import::MAPPING.max;
    if text.chars().count() > max {
        return Err(AppError::invalid(
            "mapping",
            format!("列的对应不能超过 {max} 个字"),
        ));
    }
    let bad = || {
        AppError::invalid(
            "mapping",
            "应写成“列字母=字段”并用逗号分隔，如 C=hometown,D=mobile",
        )
    };
    let mut out = SheetOverrides::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (target, field) = part.split_once('=').ok_or_else(bad)?;
        let (sheet, letters) = match target.split_once('!') {
            Some((s, l)) => (s.trim().parse::<usize>().map_err(|_| bad())?, l.trim()),
            None => (0, target.trim()),
        };
        if letters.is_empty()
            || letters.len() > 3
            || !letters.chars().all(|c| c.is_ascii_alphabetic())
        {
            return Err(bad());
        }
        let col = letters
            .to_ascii_uppercase()
            .bytes()
            .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
            - 1;
        let field = field.trim();
        let column = if field.is_empty() {
            None
        } else {
            Some(Column::from_key(field).ok_or_else(|| {
                AppError::invalid(
                    "mapping",
                    format!("没有字段“{}”", field.chars().take(30).collect::<String>()),
                )
            })?)
        };
        out.entry(sheet).or_default().insert(col, column);
    }
    Ok(out)
}
