//! Excel/CSV import of profiles, from the sheets clerks really keep: every
//! sheet of a workbook, merged cells, two-row headers, free-text 籍贯, one
//! 单位及职务 cell, phones with notes. Every row is sorted into created,
//! updated, duplicate or rejected, with all of its problems at once (sheet,
//! cell address, header as typed). Unless the uploader chose to import the
//! valid rows, one rejected row means nothing is written; a dry run writes
//! nothing at all. The page, the API and the CLI all come through [`run`].
//!
//! Comparing a row's contact with a record's is a reveal (see [`reveal`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProfileAction};
use crate::db::Db;
use crate::domain::{Mobile, RegionCode, Role};
use crate::entity::profile;
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Event, action};
use crate::service::profile::{ProfileFields, input, write};
use crate::service::region::RegionNames;
use crate::spreadsheet::{self, Column, MappingOverrides, Workbook, cell_address};

mod dup;
pub mod place;
mod rejected;
pub mod reveal;
mod row;
pub mod stage;
mod value;

pub use rejected::rejected_xlsx;
pub use row::{ParsedRow, RowContext, parse_row};

#[cfg(test)]
mod props;

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

/// The clerk's mapping corrections, by sheet index.
pub type SheetOverrides = BTreeMap<usize, MappingOverrides>;

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

/// One row that passed, waiting for its duplicate check.
struct Good {
    sheet: Option<String>,
    row: usize,
    fields: ProfileFields,
    name: String,
    village: String,
    mobile: Option<String>,
    preview: Option<usize>,
}

