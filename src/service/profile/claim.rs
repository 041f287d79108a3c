//! Claiming: an organizer drafts a profile and hands the person a one-time,
//! expiring code; the person, signed in as a founder, claims it with the code.

use chrono::{Duration, Utc};
use rand::Rng;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::transfer;
pub use super::transfer::Outcome;
use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProfileAction};
use crate::auth::token;
use crate::db::Db;
use crate::domain::Role;
use crate::entity::{claim_code, profile, user};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited, Event, action};
use crate::service::{notice, search_change};

/// How long a code stays good: long enough to be handed over at a village meeting.
pub const VALID_DAYS: i64 = 14;

/// Letters and digits that cannot be mistaken for one another when read aloud or copied.
const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

fn new_code() -> String {
    let mut rng = rand::rng();
    (0..10)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Issues a new code for an unclaimed profile; earlier unused codes stop working.
pub async fn issue(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
) -> AppResult<(String, chrono::DateTime<Utc>)> {
    policy::require_role(actor, &[Role::Admin, Role::Organizer])?;
    let txn = db.write().await?;
    let found = super::load(&*txn, actor, id, ProfileAction::IssueClaim).await?;
    if found.owner_user_id.is_some() {
        return Err(AppError::conflict("already_claimed", "该档案已由本人认领"));
    }
    let now = Utc::now();
    claim_code::Entity::update_many()
        .col_expr(
            claim_code::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(claim_code::Column::ProfileId.eq(id))
        .filter(claim_code::Column::UsedAt.is_null())
        .exec(&*txn)
        .await?;
    let code = new_code();
    let expires_at = now + Duration::days(VALID_DAYS);
    claim_code::ActiveModel {
        profile_id: Set(id),
        code_hash: Set(token::hash(&code)),
        expires_at: Set(expires_at),
        created_by: Set(Some(actor.id())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::record(
        &*txn,
        &actor.ctx(),
        Event::new(action::CREATE, "claim_code", id).detail("签发认领码"),
    )
    .await?;
    txn.commit().await?;
    Ok((code, expires_at))
}

/// A founder claims a drafted profile with a code. When the founder's own
/// mobile equals the record's, it becomes theirs at once; otherwise the claim
/// waits for a county staff member's approval (see [`super::transfer`]).
pub async fn claim(db: &Db, actor: &CurrentUser, code: &str) -> AppResult<Outcome> {
    policy::require_role(actor, &[Role::Founder])?;
    let code = normalise(code);
    if code.len() != 10 {
        return Err(AppError::invalid("code", "认领码为 10 位字母和数字"));
    }
    let txn = db.write().await?;
    let now = Utc::now();
    let invalid = || {
        AppError::invalid(
            "code",
            "认领码无效、已使用或已过期，请向乡贤会组织者重新索取",
        )
    };
    let row = claim_code::Entity::find()
        .filter(claim_code::Column::CodeHash.eq(token::hash(&code)))
        .one(&*txn)
        .await?
        .ok_or_else(invalid)?;
    if row.used_at.is_some() || row.expires_at <= now {
        return Err(invalid());
    }
    let target = super::find_live(&*txn, row.profile_id)
        .await
        .map_err(|_| invalid())?;
    if target.owner_user_id.is_some() {
        return Err(AppError::conflict("already_claimed", "该档案已由本人认领"));
    }
    // Spend the code first, conditionally: of two racing claims one wins.
    let spent = claim_code::Entity::update_many()
        .col_expr(
            claim_code::Column::UsedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .col_expr(
            claim_code::Column::UsedBy,
            sea_orm::sea_query::Expr::value(actor.id()),
        )
        .filter(claim_code::Column::Id.eq(row.id))
        .filter(claim_code::Column::UsedAt.is_null())
        .exec(&*txn)
        .await?;
    if spent.rows_affected != 1 {
        return Err(invalid());
    }
    if !transfer::proven(&*txn, &actor.user, &target).await? {
        let request = transfer::Request {
            kind: transfer::CLAIM,
            source_id: target.id,
            into: None,
            record: &target,
            account: actor.id(),
            requested_by: row.created_by,
        };
        let pending = transfer::open(&*txn, actor, request).await?;
        txn.commit().await?;
        return Ok(Outcome::Pending(pending));
    }
    transfer::audit_proven(&*txn, actor, transfer::CLAIM, target.id, actor.id()).await?;
    let claimed = complete(&*txn, actor, &actor.user, target).await?;
    if let Some(organizer) = row.created_by {
        notice::send(
            &*txn,
            organizer,
            "profile_claimed",
            &format!("档案 {} 已由本人认领", claimed.id),
            &format!("/profiles/{}", claimed.id),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(Outcome::Done(Box::new(claimed)))
}

/// Makes `target` the profile of `account`: a draft the account made at
/// sign-up is folded into it (its contacts fill gaps) and retired.
pub async fn complete(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    account: &user::Model,
    target: profile::Model,
) -> AppResult<profile::Model> {
    let now = Utc::now();
    let own_draft = match account.profile_id {
        Some(pid) if pid != target.id => super::find_live(conn, pid).await.ok(),
        _ => None,
    };
    let mut model: profile::ActiveModel = target.clone().into();
    model.owner_user_id = Set(Some(account.id));
    if let Some(draft) = &own_draft {
        if target.mobile.is_none() {
            model.mobile = Set(draft.mobile.clone());
        }
        if target.email.is_none() {
            model.email = Set(draft.email.clone());
        }
    }
    model.version = Set(target.version + 1);
    model.updated_at = Set(now);
    model.updated_by = Set(Some(actor.id()));
    let claimed = model.update(conn).await?;
    search_change::profile_changed(conn, claimed.id).await?;
    if let Some(draft) = own_draft {
        let mut retired: profile::ActiveModel = draft.clone().into();
        retired.merged_into = Set(Some(claimed.id));
        retired.deleted_at = Set(Some(now));
        retired.owner_user_id = Set(None);
        retired.version = Set(draft.version + 1);
        retired.update(conn).await?;
        search_change::profile_changed(conn, draft.id).await?;
    }
    let mut me: user::ActiveModel = account.clone().into();
    me.profile_id = Set(Some(claimed.id));
    me.update(conn).await?;
    audit::record(
        conn,
        &actor.ctx(),
        Event::new(action::UPDATE, profile::Model::ENTITY, claimed.id)
            .detail("本人认领档案")
            .before(target.snapshot())
            .after(json!({"owner_user_id": account.id})),
    )
    .await?;
    Ok(claimed)
}
