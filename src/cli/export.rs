//! `xiangxian export profiles FILE`: every live profile, masked, to xlsx.

use std::path::PathBuf;

use clap::Subcommand;

use crate::auth::CurrentUser;
use crate::config::GlobalOpts;
use crate::service::export::{self, ProfileFilter};
use crate::service::region::RegionNames;

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// Profiles to an xlsx file (contacts masked; the export is audited).
    Profiles {
        file: PathBuf,
        /// Only this region's subtree (a county, township or village code).
        #[arg(long)]
        region: Option<String>,
    },
}

pub async fn run(global: &GlobalOpts, cmd: ExportCommand) -> anyhow::Result<()> {
    let ExportCommand::Profiles { file, region } = cmd;
    let db = super::open_db(global).await?;
    let names = RegionNames::load(db.conn())
        .await
        .map_err(|e| anyhow::anyhow!(e.public_message()))?;
    let filter = ProfileFilter {
        region,
        ..Default::default()
    };
    let bytes = export::profiles_xlsx(&db, &CurrentUser::system("export"), &names, &filter, None)
        .await
        .map_err(|e| anyhow::anyhow!(e.public_message()))?;
    std::fs::write(&file, bytes)
        .map_err(|e| anyhow::anyhow!("无法写入 {}：{e}", file.display()))?;
    println!("已导出到 {}", file.display());
    Ok(())
}
