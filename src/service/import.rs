//! Excel/CSV import of profiles: every row is sorted into created, updated,
//! duplicate or rejected, with the row, column and reason in Chinese. Unless
//! the uploader chose to import the valid rows, one rejected row means nothing
//! is written; a dry run writes nothing at all.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::auth::policy;
use crate::db::Db;
use crate::domain::{CITY_CODE, CapitalRange, Education, Gender, Intent, Role, Tier};
use crate::entity::profile;
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Event, action};
use crate::service::profile::{ProfileFields, ProfileReq, input, write};
use crate::service::region::RegionNames;
use crate::spreadsheet::{self, Column, RawRow, split_list};

#[cfg(test)]
mod props;

/// How an import should treat rejected rows.
#[derive(Clone, Copy, Debug, Default)]
pub struct ImportOptions {
    pub dry_run: bool,
    /// Write the valid rows even when others are rejected.
    pub valid_rows_only: bool,
}

#[derive(Debug, Serialize)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct Duplicate {
    pub row: usize,
    pub name: String,
    /// The existing profile this row duplicates (absent for a repeat inside the file).
    pub existing_id: Option<i64>,
    /// `exact` (same name, hometown and mobile) or `likely` (same name, same village).
    pub kind: &'static str,
    pub reason: String,
}

#[derive(Debug, Default, Serialize)]
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
}

/// The column a validation error of `field` belongs to.
fn column_of(field: &str) -> Column {
    match field {
        "name" => Column::Name,
        "gender" => Column::Gender,
        "birth_year" => Column::BirthYear,
        "hometown_code" => Column::HometownCode,
        "residence_code" => Column::Residence,
        "employer" => Column::Employer,
        "title" => Column::Title,
        "education" => Column::Education,
        "chains" => Column::Chains,
        "expertise" => Column::Expertise,
        "bio" => Column::Bio,
        "intents" => Column::Intents,
        "capital_range" => Column::CapitalRange,
        "mobile" => Column::Mobile,
        "wechat" => Column::Wechat,
        "email" => Column::Email,
        "consent_match" => Column::ConsentMatch,
        "consent_basis" => Column::ConsentBasis,
        "listed" => Column::Listed,
        "tier" => Column::Tier,
        _ => Column::Tags,
    }
}

fn yes_no(column: Column, cell: &str) -> Result<bool, (Column, String)> {
    match cell.trim() {
        "是" | "Y" | "y" | "yes" | "Yes" | "1" | "true" | "同意" => Ok(true),
        "否" | "N" | "n" | "no" | "No" | "0" | "false" | "不同意" => Ok(false),
        other => Err((column, format!("“{other}”应填“是”或“否”"))),
    }
}

fn one<T>(
    column: Column,
    cell: Option<&str>,
    parse: fn(&str) -> Result<T, String>,
) -> Result<Option<T>, (Column, String)> {
    cell.map(|c| parse(c).map_err(|m| (column, m))).transpose()
}

/// Capital ranges are typed with any dash: 500万-2000万元, 500万~2000万元.
fn parse_capital(cell: &str) -> Result<CapitalRange, String> {
    let unified: String = cell
        .chars()
        .map(|c| {
            if matches!(c, '-' | '~' | '～' | '—' | '至') {
                '–'
            } else {
                c
            }
        })
        .collect();
    CapitalRange::parse(&unified)
}

