//! Writes to the pipeline: shortlisting a person for a project, moving the
//! conversation along, and logging contacts — each audited in its transaction.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::follow_up::FollowUp;
use super::{check_transition, load};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access, ProfileAction};
use crate::db::Db;
use crate::domain::{ContactChannel, PipelineStatus, Role, limits};
use crate::entity::{pipeline_contact, pipeline_entry, profile, project, user};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited};
use crate::service::{fields, guarded, notice};

/// `POST /api/v1/projects/{id}/pipeline`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShortlistReq {
    pub profile_id: i64,
}

/// `PATCH /api/v1/pipeline/{id}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineUpdateReq {
    pub status: Option<String>,
    pub note: Option<String>,
    /// Hand the entry to another member of staff (who gets a notice).
    pub assigned_to: Option<i64>,
    /// 下次跟进日期 `YYYY-MM-DD` (today to a year ahead); blank clears it.
    #[serde(default)]
    pub next_follow_up_on: Option<String>,
}

/// `POST /api/v1/pipeline/{id}/contacts`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactReq {
    pub channel: String,
    pub summary: String,
    /// `YYYY-MM-DD`; today when left out.
    pub at: Option<String>,
    /// Move the entry to this status with the same contact (a call that reached the
    /// person moves 推荐 to 已联系); left out or blank: the status stays.
    #[serde(default)]
    pub status: Option<String>,
    /// 下次跟进日期 `YYYY-MM-DD`, set with the contact; blank clears it, left out keeps it.
    #[serde(default)]
    pub next_follow_up_on: Option<String>,
}

impl Audited for pipeline_entry::Model {
    const ENTITY: &'static str = "pipeline_entry";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> Value {
        json!({"project_id": self.project_id, "profile_id": self.profile_id, "status": self.status,
               "note": self.note, "assigned_to": self.assigned_to,
               "last_contact_at": self.last_contact_at,
               "next_follow_up_on": self.next_follow_up_on})
    }
}

impl Audited for pipeline_contact::Model {
    const ENTITY: &'static str = "pipeline_contact";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> Value {
        json!({"entry_id": self.entry_id, "channel": self.channel, "summary": self.summary,
               "at": self.at})
    }
}

/// Why a profile the caller may read cannot be shortlisted, if it cannot. A profile the
/// caller may not read has already been answered as not found, so nothing here describes
/// a record the caller cannot read.
pub(super) fn refusal(p: &profile::Model) -> Option<String> {
    if let Some(into) = p.merged_into {
        return Some(format!(
            "{}（档案 #{}）已合并到档案 #{into}，请改用合并后的档案",
            p.name, p.id
        ));
    }
    if !p.listed {
        return Some(format!(
            "{}（档案 #{}）未公开，不参与匹配与对接",
            p.name, p.id
        ));
    }
    if !p.consent_match {
        return Some(format!(
            "{}（档案 #{}）本人尚未同意被匹配和联系，不能列入对接",
            p.name, p.id
        ));
    }
    None
}

/// Shortlists a live, listed, consenting person whom the caller may read for a project the
/// caller works on. A person the caller may not read answers exactly as one that does not
/// exist.
pub async fn shortlist(
    db: &Db,
    actor: &CurrentUser,
    project_id: i64,
    req: ShortlistReq,
    scorer: crate::service::matching::outcome::Scorer<'_>,
) -> AppResult<pipeline_entry::Model> {
    let txn = db.write().await?;
    let project = crate::service::project::load(&*txn, actor, project_id, Access::Write).await?;
    let person = profile::Entity::find_by_id(req.profile_id)
        .one(&*txn)
        .await?
        .filter(|p| p.deleted_at.is_none())
        .filter(|p| policy::profile(actor, p, ProfileAction::Read).is_ok())
        .ok_or_else(|| AppError::Hidden(format!("profile {} 不可读", req.profile_id)))?;
    if let Some(why) = refusal(&person) {
        return Err(AppError::invalid("profile_id", why));
    }
    // The score as it stands now, kept for the outcome report (`matching::outcome`).
    let (score, parts) =
        crate::service::matching::outcome::score_one(scorer, &project, &person).await?;
    let kept = Some((score, crate::service::matching::outcome::parts_json(&parts)));
    let created = insert_entry(&*txn, actor, &project, person.id, actor.id(), kept).await?;
    txn.commit().await?;
    Ok(created)
}

