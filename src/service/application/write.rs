//! Applying for an opening and deciding applications. Accepting takes one
//! unit of the opening in the same transaction as the status change, with a
//! conditional UPDATE, so that of many accepts racing for the last unit
//! exactly one wins, on SQLite and on PostgreSQL.

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{check_transition, load};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, ApplicationAction};
use crate::db::Db;
use crate::domain::{ApplicationStatus, Role, limits};
use crate::entity::{application, opening, profile, user};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited};
use crate::service::opening::find_live;
use crate::service::{fields, guarded, notice};

/// `POST /api/v1/openings/{id}/applications`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplyReq {
    pub plan: Option<String>,
    pub team_size: Option<i64>,
    /// The space needed; the opening's area when left out.
    pub area_needed_m2: Option<f64>,
}

/// `PATCH /api/v1/applications/{id}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecideReq {
    pub status: Option<String>,
    pub note: Option<String>,
}

impl Audited for application::Model {
    const ENTITY: &'static str = "application";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> Value {
        json!({"opening_id": self.opening_id, "founder_user_id": self.founder_user_id,
               "profile_id": self.profile_id, "team_size": self.team_size,
               "area_needed_m2": self.area_needed_m2, "status": self.status,
               "note": self.note, "decided_by": self.decided_by})
    }
}

/// The applicant's own live profile, if they have one.
async fn own_profile(conn: &impl ConnectionTrait, actor: &CurrentUser) -> AppResult<Option<i64>> {
    let mut query = profile::Entity::find()
        .filter(profile::Column::DeletedAt.is_null())
        .filter(profile::Column::OwnerUserId.eq(actor.id()));
    if let Some(id) = actor.user.profile_id {
        query = profile::Entity::find()
            .filter(profile::Column::DeletedAt.is_null())
            .filter(profile::Column::Id.eq(id));
    }
    Ok(query.one(conn).await?.map(|p| p.id))
}

fn no_units() -> AppError {
    AppError::conflict("no_units", "该空间已无剩余单元")
}

/// A founder applies for a live opening with units left; one active
/// (not rejected) application per founder and opening.
pub async fn apply(
    db: &Db,
    actor: &CurrentUser,
    opening_id: i64,
    req: ApplyReq,
) -> AppResult<application::Model> {
    policy::require_role(actor, &[Role::Founder])?;
    let plan = fields::text(
        "plan",
        &fields::required("plan", req.plan, "创业计划概要")?,
        limits::application::PLAN,
    )?;
    let team_size = req.team_size.unwrap_or(1);
    let max_team = limits::application::MAX_TEAM_SIZE;
    if !(1..=max_team).contains(&team_size) {
        return Err(AppError::invalid(
            "team_size",
            format!("团队人数应在 1–{max_team} 之间"),
        ));
    }
    let max_area = crate::service::opening::write::MAX_AREA_M2;
    if let Some(area) = req.area_needed_m2
        && !(area.is_finite() && area > 0.0 && area <= max_area)
    {
        return Err(AppError::invalid(
            "area_needed_m2",
            "所需面积应在 0–100000 平方米之间",
        ));
    }
    let txn = db.write().await?;
    let opening = find_live(&*txn, opening_id).await?;
    if opening.units_available <= 0 {
        return Err(no_units());
    }
    let existing = application::Entity::find()
        .filter(application::Column::OpeningId.eq(opening.id))
        .filter(application::Column::FounderUserId.eq(actor.id()))
        .filter(application::Column::Status.is_not_in([
            ApplicationStatus::Rejected.as_str(),
            ApplicationStatus::Withdrawn.as_str(),
        ]))
        .one(&*txn)
        .await?;
    if let Some(a) = existing {
        return Err(AppError::conflict(
            "duplicate",
            format!("您已申请过该空间（申请 {}），请等待审核结果", a.id),
        ));
    }
    let now = Utc::now();
    let created = application::ActiveModel {
        opening_id: Set(opening.id),
        founder_user_id: Set(actor.id()),
        profile_id: Set(own_profile(&*txn, actor).await?),
        plan: Set(plan),
        team_size: Set(i32::try_from(team_size).unwrap_or(1)),
        area_needed_m2: Set(req.area_needed_m2.unwrap_or(opening.area_m2)),
        status: Set(ApplicationStatus::Submitted.as_str().into()),
        note: Set(String::new()),
        decided_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::created(&*txn, &actor.ctx(), &created).await?;
    notify_operators(&*txn, &opening, created.id).await?;
    txn.commit().await?;
    Ok(created)
}

/// Tells the incubator's operators that an application arrived.
async fn notify_operators(
    conn: &impl ConnectionTrait,
    o: &opening::Model,
    application_id: i64,
) -> AppResult<()> {
    let operators = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Operator.as_str()))
        .filter(user::Column::IncubatorId.eq(o.incubator_id))
        .filter(user::Column::Disabled.eq(false))
        .all(conn)
        .await?;
    let message = format!("“{}”收到一份新的入驻申请", o.title);
    for op in operators {
        let link = format!("/applications/{application_id}");
        notice::send(conn, op.id, "application_submitted", &message, &link).await?;
    }
    Ok(())
}

