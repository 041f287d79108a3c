//! `xiangxian reindex`: rebuild the search index from the database.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::config::GlobalOpts;
use crate::entity::profile;
use crate::search::{self, Search};
use crate::service::region::RegionNames;

pub async fn run(global: &GlobalOpts) -> anyhow::Result<()> {
    let db = super::open_db(global).await?;
    let names = RegionNames::load(db.conn())
        .await
        .map_err(|e| anyhow::anyhow!(e.public_message()))?;
    let dir = global.data_dir.join("index");
    // A rebuild starts from an empty folder, so nothing stale survives it.
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| {
            anyhow::anyhow!("无法清空 {}：{e}（服务是否仍在运行？）", dir.display())
        })?;
    }
    let search = Search::open(&dir)?;
    let total = profile::Entity::find()
        .filter(profile::Column::DeletedAt.is_null())
        .filter(profile::Column::Listed.eq(true))
        .count(db.conn())
        .await?;
    let bar = ProgressBar::new(total);
    bar.set_style(ProgressStyle::with_template(
        "{bar:40} {pos}/{len} 份档案 {per_sec} 剩余 {eta}",
    )?);
    let start = Instant::now();
    let progress_bar = bar.clone();
    let indexed = search::rebuild(&db, &search, &names, move |n| {
        progress_bar.set_position(n as u64)
    })
    .await?;
    bar.finish_and_clear();
    search::catch_up(&db, &search, &names).await?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "已重建索引：{indexed} 份档案，用时 {secs:.1} 秒（{:.0} 份/秒），索引 {:.1} MB",
        indexed as f64 / secs.max(0.001),
        search.index.size_bytes() as f64 / 1e6
    );
    Ok(())
}
