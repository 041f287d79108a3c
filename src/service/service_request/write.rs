//! Filing a request, acting on it and rating it; each in one transaction
//! with its audit event and the notice to the other side. Status changes are
//! guarded on the status read, so two clerks acting at once cannot both win.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Deserialize;

use super::load;
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::domain::organization::exact;
use crate::domain::{CITY_CODE, RegionLevel, Role, ServiceKind, ServiceStatus, limits};
use crate::entity::{application, incubator, opening, profile, service_request, user};
use crate::error::{AppError, AppResult};
use crate::service::audit;
use crate::service::{fields, guarded, notice, region};

/// `POST /api/v1/service-requests`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestReq {
    pub kind: Option<String>,
    pub summary: Option<String>,
    /// The county to serve the request, when the founder has no placement or profile there.
    pub region_code: Option<String>,
}

/// `PATCH /api/v1/service-requests/{id}`: staff send `status` and `note`;
/// the founder sends `rating`, or `status: withdrawn`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateReq {
    pub status: Option<String>,
    pub note: Option<String>,
    pub rating: Option<i64>,
}

/// The county whose staff take a founder's request: the one named, else the
/// county of the incubator that accepted them, else their hometown's county.
async fn county_of(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    named: Option<String>,
) -> AppResult<(String, Option<i64>)> {
    let own_profile = profile::Entity::find()
        .filter(profile::Column::OwnerUserId.eq(actor.id()))
        .filter(profile::Column::DeletedAt.is_null())
        .one(conn)
        .await?;
    let profile_id = own_profile.as_ref().map(|p| p.id);
    if let Some(raw) = named.filter(|r| !r.trim().is_empty()) {
        let levels = [RegionLevel::County];
        let code = region::require(conn, "region_code", &raw, &levels, Some(CITY_CODE)).await?;
        return Ok((code.to_string(), profile_id));
    }
    let placed = application::Entity::find()
        .filter(application::Column::FounderUserId.eq(actor.id()))
        .filter(application::Column::Status.is_in(["accepted", "moved_in"]))
        .order_by_desc(application::Column::UpdatedAt)
        .one(conn)
        .await?;
    if let Some(app) = placed
        && let Some(o) = opening::Entity::find_by_id(app.opening_id)
            .one(conn)
            .await?
        && let Some(inc) = incubator::Entity::find_by_id(o.incubator_id)
            .one(conn)
            .await?
    {
        return Ok((inc.county_code, profile_id));
    }
    match own_profile {
        Some(p) if p.hometown_code.len() >= 6 && p.hometown_code.starts_with(CITY_CODE) => {
            Ok((p.hometown_code[..6].to_owned(), profile_id))
        }
        _ => Err(AppError::invalid(
            "region_code",
            "请选择由哪个县（市、区）的服务中心办理（6 位县级区划代码）",
        )),
    }
}

/// The staff who take requests of `county`: its own staff, else the city's.
async fn county_staff(conn: &impl ConnectionTrait, county: &str) -> AppResult<Vec<i64>> {
    for scope in [county, CITY_CODE] {
        let ids: Vec<i64> = user::Entity::find()
            .filter(user::Column::Role.eq(Role::Staff.as_str()))
            .filter(user::Column::ScopeCode.eq(scope))
            .filter(user::Column::Disabled.eq(false))
            .all(conn)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
        if !ids.is_empty() {
            return Ok(ids);
        }
    }
    Ok(Vec::new())
}

fn link(id: i64) -> String {
    format!("/service/{id}")
}

