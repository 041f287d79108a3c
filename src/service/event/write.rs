//! Creating and changing an event: the kind, the region (inside the caller's
//! scope), a start in the future, a capacity of at least one seat.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ACCEPTED, ATTENDED, load, may_create};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::domain::limits::event::{MAX_CAPACITY, PLACE, PROVIDER, TITLE};
use crate::domain::{CITY_CODE, EventKind, RegionLevel};
use crate::entity::{event, event_invitation};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited};
use crate::service::{fields, guarded, region};

/// How far ahead an event may be planned.
const MAX_YEARS_AHEAD: i64 = 5;

/// `POST /api/v1/events` and (every field optional, with `version`) `PATCH /api/v1/events/{id}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventReq {
    pub kind: Option<EventKind>,
    pub title: Option<String>,
    pub region_code: Option<String>,
    /// RFC 3339 with an offset: `2027-02-10T09:30:00+08:00`.
    pub starts_at: Option<String>,
    pub place: Option<String>,
    pub capacity: Option<i64>,
    pub provider: Option<String>,
    /// PATCH only: the version the caller saw.
    pub version: Option<i32>,
}

impl Audited for event::Model {
    const ENTITY: &'static str = "event";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> Value {
        json!({"kind": self.kind, "title": self.title, "region_code": self.region_code,
               "starts_at": self.starts_at, "place": self.place, "capacity": self.capacity,
               "provider": self.provider})
    }
}

impl Audited for event_invitation::Model {
    const ENTITY: &'static str = "event_invitation";

    fn audit_id(&self) -> i64 {
        self.id
    }

    fn snapshot(&self) -> Value {
        json!({"event_id": self.event_id, "profile_id": self.profile_id, "status": self.status,
               "answered_at": self.answered_at, "attended_at": self.attended_at,
               "checked_in_by": self.checked_in_by})
    }
}

/// A start in the future (and not absurdly far), given with its offset.
pub fn parse_starts_at(raw: &str) -> AppResult<DateTime<Utc>> {
    let at = DateTime::parse_from_rfc3339(raw.trim())
        .map_err(|_| {
            AppError::invalid(
                "starts_at",
                "开始时间应为带时区的时间，如 2027-02-10T09:30:00+08:00",
            )
        })?
        .with_timezone(&Utc);
    let now = Utc::now();
    if at <= now {
        return Err(AppError::invalid(
            "starts_at",
            "开始时间已过，不能安排在过去",
        ));
    }
    if at > now + Duration::days(365 * MAX_YEARS_AHEAD) {
        return Err(AppError::invalid(
            "starts_at",
            format!("开始时间最多安排在 {MAX_YEARS_AHEAD} 年以内"),
        ));
    }
    Ok(at)
}

fn parse_capacity(raw: i64) -> AppResult<i32> {
    if raw < 1 || raw > i64::from(MAX_CAPACITY) {
        return Err(AppError::invalid(
            "capacity",
            format!("名额应为 1–{MAX_CAPACITY} 之间的整数"),
        ));
    }
    Ok(raw as i32)
}

async fn region_of(conn: &impl ConnectionTrait, raw: &str) -> AppResult<String> {
    let levels = [
        RegionLevel::City,
        RegionLevel::County,
        RegionLevel::Township,
        RegionLevel::Village,
    ];
    Ok(
        region::require(conn, "region_code", raw, &levels, Some(CITY_CODE))
            .await?
            .to_string(),
    )
}

/// The provider, required for a training (the roster goes to it).
fn provider_for(kind: EventKind, raw: &str) -> AppResult<String> {
    let provider = fields::text("provider", raw, PROVIDER)?;
    if kind == EventKind::Training && provider.is_empty() {
        return Err(AppError::invalid(
            "provider",
            "创业培训须填写承办培训的机构，如 湖北科技大学、咸宁职业技术学院",
        ));
    }
    Ok(provider)
}

