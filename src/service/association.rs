//! 乡贤会 (village) and 乡贤联谊会 (township) records.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access};
use crate::db::Db;
use crate::domain::{CITY_CODE, RegionLevel, Role, limits};
use crate::entity::association;
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited};
use crate::service::guarded;
use crate::service::region::{self, RegionNames};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssociationReq {
    pub region_code: Option<String>,
    pub name: Option<String>,
    pub founded_on: Option<NaiveDate>,
    pub head: Option<String>,
    pub member_count: Option<i32>,
}

#[derive(Debug, Serialize)]
pub struct AssociationView {
    pub id: i64,
    pub region_code: String,
    pub region: String,
    /// `village_association` 乡贤会 or `township_federation` 乡贤联谊会.
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub name: String,
    pub founded_on: Option<NaiveDate>,
    pub head: String,
    pub member_count: i32,
    pub created_at: chrono::DateTime<Utc>,
    pub updated_at: chrono::DateTime<Utc>,
}

impl AssociationView {
    pub fn new(a: association::Model, names: &RegionNames) -> Self {
        let village = a.region_code.len() == 12;
        Self {
            id: a.id,
            region: names.local_name(&a.region_code),
            kind: if village {
                "village_association"
            } else {
                "township_federation"
            },
            kind_label: if village {
                "乡贤会"
            } else {
                "乡贤联谊会"
            },
            region_code: a.region_code,
            name: a.name,
            founded_on: a.founded_on,
            head: a.head,
            member_count: a.member_count,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

const WRITERS: &[Role] = &[Role::Organizer];
const READERS: &[Role] = &[Role::Organizer, Role::Staff];

/// 403 unless the caller keeps 乡贤会 records (organizers and administrators).
pub fn require_writer(actor: &CurrentUser) -> AppResult<()> {
    policy::require_role(actor, &[Role::Admin, Role::Organizer])
}

fn check_fields(req: &AssociationReq) -> AppResult<()> {
    use limits::association::{HEAD, MAX_MEMBERS, NAME};
    if let Some(name) = &req.name
        && (name.trim().chars().count() < NAME.min || name.chars().count() > NAME.max)
    {
        let (min, max) = (NAME.min, NAME.max);
        return Err(AppError::invalid(
            "name",
            format!("请填写 {min}–{max} 字的组织名称"),
        ));
    }
    if req
        .head
        .as_ref()
        .is_some_and(|h| h.chars().count() > HEAD.max)
    {
        let max = HEAD.max;
        return Err(AppError::invalid(
            "head",
            format!("负责人不超过 {max} 个字"),
        ));
    }
    if req
        .member_count
        .is_some_and(|c| !(0..=MAX_MEMBERS).contains(&c))
    {
        return Err(AppError::invalid(
            "member_count",
            format!("会员人数应在 0–{MAX_MEMBERS} 之间"),
        ));
    }
    if req.founded_on.is_some_and(|d| d > Utc::now().date_naive()) {
        return Err(AppError::invalid("founded_on", "成立日期不能晚于今天"));
    }
    Ok(())
}

pub async fn create(
    db: &Db,
    actor: &CurrentUser,
    req: AssociationReq,
) -> AppResult<association::Model> {
    check_fields(&req)?;
    let raw = req
        .region_code
        .as_deref()
        .ok_or_else(|| AppError::invalid("region_code", "请选择所在村或乡镇"))?;
    let levels = [RegionLevel::Township, RegionLevel::Village];
    let code = region::require(db.conn(), "region_code", raw, &levels, Some(CITY_CODE)).await?;
    policy::place_in(actor, "region_code", code.as_str(), WRITERS)?;
    let name = req
        .name
        .clone()
        .ok_or_else(|| AppError::invalid("name", "请填写组织名称"))?;
    let txn = db.write().await?;
    let exists = association::Entity::find()
        .filter(association::Column::RegionCode.eq(code.as_str()))
        .one(&*txn)
        .await?;
    if exists.is_some() {
        return Err(AppError::conflict(
            "duplicate",
            "该地区已登记乡贤组织，请修改原记录",
        ));
    }
    let now = Utc::now();
    let created = association::ActiveModel {
        region_code: Set(code.to_string()),
        name: Set(name.trim().to_owned()),
        founded_on: Set(req.founded_on),
        head: Set(req.head.unwrap_or_default().trim().to_owned()),
        member_count: Set(req.member_count.unwrap_or(0)),
        version: Set(1),
        created_by: Set(Some(actor.id())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::created(&*txn, &actor.ctx(), &created).await?;
    txn.commit().await?;
    Ok(created)
}

impl Audited for association::Model {
    const ENTITY: &'static str = "association";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> serde_json::Value {
        json!({"region_code": self.region_code, "name": self.name, "founded_on": self.founded_on,
               "head": self.head, "member_count": self.member_count})
    }
}

async fn load(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
    access: Access,
) -> AppResult<association::Model> {
    let found = association::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("乡贤组织"))?;
    policy::region(actor, &found.region_code, Access::Read, READERS)?;
    if access == Access::Write {
        policy::region(actor, &found.region_code, Access::Write, WRITERS)?;
    }
    Ok(found)
}

pub async fn update(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    req: AssociationReq,
) -> AppResult<association::Model> {
    check_fields(&req)?;
    if req.region_code.is_some() {
        return Err(AppError::invalid(
            "region_code",
            "不能修改所在地区；如登记错误请删除后重新登记",
        ));
    }
    let txn = db.write().await?;
    let before = load(&*txn, actor, id, Access::Write).await?;
    let mut m = <association::ActiveModel as Default>::default();
    if let Some(v) = req.name {
        m.name = Set(v.trim().to_owned());
    }
    if let Some(v) = req.founded_on {
        m.founded_on = Set(Some(v));
    }
    if let Some(v) = req.head {
        m.head = Set(v.trim().to_owned());
    }
    if let Some(v) = req.member_count {
        m.member_count = Set(v);
    }
    m.version = Set(before.version + 1);
    m.updated_at = Set(Utc::now());
    let guard = association::Column::Version.eq(before.version);
    let after = guarded::update(&*txn, id, m, guard).await?;
    audit::updated(&*txn, &actor.ctx(), &before, &after).await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn delete(db: &Db, actor: &CurrentUser, id: i64) -> AppResult<()> {
    let txn = db.write().await?;
    let before = load(&*txn, actor, id, Access::Write).await?;
    association::Entity::delete_by_id(id).exec(&*txn).await?;
    audit::deleted(&*txn, &actor.ctx(), &before).await?;
    txn.commit().await?;
    Ok(())
}

/// One record the caller may read (404 outside the scope).
pub async fn find(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
) -> AppResult<association::Model> {
    load(conn, actor, id, Access::Read).await
}

/// Associations in the subtree of `region` (default: the caller's scope).
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    region_filter: Option<&str>,
) -> AppResult<Vec<association::Model>> {
    let scope = actor
        .list_scope()
        .ok_or_else(|| AppError::forbidden("无权查看乡贤组织"))?;
    let prefix = match region_filter {
        Some(raw) => {
            let code = region::parse_code("region", raw)?;
            policy::region(actor, code.as_str(), Access::Read, READERS)?;
            code.to_string()
        }
        None => scope,
    };
    Ok(association::Entity::find()
        .filter(association::Column::RegionCode.starts_with(&prefix))
        .order_by_asc(association::Column::RegionCode)
        .all(conn)
        .await?)
}
