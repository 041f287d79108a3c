//! `xiangxian rotate-key --new-key-file F`: re-seals every encrypted value (and recomputes the
//! mobile hashes) under a new data key, in batches with a progress bar, then installs the
//! new key in place of the old one. Stop the server first.
//!
//! Resumable: the new key is first copied beside the key file (`data.key.next`, 0600), so a
//! server or a second run after a crash can open rows of either key; every sealed value
//! names its key, so a second run skips the rows already done. At the end the old key is
//! kept as `data.key.<id>.retired` (backups made before the rotation need it: move it offline).

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::{Config, GlobalOpts};
use crate::crypto::{self, Keyring, store};

#[derive(Args, Debug)]
pub struct RotateKeyArgs {
    /// The new key: 64 hex digits (e.g. `openssl rand -hex 32 > new.key`).
    #[arg(long)]
    new_key_file: PathBuf,
}

pub async fn run(global: &GlobalOpts, args: RotateKeyArgs) -> anyhow::Result<()> {
    let config = Config::new(global, &super::default_serve());
    let key_file = config.data_key_file.clone();
    let next = store::next_key_path(&key_file);
    let new_key = crypto::read_key_file(&args.new_key_file)?;
    if next.exists() {
        let pending = crypto::read_key_file(&next)?;
        if pending.id() != new_key.id() {
            bail!(
                "上次轮换到密钥 {} 的操作尚未完成：请用同一个新密钥文件再运行一次",
                pending.id()
            );
        }
        if !key_file.exists() {
            // The crash came between the two renames at the very end.
            std::fs::rename(&next, &key_file)?;
            println!("上次轮换已完成，新密钥 {} 已就位", new_key.id());
            return Ok(());
        }
        println!("继续上次未完成的轮换（新密钥 {}）", new_key.id());
    } else {
        let mut out = crypto::private_new_file(&next)
            .with_context(|| format!("无法写入 {}", next.display()))?;
        std::io::Write::write_all(&mut out, std::fs::read(&args.new_key_file)?.as_slice())?;
        out.sync_all()?;
    }
    // Opens with old, next and current keys; then the new one becomes current.
    let db = crate::app::prepare_db(&config).await?;
    let old_key = crypto::read_key_file(&key_file)?;
    if old_key.id() == new_key.id() {
        std::fs::remove_file(&next)?;
        bail!("新密钥与当前密钥相同");
    }
    crypto::install(Keyring::new(new_key.clone(), config.cipher).also(old_key.clone()));
    let total = store::count_pending(db.conn(), store::Scope::OtherKeys).await?;
    let bar = ProgressBar::new(total).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} 行 {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let done = store::reseal(&db, store::Scope::OtherKeys, |n| bar.set_position(n)).await?;
    bar.finish_and_clear();
    db.close().await?;
    let mut retired = key_file.as_os_str().to_owned();
    retired.push(format!(".{}.retired", old_key.id()));
    std::fs::rename(&key_file, PathBuf::from(&retired))
        .with_context(|| format!("无法移走旧密钥 {}", key_file.display()))?;
    std::fs::rename(&next, &key_file)
        .with_context(|| format!("无法安装新密钥到 {}", key_file.display()))?;
    println!(
        "已用新密钥 {} 重新加密 {done} 行；旧密钥 {} 保存在 {}（恢复轮换前的备份需要它，请离线保管）",
        new_key.id(),
        old_key.id(),
        PathBuf::from(retired).display()
    );
    Ok(())
}
