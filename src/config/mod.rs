//! Configuration read once from flags and environment.

pub mod notify;

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use crate::auth::password::PasswordPolicy;
use crate::service::award::AwardTiers;
use crate::service::matching::weights::{MatchWeights, OpeningWeights, WeightOpts};

/// Settings every subcommand shares.
#[derive(clap::Args, Clone, Debug)]
pub struct GlobalOpts {
    /// Folder for the SQLite database, the search index and backups.
    #[arg(
        long,
        global = true,
        env = "XIANGXIAN_DATA_DIR",
        default_value = "./data"
    )]
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL; default is SQLite inside the data folder.
    #[arg(long, global = true, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<DatabaseUrl>,
    /// The 256-bit data key (64 hex digits) that encrypts contacts, snapshots and backups;
    /// default `DATA_DIR/data.key`, created (0600) on first start if missing.
    #[arg(long, global = true, env = "XIANGXIAN_DATA_KEY_FILE")]
    pub data_key_file: Option<PathBuf>,
    /// Cipher for newly encrypted values: `sm4-gcm` (国密) or `aes-256-gcm`; either opens.
    #[arg(
        long,
        global = true,
        env = "XIANGXIAN_CIPHER",
        value_enum,
        default_value = "sm4-gcm"
    )]
    pub cipher: crate::crypto::Algorithm,
}

/// Settings of the running server.
#[derive(clap::Args, Clone, Debug)]
pub struct ServeOpts {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "XIANGXIAN_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Load the demo data set when the database is empty.
    #[arg(long)]
    pub demo: bool,
    /// Proxies whose `X-Forwarded-For` is believed (comma separated addresses).
    #[arg(long, env = "XIANGXIAN_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,
    /// Mark cookies `Secure` (set this when served over HTTPS).
    #[arg(long, env = "XIANGXIAN_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Failed logins allowed per client address or account before 429 (per 15 minutes).
    #[arg(long, env = "XIANGXIAN_LOGIN_FAILURES", default_value_t = 10)]
    pub login_failure_limit: u32,
    /// Weights of the matching scores (`XIANGXIAN_WEIGHT_TEXT`, …).
    #[command(flatten)]
    pub weights: WeightOpts,
    /// E-mail and SMS notices (`--smtp-url`, `--sms-provider`, …).
    #[command(flatten)]
    pub notify: notify::NotifyOpts,
    /// The window of `--login-failure-limit`, in seconds (one failure is forgiven
    /// every window / limit).
    #[arg(long, env = "XIANGXIAN_LOGIN_FAILURE_WINDOW", default_value_t = 900)]
    pub login_failure_window_secs: u64,
    /// Requests per second allowed per client address (bursts of twice as many); 0 for no limit.
    #[arg(long, env = "XIANGXIAN_RATE_LIMIT", default_value_t = DEFAULT_RATE_LIMIT)]
    pub rate_limit_per_second: u32,
    /// Reveals of contact details allowed per user per day (咸宁 time); past it 429 `reveal_limit`.
    #[arg(long, env = "XIANGXIAN_REVEAL_DAILY_LIMIT", default_value_t = crate::service::profile::reveal::DEFAULT_DAILY_LIMIT)]
    pub reveal_daily_limit: u32,
    /// Working days the 创业服务中心 has to answer a request (weekends and public holidays do not count).
    #[arg(long, env = "XIANGXIAN_SERVICE_DUE_DAYS", default_value_t = crate::service::service_request::DEFAULT_DUE_DAYS)]
    pub service_due_days: u32,
    /// Minutes without a request after which a browser session ends.
    #[arg(long, env = "XIANGXIAN_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u64,
    /// Hours after sign-in after which a browser session ends however busy.
    #[arg(long, env = "XIANGXIAN_SESSION_MAX_HOURS", default_value_t = 12)]
    pub session_max_hours: u64,
    /// Password rules: `dengbao` (等保: 3 of 4 character classes, changed every
    /// 90 days, last 5 not reused) or `nist` (NIST 800-63B: length and a
    /// common-password list). Default `dengbao`, or `nist` with `--demo`.
    #[arg(long, env = "XIANGXIAN_PASSWORD_POLICY", value_enum)]
    pub password_policy: Option<PasswordPolicy>,
    /// Self-registrations allowed per client address per hour (0: no limit).
    #[arg(long, env = "XIANGXIAN_REGISTRATIONS_PER_HOUR", default_value_t = 5)]
    pub registrations_per_hour: u32,
    /// Serve `/metrics` on this separate address (and not on `--bind`).
    #[arg(long, env = "XIANGXIAN_METRICS_BIND")]
    pub metrics_bind: Option<SocketAddr>,
    /// Bearer token that `/metrics` on `--bind` requires; without it (and
    /// without `--metrics-bind`) `/metrics` answers 404.
    #[arg(env = "XIANGXIAN_METRICS_TOKEN", long, hide_env_values = true)]
    pub metrics_token: Option<Secret>,
    /// Lowest contribution scores of 第一梯队, 第二梯队, 第三梯队 (优秀乡贤企业), highest first.
    #[arg(long, env = "XIANGXIAN_AWARD_TIERS", default_value = "50,20,5")]
    pub award_tiers: AwardTiers,
}

