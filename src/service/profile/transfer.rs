//! Ownership moves only with the person's proof. A claim, or a merge that
//! would leave a record owned by an account, goes through at once when the
//! account's mobile (that of the account's own profile) equals the record's;
//! otherwise it waits here until a staff member of the record's county who
//! did not issue the code or ask for the merge approves it. Audited as
//! `transfer`; the county's staff get a notice.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use serde_json::json;

use crate::auth::CurrentUser;
use crate::db::Db;
use crate::domain::Role;
use crate::entity::{profile, profile_transfer, user};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited, Event};
use crate::service::notice;

/// The audit action of every ownership move.
pub const ACTION: &str = "transfer";

pub const CLAIM: &str = "claim";
pub const MERGE: &str = "merge";
pub const PENDING: &str = "pending";
pub const APPROVED: &str = "approved";
pub const REJECTED: &str = "rejected";

/// What a claim or a merge came to.
pub enum Outcome {
    /// Done: the profile as it now stands.
    Done(Box<profile::Model>),
    /// Waiting for a staff approval.
    Pending(profile_transfer::Model),
}

/// A transfer as the API shows it: ids and states, nothing personal.
#[derive(Debug, Serialize)]
pub struct TransferView {
    pub id: i64,
    pub kind: String,
    pub profile_id: i64,
    pub into_profile_id: Option<i64>,
    pub account_user_id: i64,
    pub county_code: String,
    pub status: String,
    pub requested_by: Option<i64>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub message: String,
}

impl TransferView {
    pub fn of(t: &profile_transfer::Model) -> Self {
        let message = match t.status.as_str() {
            PENDING => "手机号与档案不一致，已提交县级工作人员审批，批准后生效",
            APPROVED => "已批准",
            _ => "已驳回",
        };
        Self {
            id: t.id,
            kind: t.kind.clone(),
            profile_id: t.profile_id,
            into_profile_id: t.into_profile_id,
            account_user_id: t.account_user_id,
            county_code: t.county_code.clone(),
            status: t.status.clone(),
            requested_by: t.requested_by,
            decided_by: t.decided_by,
            decided_at: t.decided_at,
            created_at: t.created_at,
            message: message.into(),
        }
    }
}

/// The mobile that proves an account is the person: that of the account's own profile.
pub async fn account_mobile(
    conn: &impl ConnectionTrait,
    account: &user::Model,
) -> AppResult<Option<String>> {
    let Some(pid) = account.profile_id else {
        return Ok(None);
    };
    Ok(profile::Entity::find_by_id(pid)
        .one(conn)
        .await?
        .filter(|p| p.deleted_at.is_none() && p.owner_user_id == Some(account.id))
        .and_then(|p| p.mobile)
        .map(String::from))
}

/// Whether the account proves to be the person of `record`.
pub async fn proven(
    conn: &impl ConnectionTrait,
    account: &user::Model,
    record: &profile::Model,
) -> AppResult<bool> {
    let mine = account_mobile(conn, account).await?;
    Ok(matches!((mine, record.mobile.as_deref()), (Some(a), Some(b)) if a == b))
}

/// Staff who may approve transfers of a record in `county`.
async fn county_staff(conn: &impl ConnectionTrait, county: &str) -> AppResult<Vec<user::Model>> {
    let staff = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Staff.as_str()))
        .filter(user::Column::Disabled.eq(false))
        .all(conn)
        .await?;
    Ok(staff
        .into_iter()
        .filter(|u| {
            u.scope_code
                .as_deref()
                .is_some_and(|s| !s.is_empty() && county.starts_with(s))
        })
        .collect())
}

/// A transfer to open: of `source_id` (into `into` for a merge) to `account`, asked by
/// `requested_by`; `record` is the person's record that would pass to the account.
pub struct Request<'a> {
    pub kind: &'a str,
    pub source_id: i64,
    pub into: Option<i64>,
    pub record: &'a profile::Model,
    pub account: i64,
    pub requested_by: Option<i64>,
}

