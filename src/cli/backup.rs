//! `xiangxian backup FILE`: a consistent copy of the database, taken while
//! the server runs (see `crate::backup`). On PostgreSQL it explains how to use
//! `pg_dump` instead and exits non-zero.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use crate::backup;
use crate::config::{GlobalOpts, database_url};

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// The file to write; it must not exist yet.
    file: PathBuf,
}

pub async fn run(global: &GlobalOpts, args: BackupArgs) -> anyhow::Result<()> {
    if backup::sqlite_path(&database_url(global).0).is_none() {
        bail!("{}", backup::POSTGRES_BACKUP);
    }
    let db = super::open_db(global).await?;
    backup::backup(&db, &args.file).await?;
    let bytes = std::fs::metadata(&args.file)?.len();
    println!(
        "已备份到 {}（{:.1} MB，不含登录会话与搜索索引）",
        args.file.display(),
        bytes as f64 / 1e6
    );
    Ok(())
}
