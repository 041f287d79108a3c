//! Freshness: records not confirmed for over a year (contacts go stale), listed oldest first
//! within the caller's scope. Coverage counts the same rows (`stale`).

pub mod batch;
pub mod confirm;
pub mod list;

use chrono::{Duration, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::auth::CurrentUser;
use crate::entity::json_list::from_json_list;
use crate::entity::profile;
use crate::error::AppResult;
use crate::search::Search;
use crate::service::export::{ProfileFilter, conditions};
use crate::service::paging::Paging;
use crate::service::profile::search::{SearchItem, SearchView, matching_ids};
use crate::service::region::RegionNames;

/// Days after which a record counts as not confirmed.
pub const STALE_AFTER_DAYS: i64 = 365;
/// Matches of a text search considered when it is combined with `stale=true`.
const MAX_TEXT_MATCHES: usize = 5000;

/// Not confirmed for over a year: confirmed before then, or never and created before then.
pub fn stale_condition() -> Condition {
    let year_ago = Utc::now() - Duration::days(STALE_AFTER_DAYS);
    Condition::any()
        .add(profile::Column::LastConfirmedAt.lt(year_ago))
        .add(
            Condition::all()
                .add(profile::Column::LastConfirmedAt.is_null())
                .add(profile::Column::CreatedAt.lt(year_ago)),
        )
}

/// One page of the caller's stale records (the filters apply; a text query through the
/// index), least recently confirmed first.
pub async fn stale_profiles(
    conn: &impl ConnectionTrait,
    search: &Search,
    names: &RegionNames,
    actor: &CurrentUser,
    filter: &ProfileFilter,
) -> AppResult<SearchView> {
    let (page, per_page) = Paging::resolve(filter.page, filter.per_page)?;
    // `conditions` adds the stale condition itself when `filter.stale` is set.
    let mut cond = conditions(actor, filter)?
        .add(profile::Column::MergedInto.is_null())
        .add(profile::Column::Listed.eq(true));
    if filter.q.as_deref().is_some_and(|q| !q.trim().is_empty()) {
        let ids = matching_ids(conn, search, actor, filter, MAX_TEXT_MATCHES).await?;
        cond = cond.add(profile::Column::Id.is_in(ids));
    }
    let query = profile::Entity::find().filter(cond);
    let total = query.clone().count(conn).await?;
    let rows = query
        .order_by_asc(profile::Column::LastConfirmedAt)
        .order_by_asc(profile::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(conn)
        .await?;
    let items = rows
        .into_iter()
        .map(|p| SearchItem {
            id: p.id,
            name: p.name.clone(),
            hometown: names.local_name(&p.hometown_code),
            hometown_code: p.hometown_code.clone(),
            chains: from_json_list(&p.chains),
            employer: p.employer.clone(),
            title: p.title.clone(),
            tier: p.tier.clone(),
            verified: p.verified,
            consent_match: p.consent_match,
            score: 0.0,
            highlights: Vec::new(),
        })
        .collect();
    Ok(SearchView {
        total: usize::try_from(total).unwrap_or(usize::MAX),
        page,
        per_page,
        items,
        facets: search_index::Facets::default(),
        suggestion: None,
    })
}
