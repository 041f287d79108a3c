//! `xiangxian admin create`: the first administrator, or any account.

use std::io::BufRead;

use clap::{Args, Subcommand};

use crate::config::GlobalOpts;
use crate::domain::Role;
use crate::service::audit::Ctx;
use crate::service::user::{self, CreateUserReq};

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create an account (an administrator unless `--role` says otherwise).
    Create(CreateArgs),
}

#[derive(Args, Debug)]
pub struct CreateArgs {
    #[arg(long)]
    username: String,
    /// The password; prefer --password-stdin so it stays out of shell history.
    #[arg(long, conflicts_with = "password_stdin")]
    password: Option<String>,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    password_stdin: bool,
    #[arg(long, default_value = "admin", value_parser = parse_role)]
    role: Role,
    /// Region code for staff and organizers.
    #[arg(long)]
    scope: Option<String>,
    /// Incubator id for operators.
    #[arg(long)]
    incubator_id: Option<i64>,
    #[arg(long)]
    display_name: Option<String>,
}

fn parse_role(raw: &str) -> Result<Role, String> {
    Role::parse(raw)
}

pub async fn run(global: &GlobalOpts, cmd: AdminCommand) -> anyhow::Result<()> {
    let AdminCommand::Create(args) = cmd;
    let password = match (args.password, args.password_stdin) {
        (Some(p), _) => p,
        (None, true) => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
        (None, false) => anyhow::bail!("请用 --password 或 --password-stdin 提供密码"),
    };
    let db = super::open_db(global).await?;
    let req = CreateUserReq {
        username: args.username,
        password,
        role: args.role,
        scope: args.scope,
        incubator_id: args.incubator_id,
        display_name: args.display_name,
    };
    let created = user::create(&db, &Ctx::system("cli"), req)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.public_message()))?;
    println!(
        "已创建账号 {}（{}，id {}）",
        created.username,
        args.role.label(),
        created.id
    );
    Ok(())
}