/// A secret whose Debug never prints it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl std::str::FromStr for Secret {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.trim().len() < 16 {
            return Err("the metrics token must have at least 16 characters".into());
        }
        Ok(Self(s.trim().to_owned()))
    }
}

/// Requests per second per client address unless configured otherwise.
pub const DEFAULT_RATE_LIMIT: u32 = 100;

/// A database URL whose Debug never prints the password.
#[derive(Clone)]
pub struct DatabaseUrl(pub String);

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.split_once("://") {
            Some((scheme, _)) => write!(f, "{scheme}://[redacted]"),
            None => f.write_str("[redacted]"),
        }
    }
}

/// Whether a database URL names PostgreSQL.
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

impl std::str::FromStr for DatabaseUrl {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if is_postgres(s) || s.starts_with("sqlite:") {
            Ok(Self(s.to_owned()))
        } else {
            Err("DATABASE_URL must start with postgres:// or sqlite:".into())
        }
    }
}

/// The complete configuration of one process.
#[derive(Clone, Debug)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: DatabaseUrl,
    /// Where the data key is (see [`GlobalOpts::data_key_file`]).
    pub data_key_file: PathBuf,
    pub cipher: crate::crypto::Algorithm,
    pub bind: SocketAddr,
    pub demo: bool,
    pub trusted_proxies: Vec<IpAddr>,
    pub secure_cookies: bool,
    pub login_failure_limit: u32,
    /// Weights of the parts of a person-to-project match score.
    pub match_weights: MatchWeights,
    /// Weights of the parts of an opening-for-a-founder score.
    pub opening_weights: OpeningWeights,
    pub login_failure_window: std::time::Duration,
    pub rate_limit_per_second: u32,
    pub reveal_daily_limit: u32,
    pub service_due_days: u32,
    /// A browser session ends after this long without a request.
    pub session_idle: std::time::Duration,
    /// A browser session ends this long after sign-in.
    pub session_max: std::time::Duration,
    pub password_policy: PasswordPolicy,
    /// Self-registrations per client address per hour; 0 for no limit.
    pub registrations_per_hour: u32,
    pub metrics_bind: Option<SocketAddr>,
    pub metrics_token: Option<Secret>,
    /// Thresholds of the 优秀乡贤企业 tiers.
    pub award_tiers: AwardTiers,
    /// E-mail and SMS notices.
    pub notify: notify::NotifyConfig,
    /// The key of the anonymous forms' CSRF tokens: read from (or made in) the
    /// database by `app::build`, never configured.
    pub server_secret: Secret,
}

impl Config {
    pub fn new(global: &GlobalOpts, serve: &ServeOpts) -> Self {
        Self {
            data_dir: global.data_dir.clone(),
            database_url: database_url(global),
            data_key_file: crate::crypto::key_path(
                &global.data_dir,
                global.data_key_file.as_deref(),
            ),
            cipher: global.cipher,
            bind: serve.bind,
            demo: serve.demo,
            trusted_proxies: serve.trusted_proxies.clone(),
            secure_cookies: serve.secure_cookies,
            login_failure_limit: serve.login_failure_limit,
            match_weights: serve.weights.matching(),
            opening_weights: serve.weights.openings(),
            login_failure_window: std::time::Duration::from_secs(serve.login_failure_window_secs),
            rate_limit_per_second: serve.rate_limit_per_second,
            reveal_daily_limit: serve.reveal_daily_limit,
            service_due_days: serve.service_due_days,
            session_idle: std::time::Duration::from_secs(serve.session_idle_minutes * 60),
            session_max: std::time::Duration::from_secs(serve.session_max_hours * 3600),
            // The demo's printed password must keep working; a real county gets 等保 rules.
            password_policy: serve.password_policy.unwrap_or(if serve.demo {
                PasswordPolicy::Nist
            } else {
                PasswordPolicy::Dengbao
            }),
            registrations_per_hour: serve.registrations_per_hour,
            metrics_bind: serve.metrics_bind,
            metrics_token: serve.metrics_token.clone(),
            award_tiers: serve.award_tiers,
            notify: notify::NotifyConfig::from_opts(&serve.notify),
            server_secret: Secret::default(),
        }
    }