/// Turns one row into a profile request, resolving place names to codes.
fn to_request(row: &RawRow, names: &RegionNames) -> Result<ProfileReq, (Column, String)> {
    if let Some((column, message)) = row.problems.first() {
        return Err((*column, message.clone()));
    }
    let name = row
        .get(Column::Name)
        .ok_or((Column::Name, "姓名不能为空".to_owned()))?;
    let hometown = resolve_hometown(row, names)?;
    let residence = match row.get(Column::Residence) {
        None => None,
        Some(text) if text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) => {
            Some(text.to_owned())
        }
        Some(text) => Some(
            names
                .county_by_name(text)
                .ok_or((
                    Column::Residence,
                    format!("找不到现居地“{text}”，请写成“广东省深圳市南山区”或 6 位县级代码"),
                ))?
                .to_owned(),
        ),
    };
    let birth_year = match row.get(Column::BirthYear) {
        None => None,
        Some(text) => Some(text.get(..4).and_then(|y| y.parse::<i32>().ok()).ok_or((
            Column::BirthYear,
            format!("出生年份“{text}”应为四位年份，如 1978"),
        ))?),
    };
    let list = |c: Column| row.get(c).map(split_list);
    let intents = match list(Column::Intents) {
        None => None,
        Some(items) => Some(
            items
                .iter()
                .map(|i| Intent::parse(i))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|m| (Column::Intents, m))?,
        ),
    };
    Ok(ProfileReq {
        name: Some(name.to_owned()),
        gender: one(Column::Gender, row.get(Column::Gender), Gender::parse)?,
        birth_year,
        hometown_code: Some(hometown),
        residence_code: residence,
        employer: row.get(Column::Employer).map(str::to_owned),
        title: row.get(Column::Title).map(str::to_owned),
        education: one(
            Column::Education,
            row.get(Column::Education),
            Education::parse,
        )?,
        chains: list(Column::Chains),
        expertise: row.get(Column::Expertise).map(str::to_owned),
        bio: row.get(Column::Bio).map(str::to_owned),
        intents,
        capital_range: one(
            Column::CapitalRange,
            row.get(Column::CapitalRange),
            parse_capital,
        )?,
        mobile: row.get(Column::Mobile).map(str::to_owned),
        wechat: row.get(Column::Wechat).map(str::to_owned),
        email: row.get(Column::Email).map(str::to_owned),
        consent_match: row
            .get(Column::ConsentMatch)
            .map(|c| yes_no(Column::ConsentMatch, c))
            .transpose()?,
        consent_basis: row.get(Column::ConsentBasis).map(str::to_owned),
        listed: row
            .get(Column::Listed)
            .map(|c| yes_no(Column::Listed, c))
            .transpose()?,
        tier: one(Column::Tier, row.get(Column::Tier), Tier::parse)?,
        tags: list(Column::Tags),
        version: None,
    })
}

/// The hometown from its code, or from county/township/village names.
fn resolve_hometown(row: &RawRow, names: &RegionNames) -> Result<String, (Column, String)> {
    if let Some(code) = row.get(Column::HometownCode) {
        return Ok(code.to_owned());
    }
    let missing = || {
        (
            Column::Township,
            "请填写籍贯：乡镇和村（或籍贯地区代码）".to_owned(),
        )
    };
    let township_name = row.get(Column::Township).ok_or_else(missing)?;
    let counties: Vec<String> = match row.get(Column::County) {
        Some(county) => vec![
            names
                .find_child(CITY_CODE, county)
                .ok_or((
                    Column::County,
                    format!(
                        "咸宁市没有“{county}”，应为咸安区、嘉鱼县、通城县、崇阳县、通山县或赤壁市"
                    ),
                ))?
                .to_owned(),
        ],
        None => ["421202", "421221", "421222", "421223", "421224", "421281"]
            .map(String::from)
            .to_vec(),
    };
    let township = counties
        .iter()
        .find_map(|c| names.find_child(c, township_name))
        .ok_or((Column::Township, format!("找不到乡镇“{township_name}”")))?;
    match row.get(Column::Village) {
        None => Ok(township.to_owned()),
        Some(village) => Ok(names
            .find_child(township, village)
            .ok_or((
                Column::Village,
                format!("{}没有“{village}”", names.local_name(township)),
            ))?
            .to_owned()),
    }
}

/// One validated row waiting to be written.
struct Ready {
    row: usize,
    fields: ProfileFields,
    existing: Option<profile::Model>,
}

