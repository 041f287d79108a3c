//! Staged uploads: the preview keeps the file server-side (its owner only,
//! for an hour), the clerk may change the column mapping, and 确认导入
//! writes what the preview showed without a second upload.

use std::collections::{BTreeMap, HashSet};

use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use super::{ImportOptions, ImportReport, SheetOverrides, run};
use crate::auth::{CurrentUser, policy};
use crate::db::Db;
use crate::entity::import_stage;
use crate::error::{AppError, AppResult};
use crate::service::region::RegionNames;
use crate::spreadsheet::Column;

/// How long a preview may wait for 确认导入.
pub const TTL_MINUTES: i64 = 60;

/// A staged upload and its latest preview.
#[derive(Debug)]
pub struct Staged {
    pub id: String,
    pub filename: String,
    pub report: ImportReport,
    pub overrides: SheetOverrides,
    pub expires_at: chrono::DateTime<Utc>,
    /// A receipt: when the import was written (`report` is then its final report).
    pub imported_at: Option<chrono::DateTime<Utc>>,
}

type StoredMapping = BTreeMap<usize, BTreeMap<u32, Option<String>>>;

fn encode(overrides: &SheetOverrides) -> String {
    let stored: StoredMapping = overrides
        .iter()
        .map(|(s, m)| {
            (
                *s,
                m.iter()
                    .map(|(c, f)| (*c, f.map(|f| f.key().to_owned())))
                    .collect(),
            )
        })
        .collect();
    serde_json::to_string(&stored).unwrap_or_else(|_| "{}".into())
}

fn decode(raw: &str) -> SheetOverrides {
    let stored: StoredMapping = serde_json::from_str(raw).unwrap_or_default();
    stored
        .into_iter()
        .map(|(s, m)| {
            (
                s,
                m.into_iter()
                    .map(|(c, f)| (c, f.and_then(|f| Column::from_key(&f))))
                    .collect(),
            )
        })
        .collect()
}

fn new_id() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn staged(model: &import_stage::Model) -> Staged {
    Staged {
        id: model.id.clone(),
        filename: model.filename.clone(),
        report: model
            .report
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok())
            .unwrap_or_default(),
        overrides: decode(&model.mapping),
        expires_at: model.expires_at,
        imported_at: model.imported_at,
    }
}

/// Runs the preview of an upload and keeps the file for 确认导入.
pub async fn create(
    db: &Db,
    actor: &CurrentUser,
    names: &RegionNames,
    bytes: Vec<u8>,
    filename: &str,
) -> AppResult<Staged> {
    policy::require_role(actor, super::IMPORTERS)?;
    let options = ImportOptions {
        dry_run: true,
        valid_rows_only: false,
    };
    let overrides = SheetOverrides::new();
    let report = run(
        db,
        actor,
        names,
        &bytes,
        filename,
        &overrides,
        options,
        HashSet::new(),
    )
    .await?;
    let now = Utc::now();
    import_stage::Entity::delete_many()
        .filter(import_stage::Column::ExpiresAt.lt(now))
        .exec(db.conn())
        .await?;
    let model = import_stage::ActiveModel {
        id: Set(new_id()),
        user_id: Set(actor.id()),
        filename: Set(filename.chars().take(200).collect()),
        bytes: Set(bytes),
        mapping: Set(encode(&overrides)),
        report: Set(serde_json::to_string(&report).ok()),
        revealed: Set(serde_json::to_string(&report.revealed_ids).unwrap_or_else(|_| "[]".into())),
        created_at: Set(now),
        expires_at: Set(now + Duration::minutes(TTL_MINUTES)),
        imported_at: Set(None),
    }
    .insert(db.conn())
    .await?;
    let mut out = staged(&model);
    out.report = report;
    Ok(out)
}

/// Keeps the final report of an import that wrote, for its owner, until it expires: the
/// page redirects to it after the post. The file is kept only while the report has
/// rejected rows to download.
pub async fn receipt(
    db: &Db,
    actor: &CurrentUser,
    filename: &str,
    bytes: Vec<u8>,
    report: &ImportReport,
) -> AppResult<String> {
    policy::require_role(actor, super::IMPORTERS)?;
    let now = Utc::now();
    let bytes = if report.errors.is_empty() {
        Vec::new()
    } else {
        bytes
    };
    let model = import_stage::ActiveModel {
        id: Set(new_id()),
        user_id: Set(actor.id()),
        filename: Set(filename.chars().take(200).collect()),
        bytes: Set(bytes),
        mapping: Set("{}".into()),
        report: Set(serde_json::to_string(report).ok()),
        revealed: Set("[]".into()),
        created_at: Set(now),
        expires_at: Set(now + Duration::minutes(TTL_MINUTES)),
        imported_at: Set(Some(now)),
    }
    .insert(db.conn())
    .await?;
    Ok(model.id)
}

