//! Excel/CSV import of profiles, from the sheets clerks really keep: every
//! sheet of a workbook (.xlsx, .xls or CSV), merged cells, two-row headers,
//! free-text 籍贯, one 单位及职务 cell, phones with notes. Every row is sorted
//! into created, updated, duplicate or rejected, with all of its problems at
//! once (sheet, cell address, header as typed). Unless the uploader chose to
//! import the valid rows, one rejected row means nothing is written; a dry run
//! writes nothing at all. The page, the API and the CLI all come through [`run`].
//!
//! [`run`] goes in four phases, one module each: [`read`] the upload,
//! [`classify`] every row, [`deduplicate`] within the file and against the
//! registry, and [`write`] in one transaction. Comparing a row's contact with
//! a record's is a reveal (see [`reveal`]).

use std::collections::HashSet;

use crate::auth::CurrentUser;
use crate::auth::policy;
use crate::db::Db;
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::service::region::RegionNames;

mod classify;
mod deduplicate;
mod dup;
mod employer;
mod large;
mod mapping;
pub mod place;
mod read;
mod rejected;
mod report;
pub mod reveal;
mod row;
mod sheet_run;
pub mod stage;
mod value;
mod write;

pub use large::{LargeImport, Progress, import_large};
pub use mapping::{SheetOverrides, parse_mapping};
pub use read::read;
pub use rejected::rejected_xlsx;
pub use report::{
    ColumnChoice, Duplicate, ImportReport, PreviewRow, RowError, SheetSummary, Skipped,
};
pub use row::{ParsedRow, RowContext, parse_row};

#[cfg(test)]
mod property_tests;

/// Who may import: organizers and staff within their scope, administrators.
pub const IMPORTERS: &[Role] = &[Role::Admin, Role::Organizer, Role::Staff];

/// How many parsed rows the preview shows.
const PREVIEW_ROWS: usize = 20;

/// The message for a duplicate the caller may not read.
pub const OUTSIDE_SCOPE: &str = "可能与辖区外档案重复，请联系上级核实";

/// How an import should treat rejected rows.
#[derive(Clone, Copy, Debug, Default)]
pub struct ImportOptions {
    pub dry_run: bool,
    /// Write the valid rows even when others are rejected.
    pub valid_rows_only: bool,
}

/// Refuses callers who may not import (the upload form asks before it shows).
pub fn may_import(actor: &CurrentUser) -> AppResult<()> {
    policy::require_role(actor, IMPORTERS)
}

/// Reads, checks and (as the options say) writes an upload.
pub async fn import(
    db: &Db,
    actor: &CurrentUser,
    names: &RegionNames,
    bytes: &[u8],
    filename: &str,
    options: ImportOptions,
) -> AppResult<ImportReport> {
    run(
        db,
        actor,
        names,
        bytes,
        filename,
        &SheetOverrides::new(),
        options,
        HashSet::new(),
    )
    .await
}

/// The import itself. `covered` holds profiles whose contacts a preview of
/// the same upload already compared (they are not counted twice).
#[allow(clippy::too_many_arguments)]
pub async fn run(
    db: &Db,
    actor: &CurrentUser,
    names: &RegionNames,
    bytes: &[u8],
    filename: &str,
    overrides: &SheetOverrides,
    options: ImportOptions,
    covered: HashSet<i64>,
) -> AppResult<ImportReport> {
    policy::require_role(actor, IMPORTERS)?;
    let book = read::read(bytes.to_vec(), filename).await?;
    let mut report = ImportReport {
        dry_run: options.dry_run,
        warnings: book.notices.clone(),
        ..Default::default()
    };
    let good = classify::classify(db, actor, names, &book, overrides, &mut report).await?;
    if report.rows == 0 && report.rejected == 0 {
        return Err(AppError::Unprocessable(
            "表格里没有找到乡贤信息（只有表头、标题或合计行），请填写后再上传".into(),
        ));
    }
    let part = write::Part {
        seen: &mut Default::default(),
        label: None,
    };
    write::write(
        db,
        actor,
        filename,
        good,
        options,
        covered,
        part,
        &mut report,
    )
    .await?;
    report
        .duplicates
        .sort_by(|a, b| (&a.sheet, a.row).cmp(&(&b.sheet, b.row)));
    Ok(report)
}
