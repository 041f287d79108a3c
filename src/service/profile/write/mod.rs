//! Writes to profiles: each in one transaction with its audit event and its
//! search change, so the index and the log never miss one. New rows are made
//! in [`insert`].

mod insert;

pub use insert::{insert, insert_many};

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, Set};
use serde_json::json;

use super::duplicates::{self, Found};
use super::input::{ProfileFields, ProfileReq, validate};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProfileAction};
use crate::db::Db;
use crate::domain::Role;
use crate::entity::json_list::to_json_list;
use crate::entity::profile;
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited, Event, action};
use crate::service::{guarded, search_change};

/// Creates a profile; organizers may only place it inside their scope. A
/// likely duplicate (same name and hometown, or same mobile) answers 409
/// `duplicate`: with the existing id when the caller may read it, otherwise
/// as a warning without detail; `force` saves anyway (namesakes in one village
/// are common). Identical creates are serialised, so two simultaneous posts
/// make one record.
pub async fn create(db: &Db, actor: &CurrentUser, req: ProfileReq) -> AppResult<profile::Model> {
    if req.version.is_some() {
        return Err(AppError::invalid("version", "新建档案时不能指定 version"));
    }
    if req.name.is_none() {
        return Err(AppError::invalid("name", "请填写姓名"));
    }
    let Some(hometown) = req.hometown_code.clone() else {
        return Err(AppError::invalid(
            "hometown_code",
            "请填写籍贯（村或乡镇代码）",
        ));
    };
    policy::require_role(actor, &[Role::Admin, Role::Organizer])?;
    let force = req.force.unwrap_or(false);
    let fields = validate(db.conn(), req).await?;
    policy::place_in(actor, "hometown_code", hometown.trim(), &[Role::Organizer])?;
    let name = fields.name.clone().unwrap_or_default();
    let home = fields
        .hometown
        .as_ref()
        .map(|h| h.to_string())
        .unwrap_or_default();
    let mobile = fields
        .mobile
        .clone()
        .flatten()
        .map(|m| m.as_str().to_owned());
    let txn = db.write().await?;
    duplicates::lock_keys(&*txn, &name, &home, mobile.as_deref()).await?;
    match duplicates::find_for_create(&*txn, actor, &name, &home, mobile.as_deref()).await? {
        Found::None => {}
        Found::Readable { id, .. } if !force => {
            return Err(duplicates::readable_duplicate(id));
        }
        Found::Readable { .. } => {}
        Found::Hidden { id, by_mobile } if !force => {
            if by_mobile {
                // Telling that a mobile is on file confirms a contact: a reveal.
                drop(txn);
                let counted = db.write().await?;
                match super::reveal::record(&*counted, actor, id, "verify", Some("新建档案查重"))
                    .await
                {
                    Ok(()) => counted.commit().await?,
                    Err(e @ AppError::Limit { .. }) => {
                        drop(counted);
                        super::reveal::notify_limit(db, actor).await?;
                        return Err(e);
                    }
                    Err(e) => return Err(e),
                }
            }
            return Err(duplicates::hidden_duplicate());
        }
        Found::Hidden { .. } => {}
    }
    let created = insert(&*txn, actor, fields, None).await?;
    txn.commit().await?;
    Ok(created)
}

/// Whether `actor` may create profiles at all (the new-profile page asks).
pub fn may_create(actor: &CurrentUser) -> AppResult<()> {
    policy::require_role(actor, &[Role::Admin, Role::Organizer])
}

