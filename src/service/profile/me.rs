//! A person's own rights: everything held about them, and erasure.

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::auth::session_store::DbSessionStore;
use crate::auth::{CurrentUser, policy};
use crate::db::Db;
use crate::domain::Role;
use crate::entity::{
    api_token, application, audit_event, notice, opening, pipeline_entry, profile, user,
};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited, Event, action};
use crate::service::search_change;

/// Everything the service holds about the caller, contacts unmasked.
pub async fn export(db: &Db, actor: &CurrentUser) -> AppResult<Value> {
    let conn = db.conn();
    let profiles = profile::Entity::find()
        .filter(profile::Column::OwnerUserId.eq(actor.id()))
        .all(conn)
        .await?;
    let ids: Vec<i64> = profiles.iter().map(|p| p.id).collect();
    let applications = application::Entity::find()
        .filter(application::Column::FounderUserId.eq(actor.id()))
        .all(conn)
        .await?;
    let pipeline = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::ProfileId.is_in(ids.clone()))
        .all(conn)
        .await?;
    // The link's hash and salt are not serialised: the person gets their answers, not keys.
    let invitations = crate::entity::event_invitation::Entity::find()
        .filter(crate::entity::event_invitation::Column::ProfileId.is_in(ids.clone()))
        .all(conn)
        .await?;
    let notices = notice::Entity::find()
        .filter(notice::Column::UserId.eq(actor.id()))
        .all(conn)
        .await?;
    let tokens = api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(actor.id()))
        .all(conn)
        .await?;
    let about_me = audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq(profile::Model::ENTITY))
        .filter(audit_event::Column::EntityId.is_in(ids.iter().map(|i| i.to_string())))
        .all(conn)
        .await?;
    let txn = db.write().await?;
    audit::record(
        &*txn,
        &actor.ctx(),
        Event::new(action::EXPORT, user::Model::ENTITY, actor.id()).detail("本人数据导出"),
    )
    .await?;
    txn.commit().await?;
    Ok(json!({
        "exported_at": Utc::now(),
        "account": {"id": actor.user.id, "username": actor.user.username, "role": actor.user.role,
                     "display_name": actor.user.display_name, "created_at": actor.user.created_at},
        "profiles": profiles,
        "applications": applications,
        "pipeline_entries": pipeline,
        "event_invitations": invitations,
        "notices": notices,
        "api_tokens": tokens,
        "audit_events_about_my_profile": about_me,
    }))
}

/// The self-service pages and erasure are for founders (the person themself).
pub fn guard(actor: &CurrentUser) -> AppResult<()> {
    policy::require_role(actor, &[Role::Founder])
}

/// The founder's own profile id, or 404 when there is none yet.
pub fn own_profile_id(actor: &CurrentUser) -> AppResult<i64> {
    guard(actor)?;
    actor
        .user
        .profile_id
        .ok_or_else(|| AppError::not_found("您的乡贤档案"))
}

/// The founder's own live profile, if any.
pub async fn own_profile(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
) -> AppResult<Option<profile::Model>> {
    guard(actor)?;
    match actor.user.profile_id {
        Some(id) => Ok(super::find_live(conn, id)
            .await
            .ok()
            .filter(|p| p.owner_user_id == Some(actor.id()))),
        None => Ok(None),
    }
}

/// What the audit log keeps of an erased person: the events, with every
/// personal field of their snapshots replaced.
const PERSONAL: &[&str] = &[
    "name",
    "gender",
    "birth_year",
    "hometown_code",
    "residence_code",
    "employer",
    "title",
    "education",
    "chains",
    "expertise",
    "bio",
    "intents",
    "capital_range",
    "mobile",
    "wechat",
    "email",
    "consent_basis",
    "tags",
    "display_name",
    "username",
    "plan",
];

/// The placeholder of an erased value.
pub const ERASED: &str = "[已删除]";

/// The name an erased person's record keeps.
pub const CLOSED_NAME: &str = "已注销";

/// Every profile that holds the person: those the account owns and the
/// drafts and duplicates retired into them.
async fn records_of(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
) -> AppResult<Vec<profile::Model>> {
    let mut found: Vec<profile::Model> = profile::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(profile::Column::OwnerUserId.eq(actor.id()))
                .add(profile::Column::Id.is_in(actor.user.profile_id)),
        )
        .all(conn)
        .await?;
    let mut frontier: Vec<i64> = found.iter().map(|p| p.id).collect();
    while !frontier.is_empty() {
        let more = profile::Entity::find()
            .filter(profile::Column::MergedInto.is_in(frontier.clone()))
            .all(conn)
            .await?;
        frontier = more
            .iter()
            .filter(|m| !found.iter().any(|f| f.id == m.id))
            .map(|m| m.id)
            .collect();
        found.extend(more.into_iter().filter(|m| frontier.contains(&m.id)));
    }
    Ok(found)
}

