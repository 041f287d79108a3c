//! `GET /api/v1/profiles`: the registry searched through the index, within the
//! caller's scope (decided by the policy, given the actor), with names and highlights
//! from the database. A service over the `search` module's index.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use search_index::{Facets, Highlight, SearchQuery};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::auth::policy;
use crate::domain::{CapitalRange, Intent, taxonomy};
use crate::entity::json_list::from_json_list;
use crate::entity::profile;
use crate::error::{AppError, AppResult};
use crate::search::{Search, indexable};
use crate::service::export::ProfileFilter;
use crate::service::paging::Paging;
use crate::service::region::{self, RegionNames};

/// Deep pages are refused: nobody reads page 600 and it costs the server.
const MAX_OFFSET: usize = 10_000;

#[derive(Debug, Serialize)]
pub struct SearchItem {
    pub id: i64,
    pub name: String,
    pub hometown: String,
    pub hometown_code: String,
    pub chains: Vec<String>,
    pub employer: String,
    pub title: String,
    pub tier: String,
    pub verified: bool,
    pub consent_match: bool,
    pub score: f32,
    pub highlights: Vec<Highlight>,
}

#[derive(Debug, Serialize)]
pub struct SearchView {
    pub total: usize,
    pub page: u64,
    pub per_page: u64,
    pub items: Vec<SearchItem>,
    pub facets: Facets,
    /// 您是不是要找: a corrected query when nothing matched (else null).
    pub suggestion: Option<String>,
}

/// Turns the filters into an index query limited to what the caller may see.
pub fn index_query(actor: &CurrentUser, filter: &ProfileFilter) -> AppResult<SearchQuery> {
    // The index holds listed profiles only, so the listing part of the scope is kept.
    let scope = policy::profile_list(actor)?.prefix;
    let mut query = SearchQuery {
        text: filter.q.clone().unwrap_or_default(),
        ..Default::default()
    };
    query.region_prefixes.push(scope);
    if let Some(raw) = filter.region.as_deref().filter(|r| !r.is_empty()) {
        query
            .region_prefixes
            .push(region::parse_code("region", raw)?.to_string());
    }
    if let Some(chain) = filter.chain.as_deref().filter(|c| !c.is_empty()) {
        if !taxonomy::is_chain_or_segment(chain) {
            return Err(AppError::invalid(
                "chain",
                format!("“{chain}”不是产业链或细分领域代码（见 /api/v1/chains）"),
            ));
        }
        query.chains.push(chain.to_owned());
    }
    if let Some(intent) = filter.intent.as_deref().filter(|c| !c.is_empty()) {
        query.intents.push(
            Intent::parse(intent)
                .map_err(|m| AppError::invalid("intent", m))?
                .as_str()
                .to_owned(),
        );
    }
    if let Some(capital) = filter.capital.as_deref().filter(|c| !c.is_empty()) {
        query.capital_ranges.push(
            CapitalRange::parse(capital)
                .map_err(|m| AppError::invalid("capital", m))?
                .as_str()
                .to_owned(),
        );
    }
    query.verified = filter.verified;
    Ok(query)
}

/// `org=ID`: only the organisation's members (404 for an organisation the
/// caller does not read); the caller's scope in the query still applies.
async fn with_members(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    filter: &ProfileFilter,
    query: &mut SearchQuery,
) -> AppResult<()> {
    if let Some(org) = filter.org {
        query.ids =
            Some(crate::service::organization::members::member_ids(conn, actor, org).await?);
    }
    Ok(())
}

pub async fn search_profiles(
    conn: &impl ConnectionTrait,
    search: &Search,
    names: &RegionNames,
    actor: &CurrentUser,
    filter: &ProfileFilter,
) -> AppResult<SearchView> {
    if filter.stale == Some(true) {
        return crate::service::freshness::stale_profiles(conn, search, names, actor, filter).await;
    }
    let (page, per_page) = Paging::resolve(filter.page, filter.per_page)?;
    let mut query = index_query(actor, filter)?;
    with_members(conn, actor, filter, &mut query).await?;
    query.offset = ((page - 1) * per_page) as usize;
    if query.offset > MAX_OFFSET {
        return Err(AppError::invalid(
            "page",
            format!("最多翻到第 {MAX_OFFSET} 条，请缩小搜索范围"),
        ));
    }
    query.limit = per_page as usize;
    query.facets = true;
    let index = search.index.clone();
    let text = query.text.clone();
    let results = crate::service::blocking::run(move || index.search(&query)).await?;
    let ids: Vec<i64> = results.hits.iter().map(|h| h.id).collect();
    let rows: HashMap<i64, profile::Model> = profile::Entity::find()
        .filter(profile::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .filter(indexable)
        .map(|p| (p.id, p))
        .collect();
    let items = results
        .hits
        .iter()
        .filter_map(|hit| {
            let p = rows.get(&hit.id)?;
            let highlights = if text.trim().is_empty() {
                Vec::new()
            } else {
                search.index.highlight(
                    &text,
                    &[
                        ("name", &p.name),
                        ("expertise", &p.expertise),
                        ("employer", &p.employer),
                        ("title", &p.title),
                        ("bio", &p.bio),
                    ],
                )
            };
            Some(SearchItem {
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
                score: hit.score,
                highlights,
            })
        })
        .collect();
    // Only when nothing matched: a few look-ups, whatever the size of the index.
    let suggestion = (results.total == 0 && !text.trim().is_empty())
        .then(|| search.index.suggest(&text))
        .flatten();
    Ok(SearchView {
        total: results.total,
        page,
        per_page,
        items,
        facets: results.facets,
        suggestion,
    })
}

/// The ids of every match (for exports), up to `limit`.
pub async fn matching_ids(
    conn: &impl ConnectionTrait,
    search: &Search,
    actor: &CurrentUser,
    filter: &ProfileFilter,
    limit: usize,
) -> AppResult<Vec<i64>> {
    let mut query = index_query(actor, filter)?;
    with_members(conn, actor, filter, &mut query).await?;
    query.limit = limit;
    let index = search.index.clone();
    let results = crate::service::blocking::run(move || index.search(&query)).await?;
    Ok(results.hits.into_iter().map(|h| h.id).collect())
}
