//! 请求协同: staff of a county ask the staff of a person's home county to introduce people
//! outside their own scope whom matching found for a project. The requester learns only a
//! count; the home county's staff see the person and the project, and accepting puts the
//! person on the project's 对接 list.

use std::collections::BTreeMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::matches::{Engine, people_for};
use super::{find, visible::summary_only};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProfileAction};
use crate::db::Db;
use crate::domain::Role;
use crate::entity::{collaboration_request as collab, profile, user};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Event, action};
use crate::service::matching::{MAX_LIMIT, matchable};
use crate::service::{notice, pipeline};

const PENDING: &str = "pending";
const ACCEPTED: &str = "accepted";
const DECLINED: &str = "declined";
/// People asked about per request when `limit` is not given.
const DEFAULT_ASK: usize = 10;

/// `POST /api/v1/projects/{id}/collaboration-requests`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollaborationReq {
    /// How many of the best matched people outside the caller's scope to ask about (1–100,
    /// default 10).
    pub limit: Option<usize>,
}

/// What the requester learns: how many people were asked about, never who.
#[derive(Debug, Serialize)]
pub struct CollaborationSent {
    pub project_id: i64,
    pub requested: u64,
}

/// A request as the home county's staff see it.
#[derive(Debug, Serialize)]
pub struct CollaborationView {
    pub id: i64,
    pub project_id: i64,
    pub project_title: String,
    pub project_county_code: String,
    pub profile_id: i64,
    pub profile_name: String,
    pub home_county: String,
    pub status: String,
    pub created_at: chrono::DateTime<Utc>,
    pub decided_at: Option<chrono::DateTime<Utc>>,
}

/// The county of a hometown code.
fn county_of(code: &str) -> String {
    code.chars().take(6).collect()
}

/// Asks the home counties of the best matched people outside the caller's scope to
/// introduce them; each county's staff get one notice naming the project and the count.
pub async fn request(
    db: &Db,
    engine: Engine<'_>,
    actor: &CurrentUser,
    project_id: i64,
    req: CollaborationReq,
) -> AppResult<CollaborationSent> {
    let limit = req.limit.unwrap_or(DEFAULT_ASK);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::invalid(
            "limit",
            format!("limit 应为 1–{MAX_LIMIT} 的整数"),
        ));
    }
    let (project, matches) = people_for(
        db.conn(),
        engine,
        actor,
        project_id,
        &crate::service::matching::MatchPage::first(1),
    )
    .await?;
    policy::project(actor, &project, policy::Access::Write)?;
    let txn = db.write().await?;
    let mut per_county: BTreeMap<String, u64> = BTreeMap::new();
    let mut requested = 0u64;
    for id in matches.outside_ids {
        if requested as usize >= limit {
            break;
        }
        let Some(person) = profile::Entity::find_by_id(id).one(&*txn).await? else {
            continue;
        };
        if !matchable(&person) || actor.covers(&person.hometown_code) {
            continue;
        }
        let asked = collab::Entity::find()
            .filter(collab::Column::ProjectId.eq(project.id))
            .filter(collab::Column::ProfileId.eq(id))
            .filter(collab::Column::Status.ne(DECLINED))
            .one(&*txn)
            .await?;
        if asked.is_some() {
            continue;
        }
        let county = county_of(&person.hometown_code);
        let row = collab::ActiveModel {
            project_id: Set(project.id),
            profile_id: Set(id),
            home_county: Set(county.clone()),
            status: Set(PENDING.into()),
            requested_by: Set(Some(actor.id())),
            decided_by: Set(None),
            created_at: Set(Utc::now()),
            decided_at: Set(None),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        audit::record(
            &*txn,
            &actor.ctx(),
            Event::new(action::CREATE, "collaboration_request", row.id).after(json!({
                "project_id": project.id, "home_county": county, "status": PENDING,
            })),
        )
        .await?;
        *per_county.entry(county).or_default() += 1;
        requested += 1;
    }
    for (county, n) in &per_county {
        let message = format!(
            "{} 请求协同：项目“{}”与您辖区的 {n} 位乡贤匹配，请在协同请求中查看并决定是否引荐",
            engine.names.local_name(&project.county_code),
            project.title
        );
        for uid in home_staff(&*txn, county).await? {
            if uid != actor.id() {
                notice::send(&*txn, uid, "collaboration_request", &message, "").await?;
            }
        }
    }
    txn.commit().await?;
    Ok(CollaborationSent {
        project_id: project.id,
        requested,
    })
}

/// Enabled staff whose scope holds `county`.
async fn home_staff(conn: &impl ConnectionTrait, county: &str) -> AppResult<Vec<i64>> {
    let rows = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Staff.as_str()))
        .filter(user::Column::Disabled.eq(false))
        .order_by_asc(user::Column::Id)
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|u| {
            u.scope_code
                .as_deref()
                .is_some_and(|s| !s.is_empty() && county.starts_with(s))
        })
        .map(|u| u.id)
        .collect())
}

