//! Merging a confirmed duplicate into the record it duplicates: the target
//! keeps its values and gains what only the duplicate knew; nothing is lost.

use std::collections::BTreeSet;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::ProfileAction;
use super::transfer::{self, Outcome};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::entity::json_list::{from_json_list, to_json_list};
use crate::entity::{pipeline_entry, profile, referral, user};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited, Event, action};
use crate::service::search_change;

fn union(a: &str, b: &str) -> String {
    let mut seen = BTreeSet::new();
    let items: Vec<String> = from_json_list(a)
        .into_iter()
        .chain(from_json_list(b))
        .filter(|x| seen.insert(x.clone()))
        .collect();
    to_json_list(&items)
}

fn fill(target: &str, source: &str) -> String {
    if target.trim().is_empty() {
        source.to_owned()
    } else {
        target.to_owned()
    }
}

/// Merges `source_id` into `into_id`; the source is retired with `merged_into`.
/// When the result would belong to an account that does not prove (by its
/// mobile) to be the person of the other record, the merge waits for a county
/// staff member's approval instead.
pub async fn merge(
    db: &Db,
    actor: &CurrentUser,
    source_id: i64,
    into_id: i64,
) -> AppResult<Outcome> {
    if source_id == into_id {
        return Err(AppError::invalid("into", "不能把档案合并到它自己"));
    }
    let txn = db.write().await?;
    let source = super::load(&*txn, actor, source_id, ProfileAction::Merge).await?;
    let target = super::load(&*txn, actor, into_id, ProfileAction::Merge)
        .await
        .map_err(|_| AppError::invalid("into", "要合并到的档案不存在或不在您的管辖范围内"))?;
    if source.owner_user_id.is_some() && target.owner_user_id.is_some() {
        return Err(AppError::conflict(
            "both_claimed",
            "两份档案都已由本人认领，不能合并",
        ));
    }
    // The record that would pass to an account, and that account.
    let handed = match (source.owner_user_id, target.owner_user_id) {
        (Some(owner), None) => Some((owner, &target)),
        (None, Some(owner)) => Some((owner, &source)),
        _ => None,
    };
    if let Some((owner, record)) = handed {
        let account = user::Entity::find_by_id(owner).one(&*txn).await?;
        let proven = match &account {
            Some(a) => transfer::proven(&*txn, a, record).await?,
            None => false,
        };
        if !proven {
            let record = record.clone();
            let request = transfer::Request {
                kind: transfer::MERGE,
                source_id,
                into: Some(into_id),
                record: &record,
                account: owner,
                requested_by: Some(actor.id()),
            };
            let pending = transfer::open(&*txn, actor, request).await?;
            txn.commit().await?;
            return Ok(Outcome::Pending(pending));
        }
        transfer::audit_proven(&*txn, actor, transfer::MERGE, record.id, owner).await?;
    }
    let merged = apply(&*txn, actor, source, target).await?;
    txn.commit().await?;
    Ok(Outcome::Done(Box::new(merged)))
}

/// Carries out a merge inside the caller's transaction.
pub async fn apply(
    txn: &impl ConnectionTrait,
    actor: &CurrentUser,
    source: profile::Model,
    target: profile::Model,
) -> AppResult<profile::Model> {
    let (source_id, into_id) = (source.id, target.id);
    let now = Utc::now();
    let mut m: profile::ActiveModel = target.clone().into();
    m.employer = Set(fill(&target.employer, &source.employer));
    m.title = Set(fill(&target.title, &source.title));
    m.expertise = Set(fill(&target.expertise, &source.expertise));
    m.bio = Set(fill(&target.bio, &source.bio));
    m.gender = Set(target.gender.clone().or(source.gender.clone()));
    m.birth_year = Set(target.birth_year.or(source.birth_year));
    m.residence_code = Set(target
        .residence_code
        .clone()
        .or(source.residence_code.clone()));
    m.education = Set(target.education.clone().or(source.education.clone()));
    m.capital_range = Set(target
        .capital_range
        .clone()
        .or(source.capital_range.clone()));
    m.mobile = Set(target.mobile.clone().or(source.mobile.clone()));
    m.wechat = Set(target.wechat.clone().or(source.wechat.clone()));
    m.email = Set(target.email.clone().or(source.email.clone()));
    m.chains = Set(union(&target.chains, &source.chains));
    m.intents = Set(union(&target.intents, &source.intents));
    m.tags = Set(union(&target.tags, &source.tags));
    m.verified = Set(target.verified || source.verified);
    m.owner_user_id = Set(target.owner_user_id.or(source.owner_user_id));
    if !target.consent_match && source.consent_match {
        m.consent_match = Set(true);
        m.consent_basis = Set(source.consent_basis.clone());
        m.consent_at = Set(source.consent_at);
        m.consent_by = Set(source.consent_by);
    }
    m.version = Set(target.version + 1);
    m.updated_at = Set(now);
    m.updated_by = Set(Some(actor.id()));
    let merged = m.update(txn).await?;

    let mut retired: profile::ActiveModel = source.clone().into();
    retired.merged_into = Set(Some(into_id));
    retired.deleted_at = Set(Some(now));
    retired.owner_user_id = Set(None);
    retired.version = Set(source.version + 1);
    retired.update(txn).await?;

    // Pipeline entries follow the person, except where the target is already shortlisted.
    let taken: BTreeSet<i64> = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::ProfileId.eq(into_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|e| e.project_id)
        .collect();
    for entry in pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::ProfileId.eq(source_id))
        .all(txn)
        .await?
    {
        if !taken.contains(&entry.project_id) {
            let mut e: pipeline_entry::ActiveModel = entry.into();
            e.profile_id = Set(into_id);
            e.update(txn).await?;
        }
    }
    // So do the projects the person referred (以商招商): credit stays with the person.
    referral::Entity::update_many()
        .col_expr(
            referral::Column::ProfileId,
            sea_orm::sea_query::Expr::value(into_id),
        )
        .filter(referral::Column::ProfileId.eq(source_id))
        .exec(txn)
        .await?;
    if let Some(owner) = source.owner_user_id {
        user::Entity::update_many()
            .col_expr(
                user::Column::ProfileId,
                sea_orm::sea_query::Expr::value(into_id),
            )
            .filter(user::Column::Id.eq(owner))
            .exec(txn)
            .await?;
    }
    search_change::profile_changed(txn, source_id).await?;
    search_change::profile_changed(txn, into_id).await?;
    audit::record(
        txn,
        &actor.ctx(),
        Event::new(action::UPDATE, profile::Model::ENTITY, into_id)
            .detail(format!("合并重复档案 {source_id}"))
            .before(serde_json::json!({"target": target.snapshot(), "source": source.snapshot()}))
            .after(merged.snapshot()),
    )
    .await?;
    audit::record(
        txn,
        &actor.ctx(),
        Event::new(action::DELETE, profile::Model::ENTITY, source_id)
            .detail(format!("并入档案 {into_id}")),
    )
    .await?;
    Ok(merged)
}
