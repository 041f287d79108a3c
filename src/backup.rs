//! Backup and restore of the SQLite database (the CLI's `backup` and
//! `restore`). The database holds everything: accounts, profiles, the audit
//! log. The search index is derived from it and rebuilt after a restore;
//! settings live in flags and the environment, not in the data folder.
//!
//! A backup is `VACUUM INTO`: SQLite copies one snapshot, read in a single
//! read transaction, so the server keeps writing meanwhile and the copy is
//! exactly the database at one moment. Sessions are removed from the copy —
//! they are credentials, and a restored service should ask everyone to sign
//! in again — and the file is readable by its owner only.
//!
//! PostgreSQL deployments use `pg_dump` / `pg_restore`; see [`POSTGRES_BACKUP`].

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::SqliteJournalMode;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};

use crate::db::Db;

/// What to do instead on PostgreSQL.
pub const POSTGRES_BACKUP: &str = "PostgreSQL 的备份请用 PostgreSQL 自带的工具：\n  \
    pg_dump --format=custom --file=xiangxian.dump \"$DATABASE_URL\"\n\
    恢复到一个新建的空数据库：\n  \
    pg_restore --no-owner --dbname=\"$DATABASE_URL\" xiangxian.dump\n\
    （pg_dump 读取一个一致的快照，服务可以继续运行。）恢复后每个实例首次启动时会重建自己的搜索索引。";

/// The file of a `sqlite:` URL (`sqlite://path?mode=rwc`), or `None` for other databases.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// Opens a single SQLite file with a rollback journal, so that nothing but the
/// file itself is left behind when it closes.
async fn open_file(path: &Path, read_only: bool) -> anyhow::Result<DatabaseConnection> {
    let mode = if read_only { "ro" } else { "rw" };
    let mut options = ConnectOptions::new(format!("sqlite://{}?mode={mode}", path.display()));
    options
        .sqlx_logging(false)
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .map_sqlx_sqlite_opts(move |o| {
            let o = o.busy_timeout(Duration::from_secs(30));
            if read_only {
                o
            } else {
                o.journal_mode(SqliteJournalMode::Delete)
            }
        });
    Database::connect(options)
        .await
        .with_context(|| format!("无法打开 {}", path.display()))
}

async fn one_text(db: &DatabaseConnection, sql: &str) -> anyhow::Result<String> {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .context("没有结果")?;
    Ok(row.try_get_by_index::<String>(0)?)
}

/// Writes a consistent copy of the running database to `file`, which must not exist.
pub async fn backup(db: &Db, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} 已存在，不会覆盖", file.display());
    }
    let Some(target) = file.to_str() else {
        bail!("备份文件的路径须为 UTF-8");
    };
    db.conn()
        .execute_unprepared(&format!("VACUUM INTO '{}'", target.replace('\'', "''")))
        .await
        .context("备份失败")?;
    restrict_to_owner(file)?;
    let copy = open_file(file, false).await?;
    copy.execute_unprepared("DELETE FROM sessions").await?;
    copy.execute_unprepared("VACUUM").await?;
    let check = one_text(&copy, "PRAGMA integrity_check").await?;
    copy.close().await?;
    if check != "ok" {
        bail!("备份文件校验失败：{check}");
    }
    Ok(())
}

/// Checks that `file` is an intact database of this service, of this version or older.
pub async fn check_backup(file: &Path) -> anyhow::Result<()> {
    if !file.is_file() {
        bail!("找不到备份文件 {}", file.display());
    }
    let db = open_file(file, true).await?;
    let result = async {
        let check = one_text(&db, "PRAGMA integrity_check")
            .await
            .context("不是 SQLite 数据库")?;
        if check != "ok" {
            bail!("备份文件已损坏：{check}");
        }
        let tables = one_text(
            &db,
            "SELECT CAST(count(*) AS TEXT) FROM sqlite_master WHERE type = 'table' \
             AND name IN ('seaql_migrations', 'profiles', 'users')",
        )
        .await?;
        if tables != "3" {
            bail!("这不是乡贤通的数据库备份");
        }
        // Fails if the backup has migrations this program does not know (a newer version).
        Migrator::get_migration_with_status_read_only(&db)
            .await
            .context("备份来自更新的版本，请用相同或更新版本的程序恢复")?;
        Ok(())
    }
    .await;
    db.close().await?;
    result
}

/// Puts `file` in place of the database at `target`, atomically.
pub fn install(file: &Path, target: &Path) -> anyhow::Result<()> {
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("无法创建 {}", dir.display()))?;
    }
    let partial = target.with_extension("db.restoring");
    std::fs::copy(file, &partial).with_context(|| format!("无法复制到 {}", partial.display()))?;
    restrict_to_owner(&partial)?;
    std::fs::rename(&partial, target).with_context(|| format!("无法写入 {}", target.display()))?;
    Ok(())
}

/// The database file and its WAL companions.
pub fn database_files(db: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [db.to_owned(), with("-wal"), with("-shm")]
}

/// Backups hold personal data: only their owner may read them.
fn restrict_to_owner(file: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("无法设置 {} 的权限", file.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_of_a_sqlite_url() {
        assert_eq!(
            sqlite_path("sqlite://data/xiangxian.db?mode=rwc"),
            Some(PathBuf::from("data/xiangxian.db"))
        );
        assert_eq!(
            sqlite_path("sqlite:///var/lib/xx.db"),
            Some(PathBuf::from("/var/lib/xx.db"))
        );
        assert_eq!(sqlite_path("postgres://u@h/db"), None);
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }
}
