//! Accounts: creation and administration; sign-in and password changes in
//! [`credentials`].

mod credentials;

pub use credentials::{authenticate, change_password, verify_current};
use credentials::{check_history, own_mobile, remember, revoke_tokens};

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::password::{self, PasswordPolicy};
use crate::db::Db;
use crate::domain::limits::Text;
use crate::domain::limits::account::{DISPLAY_NAME, USERNAME};
use crate::domain::{RegionCode, Role};
use crate::entity::{incubator, region, user};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited, Ctx};
use crate::service::guarded;

/// `POST /api/v1/users`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateUserReq {
    pub username: String,
    pub password: String,
    pub role: Role,
    pub scope: Option<String>,
    pub incubator_id: Option<i64>,
    pub display_name: Option<String>,
}

/// `PATCH /api/v1/users/{id}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserReq {
    pub disabled: Option<bool>,
    pub password: Option<String>,
    pub role: Option<Role>,
    pub scope: Option<String>,
    pub incubator_id: Option<i64>,
    pub display_name: Option<String>,
}

/// A user as the API shows it.
#[derive(Debug, Serialize)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub scope: Option<String>,
    pub scope_name: Option<String>,
    pub incubator_id: Option<i64>,
    pub profile_id: Option<i64>,
    pub disabled: bool,
    pub created_at: chrono::DateTime<Utc>,
}

impl UserView {
    pub fn new(u: user::Model, scope_name: Option<String>) -> Self {
        Self {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            scope: u.scope_code,
            scope_name,
            incubator_id: u.incubator_id,
            profile_id: u.profile_id,
            disabled: u.disabled,
            created_at: u.created_at,
        }
    }
}

pub async fn view(conn: &impl ConnectionTrait, u: user::Model) -> AppResult<UserView> {
    let scope_name = match &u.scope_code {
        Some(code) => region::Entity::find_by_id(code.clone())
            .one(conn)
            .await?
            .map(|r| r.name),
        None => None,
    };
    Ok(UserView::new(u, scope_name))
}

/// Usernames: 3–64 (`limits::account::USERNAME`) of letters, digits, `_`, `-`, `.`, `@`.
pub fn check_username(raw: &str) -> AppResult<String> {
    let name = raw.trim();
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-.@".contains(c));
    let Text { min, max } = USERNAME;
    if !(min..=max).contains(&name.len()) || !ok_chars {
        return Err(AppError::invalid(
            "username",
            format!("用户名为 {min}–{max} 位字母、数字或 _ - . @"),
        ));
    }
    Ok(name.to_lowercase())
}

/// Validates role-specific scope fields; returns (scope_code, incubator_id).
async fn check_scope(
    conn: &impl ConnectionTrait,
    role: Role,
    scope: Option<&str>,
    incubator_id: Option<i64>,
) -> AppResult<(Option<String>, Option<i64>)> {
    match role {
        Role::Admin | Role::Founder => Ok((None, None)),
        Role::Staff | Role::Organizer => {
            let raw = scope
                .ok_or_else(|| AppError::invalid("scope", "工作人员和组织者必须指定管辖地区"))?;
            let code = RegionCode::parse(raw).map_err(|m| AppError::invalid("scope", m))?;
            if !code.is_within("4212") {
                return Err(AppError::invalid(
                    "scope",
                    "管辖地区必须在咸宁市（4212）范围内",
                ));
            }
            let allowed = match role {
                Role::Staff => code.as_str().len() <= 6,
                _ => code.as_str().len() >= 9,
            };
            if !allowed {
                let msg = if role == Role::Staff {
                    "工作人员的管辖范围是市或县（区）"
                } else {
                    "组织者的管辖范围是乡镇或村"
                };
                return Err(AppError::invalid("scope", msg));
            }
            if region::Entity::find_by_id(code.as_str().to_owned())
                .one(conn)
                .await?
                .is_none()
            {
                return Err(AppError::invalid("scope", format!("地区 {code} 不存在")));
            }
            Ok((Some(code.to_string()), None))
        }
        Role::Operator => {
            let id = incubator_id.ok_or_else(|| {
                AppError::invalid("incubator_id", "孵化载体运营方必须指定孵化载体")
            })?;
            if incubator::Entity::find_by_id(id).one(conn).await?.is_none() {
                return Err(AppError::invalid(
                    "incubator_id",
                    format!("孵化载体 {id} 不存在"),
                ));
            }
            Ok((None, Some(id)))
        }
    }
}

/// Creates an account under the `nist` rules (CLI, tests); see [`create_with`].
pub async fn create(db: &Db, ctx: &Ctx, req: CreateUserReq) -> AppResult<user::Model> {
    create_with(db, ctx, req, PasswordPolicy::Nist).await
}

