//! Phase two: every row of every sheet read into a profile, or rejected with
//! all of its problems at once (sheet, cell address, header as typed). A
//! village outside the caller's scope is said even when the row has other
//! problems, and never written under another village.

use crate::auth::CurrentUser;
use crate::auth::policy;
use crate::db::Db;
use crate::domain::{Mobile, RegionCode, Role};
use crate::error::{AppError, AppResult};
use crate::service::profile::{ProfileFields, input};
use crate::service::region::RegionNames;
use crate::spreadsheet::{Column, MappingOverrides, RawRow, Sheet, Workbook, cell_address};

use super::place::Places;
use super::report::{ColumnChoice, ImportReport, PreviewRow, RowError, SheetSummary};
use super::row::{ParsedRow, RowContext, parse_row};
use super::sheet_run::SheetRun;
use super::{PREVIEW_ROWS, SheetOverrides};

/// One row that passed, waiting for its duplicate check.
pub(super) struct Good {
    pub sheet: Option<String>,
    pub row: usize,
    pub fields: ProfileFields,
    pub name: String,
    pub village: String,
    pub mobile: Option<String>,
    /// Its line in the preview, when shown.
    pub preview: Option<usize>,
}

/// Reads every sheet; rejected rows and their problems go to the report.
pub(super) async fn classify(
    db: &Db,
    actor: &CurrentUser,
    names: &RegionNames,
    book: &Workbook,
    overrides: &SheetOverrides,
    report: &mut ImportReport,
) -> AppResult<Vec<Good>> {
    let places = Places::new(names);
    let empty = MappingOverrides::new();
    let mut good = Vec::new();
    for (index, sheet) in book.sheets.iter().enumerate() {
        let over = overrides.get(&index).unwrap_or(&empty);
        let mut run = SheetRun::begin(actor, names, &places, sheet, index, over, report);
        let rows = sheet.rows_with(over);
        good.extend(run.rows(db, actor, &rows, report).await?);
        run.end(report);
    }
    Ok(good)
}

/// The warning for headers read into no field (序号 and 编号 carry nothing).
pub(super) fn unknown_headers(sheet: &Sheet, over: &MappingOverrides) -> Option<String> {
    let unknown: Vec<&str> = sheet
        .headers
        .iter()
        .filter(|h| sheet.column_at(h.col, over).is_none())
        .map(|h| h.text.as_str())
        .filter(|t| !matches!(*t, "序号" | "编号"))
        .collect();
    (!unknown.is_empty()).then(|| {
        format!(
            "{}以下列不认识，已忽略：{}",
            sheet
                .sheet_name
                .as_deref()
                .map_or(String::new(), |s| format!("工作表“{s}”")),
            unknown.join("、")
        )
    })
}

pub(super) fn summary(
    sheet: &Sheet,
    index: usize,
    over: &MappingOverrides,
    people: usize,
    sheet_place: Option<String>,
    names: &RegionNames,
) -> SheetSummary {
    SheetSummary {
        index,
        name: sheet.sheet_name.clone(),
        people,
        place: sheet_place.as_deref().map(|c| names.local_name(c)),
        columns: sheet
            .headers
            .iter()
            .map(|h| {
                let field = sheet.column_at(h.col, over);
                ColumnChoice {
                    col: h.col,
                    letter: cell_address(1, h.col).trim_end_matches('1').to_owned(),
                    header: h.text.clone(),
                    field: field.map(|c| c.key().to_owned()),
                    label: field.map(|c| c.header().to_owned()),
                }
            })
            .collect(),
    }
}

/// A data row and the sheet it sits on.
pub(super) struct Row<'a> {
    pub sheet: &'a Sheet,
    pub raw: &'a RawRow,
}

