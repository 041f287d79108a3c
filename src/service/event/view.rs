//! Events and invitations as the API and the pages show them. Times go out
//! in Asia/Shanghai (+08:00); an invitee's name shows only to a viewer who may
//! read the person's record, and contacts only masked.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;

use super::{ACCEPTED, ATTENDED, DECLINED, INVITED, WAITLISTED, kind_label, status_label};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProfileAction};
use crate::entity::{event, event_invitation, profile};
use crate::error::AppResult;
use crate::service::fields::china;
use crate::service::profile::view::masked_contacts;
use crate::service::region::RegionNames;

/// How many invitations are in each status.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    pub invited: u64,
    pub accepted: u64,
    pub waitlisted: u64,
    pub declined: u64,
    pub attended: u64,
}

impl Counts {
    pub fn of(rows: &[event_invitation::Model]) -> Self {
        let mut c = Self::default();
        for r in rows {
            match r.status.as_str() {
                INVITED => c.invited += 1,
                ACCEPTED => c.accepted += 1,
                WAITLISTED => c.waitlisted += 1,
                DECLINED => c.declined += 1,
                ATTENDED => c.attended += 1,
                _ => {}
            }
        }
        c
    }

    /// Seats taken: those who said yes and those who came.
    pub fn seated(&self) -> u64 {
        self.accepted + self.attended
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct EventView {
    pub id: i64,
    pub kind: String,
    pub kind_label: &'static str,
    pub title: String,
    pub region_code: String,
    pub region: String,
    /// In Asia/Shanghai.
    pub starts_at: DateTime<FixedOffset>,
    pub place: String,
    pub capacity: i32,
    pub provider: String,
    pub past: bool,
    pub counts: Counts,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl EventView {
    pub fn new(e: event::Model, names: &RegionNames, counts: Counts) -> Self {
        Self {
            kind_label: kind_label(&e.kind),
            region: names.full_name(&e.region_code),
            starts_at: e.starts_at.with_timezone(&china()),
            past: e.starts_at < Utc::now(),
            counts,
            id: e.id,
            kind: e.kind,
            title: e.title,
            region_code: e.region_code,
            place: e.place,
            capacity: e.capacity,
            provider: e.provider,
            version: e.version,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// The invitations of `event_ids`, by event.
pub async fn invitations_of(
    conn: &impl ConnectionTrait,
    event_ids: &[i64],
) -> AppResult<HashMap<i64, Vec<event_invitation::Model>>> {
    let mut out: HashMap<i64, Vec<event_invitation::Model>> = HashMap::new();
    for chunk in event_ids.chunks(500) {
        let rows = event_invitation::Entity::find()
            .filter(event_invitation::Column::EventId.is_in(chunk.iter().copied()))
            .all(conn)
            .await?;
        for r in rows {
            out.entry(r.event_id).or_default().push(r);
        }
    }
    Ok(out)
}

/// Views of `rows` with their counts.
pub async fn views(
    conn: &impl ConnectionTrait,
    names: &RegionNames,
    rows: Vec<event::Model>,
) -> AppResult<Vec<EventView>> {
    let ids: Vec<i64> = rows.iter().map(|e| e.id).collect();
    let invitations = invitations_of(conn, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|e| {
            let counts = invitations
                .get(&e.id)
                .map(|r| Counts::of(r))
                .unwrap_or_default();
            EventView::new(e, names, counts)
        })
        .collect())
}

/// One view with its counts.
pub async fn view_one(
    conn: &impl ConnectionTrait,
    names: &RegionNames,
    e: event::Model,
) -> AppResult<EventView> {
    views(conn, names, vec![e])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| crate::error::AppError::Internal(anyhow::anyhow!("event view missing")))
}

#[derive(Clone, Debug, Serialize)]
pub struct InvitationView {
    pub id: i64,
    pub event_id: i64,
    pub profile_id: i64,
    /// The person's name, or 其他地区乡贤 when the viewer may not read the record.
    pub name: String,
    pub hometown: String,
    /// Masked (138****5678); the full number only through the audited call list.
    pub mobile: Option<String>,
    pub status: String,
    pub status_label: &'static str,
    pub answered_at: Option<DateTime<Utc>>,
    pub attended_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// One invitation as `viewer` may see it.
pub async fn invitation_view(
    conn: &impl ConnectionTrait,
    viewer: &CurrentUser,
    names: &RegionNames,
    row: event_invitation::Model,
) -> AppResult<InvitationView> {
    invitation_views(conn, viewer, names, vec![row])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| crate::error::AppError::Internal(anyhow::anyhow!("invitation view missing")))
}

/// The people of `rows` as `viewer` may see them, in the order given.
pub async fn invitation_views(
    conn: &impl ConnectionTrait,
    viewer: &CurrentUser,
    names: &RegionNames,
    rows: Vec<event_invitation::Model>,
) -> AppResult<Vec<InvitationView>> {
    let mut people: HashMap<i64, profile::Model> = HashMap::new();
    let ids: Vec<i64> = rows.iter().map(|r| r.profile_id).collect();
    for chunk in ids.chunks(500) {
        for p in profile::Entity::find()
            .filter(profile::Column::Id.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            people.insert(p.id, p);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let person = people
                .get(&r.profile_id)
                .filter(|p| policy::profile(viewer, p, ProfileAction::Read).is_ok());
            let (name, hometown, mobile) = match person {
                Some(p) => (
                    p.name.clone(),
                    names.local_name(&p.hometown_code),
                    masked_contacts(p).0,
                ),
                None => ("其他地区乡贤".to_owned(), String::new(), None),
            };
            InvitationView {
                id: r.id,
                event_id: r.event_id,
                profile_id: r.profile_id,
                name,
                hometown,
                mobile,
                status_label: status_label(&r.status),
                status: r.status,
                answered_at: r.answered_at,
                attended_at: r.attended_at,
                created_at: r.created_at,
            }
        })
        .collect())
}
