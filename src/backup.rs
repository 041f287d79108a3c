//! Backup and restore of the SQLite database (the CLI's `backup` and
//! `restore`). The database holds everything: accounts, profiles, the audit
//! log. The search index is derived from it and rebuilt after a restore;
//! settings live in flags and the environment, not in the data folder.
//!
//! A backup is `VACUUM INTO`: SQLite copies one snapshot, read in a single
//! read transaction, so the server keeps writing meanwhile and the copy is
//! exactly the database at one moment. Sessions are removed from the copy —
//! they are credentials, and a restored service should ask everyone to sign
//! in again. The copy is then encrypted with the data key (SM4-GCM or AES-256-GCM,
//! authenticated, so a wrong key or a damaged file is refused as a whole), and every
//! file on the way is created readable by its owner only (0600), never chmod-ed later.
//! Backups written by `backup` without a FILE go to `DATA_DIR/backups`, where
//! `backup --prune --keep-days N` deletes the expired ones.
//!
//! PostgreSQL deployments use `pg_dump` / `pg_restore`; see [`POSTGRES_BACKUP`].

use std::io::Write;
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

/// Writes a consistent, encrypted copy of the running database to `file`, which must not
/// exist. The clear copy is made in `work_dir` (the data folder, 0700) and removed.
pub async fn backup(db: &Db, file: &Path, work_dir: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} 已存在，不会覆盖", file.display());
    }
    let keyring = crate::crypto::keyring()?;
    let plain = Scratch::new(work_dir, "backup")?;
    let Some(target) = plain.0.to_str() else {
        bail!("数据目录的路径须为 UTF-8");
    };
    // VACUUM INTO fills an empty file: created here 0600, it never exists with wider modes.
    drop(crate::crypto::private_new_file(&plain.0)?);
    db.conn()
        .execute_unprepared(&format!("VACUUM INTO '{}'", target.replace('\'', "''")))
        .await
        .context("备份失败")?;
    let copy = open_file(&plain.0, false).await?;
    copy.execute_unprepared("DELETE FROM sessions").await?;
    copy.execute_unprepared("VACUUM").await?;
    let check = one_text(&copy, "PRAGMA integrity_check").await?;
    copy.close().await?;
    if check != "ok" {
        bail!("备份文件校验失败：{check}");
    }
    let sealed = keyring.seal_file(&std::fs::read(&plain.0)?);
    let mut out = crate::crypto::private_new_file(file)
        .with_context(|| format!("无法创建 {}", file.display()))?;
    out.write_all(&sealed)?;
    out.sync_all()?;
    Ok(())
}

/// A file in the data folder removed when dropped (a clear copy on its way in or out).
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(dir: &Path, what: &str) -> anyhow::Result<Self> {
        crate::db::create_private_dir(dir)?;
        let path = dir.join(format!(".{what}-{}.tmp", std::process::id()));
        let _ = std::fs::remove_file(&path);
        Ok(Self(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Decrypts a backup written by [`backup`] into `scratch` (0600); an older, unencrypted
/// backup is copied as it is. A wrong key is refused with a message saying so.
pub fn unseal(file: &Path, scratch: &Scratch) -> anyhow::Result<()> {
    let data = std::fs::read(file).with_context(|| format!("找不到备份文件 {}", file.display()))?;
    let plain = if data.starts_with(crate::crypto::FILE_MAGIC.as_bytes()) {
        let keyring = crate::crypto::keyring()?;
        keyring.open_file(&data).map_err(|e| match e {
            crate::crypto::CryptoError::UnknownKey(id) => anyhow::anyhow!(
                "备份是用数据密钥 {id} 加密的，当前密钥是 {}：请用备份时的密钥文件（XIANGXIAN_DATA_KEY_FILE）恢复",
                keyring.current_id()
            ),
            _ => anyhow::anyhow!("备份文件无法用当前数据密钥解密：密钥不对，或文件已损坏"),
        })?
    } else {
        data
    };
    let mut out = crate::crypto::private_new_file(&scratch.0)?;
    out.write_all(&plain)?;
    out.sync_all()?;
    Ok(())
}

/// File names `backup` gives backups in the backup folder.
pub fn backup_name(at: chrono::DateTime<chrono::Utc>) -> String {
    format!("xiangxian-{}.xxbak", at.format("%Y%m%d-%H%M%S"))
}

/// Deletes backups in `dir` (files named by [`backup_name`]) last written more than
/// `keep_days` days ago; returns the deleted files.
pub fn prune(dir: &Path, keep_days: u32) -> anyhow::Result<Vec<PathBuf>> {
    let cutoff = std::time::SystemTime::now()
        - std::time::Duration::from_secs(u64::from(keep_days) * 86_400);
    let mut deleted = Vec::new();
    let Ok(entries) = dir.read_dir() else {
        return Ok(deleted);
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with("xiangxian-") && name.ends_with(".xxbak")) {
            continue;
        }
        if entry.metadata()?.modified()? < cutoff {
            std::fs::remove_file(entry.path())
                .with_context(|| format!("无法删除 {}", entry.path().display()))?;
            deleted.push(entry.path());
        }
    }
    Ok(deleted)
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
        crate::db::create_private_dir(dir)?;
    }
    let partial = target.with_extension("db.restoring");
    let _ = std::fs::remove_file(&partial);
    let mut out = crate::crypto::private_new_file(&partial)
        .with_context(|| format!("无法创建 {}", partial.display()))?;
    std::io::copy(&mut std::fs::File::open(file)?, &mut out)
        .with_context(|| format!("无法复制到 {}", partial.display()))?;
    out.sync_all()?;
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