    /// A configuration for tests and tools: given folder and database, port 0,
    /// no per-client request limit (a test drives hundreds of requests a second
    /// from one address; the limit has tests of its own).
    pub fn for_data_dir(data_dir: &Path, database_url: Option<String>) -> Self {
        let global = GlobalOpts {
            data_dir: data_dir.to_owned(),
            database_url: database_url.map(DatabaseUrl),
            data_key_file: None,
            cipher: crate::crypto::Algorithm::default(),
        };
        Self {
            data_dir: data_dir.to_owned(),
            database_url: self::database_url(&global),
            data_key_file: crate::crypto::key_path(data_dir, None),
            cipher: global.cipher,
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            demo: false,
            trusted_proxies: Vec::new(),
            secure_cookies: false,
            login_failure_limit: 10,
            match_weights: MatchWeights::default(),
            opening_weights: OpeningWeights::default(),
            login_failure_window: std::time::Duration::from_secs(15 * 60),
            rate_limit_per_second: 0,
            reveal_daily_limit: crate::service::profile::reveal::DEFAULT_DAILY_LIMIT,
            service_due_days: crate::service::service_request::DEFAULT_DUE_DAYS,
            session_idle: std::time::Duration::from_secs(30 * 60),
            session_max: std::time::Duration::from_secs(12 * 3600),
            // Tests and tools sign in with passphrases; the policies have tests of their own.
            password_policy: PasswordPolicy::Nist,
            registrations_per_hour: 0,
            metrics_bind: None,
            metrics_token: None,
            award_tiers: AwardTiers::default(),
            notify: notify::NotifyConfig::quiet(),
            server_secret: Secret::default(),
        }
    }

    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.0.starts_with("sqlite:")
    }
}

/// The configured URL, or the SQLite file inside the data folder.
pub fn database_url(global: &GlobalOpts) -> DatabaseUrl {
    global.database_url.clone().unwrap_or_else(|| {
        DatabaseUrl(format!(
            "sqlite://{}?mode=rwc",
            global.data_dir.join("xiangxian.db").display()
        ))
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test should fail loudly
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        global: GlobalOpts,
        #[command(flatten)]
        serve: ServeOpts,
    }

    fn config(args: &[&str]) -> Config {
        let cli =
            Cli::try_parse_from(std::iter::once("xiangxian").chain(args.iter().copied())).unwrap();
        Config::new(&cli.global, &cli.serve)
    }

    #[test]
    fn serve_defaults_to_dengbao_and_demo_to_nist() {
        assert_eq!(config(&[]).password_policy, PasswordPolicy::Dengbao);
        assert_eq!(config(&["--demo"]).password_policy, PasswordPolicy::Nist);
        let chosen = config(&["--demo", "--password-policy", "dengbao"]);
        assert_eq!(chosen.password_policy, PasswordPolicy::Dengbao);
    }

    #[test]
    fn sessions_default_to_thirty_minutes_idle_and_twelve_hours() {
        let c = config(&["--session-idle-minutes", "5"]);
        assert_eq!(c.session_idle, std::time::Duration::from_secs(300));
        assert_eq!(
            config(&[]).session_max,
            std::time::Duration::from_secs(12 * 3600)
        );
    }

    #[test]
    fn award_tiers_default_to_fifty_twenty_five() {
        assert_eq!(config(&[]).award_tiers, AwardTiers::default());
        let c = config(&["--award-tiers", "80,40,10"]);
        assert_eq!(c.award_tiers.first, 80.0);
        assert!(Cli::try_parse_from(["xiangxian", "--award-tiers", "1,2,3"]).is_err());
    }

    #[test]
    fn the_metrics_token_never_shows_in_debug() {
        let c = config(&["--metrics-token", "a-long-metrics-secret-2026"]);
        assert!(!format!("{c:?}").contains("a-long-metrics-secret"));
    }
}
