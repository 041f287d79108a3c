//! The command line: `serve`, `admin create`, `import`, and the operator tools.

mod admin;
mod audit;
mod backup;
mod bench;
mod check_index;
mod demo;
mod export;
mod import;
mod reindex;
mod restore;
mod rotate_key;
mod serve;

use clap::{Parser, Subcommand};

use crate::config::{GlobalOpts, ServeOpts};

#[derive(Parser, Debug)]
#[command(name = "xiangxian", version, about = "乡贤通：咸宁市乡贤信息管理系统")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once at start: the size of the largest variant (serve's options) costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web service (migrates and seeds on start).
    Serve(ServeOpts),
    /// Manage accounts.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Import profiles or the national region files.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Export profiles to Excel.
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Rebuild the search index from the database, with progress.
    Reindex,
    /// Copy the database to FILE while the server runs (SQLite; pg_dump for PostgreSQL).
    Backup(backup::BackupArgs),
    /// Restore a backup into an empty data folder (or any with --force).
    Restore(restore::RestoreArgs),
    /// Compare the search index with the database (server stopped); JSON report.
    CheckIndex(check_index::CheckIndexArgs),
    /// Load the demo data set into an empty database.
    Demo,
    /// Generate N profiles (SQLite in a temporary folder, or the given PostgreSQL) and measure.
    Bench(bench::BenchArgs),
    /// Check or archive the tamper-evident audit log.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Re-encrypt every sealed value under a new data key (server stopped; resumable).
    RotateKey(rotate_key::RotateKeyArgs),
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(opts) => serve::run(&cli.global, opts).await,
        Command::Admin(cmd) => admin::run(&cli.global, cmd).await,
        Command::Import(cmd) => import::run(&cli.global, cmd).await,
        Command::Export(cmd) => export::run(&cli.global, cmd).await,
        Command::Reindex => reindex::run(&cli.global).await,
        Command::Backup(args) => backup::run(&cli.global, args).await,
        Command::Restore(args) => restore::run(&cli.global, args).await,
        Command::CheckIndex(args) => check_index::run(&cli.global, args).await,
        Command::Demo => demo::run(&cli.global).await,
        Command::Bench(args) => bench::run(&cli.global, args).await,
        Command::Audit(cmd) => audit::run(&cli.global, cmd).await,
        Command::RotateKey(args) => rotate_key::run(&cli.global, args).await,
    }
}

/// Structured logs to stderr; `RUST_LOG` overrides the default level.
pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tantivy=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only on a terminal, not in log files and journals.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

/// Connects to the configured database, migrated and with reference data.
pub async fn open_db(global: &GlobalOpts) -> anyhow::Result<crate::db::Db> {
    let config = crate::config::Config::new(global, &default_serve());
    crate::app::prepare_db(&config).await
}

pub(crate) fn default_serve() -> ServeOpts {
    ServeOpts {
        bind: std::net::SocketAddr::from(([127, 0, 0, 1], 8080)),
        demo: false,
        trusted_proxies: Vec::new(),
        secure_cookies: false,
        login_failure_limit: 10,
        weights: Default::default(),
        login_failure_window_secs: 900,
        rate_limit_per_second: crate::config::DEFAULT_RATE_LIMIT,
        reveal_daily_limit: crate::service::profile::reveal::DEFAULT_DAILY_LIMIT,
        service_due_days: crate::service::service_request::DEFAULT_DUE_DAYS,
        session_idle_minutes: 30,
        session_max_hours: 12,
        password_policy: None,
        registrations_per_hour: 5,
        metrics_bind: None,
        metrics_token: None,
        award_tiers: Default::default(),
        notify: Default::default(),
    }
}
