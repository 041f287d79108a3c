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
use crate::domain::Role;
use crate::entity::profile;
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Event, action};
use crate::service::profile::{ProfileFields, input, write};
use crate::service::region::RegionNames;
use crate::spreadsheet::{self, Column};

mod row;
use row::column_of;
pub use row::to_request;

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
        // By the keyed hash: the mobile itself is encrypted at rest.
        let mobile_hash = crate::crypto::mobile_hash(mobile.as_deref());
        let exact = same_name
            .iter()
            .find(|p| mobile_hash.is_some() && p.mobile_hash == mobile_hash)
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
        let mut new_people = Vec::new();
        for item in changes {
            match &item.existing {
                None => new_people.push(item.fields),
                Some(existing) => {
                    write::fill_in(&*txn, actor, existing, item.fields).await?;
                }
            }
        }
        write::insert_many(&*txn, actor, new_people).await?;
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
