//! Several people of the registry at once (the list's 批量核实 and 导出所选): all or
//! nothing. Each id is decided by the same policy as one record; one the caller may not
//! reach, or that does not exist, refuses the whole batch with the 404 of a missing record,
//! without saying which — a forged id list learns nothing about anybody.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::auth::CurrentUser;
use crate::auth::policy::ProfileAction;
use crate::db::Db;
use crate::entity::profile;
use crate::error::{AppError, AppResult};
use crate::service::export::{self, ProfileFilter};
use crate::service::region::RegionNames;

/// The most people one batch may hold (a page of the list is 20).
pub const MAX: usize = 200;

/// The refusal of a batch holding an id the caller may not reach: the same body as a
/// missing record; the reason (with the id) only goes to the log of denied requests.
fn hidden(id: i64) -> AppError {
    AppError::Hidden(format!("批量操作：档案 {id} 不存在或不在权限范围内"))
}

/// The ids of a batch as the form sends them: numbers, each once, at least one, at most
/// [`MAX`]. Something that is not a number is a record that does not exist.
pub fn ids(raw: &[String]) -> AppResult<Vec<i64>> {
    let mut out: Vec<i64> = Vec::new();
    for r in raw.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        let id: i64 = r.parse().map_err(|_| hidden(0))?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    if out.is_empty() {
        return Err(AppError::invalid("id", "请先勾选要处理的乡贤"));
    }
    if out.len() > MAX {
        return Err(AppError::invalid(
            "id",
            format!("一次最多处理 {MAX} 人，请分批勾选"),
        ));
    }
    Ok(out)
}

/// Marks every profile of `ids` verified (those already verified stay as they are), in one
/// transaction, each audited like a single 核实; returns how many changed.
pub async fn verify(db: &Db, actor: &CurrentUser, ids: &[i64]) -> AppResult<u64> {
    super::list_scope(actor)?;
    let txn = db.write().await?;
    let mut changed = 0;
    for &id in ids {
        let before = super::load(&*txn, actor, id, ProfileAction::Verify)
            .await
            .map_err(|e| match e {
                AppError::NotFound(_) | AppError::Hidden(_) | AppError::Forbidden(_) => hidden(id),
                other => other,
            })?;
        if before.verified {
            continue;
        }
        super::write::verify_in(&*txn, actor, before, false).await?;
        changed += 1;
    }
    txn.commit().await?;
    Ok(changed)
}

/// The workbook of the chosen people, as the registry export writes it (masked, audited),
/// when every one of them is in the caller's list; else the 404 of a missing record.
pub async fn export(
    db: &Db,
    actor: &CurrentUser,
    names: &RegionNames,
    ids: &[i64],
) -> AppResult<Vec<u8>> {
    super::may_export(actor)?;
    let filter = ProfileFilter::default();
    let reachable = profile::Entity::find()
        .filter(export::conditions(actor, &filter)?)
        .filter(profile::Column::Id.is_in(ids.to_vec()))
        .count(db.conn())
        .await?;
    if reachable != ids.len() as u64 {
        return Err(hidden(ids.first().copied().unwrap_or(0)));
    }
    export::profiles_xlsx(db, actor, names, &filter, Some(ids.to_vec())).await
}
