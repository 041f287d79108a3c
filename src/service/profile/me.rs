//! A person's own rights: everything held about them, and erasure.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::auth::CurrentUser;
use crate::auth::session_store::DbSessionStore;
use crate::db::Db;
use crate::entity::{api_token, application, audit_event, notice, pipeline_entry, profile, user};
use crate::error::AppResult;
use crate::service::audit::{self, Event, action};
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
    let notices = notice::Entity::find()
        .filter(notice::Column::UserId.eq(actor.id()))
        .all(conn)
        .await?;
    let tokens = api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(actor.id()))
        .all(conn)
        .await?;
    let about_me = audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq("profile"))
        .filter(audit_event::Column::EntityId.is_in(ids.iter().map(|i| i.to_string())))
        .all(conn)
        .await?;
    let txn = db.write().await?;
    audit::record(
        &*txn,
        &actor.ctx(),
        Event::new(action::EXPORT, "user", actor.id()).detail("本人数据导出"),
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
        "notices": notices,
        "api_tokens": tokens,
        "audit_events_about_my_profile": about_me,
    }))
}

/// Erases the caller's profile (anonymised, out of search and matching) and
/// closes the account: sessions end, tokens are revoked.
pub async fn erase(db: &Db, actor: &CurrentUser) -> AppResult<()> {
    let txn = db.write().await?;
    let now = Utc::now();
    for p in profile::Entity::find()
        .filter(profile::Column::OwnerUserId.eq(actor.id()))
        .all(&*txn)
        .await?
    {
        let id = p.id;
        let mut m: profile::ActiveModel = p.clone().into();
        m.name = Set("已注销".into());
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
        m.tags = Set("[]".into());
        m.consent_match = Set(false);
        m.listed = Set(false);
        m.owner_user_id = Set(None);
        m.deleted_at = Set(Some(now));
        m.version = Set(p.version + 1);
        m.updated_at = Set(now);
        m.update(&*txn).await?;
        search_change::profile_changed(&*txn, id).await?;
        audit::record(
            &*txn,
            &actor.ctx(),
            Event::new(action::DELETE, "profile", id).detail("本人申请删除，档案已匿名化"),
        )
        .await?;
    }
    api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(api_token::Column::UserId.eq(actor.id()))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(&*txn)
        .await?;
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
        Event::new(action::DELETE, "user", actor.id()).detail("本人注销账号"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
