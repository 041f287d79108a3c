//! Does the index hold exactly what the database says it should? Every live,
//! listed profile once, at its current version, and nothing else. Used by
//! `xiangxian check-index` and by tests after crashes.

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use super::Search;
use super::doc::indexable;
use crate::db::Db;
use crate::entity::profile;

/// A document whose version differs from its row's.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Stale {
    pub id: i64,
    pub index_version: i64,
    pub database_version: i64,
}

/// The comparison of the index with the database.
#[derive(Debug, Serialize)]
pub struct IndexReport {
    /// Whether the index holds exactly the indexable profiles at their versions.
    pub ok: bool,
    /// The last change the index applied (its commit payload).
    pub index_last_change_id: Option<i64>,
    /// Queued changes the index has not applied yet; a difference is expected while any are.
    pub pending_changes: u64,
    pub database_profiles: usize,
    pub index_documents: usize,
    /// Indexable profiles the index lacks.
    pub missing: Vec<i64>,
    /// Documents of profiles that are gone, unlisted or merged (or ids found twice).
    pub extra: Vec<i64>,
    pub stale: Vec<Stale>,
}

/// Compares every document of `search` with the profiles of `db`.
pub async fn compare(db: &Db, search: &Search) -> anyhow::Result<IndexReport> {
    let last = search.index.last_change_id();
    let pending = super::pending(db.conn(), last.unwrap_or(0)).await?;
    let mut expected: BTreeMap<i64, i64> = BTreeMap::new();
    let mut after = 0i64;
    loop {
        let page = profile::Entity::find()
            .filter(profile::Column::Id.gt(after))
            .order_by_asc(profile::Column::Id)
            .limit(10_000)
            .all(db.conn())
            .await?;
        let Some(last_row) = page.last() else { break };
        after = last_row.id;
        expected.extend(
            page.iter()
                .filter(|p| indexable(p))
                .map(|p| (p.id, i64::from(p.version))),
        );
    }
    let index = search.index.clone();
    let documents = tokio::task::spawn_blocking(move || index.ids_and_versions()).await??;
    let mut found: BTreeMap<i64, i64> = BTreeMap::new();
    let mut extra = Vec::new();
    for (id, version) in &documents {
        if found.insert(*id, *version).is_some() {
            extra.push(*id);
        }
    }
    let mut missing = Vec::new();
    let mut stale = Vec::new();
    for (id, version) in &expected {
        match found.get(id) {
            None => missing.push(*id),
            Some(v) if v != version => stale.push(Stale {
                id: *id,
                index_version: *v,
                database_version: *version,
            }),
            Some(_) => {}
        }
    }
    extra.extend(found.keys().filter(|id| !expected.contains_key(id)));
    extra.sort_unstable();
    Ok(IndexReport {
        ok: missing.is_empty() && extra.is_empty() && stale.is_empty(),
        index_last_change_id: last,
        pending_changes: pending,
        database_profiles: expected.len(),
        index_documents: documents.len(),
        missing,
        extra,
        stale,
    })
}
