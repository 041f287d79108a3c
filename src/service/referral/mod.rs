//! 以商招商: who referred a project lead — a person of the registry or a
//! company (one of the plan's, or any other by name) — linked to the project,
//! and credited when the project lands (in the transaction of that move).
//! Staff who may read the project record and list its referrals; a referring
//! person must be one the caller may read, else the id does not exist.

pub mod view;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::CurrentUser;
use crate::auth::policy::{Access, ProfileAction};
use crate::db::Db;
use crate::domain::company::{plan, same_company};
use crate::domain::{Role, limits};
use crate::entity::{project, referral};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited, Event};
use crate::service::{fields, profile, project as projects};

pub use view::{ReferralView, views};

/// `referrer_kind` of a person of the registry.
pub const PROFILE: &str = "profile";
/// `referrer_kind` of a company.
pub const COMPANY: &str = "company";

impl Audited for referral::Model {
    const ENTITY: &'static str = "referral";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> Value {
        json!({
            "project_id": self.project_id, "referrer_kind": self.referrer_kind,
            "profile_id": self.profile_id, "company_name": self.company_name,
            "note": self.note, "credited_at": self.credited_at,
        })
    }
}

/// `POST /api/v1/referrals`: exactly one of `profile_id` and `company`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralReq {
    pub project_id: Option<i64>,
    pub profile_id: Option<i64>,
    /// A company of the plan's lists (any spelling of it) or another by name.
    pub company: Option<String>,
    pub note: Option<String>,
}

/// Filters of `GET /api/v1/referrals`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralFilter {
    pub project: Option<i64>,
    pub profile: Option<i64>,
    pub credited: Option<bool>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// Records a referral on a project the caller may change. The referring
/// person must be one the caller may read (else 404, as for a missing id); a
/// company is stored as the plan spells it when it is one of the plan's. On a
/// project that has already landed the referral counts at once.
pub async fn create(db: &Db, actor: &CurrentUser, req: ReferralReq) -> AppResult<referral::Model> {
    projects::require_works_on_projects(actor)?;
    let project_id = fields::required("project_id", req.project_id, "项目 id")?;
    let note = fields::text(
        "note",
        req.note.as_deref().unwrap_or(""),
        limits::referral::NOTE,
    )?;
    let company = fields::non_blank(&req.company)
        .map(|c| fields::text("company", c, limits::referral::COMPANY))
        .transpose()?;
    let txn = db.write().await?;
    let p = projects::load(&*txn, actor, project_id, Access::Write).await?;
    let (kind, profile_id, company_name) = match (req.profile_id, company) {
        (Some(id), None) => {
            let person = profile::load(&*txn, actor, id, ProfileAction::Read).await?;
            (PROFILE, Some(person.id), String::new())
        }
        (None, Some(name)) => {
            let name = plan::plan_name(&name).map(str::to_owned).unwrap_or(name);
            (COMPANY, None, name)
        }
        (Some(_), Some(_)) => {
            return Err(AppError::invalid(
                "company",
                "引荐人是一位乡贤（profile_id）或一家企业（company），只填其一",
            ));
        }
        (None, None) => {
            return Err(AppError::invalid(
                "profile_id",
                "请填写引荐的乡贤（profile_id）或企业（company）",
            ));
        }
    };
    let same_referrer = referral::Entity::find()
        .filter(referral::Column::ProjectId.eq(p.id))
        .all(&*txn)
        .await?
        .into_iter()
        .any(|r| match profile_id {
            Some(id) => r.profile_id == Some(id),
            None => r.referrer_kind == COMPANY && same_company(&r.company_name, &company_name),
        });
    if same_referrer {
        return Err(AppError::conflict(
            "duplicate",
            "该引荐人已登记过这个项目的引荐",
        ));
    }
    let now = Utc::now();
    let created = referral::ActiveModel {
        project_id: Set(p.id),
        referrer_kind: Set(kind.to_owned()),
        profile_id: Set(profile_id),
        company_name: Set(company_name),
        note: Set(note),
        created_by: Set(Some(actor.id())),
        created_at: Set(now),
        credited_at: Set(p.landed_at.map(|_| now)),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::created(&*txn, &actor.ctx(), &created).await?;
    txn.commit().await?;
    Ok(created)
}

/// Credits every referral of `project_id` not yet credited, each audited:
/// called in the transaction that moves the project to 已落地.
pub async fn credit_landed(
    conn: &impl ConnectionTrait,
    ctx: &audit::Ctx,
    project_id: i64,
    at: DateTime<Utc>,
) -> AppResult<()> {
    let open = referral::Entity::find()
        .filter(referral::Column::ProjectId.eq(project_id))
        .filter(referral::Column::CreditedAt.is_null())
        .all(conn)
        .await?;
    for before in open {
        let mut change: referral::ActiveModel = before.clone().into();
        change.credited_at = Set(Some(at));
        let after = change.update(conn).await?;
        let event = Event::updated(&before, &after).detail("项目已落地，引荐计入");
        audit::record(conn, ctx, event).await?;
    }
    Ok(())
}

/// One page of the referrals on projects the caller may read, newest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    filter: &ReferralFilter,
    page: u64,
    per_page: u64,
) -> AppResult<(u64, Vec<referral::Model>)> {
    projects::require_works_on_projects(actor)?;
    let scope = actor
        .list_scope()
        .ok_or_else(|| AppError::forbidden("无权查看引荐记录"))?;
    let in_scope = Query::select()
        .column(project::Column::Id)
        .from(project::Entity)
        .and_where(project::Column::CountyCode.starts_with(scope.as_str()))
        .to_owned();
    let mut query =
        referral::Entity::find().filter(referral::Column::ProjectId.in_subquery(in_scope));
    if let Some(id) = filter.project {
        projects::load(conn, actor, id, Access::Read).await?;
        query = query.filter(referral::Column::ProjectId.eq(id));
    }
    if let Some(id) = filter.profile {
        profile::load(conn, actor, id, ProfileAction::Read).await?;
        query = query.filter(referral::Column::ProfileId.eq(id));
    }
    if let Some(credited) = filter.credited {
        query = query.filter(if credited {
            referral::Column::CreditedAt.is_not_null()
        } else {
            referral::Column::CreditedAt.is_null()
        });
    }
    let total = query.clone().count(conn).await?;
    let rows = query
        .order_by_desc(referral::Column::CreatedAt)
        .order_by_desc(referral::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(conn)
        .await?;
    Ok((total, rows))
}

/// The credited referrals of a person, for their profile page: only those on
/// projects the caller may read, for roles that work on projects (others see
/// how many there are).
pub async fn credited_of_profile(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    profile_id: i64,
) -> AppResult<(u64, Vec<(referral::Model, project::Model)>)> {
    let rows = referral::Entity::find()
        .filter(referral::Column::ProfileId.eq(profile_id))
        .filter(referral::Column::CreditedAt.is_not_null())
        .order_by_desc(referral::Column::CreditedAt)
        .all(conn)
        .await?;
    let count = rows.len() as u64;
    let mut shown = Vec::new();
    if actor.role == Role::Admin || actor.role == Role::Staff {
        for r in rows {
            let p = projects::find(conn, r.project_id).await?;
            if projects::may_read(actor, &p) {
                shown.push((r, p));
            }
        }
    }
    Ok((count, shown))
}
