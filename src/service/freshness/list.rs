//! The freshness page's list: the caller's records not confirmed for a year, least
//! recently confirmed first, with when a 请本人确认 was last sent and whether the person can
//! be reached at all (contacts are never shown here).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::entity::{profile, profile_confirm_request as request};
use crate::error::AppResult;
use crate::service::export::{ProfileFilter, conditions};
use crate::service::paging::Paging;
use crate::service::region::RegionNames;

/// One stale record.
#[derive(Debug, Serialize)]
pub struct StaleRow {
    pub id: i64,
    pub name: String,
    pub hometown: String,
    /// Last confirmed, or `None` when never (then `created_at` counts).
    pub last_confirmed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub reachable: bool,
    /// The last 请本人确认 sent, if any.
    pub requested_at: Option<DateTime<Utc>>,
    /// Whether another may be sent now (one a week).
    pub may_request: bool,
}

/// One page of them.
#[derive(Debug, Serialize)]
pub struct StalePage {
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub items: Vec<StaleRow>,
}

/// The caller's stale records under `region` (or the whole scope), one page.
pub async fn stale_page(
    conn: &impl ConnectionTrait,
    names: &RegionNames,
    actor: &CurrentUser,
    region: Option<String>,
    page: Option<u64>,
) -> AppResult<StalePage> {
    let (page, per_page) = Paging::resolve(page, Some(30))?;
    let filter = ProfileFilter {
        region,
        stale: Some(true),
        ..Default::default()
    };
    let query = profile::Entity::find()
        .filter(conditions(actor, &filter)?.add(profile::Column::MergedInto.is_null()));
    let total = query.clone().count(conn).await?;
    let rows = query
        .order_by_asc(profile::Column::LastConfirmedAt)
        .order_by_asc(profile::Column::CreatedAt)
        .order_by_asc(profile::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(conn)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
    let mut last: HashMap<i64, DateTime<Utc>> = HashMap::new();
    for r in request::Entity::find()
        .filter(request::Column::ProfileId.is_in(ids))
        .all(conn)
        .await?
    {
        let e = last.entry(r.profile_id).or_insert(r.created_at);
        if r.created_at > *e {
            *e = r.created_at;
        }
    }
    let week_ago = Utc::now() - chrono::Duration::days(super::confirm::EVERY_DAYS);
    let items = rows
        .into_iter()
        .map(|p| {
            let requested_at = last.get(&p.id).copied();
            let reachable = p.mobile.is_some() || p.email.is_some();
            StaleRow {
                id: p.id,
                hometown: names.local_name(&p.hometown_code),
                name: p.name,
                last_confirmed_at: p.last_confirmed_at,
                created_at: p.created_at,
                reachable,
                may_request: reachable && requested_at.is_none_or(|t| t < week_ago),
                requested_at,
            }
        })
        .collect();
    Ok(StalePage {
        total,
        page,
        per_page,
        items,
    })
}