/// The caller's own unexpired stage or receipt; anyone else's, or an expired one, is
/// not found.
async fn load_any(db: &Db, actor: &CurrentUser, id: &str) -> AppResult<import_stage::Model> {
    policy::require_role(actor, super::IMPORTERS)?;
    import_stage::Entity::find_by_id(id.to_owned())
        .one(db.conn())
        .await?
        .filter(|s| s.user_id == actor.id() && s.expires_at > Utc::now())
        .ok_or_else(|| AppError::not_found("导入预览（可能已过期，请重新上传）"))
}

/// The caller's own unexpired stage still waiting for 确认导入; a receipt is not one, so
/// sending 确认导入 again cannot import the file twice.
pub async fn load(db: &Db, actor: &CurrentUser, id: &str) -> AppResult<import_stage::Model> {
    let model = load_any(db, actor, id).await?;
    if model.imported_at.is_some() {
        return Err(AppError::not_found("导入预览（可能已过期，请重新上传）"));
    }
    Ok(model)
}

/// The stage's latest preview as stored (a refresh does not compare contacts again),
/// or a receipt's final report.
pub async fn show(db: &Db, actor: &CurrentUser, id: &str) -> AppResult<Staged> {
    Ok(staged(&load_any(db, actor, id).await?))
}

/// Changes the column mapping of a sheet and previews again.
pub async fn remap(
    db: &Db,
    actor: &CurrentUser,
    names: &RegionNames,
    id: &str,
    sheet: usize,
    changes: BTreeMap<u32, Option<Column>>,
) -> AppResult<Staged> {
    let model = load(db, actor, id).await?;
    let mut overrides = decode(&model.mapping);
    overrides.entry(sheet).or_default().extend(changes);
    let covered: HashSet<i64> = serde_json::from_str(&model.revealed).unwrap_or_default();
    let options = ImportOptions {
        dry_run: true,
        valid_rows_only: false,
    };
    let report = run(
        db,
        actor,
        names,
        &model.bytes,
        &model.filename,
        &overrides,
        options,
        covered.clone(),
    )
    .await?;
    let mut revealed = covered;
    revealed.extend(report.revealed_ids.iter().copied());
    let mut active: import_stage::ActiveModel = model.into();
    active.mapping = Set(encode(&overrides));
    active.report = Set(serde_json::to_string(&report).ok());
    active.revealed = Set(serde_json::to_string(&revealed).unwrap_or_else(|_| "[]".into()));
    let model = active.update(db.conn()).await?;
    let mut out = staged(&model);
    out.report = report;
    Ok(out)
}

/// 确认导入: the previewed file with the previewed mapping, written. The
/// stage is removed once something is written.
pub async fn confirm(
    db: &Db,
    actor: &CurrentUser,
    names: &RegionNames,
    id: &str,
    valid_rows_only: bool,
) -> AppResult<ImportReport> {
    let model = load(db, actor, id).await?;
    let covered: HashSet<i64> = serde_json::from_str(&model.revealed).unwrap_or_default();
    let options = ImportOptions {
        dry_run: false,
        valid_rows_only,
    };
    let report = run(
        db,
        actor,
        names,
        &model.bytes,
        &model.filename,
        &decode(&model.mapping),
        options,
        covered,
    )
    .await?;
    if report.written {
        import_stage::Entity::delete_by_id(model.id)
            .exec(db.conn())
            .await?;
    }
    Ok(report)
}

/// The rejected rows of the stage's latest preview, as an xlsx.
pub async fn rejected(db: &Db, actor: &CurrentUser, id: &str) -> AppResult<(String, Vec<u8>)> {
    let model = load_any(db, actor, id).await?;
    if model.bytes.is_empty() {
        return Err(AppError::not_found("出错的行"));
    }
    let report = staged(&model).report;
    let book = super::read(model.bytes.clone(), &model.filename).await?;
    let bytes = tokio::task::spawn_blocking(move || super::rejected_xlsx(&book, &report))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?;
    let stem = model
        .filename
        .rsplit_once('.')
        .map_or(model.filename.as_str(), |(s, _)| s)
        .to_owned();
    Ok((format!("{stem}-未导入的行.xlsx"), bytes))
}