/// Staff of the region (organizers for their township or village) create an event.
pub async fn create(db: &Db, actor: &CurrentUser, req: EventReq) -> AppResult<event::Model> {
    if req.version.is_some() {
        return Err(AppError::invalid("version", "新建活动不带 version"));
    }
    let kind = fields::required("kind", req.kind, "活动类型")?;
    let title = fields::text(
        "title",
        &fields::required("title", req.title, "活动名称")?,
        TITLE,
    )?;
    let raw_region = fields::required("region_code", req.region_code, "举办地区")?;
    let starts_at = parse_starts_at(&fields::required("starts_at", req.starts_at, "开始时间")?)?;
    let place = fields::text(
        "place",
        &fields::required("place", req.place, "地点")?,
        PLACE,
    )?;
    let capacity = parse_capacity(fields::required("capacity", req.capacity, "名额")?)?;
    let provider = provider_for(kind, req.provider.as_deref().unwrap_or(""))?;
    let region_code = region_of(db.conn(), &raw_region).await?;
    may_create(actor, &region_code)?;
    let now = Utc::now();
    let txn = db.write().await?;
    let created = event::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        title: Set(title),
        region_code: Set(region_code),
        starts_at: Set(starts_at),
        place: Set(place),
        capacity: Set(capacity),
        provider: Set(provider),
        created_by: Set(Some(actor.id())),
        version: Set(1),
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

/// Changes an event the caller runs; `version` must be the one they saw.
pub async fn update(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    req: EventReq,
) -> AppResult<event::Model> {
    let txn = db.write().await?;
    let before = load(&*txn, actor, id).await?;
    let version = fields::required("version", req.version, "版本号（version）")?;
    let kind = match req.kind {
        Some(k) => k,
        None => EventKind::parse(&before.kind).map_err(|m| AppError::invalid("kind", m))?,
    };
    let mut changes = event::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    if let Some(title) = req.title {
        changes.title = Set(fields::text("title", &title, TITLE)?);
    }
    if let Some(raw) = req.starts_at {
        changes.starts_at = Set(parse_starts_at(&raw)?);
    }
    if let Some(place) = req.place {
        changes.place = Set(fields::text("place", &place, PLACE)?);
    }
    let provider = req.provider.unwrap_or_else(|| before.provider.clone());
    changes.provider = Set(provider_for(kind, &provider)?);
    if let Some(raw) = req.capacity {
        let capacity = parse_capacity(raw)?;
        let seated = event_invitation::Entity::find()
            .filter(event_invitation::Column::EventId.eq(id))
            .filter(event_invitation::Column::Status.is_in([ACCEPTED, ATTENDED]))
            .all(&*txn)
            .await?
            .len();
        if (capacity as usize) < seated {
            return Err(AppError::invalid(
                "capacity",
                format!("已有 {seated} 人确认参加或签到，名额不能少于 {seated}"),
            ));
        }
        changes.capacity = Set(capacity);
    }
    if let Some(raw) = req.region_code {
        let code = region_of(&*txn, &raw).await?;
        may_create(actor, &code)?;
        changes.region_code = Set(code);
    }
    let after = guarded::update(&*txn, id, changes, event::Column::Version.eq(version)).await?;
    audit::updated(&*txn, &actor.ctx(), &before, &after).await?;
    if after.capacity > before.capacity {
        // More seats: those waiting move up, longest waiting first.
        let rows = event_invitation::Entity::find()
            .filter(event_invitation::Column::EventId.eq(id))
            .all(&*txn)
            .await?;
        let counts = super::view::Counts::of(&rows);
        let free = u64::try_from(after.capacity)
            .unwrap_or(0)
            .saturating_sub(counts.seated());
        for _ in 0..free.min(counts.waitlisted) {
            super::rsvp::promote_next(&*txn, &actor.ctx(), &after).await?;
        }
    }
    txn.commit().await?;
    Ok(after)
}