/// Copies the given fields onto the model; consent carries who and when.
fn apply(m: &mut profile::ActiveModel, f: ProfileFields, by: i64) {
    if let Some(v) = f.name {
        m.name = Set(v);
    }
    if let Some(v) = f.gender {
        m.gender = Set(v.map(|g| g.as_str().into()));
    }
    if let Some(v) = f.birth_year {
        m.birth_year = Set(v);
    }
    if let Some(v) = f.hometown {
        m.county_code = Set(v.county().map(|c| c.to_string()).unwrap_or_default());
        m.hometown_code = Set(v.to_string());
    }
    if let Some(v) = f.residence {
        m.residence_code = Set(v.map(|c| c.to_string()));
    }
    if let Some(v) = f.employer {
        m.employer = Set(v);
    }
    if let Some(v) = f.title {
        m.title = Set(v);
    }
    if let Some(v) = f.education {
        m.education = Set(v.map(|e| e.as_str().into()));
    }
    if let Some(v) = f.chains {
        m.chains = Set(to_json_list(
            &v.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        ));
    }
    if let Some(v) = f.expertise {
        m.expertise = Set(v);
    }
    if let Some(v) = f.bio {
        m.bio = Set(v);
    }
    if let Some(v) = f.intents {
        m.intents = Set(to_json_list(
            &v.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        ));
    }
    if let Some(v) = f.capital_range {
        m.capital_range = Set(v.map(|c| c.as_str().into()));
    }
    if let Some(v) = f.mobile {
        m.mobile = Set(v.map(|x| x.as_str().into()));
        m.hash_mobile();
    }
    if let Some(v) = f.wechat {
        m.wechat = Set(v.map(Into::into));
    }
    if let Some(v) = f.email {
        m.email = Set(v.map(Into::into));
    }
    if let Some(v) = f.listed {
        m.listed = Set(v);
    }
    if let Some(v) = f.tier {
        m.tier = Set(v.as_str().into());
    }
    if let Some(v) = f.tags {
        m.tags = Set(to_json_list(&v));
    }
    if let Some(v) = f.contact_note {
        m.contact_note = Set(v);
    }
    if let Some(v) = f.residence_text {
        m.residence_text = Set(v);
    }
    if let Some(consent) = f.consent_match {
        set_consent(m, consent, f.consent_basis.flatten(), by);
    } else if let Some(basis) = f.consent_basis {
        m.consent_basis = Set(basis);
    }
}

fn set_consent(m: &mut profile::ActiveModel, consent: bool, basis: Option<String>, by: i64) {
    m.consent_match = Set(consent);
    m.consent_basis = Set(basis);
    m.consent_at = Set(Some(Utc::now()));
    m.consent_by = Set(Some(by));
}

/// Writes `model` only if the row still has `expected` version: of two
/// editors who saw the same version, exactly one wins; the other gets 409.
async fn save_versioned(
    conn: &impl ConnectionTrait,
    before: &profile::Model,
    mut model: profile::ActiveModel,
    actor: &CurrentUser,
) -> AppResult<profile::Model> {
    model.version = Set(before.version + 1);
    model.updated_at = Set(Utc::now());
    model.updated_by = Set(Some(actor.id()));
    let guard = profile::Column::Version.eq(before.version);
    let after = guarded::update(conn, before.id, model, guard).await?;
    search_change::profile_changed(conn, after.id).await?;
    Ok(after)
}

/// `PATCH`: requires the version the editor saw.
pub async fn update(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    req: ProfileReq,
) -> AppResult<profile::Model> {
    let version = req.version.ok_or_else(|| {
        AppError::invalid("version", "请提供档案的 version（修改前读取到的版本号）")
    })?;
    let new_hometown = req.hometown_code.clone();
    let fields = validate(db.conn(), req).await?;
    if actor.is(Role::Founder) && fields.tier.is_some() {
        return Err(AppError::invalid(
            "tier",
            "人才层级由组织者评定，本人不能修改",
        ));
    }
    let txn = db.write().await?;
    let before = super::load(&*txn, actor, id, ProfileAction::Edit).await?;
    if before.version != version {
        return Err(AppError::stale_version());
    }
    let consent_change = fields.consent_match.is_some() || fields.consent_basis.is_some();
    if consent_change {
        super::consent::check_person(actor, &before)?;
    }
    // A self-registered draft is listed by an organizer's verification, not
    // by its owner (whose wish to be listed takes effect then).
    let mut fields = fields;
    if actor.is(Role::Founder) && !before.listed && !before.verified {
        fields.listed = None;
    }
    if let Some(code) = &new_hometown
        && code.trim() != before.hometown_code
        && !actor.is(Role::Founder)
    {
        policy::place_in(actor, "hometown_code", code.trim(), &[Role::Organizer])?;
    }
    let mut model = <profile::ActiveModel as Default>::default();
    apply(&mut model, fields, actor.id());
    // The person's own edit confirms the record (freshness).
    if actor.is(Role::Founder) {
        model.last_confirmed_at = Set(Some(Utc::now()));
    }
    let after = save_versioned(&*txn, &before, model, actor).await?;
    if before.consent_match && !after.consent_match {
        super::consent::close_open_entries(&*txn, actor, id, super::consent::WITHDRAWN).await?;
    }
    audit::updated(&*txn, &actor.ctx(), &before, &after).await?;
    txn.commit().await?;
    Ok(after)
}