/// Reads and checks a file, then writes it as the options say.
pub async fn import(
    db: &Db,
    actor: &CurrentUser,
    names: &RegionNames,
    bytes: &[u8],
    filename: &str,
    options: ImportOptions,
) -> AppResult<ImportReport> {
    policy::require_role(actor, &[Role::Admin, Role::Organizer])?;
    let sheet = {
        let bytes = bytes.to_vec();
        let filename = filename.to_owned();
        tokio::task::spawn_blocking(move || spreadsheet::read_table(&bytes, &filename))
            .await
            .map_err(|e| AppError::Internal(e.into()))?
            .map_err(|e| AppError::Unprocessable(e.to_string()))?
    };
    let mut report = ImportReport {
        rows: sheet.rows.len(),
        dry_run: options.dry_run,
        ..Default::default()
    };
    if !sheet.unknown_headers.is_empty() {
        report.warnings.push(format!(
            "以下列不认识，已忽略：{}",
            sheet.unknown_headers.join("、")
        ));
    }
    let mut ready: Vec<Ready> = Vec::new();
    let mut seen_in_file: HashMap<(String, String, Option<String>), usize> = HashMap::new();
    for row in &sheet.rows {
        if spreadsheet::is_template_example(row) {
            report
                .warnings
                .push(format!("第 {} 行是模板示例，已跳过", row.row));
            report.rows -= 1;
            continue;
        }
        let reject = |report: &mut ImportReport, column: Column, message: String| {
            report.rejected += 1;
            report.errors.push(RowError {
                row: row.row,
                column: column.header().to_owned(),
                message,
            });
        };
        let req = match to_request(row, names) {
            Ok(req) => req,
            Err((column, message)) => {
                reject(&mut report, column, message);
                continue;
            }
        };
        let fields = match input::validate(db.conn(), req).await {
            Ok(f) => f,
            Err(AppError::Invalid { field, message }) => {
                reject(&mut report, column_of(&field), message);
                continue;
            }
            Err(other) => return Err(other),
        };
        let Some(hometown) = fields.hometown.clone() else {
            continue;
        };
        if policy::place_in(
            actor,
            "hometown_code",
            hometown.as_str(),
            &[Role::Organizer],
        )
        .is_err()
        {
            reject(
                &mut report,
                Column::Village,
                format!(
                    "籍贯 {} 不在您的管辖范围内",
                    names.local_name(hometown.as_str())
                ),
            );
            continue;
        }
        let name = fields.name.clone().unwrap_or_default();
        let mobile = fields.mobile.clone().flatten().map(|m| m.to_string());
        let key = (name.clone(), hometown.to_string(), mobile.clone());
        if let Some(first) = seen_in_file.get(&key) {
            report.duplicates.push(Duplicate {
                row: row.row,
                name,
                existing_id: None,
                kind: "exact",
                reason: format!("与文件第 {first} 行重复"),
            });
            continue;
        }
        seen_in_file.insert(key, row.row);
        let same_name = profile::Entity::find()
            .filter(profile::Column::Name.eq(&name))
            .filter(profile::Column::HometownCode.eq(hometown.as_str()))
            .filter(profile::Column::DeletedAt.is_null())
            .all(db.conn())
            .await?;
        let exact = same_name
            .iter()
            .find(|p| mobile.is_some() && p.mobile == mobile)
            .cloned();
        match (exact, same_name.first()) {
            (Some(existing), _) => ready.push(Ready {
                row: row.row,
                fields,
                existing: Some(existing),
            }),
            (None, Some(likely)) => report.duplicates.push(Duplicate {
                row: row.row,
                name,
                existing_id: Some(likely.id),
                kind: "likely",
                reason: format!(
                    "同村已有同名乡贤（档案 {}），请核对后决定是否合并",
                    likely.id
                ),
            }),
            (None, None) => ready.push(Ready {
                row: row.row,
                fields,
                existing: None,
            }),
        }
    }
    // Exact matches that bring nothing new are duplicates, not updates.
    let mut changes = Vec::new();
    for item in ready {
        match &item.existing {
            None => {
                report.created += 1;
                changes.push(item);
            }
            Some(existing) => {
                if write::differs(existing, &item.fields) {
                    report.updated += 1;
                    changes.push(item);
                } else {
                    report.duplicates.push(Duplicate {
                        row: item.row,
                        name: existing.name.clone(),
                        existing_id: Some(existing.id),
                        kind: "exact",
                        reason: format!(
                            "与已有档案 {} 完全相同（姓名、籍贯、手机号一致）",
                            existing.id
                        ),
                    });
                }
            }
        }
    }
    let write = !options.dry_run && (report.rejected == 0 || options.valid_rows_only);
    if write {
        let txn = db.write().await?;
        for item in changes {
            match &item.existing {
                None => {
                    write::insert(&*txn, actor, item.fields, None).await?;
                }
                Some(existing) => {
                    write::fill_in(&*txn, actor, existing, item.fields).await?;
                }
            }
        }
        let detail = format!(
            "导入 {filename}：{} 行，新建 {}，更新 {}，重复 {}，拒绝 {}",
            report.rows,
            report.created,
            report.updated,
            report.duplicates.len(),
            report.rejected
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
        report.written = true;
    }
    report.duplicates.sort_by_key(|d| d.row);
    Ok(report)
}
