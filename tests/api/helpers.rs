//! `spawn_app` and typed helpers for talking to it.

use std::sync::atomic::{AtomicU64, Ordering};

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use xiangxian::app;
use xiangxian::config::Config;
use xiangxian::db::Db;
use xiangxian::domain::Role;
use xiangxian::service::audit::Ctx;
use xiangxian::service::user::{self, CreateUserReq};

pub const PASSWORD: &str = "测试密码-correct-horse";
/// The `/metrics` Bearer token of every test app (`XIANGXIAN_METRICS_TOKEN`).
pub const METRICS_TOKEN: &str = "test-metrics-token-0123456789";

pub struct TestApp {
    pub base: String,
    pub db: Db,
    /// Held so the folder lives as long as the app.
    #[allow(dead_code)]
    pub data_dir: tempfile::TempDir,
    pub database_url: String,
    /// `http://…` of the `--metrics-bind` listener, when configured.
    #[allow(dead_code)]
    pub metrics_base: Option<String>,
    /// The app's own index and region names, for `index_settled`.
    search: xiangxian::search::Search,
    regions: std::sync::Arc<xiangxian::service::region::RegionNames>,
    shutdown: Option<oneshot::Sender<()>>,
    pg_database: Option<(String, String)>,
    /// The app's notification channels (no SMTP, SMS to the log); tests swap in a sink
    /// and drain the outbox themselves (`service::notify::dispatch::drain`).
    #[allow(dead_code)]
    pub notify: xiangxian::service::notify::channel::Channels,
}

/// A fresh PostgreSQL database for one test, named uniquely in this run.
async fn fresh_pg_database(admin_url: &str) -> (String, String) {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let name = format!(
        "xxt_{}_{}_{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::SeqCst),
        chrono::Utc::now().timestamp_micros() % 1_000_000
    );
    // One connection, so the advisory lock and its release share a session.
    let mut options = sea_orm::ConnectOptions::new(admin_url.to_owned());
    options.max_connections(1).sqlx_logging(false);
    let admin = Database::connect(options)
        .await
        .expect("connect TEST_DATABASE_URL");
    let template = ensure_template(&admin, admin_url).await;
    admin
        .execute_unprepared(&format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
        ))
        .await
        .expect("create database");
    admin.close().await.ok();
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(admin_url);
    (format!("{base}/{name}"), name)
}

/// A migrated, seeded database that each test copies: migrating and loading
/// the region tree once instead of in every test. Named after the migrations,
/// so a new migration makes a new template.
async fn ensure_template(admin: &sea_orm::DatabaseConnection, admin_url: &str) -> String {
    use migration::MigratorTrait;
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for m in migration::Migrator::migrations() {
        m.name().hash(&mut hasher);
    }
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    let template = format!("xxt_template_{:016x}", hasher.finish());
    admin
        .execute_unprepared("SELECT pg_advisory_lock(727272)")
        .await
        .expect("lock");
    let exists = admin
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DatabaseBackend::Postgres,
            format!("SELECT 1 FROM pg_database WHERE datname = '{template}'"),
        ))
        .await
        .expect("look up template")
        .is_some();
    if !exists {
        // Built under a temporary name and renamed, so a crash never leaves a half-made template.
        let building = format!("{template}_building");
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{building}\""))
            .await
            .expect("drop");
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{building}\""))
            .await
            .expect("create template");
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(admin_url);
        let dir = tempfile::tempdir().expect("tempdir");
        let config = Config::for_data_dir(dir.path(), Some(format!("{base}/{building}")));
        let db = app::prepare_db(&config).await.expect("prepare template");
        db.close().await.ok();
        admin
            .execute_unprepared(&format!(
                "ALTER DATABASE \"{building}\" RENAME TO \"{template}\""
            ))
            .await
            .expect("rename template");
    }
    admin
        .execute_unprepared("SELECT pg_advisory_unlock(727272)")
        .await
        .expect("unlock");
    template
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// `spawn_app` with a changed configuration (trusted proxies, limits).
pub async fn spawn_app_with(change: impl FnOnce(&mut Config)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("tempdir");
    let (url, pg_database) = match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let (url, name) = fresh_pg_database(&admin_url).await;
            (Some(url), Some((admin_url, name)))
        }
        _ => (None, None),
    };
    let mut config = Config::for_data_dir(data_dir.path(), url);
    config.metrics_token = Some(xiangxian::config::Secret(METRICS_TOKEN.into()));
    change(&mut config);
    start(config, data_dir, pg_database).await
}