/// The requests addressed to the caller's scope (staff; administrators see all), newest
/// first.
pub async fn inbox(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
) -> AppResult<Vec<CollaborationView>> {
    let scope = policy::match_scope(actor)?;
    let rows = collab::Entity::find()
        .filter(Condition::all().add(collab::Column::HomeCounty.starts_with(scope.as_str())))
        .order_by_desc(collab::Column::Id)
        .all(conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(person) = profile::Entity::find_by_id(row.profile_id)
            .one(conn)
            .await?
        else {
            continue;
        };
        if policy::profile(actor, &person, ProfileAction::Read).is_err() {
            continue;
        }
        let project = summary_only(&find(conn, row.project_id).await?);
        out.push(CollaborationView {
            id: row.id,
            project_id: project.id,
            project_title: project.title,
            project_county_code: project.county_code,
            profile_id: person.id,
            profile_name: person.name,
            home_county: row.home_county,
            status: row.status,
            created_at: row.created_at,
            decided_at: row.decided_at,
        });
    }
    Ok(out)
}

/// A pending request addressed to the caller, with its person; 404 for anyone else.
async fn load_pending(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
) -> AppResult<(collab::Model, profile::Model)> {
    let hidden = || AppError::Hidden(format!("collaboration_request {id} 不在权限范围内"));
    let scope = policy::match_scope(actor).map_err(|_| hidden())?;
    let row = collab::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|r| r.home_county.starts_with(scope.as_str()))
        .ok_or_else(hidden)?;
    let person = profile::Entity::find_by_id(row.profile_id)
        .one(conn)
        .await?
        .filter(|p| policy::profile(actor, p, ProfileAction::Read).is_ok())
        .ok_or_else(hidden)?;
    if row.status != PENDING {
        return Err(AppError::conflict("decided", "该协同请求已处理"));
    }
    Ok((row, person))
}

/// Accepts a request: the person goes on the project's 对接 list, assigned to the requester,
/// who gets a notice.
pub async fn accept(db: &Db, actor: &CurrentUser, id: i64) -> AppResult<CollaborationView> {
    decide(db, actor, id, true).await
}

/// Declines a request; the requester gets a notice.
pub async fn decline(db: &Db, actor: &CurrentUser, id: i64) -> AppResult<CollaborationView> {
    decide(db, actor, id, false).await
}

async fn decide(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    accepted: bool,
) -> AppResult<CollaborationView> {
    let txn = db.write().await?;
    let (row, person) = load_pending(&*txn, actor, id).await?;
    let project = find(&*txn, row.project_id).await?;
    if accepted && !matchable(&person) {
        return Err(AppError::invalid(
            "id",
            "该乡贤目前未公开或未同意被匹配和联系，不能列入对接",
        ));
    }
    let status = if accepted { ACCEPTED } else { DECLINED };
    let now = Utc::now();
    let result = collab::Entity::update_many()
        .set(collab::ActiveModel {
            status: Set(status.into()),
            decided_by: Set(Some(actor.id())),
            decided_at: Set(Some(now)),
            ..Default::default()
        })
        .filter(collab::Column::Id.eq(id))
        .filter(collab::Column::Status.eq(PENDING))
        .exec(&*txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(AppError::conflict("decided", "该协同请求已处理"));
    }
    audit::record(
        &*txn,
        &actor.ctx(),
        Event::new(action::UPDATE, "collaboration_request", id)
            .before(json!({"status": PENDING}))
            .after(json!({"status": status})),
    )
    .await?;
    let requester = row.requested_by.unwrap_or(actor.id());
    if accepted {
        let entry =
            pipeline::write::insert_entry(&*txn, actor, &project, person.id, requester, None).await;
        match entry {
            Ok(_) | Err(AppError::Conflict { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    if let Some(uid) = row.requested_by.filter(|uid| *uid != actor.id()) {
        let message = if accepted {
            format!(
                "项目“{}”的协同请求已被接受，一位乡贤已列入对接名单",
                project.title
            )
        } else {
            format!("项目“{}”的一条协同请求未被接受", project.title)
        };
        notice::send(&*txn, uid, "collaboration_decided", &message, "").await?;
    }
    txn.commit().await?;
    Ok(CollaborationView {
        id: row.id,
        project_id: project.id,
        project_title: project.title,
        project_county_code: project.county_code,
        profile_id: person.id,
        profile_name: person.name,
        home_county: row.home_county,
        status: status.into(),
        created_at: row.created_at,
        decided_at: Some(now),
    })
}
