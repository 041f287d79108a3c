//! `xiangxian check-index`: compares this data folder's search index with the
//! database and prints the difference as JSON (see `search::check`); exits
//! non-zero if they differ. Run it with the server stopped: the index folder
//! has one writer at a time.

use anyhow::{Context, bail};
use clap::Args;
use search_index::{IndexError, SearchIndex};

use crate::config::GlobalOpts;
use crate::search::{self, Search, check};
use crate::service::region::RegionNames;

#[derive(Args, Debug)]
pub struct CheckIndexArgs {
    /// Apply the queued changes first, as a starting server would.
    #[arg(long)]
    catch_up: bool,
}

pub async fn run(global: &GlobalOpts, args: CheckIndexArgs) -> anyhow::Result<()> {
    let db = super::open_db(global).await?;
    let dir = global.data_dir.join("index");
    if !dir.join("meta.json").exists() {
        bail!("{} 中没有搜索索引（服务启动时会重建）", dir.display());
    }
    // Not `Search::open`: that would quietly rebuild a damaged index, and this
    // command is here to report one.
    let index = SearchIndex::open_in_dir(&dir).map_err(|e| match e {
        IndexError::Locked(_) => anyhow::anyhow!("索引正被使用：请先停止服务"),
        other => anyhow::anyhow!("无法打开索引：{other}"),
    })?;
    let search = Search::from_index(index, Some(dir));
    if args.catch_up {
        let names = RegionNames::load(db.conn())
            .await
            .map_err(|e| anyhow::anyhow!(e.public_message()))?;
        search::catch_up(&db, &search, &names)
            .await
            .context("应用排队的索引变更失败")?;
    }
    let report = check::compare(&db, &search).await?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    if !report.ok {
        bail!("搜索索引与数据库不一致");
    }
    Ok(())
}
