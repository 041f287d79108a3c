//! Configuration read once from flags and environment.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

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

impl std::str::FromStr for DatabaseUrl {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.starts_with("postgres://")
            || s.starts_with("postgresql://")
            || s.starts_with("sqlite:")
        {
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