/// Whether the given fields would change the profile (consent timestamps aside).
pub fn differs(existing: &profile::Model, fields: &ProfileFields) -> bool {
    let mut model: profile::ActiveModel = existing.clone().into();
    apply(
        &mut model,
        fields.clone(),
        existing.consent_by.unwrap_or_default(),
    );
    match sea_orm::TryIntoModel::try_into_model(model) {
        Ok(mut after) => {
            after.consent_at = existing.consent_at;
            after.consent_by = existing.consent_by;
            after != *existing
        }
        Err(_) => true,
    }
}

/// Writes the given fields over an existing profile (import of a known person).
pub async fn fill_in(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    existing: &profile::Model,
    fields: ProfileFields,
) -> AppResult<profile::Model> {
    let mut model = <profile::ActiveModel as Default>::default();
    apply(&mut model, fields, actor.id());
    let after = save_versioned(conn, existing, model, actor).await?;
    audit::record(
        conn,
        &actor.ctx(),
        Event::updated(existing, &after).detail("表格导入更新"),
    )
    .await?;
    Ok(after)
}

/// Soft delete: the row stays for the audit trail, out of every list and the index.
pub async fn delete(db: &Db, actor: &CurrentUser, id: i64) -> AppResult<()> {
    let txn = db.write().await?;
    let before = super::load(&*txn, actor, id, ProfileAction::Delete).await?;
    let model = profile::ActiveModel {
        deleted_at: Set(Some(Utc::now())),
        ..Default::default()
    };
    save_versioned(&*txn, &before, model, actor).await?;
    audit::deleted(&*txn, &actor.ctx(), &before).await?;
    txn.commit().await?;
    Ok(())
}

/// Marks a profile verified and confirmed today.
pub async fn verify(db: &Db, actor: &CurrentUser, id: i64) -> AppResult<profile::Model> {
    let txn = db.write().await?;
    let before = super::load(&*txn, actor, id, ProfileAction::Verify).await?;
    let after = verify_in(&*txn, actor, before, false).await?;
    txn.commit().await?;
    Ok(after)
}

/// [`verify`] in the caller's transaction, on a profile the caller may verify; `list` also
/// lists it (an accepted 扫码登记).
pub async fn verify_in(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    before: profile::Model,
    list: bool,
) -> AppResult<profile::Model> {
    let now = Utc::now();
    // A self-registered draft (written by its own account) waits unlisted for its first
    // verification; a profile an organizer chose to keep unlisted stays so.
    let self_registered = !before.verified
        && before.owner_user_id.is_some()
        && before.created_by == before.owner_user_id;
    let model = profile::ActiveModel {
        verified: Set(true),
        listed: if list || self_registered {
            Set(true)
        } else {
            sea_orm::ActiveValue::NotSet
        },
        verified_at: Set(Some(now)),
        verified_by: Set(Some(actor.id())),
        last_confirmed_at: Set(Some(now)),
        ..Default::default()
    };
    let after = save_versioned(conn, &before, model, actor).await?;
    audit::record(
        conn,
        &actor.ctx(),
        Event::new(action::UPDATE, profile::Model::ENTITY, before.id)
            .detail("核实档案")
            .after(json!({"verified": true})),
    )
    .await?;
    Ok(after)
}