impl Row<'_> {
    /// A problem tied to the cell of `column`, or to the row when the sheet has no such column.
    fn problem(&self, column: Column, message: String) -> RowError {
        let (sheet, raw) = (self.sheet, self.raw);
        let col = raw.cols.get(&column).copied();
        RowError {
            row: raw.row,
            column: col
                .map(|c| sheet.header_text(c).to_owned())
                .unwrap_or_else(|| column.header().to_owned()),
            message,
            sheet: sheet.sheet_name.clone(),
            cell: col.map_or_else(
                || {
                    sheet
                        .sheet_name
                        .as_deref()
                        .map_or(format!("第 {} 行", raw.row), |s| {
                            format!("{s}!第 {} 行", raw.row)
                        })
                },
                |c| sheet.address(raw.row, c),
            ),
        }
    }

    pub async fn classify(
        &self,
        db: &Db,
        actor: &CurrentUser,
        names: &RegionNames,
        ctx: &RowContext<'_>,
        report: &mut ImportReport,
    ) -> AppResult<Option<Good>> {
        let parsed = parse_row(self.raw, ctx);
        let mut errors: Vec<RowError> = parsed
            .errors
            .iter()
            .map(|(c, m)| self.problem(*c, m.clone()))
            .collect();
        report.row_warnings.extend(
            parsed
                .warnings
                .iter()
                .map(|(c, m)| self.problem(*c, m.clone())),
        );
        let hometown_column = parsed.hometown_column.unwrap_or(Column::Hometown);
        if let Some(message) = scope_problem(actor, names, parsed.req.hometown_code.as_deref()) {
            errors.push(self.problem(hometown_column, message));
        }
        let sheet_name = self.sheet.sheet_name.clone();
        let preview = (report.preview.len() < PREVIEW_ROWS).then(|| {
            let line = preview_row(names, sheet_name.clone(), self.raw.row, &parsed);
            report.preview.push(line);
            report.preview.len() - 1
        });
        if errors.is_empty() {
            match validated(db, parsed, hometown_column).await? {
                Ok(fields) => {
                    let name = fields.name.clone().unwrap_or_default();
                    let village = fields
                        .hometown
                        .as_ref()
                        .map(|h| h.to_string())
                        .unwrap_or_default();
                    let mobile = fields.mobile.clone().flatten().map(|m| m.to_string());
                    return Ok(Some(Good {
                        sheet: sheet_name,
                        row: self.raw.row,
                        fields,
                        name,
                        village,
                        mobile,
                        preview,
                    }));
                }
                Err((column, message)) => errors.push(self.problem(column, message)),
            }
        }
        report.rejected += 1;
        report.set_status(preview, "有错误");
        report.errors.extend(errors);
        Ok(None)
    }
}

/// Out of scope is said even when the row has other problems: it could never
/// be imported here, whatever else is fixed.
fn scope_problem(actor: &CurrentUser, names: &RegionNames, code: Option<&str>) -> Option<String> {
    let code = code?;
    if RegionCode::parse(code).is_err() {
        return Some(format!(
            "籍贯地区代码“{}”不是有效的行政区划代码",
            code.chars().take(30).collect::<String>()
        ));
    }
    policy::place_in(
        actor,
        "hometown_code",
        code,
        &[Role::Organizer, Role::Staff],
    )
    .is_err()
    .then(|| {
        format!(
            "籍贯 {} 不在您的管辖范围内，本行未导入（不会记到其他村）",
            names.local_name(code)
        )
    })
}

fn column_of(field: &str) -> Column {
    Column::every()
        .find(|c| c.key() == field)
        .unwrap_or(match field {
            "hometown_code" => Column::Hometown,
            "residence_code" => Column::Residence,
            _ => Column::Name,
        })
}

/// Profile validation of a parsed row: codes found in the region tree are
/// valid already, so only the other fields go through `input::validate`
/// (which then asks the database nothing).
async fn validated(
    db: &Db,
    parsed: ParsedRow,
    hometown_column: Column,
) -> AppResult<Result<ProfileFields, (Column, String)>> {
    let ParsedRow {
        mut req,
        contact_note,
        residence_text,
        ..
    } = parsed;
    let hometown = req.hometown_code.take();
    let residence = req.residence_code.take();
    let mut fields = match input::validate(db.conn(), req).await {
        Ok(f) => f,
        Err(AppError::Invalid { field, message }) => {
            return Ok(Err((column_of(&field), message)));
        }
        Err(other) => return Err(other),
    };
    match hometown.as_deref().map(RegionCode::parse) {
        Some(Ok(code)) if code.as_str().len() >= 9 => fields.hometown = Some(code),
        _ => {
            return Ok(Err((hometown_column, "籍贯应写到乡镇或村".into())));
        }
    }
    if let Some(Ok(code)) = residence.as_deref().map(RegionCode::parse) {
        fields.residence = Some(Some(code));
    }
    fields.contact_note = contact_note.map(Some);
    fields.residence_text = residence_text.map(Some);
    Ok(Ok(fields))
}

fn preview_row(
    names: &RegionNames,
    sheet: Option<String>,
    row: usize,
    parsed: &ParsedRow,
) -> PreviewRow {
    let r = &parsed.req;
    PreviewRow {
        sheet,
        row,
        name: r.name.clone().unwrap_or_default(),
        village: r
            .hometown_code
            .as_deref()
            .filter(|h| RegionCode::parse(h).is_ok())
            .map(|h| names.local_name(h))
            .unwrap_or_default(),
        birth_year: r.birth_year,
        mobile: r
            .mobile
            .as_deref()
            .and_then(|m| Mobile::parse(m).ok())
            .map(|m| m.masked())
            .unwrap_or_default(),
        employer: r.employer.clone().unwrap_or_default(),
        title: r.title.clone().unwrap_or_default(),
        education: r
            .education
            .map(|e| e.label().to_owned())
            .unwrap_or_default(),
        residence: match (&r.residence_code, &parsed.residence_text) {
            (Some(code), _) => names.full_name(code),
            (_, Some(text)) => text.clone(),
            _ => String::new(),
        },
        status: "新建".into(),
    }
}
