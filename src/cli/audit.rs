//! `xiangxian audit verify` walks the audit log's hash chain and names the first row that
//! does not fit (exit code 1); `xiangxian audit archive --before DATE FILE` moves rows older
//! than 180 days to a signed file (see `service::audit::archive`).

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

use crate::config::GlobalOpts;
use crate::service::audit::{archive, chain};

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the whole audit chain; exit code 1 names the first row that does not fit.
    Verify,
    /// Move rows older than DATE (at least 180 days ago) into FILE, signed with the data key.
    Archive {
        /// `YYYY-MM-DD`: rows before this day (UTC) are archived.
        #[arg(long)]
        before: chrono::NaiveDate,
        /// The archive to write; it must not exist.
        file: PathBuf,
    },
    /// Check the signature of an archive FILE with the data key.
    CheckArchive { file: PathBuf },
}

pub async fn run(global: &GlobalOpts, cmd: AuditCommand) -> anyhow::Result<()> {
    let db = super::open_db(global).await?;
    match cmd {
        AuditCommand::Verify => {
            let walk = chain::verify(db.conn(), |_| {}).await?;
            db.close().await?;
            if let Some(b) = walk.broken {
                eprintln!("审计链断开：第一条对不上的记录 id={}：{}", b.id, b.reason);
                std::process::exit(1);
            }
            match walk.head {
                Some((id, hash)) => println!(
                    "审计链完整：{} 条记录；链头 id={id} hash={hash}（请另行记下链头，以便发现末尾记录被删）",
                    walk.rows
                ),
                None => println!("审计链完整：没有记录"),
            }
        }
        AuditCommand::Archive { before, file } => {
            let before = before.and_hms_opt(0, 0, 0).context("日期无效")?.and_utc();
            let done = archive::archive(&db, before, &file).await?;
            db.close().await?;
            match done.last_id {
                Some(last) => println!(
                    "已把 {} 条审计记录（至 id={last}）归档到 {}，并已签名",
                    done.rows,
                    file.display()
                ),
                None => println!("没有早于该日期的审计记录，未写文件"),
            }
        }
        AuditCommand::CheckArchive { file } => {
            db.close().await?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("无法读取 {}", file.display()))?;
            archive::check_file(&text)?;
            println!("{} 的签名有效", file.display());
        }
    }
    Ok(())
}
