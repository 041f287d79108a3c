//! Consent to be matched and contacted. The person's choice wins: once the
//! person has an account only they change it; staff and organizers record it
//! for a person without one, saying how it was given. Withdrawal takes the
//! person out of matching at once and closes their open 对接 entries.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::ProfileAction;
use crate::auth::CurrentUser;
use crate::auth::policy;
use crate::db::Db;
use crate::domain::PipelineStatus;
use crate::domain::limits::profile::{CONSENT_BASIS, CONSENT_NOTE};
use crate::entity::{pipeline_entry, profile};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited, Event, action};
use crate::service::search_change;

/// How consent was given, recorded by someone other than the person.
pub use crate::domain::labels::CONSENT_BASES as BASES;

/// The reason written on 对接 entries closed by a withdrawal.
pub const WITHDRAWN: &str = "撤回同意";

/// The basis code of `raw`: a code, or a Chinese wording that names one
/// (书面同意书 → written). `None` when it names none.
pub fn parse_basis(raw: &str) -> Option<&'static str> {
    let raw = raw.trim();
    BASES
        .iter()
        .find(|(code, label)| raw == *code || raw.contains(label))
        .map(|(code, _)| *code)
        .or_else(|| raw.contains("在线").then_some("online"))
}

/// Whether `actor` may change the consent of `p`: the person once they have
/// an account; otherwise those the policy lets record it.
pub fn may_change(actor: &CurrentUser, p: &profile::Model) -> bool {
    policy::profile(actor, p, ProfileAction::Consent).is_ok()
        && p.owner_user_id.is_none_or(|o| o == actor.id())
}

/// Refuses a change of consent by anyone but the person, once they have an account.
pub fn check_person(actor: &CurrentUser, p: &profile::Model) -> AppResult<()> {
    match p.owner_user_id {
        Some(owner) if owner != actor.id() => Err(AppError::forbidden(
            "本人已注册账号，是否同意对接只能由本人决定",
        )),
        _ => Ok(()),
    }
}

/// Records or withdraws consent, in one transaction with the closing of the
/// person's open 对接 entries on withdrawal.
pub async fn record(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    consent: bool,
    basis: Option<&str>,
    note: Option<&str>,
) -> AppResult<profile::Model> {
    let note = match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) if n.chars().count() > CONSENT_NOTE.max => {
            let max = CONSENT_NOTE.max;
            return Err(AppError::invalid("note", format!("备注不超过 {max} 字")));
        }
        Some(n) if n.chars().any(char::is_control) => {
            return Err(AppError::invalid("note", "含有不可见的控制字符"));
        }
        other => other,
    };
    if basis.is_some_and(|b| b.chars().count() > CONSENT_BASIS.max) {
        let max = CONSENT_BASIS.max;
        return Err(AppError::invalid(
            "basis",
            format!("同意方式不超过 {max} 个字"),
        ));
    }
    let txn = db.write().await?;
    let before = super::load(&*txn, actor, id, ProfileAction::Consent).await?;
    check_person(actor, &before)?;
    let own = before.owner_user_id == Some(actor.id());
    let basis_code = match basis.map(str::trim).filter(|b| !b.is_empty()) {
        Some(raw) => Some(parse_basis(raw).ok_or_else(|| {
            AppError::invalid("basis", "同意方式为 written、phone、in_person 或 online")
        })?),
        None if own => Some("online"),
        None if consent => {
            return Err(AppError::invalid(
                "basis",
                "代为记录同意时须注明方式：written（书面）、phone（电话）、in_person（当面）或 online（线上）",
            ));
        }
        None => None,
    };
    let now = Utc::now();
    let mut model: profile::ActiveModel = before.clone().into();
    model.consent_match = Set(consent);
    model.consent_basis = Set(basis_code.map(str::to_owned));
    model.consent_at = Set(Some(now));
    model.consent_by = Set(Some(actor.id()));
    if own {
        model.last_confirmed_at = Set(Some(now));
    }
    model.version = Set(before.version + 1);
    model.updated_at = Set(now);
    model.updated_by = Set(Some(actor.id()));
    let after = model.update(&*txn).await?;
    search_change::profile_changed(&*txn, id).await?;
    audit::record(
        &*txn,
        &actor.ctx(),
        Event::new(action::UPDATE, profile::Model::ENTITY, id)
            .detail(match (consent, note) {
                (true, Some(n)) => format!("记录同意对接：{n}"),
                (true, None) => "记录同意对接".to_owned(),
                (false, Some(n)) => format!("撤回同意对接：{n}"),
                (false, None) => "撤回同意对接".to_owned(),
            })
            .before(json!({"consent_match": before.consent_match}))
            .after(json!({"consent_match": consent, "consent_basis": basis_code})),
    )
    .await?;
    if !consent {
        close_open_entries(&*txn, actor, id, WITHDRAWN).await?;
    }
    txn.commit().await?;
    Ok(after)
}

/// Closes the person's open 对接 entries as `dropped` with `reason`, each audited.
pub async fn close_open_entries(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    profile_id: i64,
    reason: &str,
) -> AppResult<u64> {
    let open: Vec<&str> = [
        PipelineStatus::Recommended,
        PipelineStatus::Contacted,
        PipelineStatus::Negotiating,
    ]
    .iter()
    .map(|s| s.as_str())
    .collect();
    let entries = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::ProfileId.eq(profile_id))
        .filter(pipeline_entry::Column::Status.is_in(open))
        .all(conn)
        .await?;
    let now = Utc::now();
    let mut closed = 0;
    for e in entries {
        let note = if e.note.trim().is_empty() {
            reason.to_owned()
        } else {
            format!("{}；{reason}", e.note)
        };
        let mut m: pipeline_entry::ActiveModel = e.clone().into();
        m.status = Set(PipelineStatus::Dropped.as_str().into());
        m.note = Set(note);
        m.updated_at = Set(now);
        m.update(conn).await?;
        audit::record(
            conn,
            &actor.ctx(),
            Event::new(action::UPDATE, pipeline_entry::Model::ENTITY, e.id)
                .detail(reason)
                .before(json!({"status": e.status}))
                .after(json!({"status": PipelineStatus::Dropped.as_str()})),
        )
        .await?;
        closed += 1;
    }
    Ok(closed)
}

#[cfg(test)]
mod tests {
    use super::parse_basis;

    #[test]
    fn a_basis_is_a_code_or_a_wording_that_names_one() {
        assert_eq!(parse_basis("phone"), Some("phone"));
        assert_eq!(parse_basis("书面同意书"), Some("written"));
        assert_eq!(parse_basis("电话确认"), Some("phone"));
        assert_eq!(parse_basis("本人在线确认"), Some("online"));
        assert_eq!(parse_basis("听说的"), None);
    }
}