/// Erases the caller: their profile and every retired draft anonymised (out
/// of search and matching), personal fields of the audit snapshots about them
/// replaced by `[已删除]` (the events kept), open 对接 entries closed, pending
/// applications withdrawn and an accepted one's unit freed, event invitations
/// (RSVP links) removed with a held seat passed on, notices, tokens
/// and sessions gone, the account closed. Founders only.
pub async fn erase(db: &Db, actor: &CurrentUser) -> AppResult<()> {
    guard(actor)?;
    let txn = db.write().await?;
    let now = Utc::now();
    let records = records_of(&*txn, actor).await?;
    let ids: Vec<i64> = records.iter().map(|p| p.id).collect();
    for p in records {
        let id = p.id;
        anonymise(&*txn, p, now).await?;
        super::consent::close_open_entries(&*txn, actor, id, "本人注销").await?;
    }
    redact_audit(&*txn, actor, profile::Model::ENTITY, &ids).await?;
    redact_audit(&*txn, actor, user::Model::ENTITY, &[actor.id()]).await?;
    withdraw_applications(&*txn, actor).await?;
    crate::service::organization::members::forget_profiles(&*txn, &ids).await?;
    crate::service::service_request::write::forget_founder(&*txn, actor.id()).await?;
    crate::service::event::rsvp::erase_for(&*txn, &actor.ctx(), &ids).await?;
    for id in &ids {
        audit::record(
            &*txn,
            &actor.ctx(),
            Event::new(action::DELETE, profile::Model::ENTITY, *id)
                .detail("本人申请删除，档案已匿名化"),
        )
        .await?;
    }
    api_token::Entity::delete_many()
        .filter(api_token::Column::UserId.eq(actor.id()))
        .exec(&*txn)
        .await?;
    notice::Entity::delete_many()
        .filter(notice::Column::UserId.eq(actor.id()))
        .exec(&*txn)
        .await?;
    crate::service::notify::forget(&*txn, &ids, Some(actor.id())).await?;
    let mut u: user::ActiveModel = actor.user.clone().into();
    u.disabled = Set(true);
    u.username = Set(format!("deleted-{}", actor.id()));
    u.display_name = Set("已注销".into());
    u.password_hash = Set(String::new());
    u.profile_id = Set(None);
    u.auth_epoch = Set(actor.user.auth_epoch + 1);
    u.updated_at = Set(now);
    u.update(&*txn).await?;
    DbSessionStore::delete_for_user(&*txn, actor.id(), None).await?;
    audit::record(
        &*txn,
        &actor.ctx(),
        Event::new(action::DELETE, user::Model::ENTITY, actor.id()).detail("本人注销账号"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Replaces the personal fields of `p` with nothing (the name with 已注销), takes it out
/// of lists, search and matching, and deletes it if it is not deleted yet. The caller
/// redacts the audit snapshots about it ([`redact_audit`]).
pub(crate) async fn anonymise(
    conn: &impl ConnectionTrait,
    p: profile::Model,
    now: chrono::DateTime<Utc>,
) -> AppResult<()> {
    let id = p.id;
    let mut m: profile::ActiveModel = p.clone().into();
    m.name = Set(CLOSED_NAME.into());
    m.gender = Set(None);
    m.birth_year = Set(None);
    m.residence_code = Set(None);
    m.employer = Set(String::new());
    m.title = Set(String::new());
    m.education = Set(None);
    m.expertise = Set(String::new());
    m.bio = Set(String::new());
    m.capital_range = Set(None);
    m.mobile = Set(None);
    m.wechat = Set(None);
    m.email = Set(None);
    m.mobile_hash = Set(None);
    m.contact_note = Set(None);
    m.residence_text = Set(None);
    m.tags = Set("[]".into());
    m.consent_match = Set(false);
    m.consent_basis = Set(None);
    m.listed = Set(false);
    m.owner_user_id = Set(None);
    if p.deleted_at.is_none() {
        m.deleted_at = Set(Some(now));
    }
    m.version = Set(p.version + 1);
    m.updated_at = Set(now);
    m.update(conn).await?;
    search_change::profile_changed(conn, id).await?;
    crate::service::notify::forget(conn, &[id], None).await?;
    Ok(())
}

/// Replaces the personal fields of the audit snapshots about these records
/// through the audit service, which keeps the hash chain verifiable.
pub(crate) async fn redact_audit(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    entity: &str,
    ids: &[i64],
) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let events: Vec<i64> = audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq(entity))
        .filter(audit_event::Column::EntityId.is_in(ids.iter().map(|i| i.to_string())))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    audit::redact(conn, &actor.ctx(), &events, PERSONAL).await?;
    Ok(())
}

/// Withdraws the founder's applications still under way; an accepted one
/// (not yet moved in) gives its unit back to the opening.
async fn withdraw_applications(conn: &impl ConnectionTrait, actor: &CurrentUser) -> AppResult<()> {
    use crate::domain::ApplicationStatus as S;
    let open = [S::Submitted, S::Reviewing, S::Accepted].map(|s| s.as_str());
    let apps = application::Entity::find()
        .filter(application::Column::FounderUserId.eq(actor.id()))
        .filter(application::Column::Status.is_in(open))
        .all(conn)
        .await?;
    let now = Utc::now();
    for a in apps {
        if a.status == S::Accepted.as_str() {
            opening::Entity::update_many()
                .col_expr(
                    opening::Column::UnitsAvailable,
                    Expr::col(opening::Column::UnitsAvailable).add(1),
                )
                .filter(opening::Column::Id.eq(a.opening_id))
                .exec(conn)
                .await?;
        }
        application::Entity::update_many()
            .set(application::ActiveModel {
                status: Set(S::Rejected.as_str().into()),
                note: Set("申请人已注销账号，申请撤回".into()),
                plan: Set(ERASED.into()),
                updated_at: Set(now),
                ..Default::default()
            })
            .filter(application::Column::Id.eq(a.id))
            .exec(conn)
            .await?;
        audit::record(
            conn,
            &actor.ctx(),
            Event::new(action::UPDATE, application::Model::ENTITY, a.id)
                .detail("申请人注销，申请撤回")
                .before(json!({"status": a.status}))
                .after(json!({"status": S::Rejected.as_str()})),
        )
        .await?;
    }
    Ok(())
}