/// Moves an application along; accepting takes one unit of the opening or
/// fails with 409 `no_units`, changing nothing.
pub async fn decide(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    req: DecideReq,
) -> AppResult<application::Model> {
    let raw = fields::required("status", fields::non_blank(&req.status), "新的状态")?;
    let to = ApplicationStatus::parse(raw).map_err(|m| AppError::invalid("status", m))?;
    let note = match &req.note {
        Some(n) => Some(fields::text("note", n, limits::application::DECISION_NOTE)?),
        None => None,
    };
    let txn = db.write().await?;
    let (before, opening, inc) = load(&*txn, actor, id, ApplicationAction::Decide).await?;
    let from = ApplicationStatus::parse(&before.status)
        .map_err(|m| AppError::Internal(anyhow::anyhow!("stored application status: {m}")))?;
    check_transition(from, to)?;
    if to == ApplicationStatus::Accepted {
        let taken = opening::Entity::update_many()
            .col_expr(
                opening::Column::UnitsAvailable,
                Expr::col(opening::Column::UnitsAvailable).sub(1),
            )
            .filter(opening::Column::Id.eq(opening.id))
            .filter(opening::Column::UnitsAvailable.gt(0))
            .filter(opening::Column::DeletedAt.is_null())
            .exec(&*txn)
            .await?;
        if taken.rows_affected != 1 {
            return Err(no_units());
        }
    }
    let mut m = application::ActiveModel {
        status: Set(to.as_str().to_owned()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    if let Some(n) = note {
        m.note = Set(n);
    }
    if matches!(
        to,
        ApplicationStatus::Accepted | ApplicationStatus::Rejected
    ) {
        m.decided_by = Set(Some(actor.id()));
    }
    // Conditional on the status read above, so one application is never
    // accepted twice by two clerks at once.
    let guard = application::Column::Status.eq(before.status.clone());
    let after = guarded::update(&*txn, id, m, guard).await?;
    audit::updated(&*txn, &actor.ctx(), &before, &after).await?;
    if matches!(
        to,
        ApplicationStatus::Accepted | ApplicationStatus::Rejected
    ) {
        let mut message = format!("您申请的“{} · {}”{}", inc.name, opening.title, to.label());
        if !after.note.is_empty() {
            message.push_str(&format!("：{}", after.note));
        }
        let link = format!("/applications/{id}");
        notice::send(
            &*txn,
            before.founder_user_id,
            "application_decided",
            &message,
            &link,
        )
        .await?;
        crate::service::notify::to_user(
            &*txn,
            before.founder_user_id,
            crate::service::notify::Template::ApplicationDecided,
            serde_json::json!({"incubator": inc.name, "opening": opening.title,
                               "outcome": to.label(), "application_id": id}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(after)
}

/// Whether `actor` may withdraw `a` now: the applicant themself, while it is under way or
/// accepted but not moved in (the page shows the button on this answer).
pub fn may_withdraw(actor: &CurrentUser, a: &application::Model) -> bool {
    use ApplicationStatus as S;
    a.founder_user_id == actor.id()
        && [S::Submitted, S::Reviewing, S::Accepted]
            .iter()
            .any(|s| s.as_str() == a.status)
}

/// The applicant withdraws their application (撤回): an accepted one gives its unit back to
/// the opening in the same transaction; the incubator's operators are told. Others who read
/// the application are refused (403); others still are told it does not exist.
pub async fn withdraw(db: &Db, actor: &CurrentUser, id: i64) -> AppResult<application::Model> {
    let txn = db.write().await?;
    let (before, opening, _) = load(&*txn, actor, id, ApplicationAction::Read).await?;
    if before.founder_user_id != actor.id() {
        return Err(AppError::forbidden("只有申请人本人可以撤回申请"));
    }
    if !may_withdraw(actor, &before) {
        let label = ApplicationStatus::parse(&before.status).map_or("", |s| s.label());
        return Err(AppError::invalid(
            "status",
            format!("申请已是“{label}”，不能撤回"),
        ));
    }
    if before.status == ApplicationStatus::Accepted.as_str() {
        opening::Entity::update_many()
            .col_expr(
                opening::Column::UnitsAvailable,
                Expr::col(opening::Column::UnitsAvailable).add(1),
            )
            .filter(opening::Column::Id.eq(opening.id))
            .exec(&*txn)
            .await?;
    }
    let m = application::ActiveModel {
        status: Set(ApplicationStatus::Withdrawn.as_str().to_owned()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    // Conditional on the status read, so a decision taken meanwhile is not overwritten.
    let guard = application::Column::Status.eq(before.status.clone());
    let after = guarded::update(&*txn, id, m, guard).await?;
    audit::updated(&*txn, &actor.ctx(), &before, &after).await?;
    let operators = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Operator.as_str()))
        .filter(user::Column::IncubatorId.eq(opening.incubator_id))
        .filter(user::Column::Disabled.eq(false))
        .all(&*txn)
        .await?;
    let message = format!("“{}”的一份入驻申请已由申请人撤回", opening.title);
    for op in operators {
        notice::send(
            &*txn,
            op.id,
            "application_withdrawn",
            &message,
            &format!("/applications/{id}"),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(after)
}
