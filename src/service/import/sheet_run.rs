//! One sheet of an upload classified a batch of rows at a time: the page
//! and the API take all its rows at once, the command line reads a city's
//! migration in batches of a few thousand.

use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppResult;
use crate::service::region::RegionNames;
use crate::spreadsheet::{self, MappingOverrides, RawRow, Sheet};

use super::classify::{Good, Row, summary, unknown_headers};
use super::place::Places;
use super::report::{ImportReport, Skipped};
use super::row::RowContext;

/// One sheet being classified, possibly a batch of rows at a time (the
/// command line reads a city's migration in batches).
pub(super) struct SheetRun<'a> {
    sheet: &'a Sheet,
    index: usize,
    over: &'a MappingOverrides,
    names: &'a RegionNames,
    places: &'a Places,
    context: Vec<String>,
    sheet_place: Option<String>,
    people: usize,
}

impl<'a> SheetRun<'a> {
    /// Starts a sheet: its notices, unknown headers and skipped rows go to the report.
    pub fn begin(
        actor: &CurrentUser,
        names: &'a RegionNames,
        places: &'a Places,
        sheet: &'a Sheet,
        index: usize,
        over: &'a MappingOverrides,
        report: &mut ImportReport,
    ) -> Self {
        let scope: Vec<&str> = actor.scope().into_iter().collect();
        let sheet_place = sheet
            .sheet_name
            .as_deref()
            .and_then(|n| places.hometown(n, &scope).ok().flatten());
        let mut context: Vec<String> = Vec::new();
        if let Some(p) = &sheet_place {
            context.push(p.get(..9).unwrap_or(p).to_owned());
        }
        context.extend(actor.scope().map(str::to_owned));
        report.warnings.extend(sheet.notices.iter().cloned());
        if let Some(w) = unknown_headers(sheet, over) {
            report.warnings.push(w);
        }
        for s in &sheet.skipped {
            report.skipped.push(Skipped {
                sheet: sheet.sheet_name.clone(),
                row: s.row,
                reason: s.reason.clone(),
            });
        }
        Self {
            sheet,
            index,
            over,
            names,
            places,
            context,
            sheet_place,
            people: 0,
        }
    }

    /// Classifies some rows of the sheet (in sheet order).
    pub async fn rows(
        &mut self,
        db: &Db,
        actor: &CurrentUser,
        rows: &[RawRow],
        report: &mut ImportReport,
    ) -> AppResult<Vec<Good>> {
        let ctx = RowContext {
            places: self.places,
            sheet_place: self.sheet_place.as_deref(),
            context: self.context.clone(),
        };
        let mut good = Vec::new();
        for raw in rows {
            if spreadsheet::is_template_example(raw) {
                report.skipped.push(Skipped {
                    sheet: self.sheet.sheet_name.clone(),
                    row: raw.row,
                    reason: "模板示例行".into(),
                });
                continue;
            }
            self.people += 1;
            report.rows += 1;
            let row = Row {
                sheet: self.sheet,
                raw,
            };
            if let Some(g) = row.classify(db, actor, self.names, &ctx, report).await? {
                good.push(g);
            }
        }
        Ok(good)
    }

    /// Ends the sheet: its summary goes to the report.
    pub fn end(self, report: &mut ImportReport) {
        report.sheets.push(summary(
            self.sheet,
            self.index,
            self.over,
            self.people,
            self.sheet_place,
            self.names,
        ));
    }
}
