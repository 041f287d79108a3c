//! The command line's import of a whole city's migration (200,000 rows and
//! more) from one file: no size or row limit (the web upload keeps its
//! limits), the rows read, checked, sorted and written a batch at a time,
//! each batch in one transaction with the same rows, audit events and search
//! changes as an upload, and one report for the whole file.
//!
//! Unless the valid rows alone are to be written, one rejected row still
//! means nothing is written: a first pass checks every row (keeping only the
//! count), and the file is then only tried. A batch that fails to write
//! leaves nothing of itself behind; the batches before it stay written and
//! the result says where it stopped.

use std::collections::HashSet;

use crate::auth::{CurrentUser, policy};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::service::region::RegionNames;
use crate::spreadsheet::{self, Limits, MappingOverrides, SheetError, Workbook};

use super::deduplicate::Seen;
use super::place::Places;
use super::sheet_run::SheetRun;
use super::write::{Part, write};
use super::{IMPORTERS, ImportOptions, ImportReport};

/// Where a large import is: rows checked or written of all rows.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    /// `false` while every row is checked before anything is written.
    pub writing: bool,
    pub done: usize,
    pub total: usize,
}

/// What a large import did.
#[derive(Debug)]
pub struct LargeImport {
    pub report: ImportReport,
    /// Batches written (or tried, when nothing is written).
    pub batches: usize,
    /// Why it stopped before the end: the batches before stay written.
    pub failed: Option<String>,
}

/// Imports a file of any size in batches of `batch_rows`.
#[allow(clippy::too_many_arguments)]
pub async fn import_large(
    db: &Db,
    actor: &CurrentUser,
    names: &RegionNames,
    bytes: Vec<u8>,
    filename: &str,
    options: ImportOptions,
    batch_rows: usize,
    progress: &(dyn Fn(Progress) + Sync),
) -> AppResult<LargeImport> {
    policy::require_role(actor, IMPORTERS)?;
    let batch_rows = batch_rows.max(1);
    let book = read_unlimited(bytes, filename).await?;
    let total: usize = book.sheets.iter().map(|s| s.grid.len()).sum();
    let places = Places::new(names);
    let none = MappingOverrides::new();
    let mut options = options;
    if !options.dry_run && !options.valid_rows_only {
        let mut scratch = ImportReport::default();
        let mut done = 0;
        'check: for (index, sheet) in book.sheets.iter().enumerate() {
            let mut run = SheetRun::begin(actor, names, &places, sheet, index, &none, &mut scratch);
            for start in (0..sheet.grid.len()).step_by(batch_rows) {
                let end = (start + batch_rows).min(sheet.grid.len());
                run.rows(db, actor, &sheet.rows_in(&none, start..end), &mut scratch)
                    .await?;
                done += end - start;
                progress(Progress {
                    writing: false,
                    done,
                    total,
                });
                if scratch.rejected > 0 {
                    break 'check;
                }
            }
        }
        // Like an upload with a rejected row: everything is checked, nothing written.
        options.dry_run = scratch.rejected > 0;
    }

    let mut report = ImportReport {
        dry_run: options.dry_run,
        warnings: book.notices.clone(),
        ..Default::default()
    };
    let mut seen = Seen::batched();
    let (mut batches, mut done) = (0, 0);
    let mut failed = None;
    'sheets: for (index, sheet) in book.sheets.iter().enumerate() {
        let mut run = SheetRun::begin(actor, names, &places, sheet, index, &none, &mut report);
        for start in (0..sheet.grid.len()).step_by(batch_rows) {
            let end = (start + batch_rows).min(sheet.grid.len());
            let rows = sheet.rows_in(&none, start..end);
            let good = run.rows(db, actor, &rows, &mut report).await?;
            let (first, last) = (
                rows.first().map_or(0, |r| r.row),
                rows.last().map_or(0, |r| r.row),
            );
            batches += 1;
            let label = format!(
                "第 {batches} 批（{}第 {first}–{last} 行）",
                sheet
                    .sheet_name
                    .as_deref()
                    .map_or(String::new(), |s| format!("工作表“{s}”"))
            );
            let covered: HashSet<i64> = report.revealed_ids.iter().copied().collect();
            let part = Part {
                seen: &mut seen,
                label: Some(label.clone()),
            };
            if let Err(e) = write(
                db,
                actor,
                filename,
                good,
                options,
                covered,
                part,
                &mut report,
            )
            .await
            {
                failed = Some(format!(
                    "{label}未能写入（{}），本批没有写入任何行；之前的 {} 批已写入",
                    e.public_message(),
                    batches - 1
                ));
                break 'sheets;
            }
            done += end - start;
            progress(Progress {
                writing: true,
                done,
                total,
            });
        }
        run.end(&mut report);
    }
    if report.rows == 0 && report.rejected == 0 && failed.is_none() {
        return Err(AppError::Unprocessable(
            "表格里没有找到乡贤信息（只有表头、标题或合计行），请填写后再上传".into(),
        ));
    }
    report
        .duplicates
        .sort_by(|a, b| (&a.sheet, a.row).cmp(&(&b.sheet, b.row)));
    Ok(LargeImport {
        report,
        batches,
        failed,
    })
}

/// Reads the whole file without the upload's limits, off the async threads;
/// the mapped copy of the rows is dropped (batches map their own rows).
async fn read_unlimited(bytes: Vec<u8>, filename: &str) -> AppResult<Workbook> {
    let filename = filename.to_owned();
    let mut book = tokio::task::spawn_blocking(move || {
        spreadsheet::read_workbook_with(&bytes, &filename, Limits::NONE)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
    .map_err(|e: SheetError| AppError::Unprocessable(e.to_string()))?;
    for sheet in &mut book.sheets {
        sheet.rows = Vec::new();
    }
    Ok(book)
}
