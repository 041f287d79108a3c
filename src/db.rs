//! The database connection: SQLite (WAL, foreign keys, busy timeout, one writer
//! at a time) or PostgreSQL behind the same sea-orm interface.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, DbErr, SqliteTransactionMode, Statement, TransactionOptions,
    TransactionTrait,
};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard};

/// SQLite page cache of the write connection, in KiB (SQLite's default is 2 MiB).
const WRITE_CACHE_KIB: u32 = 32 * 1024;
/// SQLite page cache of each of the eight reading connections, in KiB.
const READ_CACHE_KIB: u32 = 4 * 1024;

/// The shared database handle.
#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
    /// SQLite on a file: the one connection write transactions use, apart from the
    /// readers' pool (see [`Db::connect`]). `None` on PostgreSQL: any connection writes.
    writer: Option<DatabaseConnection>,
    /// SQLite allows one writer; queueing writers here, in order, instead of in
    /// SQLite's busy handler means no write ever fails with "database is locked".
    write_lock: Option<Arc<Mutex<()>>>,
    /// Woken by every committed write transaction: the search indexer waits on it.
    search_wake: Arc<Notify>,
}

impl Db {
    /// Connects; for SQLite creates the file if needed and sets the pragmas.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .sqlx_logging(false)
            .acquire_timeout(Duration::from_secs(30));
        let sqlite = url.starts_with("sqlite:");
        let file = crate::backup::sqlite_path(url);
        if let Some(file) = &file
            && !file.exists()
        {
            // SQLite gives the WAL and shared-memory files the mode of the database file:
            // creating it 0600 here keeps all three private from the moment they exist.
            crate::crypto::private_new_file(file)
                .with_context(|| format!("无法创建数据库文件 {}", file.display()))?;
        }
        if !sqlite {
            options.max_connections(16).min_connections(1);
            let conn = Database::connect(options).await.context("连接数据库失败")?;
            return Ok(Self {
                conn,
                writer: None,
                write_lock: None,
                search_wake: Arc::default(),
            });
        }
        // SQLite writes one transaction at a time, so writes get one connection of their
        // own with a large page cache (the indexes a bulk write touches stay in memory
        // instead of being read back from the OS for every row), and readers a pool with
        // small ones. When every pooled connection took turns writing, each grew a 32 MiB
        // cache: 256 MiB left resident after a million-profile load, which the index
        // rebuild then added to (681 MB peak).
        let sqlite_options = |cache_kib: u32, connections: u32| {
            let mut options = options.clone();
            options
                .max_connections(connections)
                .min_connections(1)
                .map_sqlx_sqlite_opts(move |opts| {
                    opts.create_if_missing(true)
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(30))
                        .pragma("cache_size", format!("-{cache_kib}"))
                });
            options
        };
        let conn = Database::connect(sqlite_options(READ_CACHE_KIB, 8))
            .await
            .context("连接数据库失败")?;
        // An in-memory database exists once per connection: it cannot be split.
        let writer = match file {
            Some(_) => Some(
                Database::connect(sqlite_options(WRITE_CACHE_KIB, 1))
                    .await
                    .context("连接数据库失败")?,
            ),
            None => None,
        };
        Ok(Self {
            conn,
            writer,
            write_lock: Some(Arc::new(Mutex::new(()))),
            search_wake: Arc::default(),
        })
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        Migrator::up(&self.conn, None)
            .await
            .context("数据库迁移失败")
    }

    /// Whether every migration has been applied.
    pub async fn is_migrated(&self) -> bool {
        matches!(Migrator::get_pending_migrations(&self.conn).await, Ok(p) if p.is_empty())
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// What the search indexer waits on between rounds; each commit of a
    /// [`WriteTxn`] wakes it.
    pub fn search_wake(&self) -> Arc<Notify> {
        self.search_wake.clone()
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.conn.get_database_backend()
    }

    /// Starts a write transaction. On SQLite it waits its turn behind other
    /// writers of this process and takes the write lock at BEGIN (IMMEDIATE),
    /// so a transaction never has to upgrade a read lock and deadlock.
    pub async fn write(&self) -> Result<WriteTxn, DbErr> {
        let guard = match &self.write_lock {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let options = TransactionOptions {
            sqlite_transaction_mode: guard.as_ref().map(|_| SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        let txn = self
            .writer
            .as_ref()
            .unwrap_or(&self.conn)
            .begin_with_options(options)
            .await?;
        Ok(WriteTxn {
            txn,
            _guard: guard,
            search_wake: self.search_wake.clone(),
        })
    }

    /// PostgreSQL plans from statistics that autovacuum refreshes when it runs; it may be
    /// off (this project's CI server) and lags a bulk load. Without them, a 500-mobile
    /// lookup at a million profiles scanned the whole table (235 ms) instead of the index
    /// (12 ms). A bulk writer calls this between batches: `tables` that changed by more
    /// than a tenth since they were last analyzed are analyzed now. Nothing on SQLite.
    pub async fn analyze_if_stale(&self, tables: &[&str]) -> Result<(), DbErr> {
        if self.backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        for table in tables {
            let stale = self
                .conn
                .query_one_raw(Statement::from_sql_and_values(
                    DatabaseBackend::Postgres,
                    "SELECT n_mod_since_analyze > GREATEST(1000, n_live_tup / 10) AS stale \
                     FROM pg_stat_user_tables WHERE relname = $1 AND schemaname = current_schema()",
                    [(*table).into()],
                ))
                .await?
                .map(|row| row.try_get::<bool>("", "stale"))
                .transpose()?
                .unwrap_or(false);
            if stale {
                // A name from the caller's own list, never from input.
                self.conn
                    .execute_unprepared(&format!("ANALYZE \"{table}\""))
                    .await?;
            }
        }
        Ok(())
    }

    pub async fn close(self) -> Result<(), DbErr> {
        if let Some(writer) = self.writer {
            writer.close().await?;
        }
        self.conn.close().await
    }
}

/// Creates `dir` (and missing parents) readable by its owner only (0700); a folder that
/// already exists is left as it is.
pub fn create_private_dir(dir: &std::path::Path) -> anyhow::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .with_context(|| format!("无法创建数据目录 {}", dir.display()))
}

/// A write transaction holding this process's SQLite write turn until it ends.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _guard: Option<OwnedMutexGuard<()>>,
    search_wake: Arc<Notify>,
}

impl WriteTxn {
    /// Commits, then wakes this instance's search indexer, so a write that
    /// queued a search change (`service::search_change`) reaches the index at
    /// once and no caller has to remember to say so. A write that queued none
    /// costs the indexer one indexed read of an empty queue.
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await?;
        self.search_wake.notify_one();
        Ok(())
    }
}

impl Deref for WriteTxn {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}