/// Adds `profile_id` to `project`'s pipeline, assigned to `assignee`, audited (409 when the
/// person is already on it), keeping the match score and parts of the moment when known.
/// The caller has decided that this may happen.
pub(crate) async fn insert_entry(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    project: &project::Model,
    profile_id: i64,
    assignee: i64,
    kept: Option<(f64, String)>,
) -> AppResult<pipeline_entry::Model> {
    let existing = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::ProjectId.eq(project.id))
        .filter(pipeline_entry::Column::ProfileId.eq(profile_id))
        .one(conn)
        .await?;
    if let Some(e) = existing {
        return Err(AppError::conflict(
            "duplicate",
            format!("该乡贤已在本项目的对接名单中（对接记录 {}）", e.id),
        ));
    }
    let (score, parts) = kept.unzip();
    let now = Utc::now();
    let created = pipeline_entry::ActiveModel {
        project_id: Set(project.id),
        profile_id: Set(profile_id),
        match_score: Set(score),
        match_parts: Set(parts),
        status: Set(PipelineStatus::Recommended.as_str().into()),
        note: Set(String::new()),
        assigned_to: Set(Some(assignee)),
        last_contact_at: Set(None),
        created_by: Set(Some(actor.id())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    audit::created(conn, &actor.ctx(), &created).await?;
    Ok(created)
}

/// Whether `u` is enabled staff (or an administrator) who may work on `project`.
fn may_take(u: &user::Model, project: &project::Model) -> bool {
    !u.disabled
        && (u.role == Role::Admin.as_str()
            || (u.role == Role::Staff.as_str()
                && u.scope_code
                    .as_deref()
                    .is_some_and(|s| project.county_code.starts_with(s))))
}

/// The people an entry of `project` may be handed to: enabled staff whose
/// scope holds the project's county, and administrators (the page's choices).
pub async fn assignees(
    conn: &impl ConnectionTrait,
    project: &project::Model,
) -> AppResult<Vec<user::Model>> {
    let rows = user::Entity::find()
        .filter(user::Column::Role.is_in([Role::Admin.as_str(), Role::Staff.as_str()]))
        .filter(user::Column::Disabled.eq(false))
        .order_by_asc(user::Column::Id)
        .all(conn)
        .await?;
    Ok(rows.into_iter().filter(|u| may_take(u, project)).collect())
}

/// Checks that `user_id` is enabled staff (or an administrator) who may work on `project`.
async fn check_assignee(
    conn: &impl ConnectionTrait,
    user_id: i64,
    project: &project::Model,
) -> AppResult<user::Model> {
    let found = user::Entity::find_by_id(user_id).one(conn).await?;
    let ok = found.as_ref().is_some_and(|u| may_take(u, project));
    match found {
        Some(u) if ok => Ok(u),
        _ => Err(AppError::invalid(
            "assigned_to",
            "只能指派给管辖该项目所在县的工作人员或管理员",
        )),
    }
}

/// Moves the conversation along (one step forward, or dropped) and/or notes it.
pub async fn update(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    req: PipelineUpdateReq,
) -> AppResult<pipeline_entry::Model> {
    if req.status.is_none()
        && req.note.is_none()
        && req.assigned_to.is_none()
        && req.next_follow_up_on.is_none()
    {
        return Err(AppError::invalid(
            "status",
            "请提供 status、note、assigned_to 或 next_follow_up_on",
        ));
    }
    let follow_up = FollowUp::parse(&req.next_follow_up_on)?;
    let status = match fields::non_blank(&req.status) {
        Some(raw) => Some(PipelineStatus::parse(raw).map_err(|m| AppError::invalid("status", m))?),
        None if req.status.is_some() => {
            return Err(AppError::invalid("status", "状态不能为空"));
        }
        None => None,
    };
    let note = match &req.note {
        Some(n) => Some(fields::text("note", n, limits::pipeline::NOTE)?),
        None => None,
    };
    let txn = db.write().await?;
    let (before, project) = load(&*txn, actor, id, Access::Write).await?;
    let current = PipelineStatus::parse(&before.status)
        .map_err(|m| AppError::Internal(anyhow::anyhow!("stored pipeline status: {m}")))?;
    let mut model = <pipeline_entry::ActiveModel as Default>::default();
    if let Some(to) = status {
        check_transition(current, to)?;
        model.status = Set(to.as_str().to_owned());
    }
    if let Some(n) = note {
        model.note = Set(n);
    }
    if let Some(day) = follow_up.change() {
        model.next_follow_up_on = Set(day);
    }
    let mut assignee = None;
    if let Some(uid) = req.assigned_to {
        let u = check_assignee(&*txn, uid, &project).await?;
        if before.assigned_to != Some(u.id) {
            assignee = Some(u.id);
        }
        model.assigned_to = Set(Some(u.id));
    }
    model.updated_at = Set(Utc::now());
    // Conditional on the status read above: two clerks moving the same entry
    // at once cannot both succeed from the same state.
    let guard = pipeline_entry::Column::Status.eq(before.status.clone());
    let after = guarded::update(&*txn, id, model, guard).await?;
    audit::updated(&*txn, &actor.ctx(), &before, &after).await?;
    if let Some(uid) = assignee.filter(|uid| *uid != actor.id()) {
        let message = format!(
            "{} 将项目“{}”的一条对接记录指派给您",
            actor.user.username, project.title
        );
        notice::send(
            &*txn,
            uid,
            "pipeline_assigned",
            &message,
            &format!("/pipeline/{id}"),
        )
        .await?;
        crate::service::notify::to_user(
            &*txn,
            uid,
            crate::service::notify::Template::PipelineAssigned,
            serde_json::json!({"project": project.title, "entry_id": id}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(after)
}

/// Logs a dated contact and moves the entry's last contact forward.
pub async fn add_contact(
    db: &Db,
    actor: &CurrentUser,
    entry_id: i64,
    req: ContactReq,
) -> AppResult<pipeline_contact::Model> {
    let channel =
        ContactChannel::parse(&req.channel).map_err(|m| AppError::invalid("channel", m))?;
    let summary = fields::text("summary", &req.summary, limits::pipeline::CONTACT_SUMMARY)?;
    let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN);
    let at = match fields::non_blank(&req.at) {
        Some(raw) => fields::date("at", raw, earliest, fields::today())?,
        None => fields::today(),
    };
    let move_to = fields::non_blank(&req.status)
        .map(|raw| PipelineStatus::parse(raw).map_err(|m| AppError::invalid("status", m)))
        .transpose()?;
    let follow_up = FollowUp::parse(&req.next_follow_up_on)?;
    let txn = db.write().await?;
    let (before, _) = load(&*txn, actor, entry_id, Access::Write).await?;
    let current = PipelineStatus::parse(&before.status)
        .map_err(|m| AppError::Internal(anyhow::anyhow!("stored pipeline status: {m}")))?;
    let move_to = move_to.filter(|to| *to != current);
    if let Some(to) = move_to {
        check_transition(current, to)?;
    }
    // Only a person who agreed to be contacted is contacted (and logged as such).
    let consented = profile::Entity::find_by_id(before.profile_id)
        .one(&*txn)
        .await?
        .is_some_and(|p| p.consent_match && p.deleted_at.is_none());
    if !consented {
        return Err(AppError::conflict(
            "no_consent",
            "本人未同意或已撤回同意对接，不能再联系或记录联系",
        ));
    }
    let now = Utc::now();
    let contact = pipeline_contact::ActiveModel {
        entry_id: Set(entry_id),
        channel: Set(channel.as_str().into()),
        summary: Set(summary),
        at: Set(at),
        by_user: Set(Some(actor.id())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    // A contact logged late for an earlier date does not move the last contact back.
    let when = fields::start_of(at);
    let last = before.last_contact_at.map_or(when, |prev| prev.max(when));
    let mut model = pipeline_entry::ActiveModel {
        last_contact_at: Set(Some(last)),
        updated_at: Set(now),
        ..Default::default()
    };
    if let Some(to) = move_to {
        model.status = Set(to.as_str().to_owned());
    }
    if let Some(day) = follow_up.change() {
        model.next_follow_up_on = Set(day);
    }
    // Conditional on the status read: a move made meanwhile by another clerk is not undone.
    let guard = pipeline_entry::Column::Status.eq(before.status.clone());
    let after = guarded::update(&*txn, entry_id, model, guard).await?;
    audit::created(&*txn, &actor.ctx(), &contact).await?;
    if move_to.is_some() || follow_up != FollowUp::Keep {
        audit::updated(&*txn, &actor.ctx(), &before, &after).await?;
    }
    txn.commit().await?;
    Ok(contact)
}