/// Another instance on the same database, with its own data folder and index.
pub async fn spawn_second_instance(first: &TestApp) -> TestApp {
    let data_dir = tempfile::tempdir().expect("tempdir");
    let mut config = Config::for_data_dir(data_dir.path(), Some(first.database_url.clone()));
    // Instances of one database share its data key.
    config.data_key_file = first.data_dir.path().join("data.key");
    start(config, data_dir, None).await
}

async fn start(
    config: Config,
    data_dir: tempfile::TempDir,
    pg_database: Option<(String, String)>,
) -> TestApp {
    let database_url = config.database_url.0.clone();
    let built = app::build(config).await.expect("build app");
    let base = format!("http://{}", built.local_addr());
    let metrics_base = built.metrics_addr().map(|a| format!("http://{a}"));
    let db = built.state.db.clone();
    let search = built.state.search.clone();
    let regions = built.state.regions.clone();
    let notify = built.state.notify.clone();
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(built.run(async {
        let _ = rx.await;
    }));
    TestApp {
        base,
        db,
        data_dir,
        database_url,
        metrics_base,
        search,
        regions,
        shutdown: Some(tx),
        pg_database,
        notify,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some((admin_url, name)) = self.pg_database.take() {
            // Best effort, on its own thread: Drop cannot await.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                if let Ok(rt) = rt {
                    rt.block_on(async {
                        if let Ok(admin) = Database::connect(&admin_url).await {
                            let _ = admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                                ))
                                .await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

/// A client with its own cookie jar: one signed-in person.
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub bearer: Option<String>,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Resp {
    pub fn error_code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

impl Client {
    fn req(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut r = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(token) = &self.bearer {
            r = r.bearer_auth(token);
        }
        r
    }

    pub async fn send(&self, builder: reqwest::RequestBuilder) -> Resp {
        let response = builder.send().await.expect("request");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            body,
            text,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(self.req(reqwest::Method::GET, path)).await
    }
    pub async fn post(&self, path: &str, body: Value) -> Resp {
        self.send(self.req(reqwest::Method::POST, path).json(&body))
            .await
    }
    pub async fn patch(&self, path: &str, body: Value) -> Resp {
        self.send(self.req(reqwest::Method::PATCH, path).json(&body))
            .await
    }
    pub async fn delete(&self, path: &str) -> Resp {
        self.send(self.req(reqwest::Method::DELETE, path)).await
    }
    pub async fn raw(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.req(method, path)
    }
}

impl TestApp {
    /// Applies every search change committed so far and returns once searches
    /// see them: a test drains the indexer's queue instead of polling a search.
    pub async fn index_settled(&self) {
        self.try_index_settled()
            .await
            .expect("apply queued search changes");
    }

    /// `index_settled` that hands back a failure to apply (the change stays queued).
    pub async fn try_index_settled(&self) -> anyhow::Result<u64> {
        xiangxian::search::catch_up(&self.db, &self.search, &self.regions).await
    }

    /// An anonymous client.
    pub fn client(&self) -> Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        Client {
            http,
            base: self.base.clone(),
            bearer: None,
        }
    }

    /// Creates an account directly through the service.
    pub async fn create_user(&self, username: &str, role: Role, scope: Option<&str>) -> i64 {
        let req = CreateUserReq {
            username: username.into(),
            password: PASSWORD.into(),
            role,
            scope: scope.map(str::to_owned),
            incubator_id: None,
            display_name: None,
        };
        user::create(&self.db, &Ctx::system("test"), req)
            .await
            .expect("create user")
            .id
    }

    /// A signed-in client of a new account with this role and scope.
    pub async fn login_as(&self, username: &str, role: Role, scope: Option<&str>) -> Client {
        self.create_user(username, role, scope).await;
        self.login(username, PASSWORD).await
    }

    pub async fn login(&self, username: &str, password: &str) -> Client {
        let client = self.client();
        let r = client
            .post(
                "/api/v1/auth/login",
                json!({"username": username, "password": password}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "login {username}: {}", r.text);
        client
    }

    pub async fn admin(&self) -> Client {
        self.login_as("admin", Role::Admin, None).await
    }

    /// Audit events with this action, newest first, read straight from the database.
    pub async fn audit_actions(&self) -> Vec<(String, String, String)> {
        use sea_orm::{EntityTrait, QueryOrder};
        xiangxian::entity::audit_event::Entity::find()
            .order_by_desc(xiangxian::entity::audit_event::Column::Id)
            .all(self.db.conn())
            .await
            .expect("audit")
            .into_iter()
            .map(|e| (e.action, e.actor_name, e.detail))
            .collect()
    }
}