/// A founder files a request; the county's staff are told.
pub async fn create(
    db: &Db,
    actor: &CurrentUser,
    req: RequestReq,
) -> AppResult<service_request::Model> {
    if actor.role != Role::Founder {
        return Err(AppError::forbidden(
            "只有返乡创业者本人（创业者账号）可以提交服务申请；工作人员请在服务中心受理",
        ));
    }
    let raw_kind = fields::required("kind", req.kind, "服务类别")?;
    let kind = exact(
        &raw_kind,
        ServiceKind::parse,
        ServiceKind::as_str,
        ServiceKind::codes(),
    )
    .map_err(|m| AppError::invalid("kind", m))?;
    let summary = fields::text(
        "summary",
        &fields::required("summary", req.summary, "需求说明")?,
        limits::service_request::SUMMARY,
    )?;
    let txn = db.write().await?;
    let (county, profile_id) = county_of(&*txn, actor, req.region_code).await?;
    let now = Utc::now();
    let created = service_request::ActiveModel {
        founder_user_id: Set(actor.id()),
        profile_id: Set(profile_id),
        county_code: Set(county.clone()),
        kind: Set(kind.as_str().to_owned()),
        summary: Set(summary),
        status: Set(ServiceStatus::Submitted.as_str().to_owned()),
        note: Set(String::new()),
        handled_by: Set(None),
        handled_at: Set(None),
        rating: Set(None),
        rated_at: Set(None),
        submitted_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::created(&*txn, &actor.ctx(), &created).await?;
    let message = format!(
        "新的创业服务申请（{}），请在 {} 前办理",
        kind.label(),
        super::due_on(now)
    );
    for staff in county_staff(&*txn, &county).await? {
        notice::send(
            &*txn,
            staff,
            "service_request_filed",
            &message,
            &link(created.id),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(created)
}

fn allowed_list(next: &[ServiceStatus]) -> String {
    if next.is_empty() {
        "无（已结束）".to_owned()
    } else {
        next.iter()
            .map(|s| format!("{}（{}）", s.as_str(), s.label()))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// Staff accept, resolve or reject; the founder rates or withdraws.
pub async fn update(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    req: UpdateReq,
) -> AppResult<service_request::Model> {
    if let Some(r) = req.rating
        && !(1..=5).contains(&r)
    {
        return Err(AppError::invalid("rating", "评价应为 1–5 分"));
    }
    let to = req
        .status
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            exact(
                s,
                ServiceStatus::parse,
                ServiceStatus::as_str,
                ServiceStatus::codes(),
            )
            .map_err(|m| AppError::invalid("status", m))
        })
        .transpose()?;
    let note = fields::text(
        "note",
        req.note.as_deref().unwrap_or(""),
        limits::service_request::NOTE,
    )?;
    let txn = db.write().await?;
    let before = load(&*txn, actor, id).await?;
    let from =
        ServiceStatus::parse(&before.status).map_err(|m| AppError::Internal(anyhow::anyhow!(m)))?;
    let founder = actor.role == Role::Founder;
    let now = Utc::now();
    let mut update = service_request::Entity::update_many()
        .col_expr(service_request::Column::UpdatedAt, Expr::value(now))
        .filter(service_request::Column::Status.eq(before.status.clone()));
    let (recipient, kind, message) = match (founder, to, req.rating) {
        (true, None, Some(rating)) => {
            if !from.is_answered() {
                return Err(AppError::conflict(
                    "not_answered",
                    format!("申请当前为“{}”，办结或不予受理后才能评价", from.label()),
                ));
            }
            if before.rating.is_some() {
                return Err(AppError::conflict("already_rated", "该申请已评价过"));
            }
            update = update
                .col_expr(
                    service_request::Column::Rating,
                    Expr::value(i32::try_from(rating).unwrap_or(5)),
                )
                .col_expr(service_request::Column::RatedAt, Expr::value(now))
                .filter(service_request::Column::Rating.is_null());
            let message = format!("创业服务申请 #{} 获得评价：{rating} 分", before.id);
            (before.handled_by, "service_request_rated", message)
        }
        (true, Some(ServiceStatus::Withdrawn), None) => {
            if from != ServiceStatus::Submitted {
                return Err(AppError::conflict(
                    "invalid_transition",
                    format!("申请当前为“{}”，只有待受理的申请可以撤回", from.label()),
                ));
            }
            update = update.col_expr(
                service_request::Column::Status,
                Expr::value(ServiceStatus::Withdrawn.as_str()),
            );
            let message = format!("创业服务申请 #{} 已由申请人撤回", before.id);
            (before.handled_by, "service_request_withdrawn", message)
        }
        (true, _, _) => {
            return Err(AppError::invalid(
                if req.status.is_some() {
                    "status"
                } else {
                    "rating"
                },
                "申请人可以评价（rating 1–5）或撤回（status: withdrawn），二者选一",
            ));
        }
        (false, _, Some(_)) => {
            return Err(AppError::invalid("rating", "只有申请人可以评价"));
        }
        (false, None, None) => {
            return Err(AppError::invalid(
                "status",
                format!(
                    "请选择办理结果，可选：{}",
                    allowed_list(from.next_for_staff())
                ),
            ));
        }
        (false, Some(to), None) => {
            if !from.next_for_staff().contains(&to) {
                return Err(AppError::conflict(
                    "invalid_transition",
                    format!(
                        "申请当前为“{}”，不能改为“{}”；可改为：{}",
                        from.label(),
                        to.label(),
                        allowed_list(from.next_for_staff())
                    ),
                ));
            }
            if to == ServiceStatus::Rejected && note.is_empty() {
                return Err(AppError::invalid("note", "不予受理时请写明原因"));
            }
            update = update
                .col_expr(service_request::Column::Status, Expr::value(to.as_str()))
                .col_expr(service_request::Column::Note, Expr::value(note.clone()))
                .col_expr(service_request::Column::HandledBy, Expr::value(actor.id()))
                .col_expr(service_request::Column::HandledAt, Expr::value(now));
            let kind = ServiceKind::parse(&before.kind)
                .map(ServiceKind::label)
                .unwrap_or("");
            let mut message = format!("您的创业服务申请（{kind}）{}", to.label());
            if !note.is_empty() {
                message.push_str(&format!("：{note}"));
            }
            (
                Some(before.founder_user_id),
                "service_request_decided",
                message,
            )
        }
    };
    let after = guarded::update_where(&*txn, before.id, update)
        .await?
        .ok_or_else(AppError::stale_version)?;
    audit::updated(&*txn, &actor.ctx(), &before, &after).await?;
    let recipients = match recipient {
        Some(user_id) => vec![user_id],
        None => county_staff(&*txn, &before.county_code).await?,
    };
    for user_id in recipients {
        notice::send(&*txn, user_id, kind, &message, &link(before.id)).await?;
    }
    txn.commit().await?;
    Ok(after)
}

/// Erasure: a founder's requests keep their kind, county and dates for the
/// centre's figures, but lose what was written, and open ones are withdrawn.
pub async fn forget_founder(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<()> {
    let now = Utc::now();
    service_request::Entity::update_many()
        .col_expr(
            service_request::Column::Status,
            Expr::value(ServiceStatus::Withdrawn.as_str()),
        )
        .col_expr(service_request::Column::UpdatedAt, Expr::value(now))
        .filter(service_request::Column::FounderUserId.eq(user_id))
        .filter(service_request::Column::Status.is_in([
            ServiceStatus::Submitted.as_str(),
            ServiceStatus::Accepted.as_str(),
        ]))
        .exec(conn)
        .await?;
    service_request::Entity::update_many()
        .col_expr(service_request::Column::Summary, Expr::value("[已删除]"))
        .col_expr(service_request::Column::Note, Expr::value(""))
        .col_expr(
            service_request::Column::ProfileId,
            Expr::value(Option::<i64>::None),
        )
        .filter(service_request::Column::FounderUserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}