/// Creates an account (admin API and pages) under the configured password rules.
pub async fn create_with(
    db: &Db,
    ctx: &Ctx,
    req: CreateUserReq,
    policy: PasswordPolicy,
) -> AppResult<user::Model> {
    let username = check_username(&req.username)?;
    policy.check("password", &req.password, &username, None)?;
    let (scope, incubator_id) =
        check_scope(db.conn(), req.role, req.scope.as_deref(), req.incubator_id).await?;
    let hash = password::hash(req.password).await?;
    let txn = db.write().await?;
    let created = insert(
        &*txn,
        ctx,
        &username,
        hash,
        req.role,
        scope,
        incubator_id,
        req.display_name,
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Inserts an account inside the caller's transaction (registration also creates a profile).
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    username: &str,
    password_hash: String,
    role: Role,
    scope: Option<String>,
    incubator_id: Option<i64>,
    display_name: Option<String>,
) -> AppResult<user::Model> {
    let exists = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .count(conn)
        .await?;
    if exists > 0 {
        return Err(AppError::conflict(
            "duplicate",
            format!("用户名 {username} 已被使用"),
        ));
    }
    let now = Utc::now();
    let model = user::ActiveModel {
        username: Set(username.to_owned()),
        password_hash: Set(password_hash),
        role: Set(role.as_str().to_owned()),
        scope_code: Set(scope),
        incubator_id: Set(incubator_id),
        display_name: Set(display_name
            .unwrap_or_else(|| username.to_owned())
            .chars()
            .take(DISPLAY_NAME.max)
            .collect()),
        disabled: Set(false),
        auth_epoch: Set(0),
        profile_id: Set(None),
        must_change_password: Set(false),
        password_changed_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    audit::created(conn, ctx, &model).await?;
    Ok(model)
}

impl Audited for user::Model {
    const ENTITY: &'static str = "user";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> serde_json::Value {
        json!({"username": self.username, "role": self.role, "scope": self.scope_code,
               "incubator_id": self.incubator_id, "disabled": self.disabled})
    }
}

/// Administrators manage other accounts; nobody may disable or demote
/// themself, and the last active administrator stays. A password set here
/// must be changed by its user at the next sign-in (unless they set it for
/// themself); a new password or disabling ends the user's tokens.
pub async fn update(
    db: &Db,
    ctx: &Ctx,
    actor_id: i64,
    id: i64,
    req: UpdateUserReq,
    policy: PasswordPolicy,
) -> AppResult<user::Model> {
    let target = user::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or_else(|| AppError::not_found("用户"))?;
    if let Some(p) = &req.password {
        let mobile = own_mobile(db.conn(), &target).await?;
        policy.check("password", p, &target.username, mobile.as_deref())?;
        if policy == PasswordPolicy::Dengbao {
            check_history(db.conn(), &target, p).await?;
        }
    }
    let new_hash = match req.password.clone() {
        Some(p) => Some(password::hash(p).await?),
        None => None,
    };
    let txn = db.write().await?;
    let before = user::Entity::find_by_id(id)
        .one(&*txn)
        .await?
        .ok_or_else(|| AppError::not_found("用户"))?;
    let old_role = Role::parse(&before.role).map_err(|m| AppError::Internal(anyhow::anyhow!(m)))?;
    let role = req.role.unwrap_or(old_role);
    let disabling = req.disabled == Some(true) && !before.disabled;
    let demoting = old_role == Role::Admin && role != Role::Admin;
    if id == actor_id && (disabling || demoting) {
        return Err(AppError::forbidden(
            "管理员不能停用自己或取消自己的管理员身份",
        ));
    }
    if old_role == Role::Admin && !before.disabled && (disabling || demoting) {
        let active_admins = user::Entity::find()
            .filter(user::Column::Role.eq(Role::Admin.as_str()))
            .filter(user::Column::Disabled.eq(false))
            .count(&*txn)
            .await?;
        if active_admins <= 1 {
            return Err(AppError::conflict(
                "last_admin",
                "这是最后一个启用的管理员，不能停用",
            ));
        }
    }
    let role_changed = role != old_role;
    let (scope, incubator_id) = if role_changed || req.scope.is_some() || req.incubator_id.is_some()
    {
        check_scope(
            &*txn,
            role,
            req.scope.as_deref().or(if role_changed {
                None
            } else {
                before.scope_code.as_deref()
            }),
            req.incubator_id.or(if role_changed {
                None
            } else {
                before.incubator_id
            }),
        )
        .await?
    } else {
        (before.scope_code.clone(), before.incubator_id)
    };
    let mut model: user::ActiveModel = before.clone().into();
    model.role = Set(role.as_str().to_owned());
    model.scope_code = Set(scope);
    model.incubator_id = Set(incubator_id);
    if let Some(d) = req.disabled {
        model.disabled = Set(d);
    }
    if let Some(name) = req.display_name {
        model.display_name = Set(name.trim().chars().take(DISPLAY_NAME.max).collect());
    }
    let resets = new_hash.is_some();
    if let Some(hash) = new_hash {
        remember(&*txn, &before).await?;
        model.password_hash = Set(hash);
        // A reset ends the user's sessions everywhere.
        model.auth_epoch = Set(before.auth_epoch + 1);
        model.password_changed_at = Set(Some(Utc::now()));
        model.must_change_password = Set(id != actor_id);
    }
    model.updated_at = Set(Utc::now());
    // Two administrators changing one account at once: the second is told, not overwritten.
    let guard = user::Column::UpdatedAt.eq(before.updated_at);
    let after = guarded::update(&*txn, id, model, guard).await?;
    if resets || disabling {
        revoke_tokens(&*txn, id).await?;
    }
    audit::updated(&*txn, ctx, &before, &after).await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn list(conn: &impl ConnectionTrait) -> AppResult<Vec<user::Model>> {
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Id)
        .all(conn)
        .await?)
}

/// One account, for the administrators' pages.
pub async fn find(conn: &impl ConnectionTrait, id: i64) -> AppResult<user::Model> {
    user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("用户"))
}
