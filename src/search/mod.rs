//! This instance's search index, kept in step with the database.
//!
//! The database is the truth. Every write to a profile appends a row to
//! `search_changes` in the same transaction; the indexer applies those rows in
//! order and stores the last applied id in the tantivy commit payload, so after
//! a crash, or on a new instance, it resumes exactly where the index stands.

pub mod check;
mod doc;
mod indexer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use doc::{indexable, profile_doc};
pub use indexer::{catch_up, pending, rebuild, run_indexer};
use search_index::{IndexError, SearchIndex};

/// The index of this instance, shared by handlers and the indexer.
#[derive(Clone)]
pub struct Search {
    pub index: Arc<SearchIndex>,
    pub dir: Option<PathBuf>,
    /// Held by whoever applies queued changes, so two appliers (the indexer
    /// and a caller of `catch_up`) never commit an older read over a newer one.
    applying: Arc<tokio::sync::Mutex<()>>,
}

impl Search {
    /// Opens the index folder; a corrupt folder is moved aside and a fresh
    /// index made, which the indexer then fills from the database.
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let index = match SearchIndex::open_in_dir(dir) {
            Ok(index) => index,
            Err(IndexError::Corrupt(reason)) => {
                tracing::warn!(%reason, "search index unreadable; rebuilding from the database");
                let aside =
                    dir.with_extension(format!("corrupt-{}", chrono::Utc::now().timestamp()));
                std::fs::rename(dir, &aside)?;
                std::fs::create_dir_all(dir)?;
                let index = SearchIndex::open_in_dir(dir)?;
                let _ = std::fs::remove_dir_all(&aside);
                index
            }
            Err(other) => return Err(other.into()),
        };
        Ok(Self::from_index(index, Some(dir.to_owned())))
    }

    pub fn in_ram() -> anyhow::Result<Self> {
        Ok(Self::from_index(SearchIndex::open_in_ram()?, None))
    }

    /// Wraps an index opened by the caller (`check-index` opens it without repair).
    pub fn from_index(index: SearchIndex, dir: Option<PathBuf>) -> Self {
        Self {
            index: Arc::new(index),
            dir,
            applying: Arc::default(),
        }
    }
}

/// The PostgreSQL channel every write notifies, waking the indexers of all instances.
pub const CHANNEL: &str = "xiangxian_search";

/// Wakes this instance's indexer whenever another instance commits a change.
pub async fn listen_for_changes(db: crate::db::Db, wake: Arc<tokio::sync::Notify>) {
    loop {
        let pool = db.conn().get_postgres_connection_pool().clone();
        match sea_orm::sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if listener.listen(CHANNEL).await.is_ok() {
                    while listener.recv().await.is_ok() {
                        wake.notify_one();
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot listen for search changes; polling only"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    }
}