/// Opens a pending transfer of `source_id` (into `into` for a merge), audits
/// it and tells the staff of the county of `record`, the person's record that
/// would pass to the account.
pub async fn open(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    request: Request<'_>,
) -> AppResult<profile_transfer::Model> {
    let Request {
        kind,
        source_id,
        into,
        record,
        account,
        requested_by,
    } = request;
    let row = profile_transfer::ActiveModel {
        kind: Set(kind.into()),
        profile_id: Set(source_id),
        into_profile_id: Set(into),
        account_user_id: Set(account),
        requested_by: Set(requested_by),
        county_code: Set(record.county_code.clone()),
        status: Set(PENDING.into()),
        decided_by: Set(None),
        decided_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    audit::record(
        conn,
        &actor.ctx(),
        Event::new(ACTION, profile::Model::ENTITY, record.id)
            .detail(format!("档案归属转移待审批（{kind}，审批单 {}）", row.id))
            .after(json!({"transfer_id": row.id, "account_user_id": account, "status": PENDING})),
    )
    .await?;
    for staff in county_staff(conn, &record.county_code).await? {
        if Some(staff.id) == requested_by {
            continue;
        }
        notice::send(
            conn,
            staff.id,
            "transfer_pending",
            // The id, not the name: a stored notice would outlive the person's erasure.
            &format!("乡贤档案 #{} 的归属转移待您审批", record.id),
            "/transfers",
        )
        .await?;
    }
    Ok(row)
}

/// Audits a transfer that went through with the person's proof.
pub async fn audit_proven(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    kind: &str,
    record_id: i64,
    account: i64,
) -> AppResult<()> {
    audit::record(
        conn,
        &actor.ctx(),
        Event::new(ACTION, profile::Model::ENTITY, record_id)
            .detail(format!("档案归属转移（{kind}），手机号一致"))
            .after(json!({"account_user_id": account})),
    )
    .await?;
    Ok(())
}

fn may_decide(actor: &CurrentUser) -> AppResult<()> {
    crate::auth::policy::require_role(actor, &[Role::Admin, Role::Staff])
}

/// Transfers the caller may decide, oldest first: staff see their county's.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    status: Option<&str>,
    page: u64,
    per_page: u64,
) -> AppResult<(u64, Vec<profile_transfer::Model>)> {
    may_decide(actor)?;
    let prefix = actor.list_scope().unwrap_or_default();
    let mut query = profile_transfer::Entity::find()
        .filter(profile_transfer::Column::CountyCode.starts_with(&prefix));
    if let Some(s) = status {
        if ![PENDING, APPROVED, REJECTED].contains(&s) {
            return Err(AppError::invalid(
                "status",
                "状态为 pending、approved 或 rejected",
            ));
        }
        query = query.filter(profile_transfer::Column::Status.eq(s));
    }
    let total = query.clone().count(conn).await?;
    let items = query
        .order_by_asc(profile_transfer::Column::Id)
        .offset((page.max(1) - 1) * per_page)
        .limit(per_page)
        .all(conn)
        .await?;
    Ok((total, items))
}

/// Approves or rejects a pending transfer. The approver is staff of the
/// record's county (or an administrator) and neither its requester nor the
/// account it would go to.
pub async fn decide(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    approve: bool,
) -> AppResult<profile_transfer::Model> {
    may_decide(actor)?;
    let txn = db.write().await?;
    let row = profile_transfer::Entity::find_by_id(id)
        .one(&*txn)
        .await?
        .filter(|t| actor.covers(&t.county_code))
        .ok_or_else(|| AppError::not_found("归属转移"))?;
    if row.status != PENDING {
        return Err(AppError::conflict("already_decided", "该申请已处理"));
    }
    if row.requested_by == Some(actor.id()) || row.account_user_id == actor.id() {
        return Err(AppError::forbidden(
            "签发认领码或发起合并的人不能审批自己的申请",
        ));
    }
    if approve {
        apply(&*txn, actor, &row).await?;
    }
    let now = Utc::now();
    let mut m: profile_transfer::ActiveModel = row.clone().into();
    m.status = Set(if approve { APPROVED } else { REJECTED }.into());
    m.decided_by = Set(Some(actor.id()));
    m.decided_at = Set(Some(now));
    let decided = m.update(&*txn).await?;
    audit::record(
        &*txn,
        &actor.ctx(),
        Event::new(ACTION, profile::Model::ENTITY, row.profile_id)
            .detail(if approve {
                format!("批准档案归属转移（审批单 {id}）")
            } else {
                format!("驳回档案归属转移（审批单 {id}）")
            })
            .after(json!({"transfer_id": id, "status": decided.status})),
    )
    .await?;
    notice::send(
        &*txn,
        row.account_user_id,
        "transfer_decided",
        if approve {
            "您的档案认领/合并申请已获批准"
        } else {
            "您的档案认领/合并申请未获批准"
        },
        "/me",
    )
    .await?;
    txn.commit().await?;
    Ok(decided)
}

/// Carries out an approved transfer.
async fn apply(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    row: &profile_transfer::Model,
) -> AppResult<()> {
    let gone = || AppError::conflict("transfer_stale", "相关档案已变更，该申请不能再执行");
    let account = user::Entity::find_by_id(row.account_user_id)
        .one(conn)
        .await?
        .filter(|u| !u.disabled)
        .ok_or_else(gone)?;
    match row.kind.as_str() {
        CLAIM => {
            let target = super::find_live(conn, row.profile_id)
                .await
                .map_err(|_| gone())?;
            if target.owner_user_id.is_some() {
                return Err(gone());
            }
            super::claim::complete(conn, actor, &account, target).await?;
        }
        _ => {
            let into = row.into_profile_id.ok_or_else(gone)?;
            let source = super::find_live(conn, row.profile_id)
                .await
                .map_err(|_| gone())?;
            let target = super::find_live(conn, into).await.map_err(|_| gone())?;
            super::merge::apply(conn, actor, source, target).await?;
        }
    }
    Ok(())
}

/// Pending transfers of a county, for the staff page's count.
pub async fn pending_count(conn: &impl ConnectionTrait, actor: &CurrentUser) -> AppResult<u64> {
    if may_decide(actor).is_err() {
        return Ok(0);
    }
    let prefix = actor.list_scope().unwrap_or_default();
    Ok(profile_transfer::Entity::find()
        .filter(profile_transfer::Column::CountyCode.starts_with(&prefix))
        .filter(profile_transfer::Column::Status.eq(PENDING))
        .count(conn)
        .await?)
}

/// The caller's own transfers still waiting (a founder's page says so).
pub async fn pending_for_account(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
) -> AppResult<Vec<TransferView>> {
    Ok(profile_transfer::Entity::find()
        .filter(profile_transfer::Column::AccountUserId.eq(actor.id()))
        .filter(profile_transfer::Column::Status.eq(PENDING))
        .all(conn)
        .await?
        .iter()
        .map(TransferView::of)
        .collect())
}
