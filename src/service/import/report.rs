//! What an import found: every row sorted into created, updated, duplicate
//! or rejected, with its problems, the sheets and columns as read, and the
//! first rows as parsed for the preview.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RowError {
    pub row: usize,
    /// The header as the clerk typed it.
    pub column: String,
    pub message: String,
    /// The worksheet (absent for CSV).
    pub sheet: Option<String>,
    /// “乡贤名单!C7”.
    pub cell: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Duplicate {
    pub row: usize,
    pub sheet: Option<String>,
    pub name: String,
    /// The existing profile this row duplicates: absent for a repeat inside
    /// the file, and for a record the caller may not read.
    pub existing_id: Option<i64>,
    /// The earlier row of the file it repeats.
    pub other_row: Option<usize>,
    pub other_sheet: Option<String>,
    /// `exact` (same name, village and mobile) or `likely`.
    pub kind: String,
    pub reason: String,
    /// Whether the row stays out (false: imported, flagged for review).
    pub blocked: bool,
    /// The other record lies outside what the caller may read.
    pub outside_scope: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Skipped {
    pub sheet: Option<String>,
    pub row: usize,
    pub reason: String,
}

/// A header and the field it is read into.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ColumnChoice {
    pub col: u32,
    /// “C”.
    pub letter: String,
    pub header: String,
    /// The field key (`mobile`, `employer_title`, …); `None`: ignored.
    pub field: Option<String>,
    pub label: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SheetSummary {
    pub index: usize,
    pub name: Option<String>,
    pub people: usize,
    /// The village or township the sheet's name names, as a name.
    pub place: Option<String>,
    pub columns: Vec<ColumnChoice>,
}

/// One row as the importer read it, for the preview.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PreviewRow {
    pub sheet: Option<String>,
    pub row: usize,
    pub name: String,
    pub village: String,
    pub birth_year: Option<i32>,
    pub mobile: String,
    pub employer: String,
    pub title: String,
    pub education: String,
    pub residence: String,
    pub status: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub rejected: usize,
    pub duplicates: Vec<Duplicate>,
    pub errors: Vec<RowError>,
    pub warnings: Vec<String>,
    pub dry_run: bool,
    /// Whether anything was written.
    pub written: bool,
    /// Problems that did not keep a row out (a 现居地 kept as text, …).
    pub row_warnings: Vec<RowError>,
    /// Title, 合计 and 填表人 rows, and rows of sheets that hold no people.
    pub skipped: Vec<Skipped>,
    pub sheets: Vec<SheetSummary>,
    pub preview: Vec<PreviewRow>,
    /// Contact comparisons made (each audited as a reveal).
    pub reveals: usize,
    /// Profiles whose contacts were compared (kept with a staged upload).
    #[serde(skip)]
    pub revealed_ids: Vec<i64>,
}

impl ImportReport {
    /// Sets the status the preview shows for a row, when the row is shown.
    pub(super) fn set_status(&mut self, preview: Option<usize>, status: &str) {
        if let Some(p) = preview.and_then(|i| self.preview.get_mut(i)) {
            p.status = status.to_owned();
        }
    }
}
