//! `xiangxian restore FILE`: puts a backup in place as the database of the
//! data folder. The folder must be empty unless `--force` (and then no server
//! may be using it); the search index is rebuilt from the restored database
//! when the server next starts. On PostgreSQL it explains `pg_restore` and
//! exits non-zero.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use sea_orm::{EntityTrait, PaginatorTrait};
use search_index::{IndexError, SearchIndex};

use crate::backup;
use crate::config::{GlobalOpts, database_url};
use crate::entity::profile;

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// A file written by `xiangxian backup`.
    file: PathBuf,
    /// Replace the data already in the data folder.
    #[arg(long)]
    force: bool,
}

pub async fn run(global: &GlobalOpts, args: RestoreArgs) -> anyhow::Result<()> {
    let Some(target) = backup::sqlite_path(&database_url(global).0) else {
        bail!("{}", backup::POSTGRES_BACKUP);
    };
    let dir = &global.data_dir;
    let key_file = crate::crypto::key_path(dir, global.data_key_file.as_deref());
    if !key_file.exists() {
        bail!(
            "找不到数据密钥 {}：恢复加密的备份需要备份时的密钥文件（放进数据目录，或用 XIANGXIAN_DATA_KEY_FILE 指明）",
            key_file.display()
        );
    }
    crate::crypto::install(crate::crypto::Keyring::new(
        crate::crypto::read_key_file(&key_file)?,
        global.cipher,
    ));
    let plain = backup::Scratch::new(dir, "restore")?;
    backup::unseal(&args.file, &plain)?;
    backup::check_backup(&plain.0).await?;
    let index = dir.join("index");
    // The key file (put there for the restore) and our scratch file do not count as data.
    let occupied = target.exists()
        || dir.read_dir().is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.path() != key_file && e.path() != plain.0)
        });
    if occupied {
        if !args.force {
            bail!(
                "{} 中已有数据；确认要用备份替换它们，请加 --force",
                dir.display()
            );
        }
        ensure_stopped(&index)?;
        for file in backup::database_files(&target) {
            if file.exists() {
                std::fs::remove_file(&file)
                    .with_context(|| format!("无法删除 {}", file.display()))?;
            }
        }
    }
    // Derived data: rebuilt from the restored database on the next start.
    if index.exists() {
        std::fs::remove_dir_all(&index).with_context(|| format!("无法删除 {}", index.display()))?;
    }
    backup::install(&plain.0, &target)?;
    drop(plain);
    // Brings an older backup up to this version's schema, and proves it opens.
    let db = super::open_db(global).await?;
    let profiles = profile::Entity::find().count(db.conn()).await?;
    db.close().await?;
    println!(
        "已从 {} 恢复到 {}（{profiles} 份档案）；搜索索引将在服务下次启动时重建，所有用户需重新登录。",
        args.file.display(),
        target.display()
    );
    Ok(())
}

/// A running server holds the index writer lock of its data folder.
fn ensure_stopped(index: &Path) -> anyhow::Result<()> {
    if !index.join("meta.json").exists() {
        return Ok(());
    }
    match SearchIndex::open_in_dir(index) {
        Err(IndexError::Locked(_)) => bail!("数据目录正被运行中的服务使用：请先停止服务"),
        _ => Ok(()),
    }
}