/// Reads mapping corrections written as `C=hometown,2!D=mobile,E=` (column
/// letter, optionally after a 0-based sheet index and `!`; an empty field
/// ignores the column).
pub fn parse_mapping(text: &str) -> AppResult<SheetOverrides> {
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

/// Refuses callers who may not import (the upload form asks before it shows).
pub fn may_import(actor: &CurrentUser) -> AppResult<()> {
    policy::require_role(actor, IMPORTERS)
}

/// Reads the upload's sheets off the async threads.
pub async fn read(bytes: Vec<u8>, filename: &str) -> AppResult<Workbook> {
    let filename = filename.to_owned();
    tokio::task::spawn_blocking(move || spreadsheet::read_workbook(&bytes, &filename))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| match e {
            spreadsheet::SheetError::TooLarge { .. } => AppError::PayloadTooLarge(e.to_string()),
            other => AppError::Unprocessable(other.to_string()),
        })
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

fn column_of(field: &str) -> Column {
    Column::every()
        .find(|c| c.key() == field)
        .unwrap_or(match field {
            "hometown_code" => Column::Hometown,
            "residence_code" => Column::Residence,
            _ => Column::Name,
        })
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
    let book = read(bytes.to_vec(), filename).await?;
    let places = place::Places::new(names);
    let mut report = ImportReport {
        dry_run: options.dry_run,
        warnings: book.notices.clone(),
        ..Default::default()
    };
    let mut good: Vec<Good> = Vec::new();
    for (index, sheet) in book.sheets.iter().enumerate() {
        let empty = MappingOverrides::new();
        let over = overrides.get(&index).unwrap_or(&empty);
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
        let ctx = RowContext {
            places: &places,
            sheet_place: sheet_place.as_deref(),
            context,
        };
        report.warnings.extend(sheet.notices.iter().cloned());
        let unknown: Vec<&str> = sheet
            .headers
            .iter()
            .filter(|h| sheet.column_at(h.col, over).is_none())
            .map(|h| h.text.as_str())
            .filter(|t| !matches!(*t, "序号" | "编号"))
            .collect();
        if !unknown.is_empty() {
            report.warnings.push(format!(
                "{}以下列不认识，已忽略：{}",
                sheet
                    .sheet_name
                    .as_deref()
                    .map_or(String::new(), |s| format!("工作表“{s}”")),
                unknown.join("、")
            ));
        }
        for s in &sheet.skipped {
            report.skipped.push(Skipped {
                sheet: sheet.sheet_name.clone(),
                row: s.row,
                reason: s.reason.clone(),
            });
        }
        let rows = sheet.rows_with(over);
        let mut people = 0;
        for raw in &rows {
            if spreadsheet::is_template_example(raw) {
                report.skipped.push(Skipped {
                    sheet: sheet.sheet_name.clone(),
                    row: raw.row,
                    reason: "模板示例行".into(),
                });
                continue;
            }
            people += 1;
            report.rows += 1;
            let problem = |column: Column, message: String| {
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
            };
            let parsed = parse_row(raw, &ctx);
            let mut errors: Vec<RowError> = parsed
                .errors
                .iter()
                .map(|(c, m)| problem(*c, m.clone()))
                .collect();
            report
                .row_warnings
                .extend(parsed.warnings.iter().map(|(c, m)| problem(*c, m.clone())));
            let hometown_column = parsed.hometown_column.unwrap_or(Column::Hometown);
            // Out of scope is said even when the row has other problems: it
            // could never be imported here, whatever else is fixed.
            let hometown = parsed.req.hometown_code.clone();
            if let Some(code) = hometown
                .as_deref()
                .filter(|c| RegionCode::parse(c).is_err())
            {
                errors.push(problem(
                    hometown_column,
                    format!(
                        "籍贯地区代码“{}”不是有效的行政区划代码",
                        code.chars().take(30).collect::<String>()
                    ),
                ));
            } else if let Some(code) = &hometown {
                if policy::place_in(
                    actor,
                    "hometown_code",
                    code,
                    &[Role::Organizer, Role::Staff],
                )
                .is_err()
                {
                    errors.push(problem(
                        hometown_column,
                        format!(
                            "籍贯 {} 不在您的管辖范围内，本行未导入（不会记到其他村）",
                            names.local_name(code)
                        ),
                    ));
                }
            }
            let preview = (report.preview.len() < PREVIEW_ROWS).then(|| {
                report.preview.push(preview_row(
                    names,
                    sheet.sheet_name.clone(),
                    raw.row,
                    &parsed,
                ));
                report.preview.len() - 1
            });
            let mut fields = None;
            if errors.is_empty() {
                match validated(db, parsed, hometown_column).await? {
                    Ok(f) => fields = Some(f),
                    Err((column, message)) => errors.push(problem(column, message)),
                }
            }
            match fields {
                Some(fields) if errors.is_empty() => {
                    let name = fields.name.clone().unwrap_or_default();
                    let village = fields
                        .hometown
                        .as_ref()
                        .map(|h| h.to_string())
                        .unwrap_or_default();
                    let mobile = fields.mobile.clone().flatten().map(|m| m.to_string());
                    good.push(Good {
                        sheet: sheet.sheet_name.clone(),
                        row: raw.row,
                        fields,
                        name,
                        village,
                        mobile,
                        preview,
                    });
                }
                _ => {
                    report.rejected += 1;
                    if let Some(i) = preview {
                        report.preview[i].status = "有错误".into();
                    }
                    report.errors.extend(errors);
                }
            }
        }
        report.sheets.push(SheetSummary {
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
        });
    }
    if report.rows == 0 && report.rejected == 0 {
        return Err(AppError::Unprocessable(
            "表格里没有找到乡贤信息（只有表头、标题或合计行），请填写后再上传".into(),
        ));
    }

    let txn = db.write().await?;
    let mut budget = reveal::Budget::load(&*txn, actor, covered).await?;
    let (creates, updates) = sort_duplicates(&*txn, actor, good, &mut budget, &mut report).await?;
    if budget.refused {
        report.warnings.push(format!(
            "今日查看和核对联系方式的次数已用完（每人每天 {} 次），同名同村的行未比对手机号，也未按手机号查重；请明天再试或联系上级核实",
            reveal::daily_limit()
        ));
    }
    report.reveals = budget.taken.len();
    report.revealed_ids = budget.taken.clone();
    budget.record(&*txn, actor, filename).await?;
    let write = !options.dry_run && (report.rejected == 0 || options.valid_rows_only);
    if write {
        for (existing, fields) in updates {
            write::fill_in(&*txn, actor, &existing, fields).await?;
        }
        write::insert_many(&*txn, actor, creates).await?;
        report.written = true;
    } else {
        report.created += 0;
    }
    let detail = format!(
        "{}{filename}：{} 行，新建 {}，更新 {}，重复 {}，拒绝 {}，核对联系方式 {} 次",
        if report.written {
            "导入 "
        } else {
            "试导入（未写入）"
        },
        report.rows,
        report.created,
        report.updated,
        report.duplicates.iter().filter(|d| d.blocked).count(),
        report.rejected,
        report.reveals,
    );
    audit::record(
        &*txn,
        &actor.ctx(),
        Event {
            action: action::IMPORT,
            entity: "profile",
            detail,
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    report
        .duplicates
        .sort_by(|a, b| (&a.sheet, a.row).cmp(&(&b.sheet, b.row)));
    Ok(report)
}

/// Profile validation of a parsed row: codes found in the region tree are
/// valid already, so only the other fields go through `input::validate`.
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

/// Sorts the good rows into new people, updates of known people and
/// duplicates, within the file and against the registry, with the contact
/// rules of the trust issue. Returns what to create and what to update.
async fn sort_duplicates(
    conn: &impl sea_orm::ConnectionTrait,
    actor: &CurrentUser,
    good: Vec<Good>,
    budget: &mut reveal::Budget,
    report: &mut ImportReport,
) -> AppResult<(Vec<ProfileFields>, Vec<(profile::Model, ProfileFields)>)> {
    let villages: Vec<String> = good
        .iter()
        .map(|g| g.village.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mobiles: Vec<String> = good
        .iter()
        .filter_map(|g| g.mobile.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut same_village: HashMap<(String, String), Vec<profile::Model>> = HashMap::new();
    for p in dup::in_villages(conn, &villages).await? {
        same_village
            .entry((p.hometown_code.clone(), dup::name_key(&p.name)))
            .or_default()
            .push(p);
    }
    let mut same_mobile: HashMap<String, Vec<profile::Model>> = HashMap::new();
    for p in dup::by_mobiles(conn, &mobiles).await? {
        if let Some(m) = p.mobile.clone() {
            same_mobile.entry(m.into()).or_default().push(p);
        }
    }
    let readable = |p: &profile::Model| policy::profile(actor, p, ProfileAction::Read).is_ok();

    let mut exact_seen: HashMap<(String, String, Option<String>), (Option<String>, usize)> =
        HashMap::new();
    let mut pair_seen: HashMap<(String, String), (Option<String>, usize)> = HashMap::new();
    let mut mobile_seen: HashMap<String, (Option<String>, usize)> = HashMap::new();
    let mut creates = Vec::new();
    let mut updates = Vec::new();
    for g in good {
        let key = dup::name_key(&g.name);
        let dupe = |kind: &str,
                    reason: String,
                    existing_id: Option<i64>,
                    other: Option<&(Option<String>, usize)>,
                    blocked: bool,
                    outside_scope: bool| Duplicate {
            row: g.row,
            sheet: g.sheet.clone(),
            name: g.name.clone(),
            existing_id,
            other_row: other.map(|o| o.1),
            other_sheet: other.and_then(|o| o.0.clone()),
            kind: kind.to_owned(),
            reason,
            blocked,
            outside_scope,
        };
        let here = (g.sheet.clone(), g.row);
        let at = |o: &(Option<String>, usize)| match &o.0 {
            Some(s) => format!("工作表“{s}”第 {} 行", o.1),
            None => format!("文件第 {} 行", o.1),
        };
        // Within the file.
        if let Some(first) = exact_seen.get(&(key.clone(), g.village.clone(), g.mobile.clone())) {
            let d = dupe(
                "exact",
                format!("与{}重复（文件内重复）", at(first)),
                None,
                Some(first),
                true,
                false,
            );
            report.duplicates.push(d);
            set_status(report, g.preview, "重复");
            continue;
        }
        exact_seen.insert(
            (key.clone(), g.village.clone(), g.mobile.clone()),
            here.clone(),
        );
        if let Some(first) = pair_seen.get(&(key.clone(), g.village.clone())) {
            let d = dupe(
                "likely",
                format!(
                    "与{}同名同村、手机号不同，请核对是否同一人（文件内）",
                    at(first)
                ),
                None,
                Some(first),
                false,
                false,
            );
            report.duplicates.push(d);
        } else {
            pair_seen.insert((key.clone(), g.village.clone()), here.clone());
        }
        if let Some(m) = &g.mobile {
            match mobile_seen.get(m) {
                Some(first) => {
                    let d = dupe(
                        "likely",
                        format!("与{}手机号相同，请核对是否同一人（文件内）", at(first)),
                        None,
                        Some(first),
                        false,
                        false,
                    );
                    report.duplicates.push(d);
                }
                None => {
                    mobile_seen.insert(m.clone(), here.clone());
                }
            }
        }

        // Against the registry.
        let same: Vec<&profile::Model> = same_village
            .get(&(g.village.clone(), key.clone()))
            .map(|v| v.iter().collect())
            .unwrap_or_default();
        if let Some(first) = same.iter().find(|p| readable(p)).or(same.first()) {
            let first: &profile::Model = first;
            if !readable(first) {
                report.duplicates.push(dupe(
                    "likely",
                    OUTSIDE_SCOPE.into(),
                    None,
                    None,
                    true,
                    true,
                ));
                set_status(report, g.preview, "重复");
                continue;
            }
            let comparable = g.mobile.is_some() && same.iter().any(|p| p.mobile.is_some());
            if comparable && budget.take(first.id) {
                let exact = same
                    .iter()
                    .find(|p| p.mobile.as_deref() == g.mobile.as_deref())
                    .copied();
                if let Some(existing) = exact {
                    let editable = policy::profile(actor, existing, ProfileAction::Edit).is_ok();
                    if editable && write::differs(existing, &g.fields) {
                        report.updated += 1;
                        set_status(report, g.preview, "更新");
                        updates.push((existing.clone(), g.fields));
                    } else {
                        report.duplicates.push(dupe(
                            "exact",
                            format!("与已有档案 {} 相同（姓名、籍贯、手机号一致）", existing.id),
                            Some(existing.id),
                            None,
                            true,
                            false,
                        ));
                        set_status(report, g.preview, "重复");
                    }
                    continue;
                }
                report.duplicates.push(dupe(
                    "likely",
                    format!(
                        "同村已有同名乡贤（档案 {}），手机号不同，请核对后决定是否合并",
                        first.id
                    ),
                    Some(first.id),
                    None,
                    true,
                    false,
                ));
            } else if comparable {
                report.duplicates.push(dupe(
                    "likely",
                    format!(
                        "同村已有同名乡贤（档案 {}），未比对手机号，请核对后决定是否合并",
                        first.id
                    ),
                    Some(first.id),
                    None,
                    true,
                    false,
                ));
            } else {
                report.duplicates.push(dupe(
                    "likely",
                    format!(
                        "同村已有同名乡贤（档案 {}），请核对后决定是否合并",
                        first.id
                    ),
                    Some(first.id),
                    None,
                    true,
                    false,
                ));
            }
            set_status(report, g.preview, "重复");
            continue;
        }
        if let Some(m) = &g.mobile {
            if let Some(other) = same_mobile.get(m).and_then(|v| v.first()) {
                if budget.take(other.id) {
                    let d = if readable(other) {
                        dupe(
                            "likely",
                            format!(
                                "手机号与已有档案 {}（{}）相同，请核对是否同一人",
                                other.id, other.name
                            ),
                            Some(other.id),
                            None,
                            true,
                            false,
                        )
                    } else {
                        dupe("likely", OUTSIDE_SCOPE.into(), None, None, true, true)
                    };
                    report.duplicates.push(d);
                    set_status(report, g.preview, "重复");
                    continue;
                }
                // Past the limit nothing is said, so the report cannot tell
                // a known mobile from an unknown one.
            }
        }
        report.created += 1;
        set_status(report, g.preview, "新建");
        creates.push(g.fields);
    }
    Ok((creates, updates))
}

fn set_status(report: &mut ImportReport, preview: Option<usize>, status: &str) {
    if let Some(p) = preview.and_then(|i| report.preview.get_mut(i)) {
        p.status = status.to_owned();
    }
}
