//! `xiangxian backup [FILE]`: a consistent, encrypted copy of the database, taken while the
//! server runs (see `crate::backup`); without FILE it goes to `DATA_DIR/backups`.
//! `xiangxian backup --prune --keep-days N` deletes the backups there older than N days.
//! On PostgreSQL it explains how to use `pg_dump` instead and exits non-zero.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use crate::backup;
use crate::config::{GlobalOpts, database_url};

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// The file to write; it must not exist yet. Default: a new file in `DATA_DIR/backups`.
    file: Option<PathBuf>,
    /// Delete backups in the backup folder older than `--keep-days` instead.
    #[arg(long, requires = "keep_days", conflicts_with = "file")]
    prune: bool,
    /// Days a backup is kept by `--prune`.
    #[arg(long)]
    keep_days: Option<u32>,
    /// The backup folder (default `DATA_DIR/backups`).
    #[arg(long)]
    dir: Option<PathBuf>,
}

pub async fn run(global: &GlobalOpts, args: BackupArgs) -> anyhow::Result<()> {
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| global.data_dir.join("backups"));
    if args.prune {
        let keep = args.keep_days.unwrap_or_default();
        let deleted = backup::prune(&dir, keep)?;
        for file in &deleted {
            println!("已删除过期备份 {}", file.display());
        }
        println!("保留 {keep} 天内的备份；删除了 {} 个", deleted.len());
        return Ok(());
    }
    if backup::sqlite_path(&database_url(global).0).is_none() {
        bail!("{}", backup::POSTGRES_BACKUP);
    }
    let file = match args.file {
        Some(file) => file,
        None => {
            crate::db::create_private_dir(&dir)?;
            dir.join(backup::backup_name(chrono::Utc::now()))
        }
    };
    let db = super::open_db(global).await?;
    backup::backup(&db, &file, &global.data_dir).await?;
    let bytes = std::fs::metadata(&file)?.len();
    println!(
        "已备份到 {}（{:.1} MB，已用数据密钥加密，不含登录会话与搜索索引）",
        file.display(),
        bytes as f64 / 1e6
    );
    Ok(())
}
