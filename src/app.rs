//! Building and running the service: connect, migrate, seed, bind, serve.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use anyhow::Context;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::response::IntoResponse;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::auth::session_store::DbSessionStore;
use crate::config::Config;
use crate::db::Db;
use crate::error::AppError;
use crate::search::Search;
use crate::state::AppState;

/// The largest JSON body accepted; uploads have their own limit.
pub const JSON_BODY_LIMIT: usize = 1024 * 1024;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "xx_session";

/// How often ended sessions are deleted from the database.
const SESSION_PURGE_EVERY: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// A built service, bound and ready to serve.
pub struct App {
    listener: TcpListener,
    router: Router,
    /// `--metrics-bind`: `/metrics` alone, on its own address.
    metrics: Option<(TcpListener, Router)>,
    pub state: AppState,
}

/// Connects, migrates, loads reference data and the region tree.
pub async fn prepare_db(config: &Config) -> anyhow::Result<Db> {
    // The key and the index live in the data folder on PostgreSQL too.
    crate::db::create_private_dir(&config.data_dir)?;
    let db = Db::connect(&config.database_url.0).await?;
    db.migrate().await?;
    // `bench --without-encryption` keeps its baseline keyring for its server phase too.
    if !crate::crypto::baseline_installed() {
        crate::crypto::store::open_keys(&db, &config.data_key_file, config.cipher).await?;
        crate::crypto::store::seal_existing(&db).await?;
    }
    crate::region::ensure_loaded(&db).await?;
    crate::seed::ensure_chains(&db).await?;
    Ok(db)
}

/// Builds the whole service; port 0 binds a free port.
pub async fn build(mut config: Config) -> anyhow::Result<App> {
    crate::service::profile::reveal::set_daily_limit(config.reveal_daily_limit);
    crate::service::service_request::set_due_days(config.service_due_days);
    let db = prepare_db(&config).await?;
    let listener = TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("无法监听 {}", config.bind))?;
    let metrics_listener = match config.metrics_bind {
        Some(addr) => Some(
            TcpListener::bind(addr)
                .await
                .with_context(|| format!("无法监听 {addr}（--metrics-bind）"))?,
        ),
        None => None,
    };
    config.server_secret = crate::config::Secret(
        crate::auth::secret::load_or_create(&db, crate::auth::secret::CSRF).await?,
    );
    tokio::spawn(purge_sessions(db.clone()));
    if config.demo && crate::demo::load_if_empty(&db).await? {
        tracing::info!("demo data loaded");
    }
    let regions = Arc::new(crate::service::region::RegionNames::load(db.conn()).await?);
    let search = Search::open(&config.index_dir())?;
    // Every committed write wakes the indexer (`db::WriteTxn::commit`).
    let index_wake = db.search_wake();
    // A fresh or replaced index catches up before serving; later changes
    // arrive through the indexer task.
    if search.index.last_change_id().is_none() {
        crate::search::rebuild(&db, &search, &regions, |_| {}).await?;
    }
    crate::search::catch_up(&db, &search, &regions).await?;
    tokio::spawn(crate::search::run_indexer(
        db.clone(),
        search.clone(),
        regions.clone(),
        index_wake.clone(),
    ));
    if db.backend() == sea_orm::DatabaseBackend::Postgres {
        tokio::spawn(crate::search::listen_for_changes(
            db.clone(),
            index_wake.clone(),
        ));
    }
    let login_throttle = Arc::new(crate::auth::throttle::LoginThrottle::new(
        config.login_failure_limit,
        config.login_failure_window,
        config.registrations_per_hour,
    ));
    if config.notify.public_url.is_none() {
        // Links in messages need an address; a real site sets --public-url.
        config.notify.public_url = Some(format!("http://{}", listener.local_addr()?));
    }
    let notify = crate::service::notify::channel::Channels::from_config(&config)?;
    if let Some(every) = config.notify.every {
        tokio::spawn(crate::service::notify::dispatch::run(
            db.clone(),
            notify.clone(),
            every,
        ));
    }
    let state = AppState {
        notify,
        db,
        login_throttle,
        config: Arc::new(config),
        metrics: metrics_handle(),
        regions,
        search,
    };
    let router = router(state.clone());
    let metrics =
        metrics_listener.map(|l| (l, crate::routes::health::metrics_router(state.clone())));
    Ok(App {
        listener,
        router,
        metrics,
        state,
    })
}

/// Deletes ended sessions every few minutes, for as long as the process runs.
async fn purge_sessions(db: Db) {
    loop {
        match DbSessionStore::purge_expired(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(sessions = n, "ended sessions purged"),
            Err(e) => tracing::warn!(error = %e, "could not purge ended sessions"),
        }
        tokio::time::sleep(SESSION_PURGE_EVERY).await;
    }
}

impl App {
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// The `--metrics-bind` address, when there is one.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(|(l, _)| l.local_addr().ok())
    }

    /// Serves until `shutdown` resolves, then finishes the requests in flight.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let metrics = self.metrics.map(|(listener, router)| {
            tokio::spawn(async move {
                if let Err(e) = axum::serve(listener, router).await {
                    tracing::error!(error = %e, "metrics listener failed");
                }
            })
        });
        let served = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .context("服务异常退出");
        if let Some(metrics) = metrics {
            metrics.abort();
        }
        served
    }
}

/// One Prometheus recorder per process, shared by every app built in it.
fn metrics_handle() -> Option<PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| PrometheusBuilder::new().install_recorder().ok())
        .clone()
}

/// The router with every cross-cutting layer.
pub fn router(state: AppState) -> Router {
    let store = DbSessionStore::new(
        state.db.clone(),
        state.config.session_idle,
        state.config.session_max,
    );
    // The row expires after the idle time (see `DbSessionStore`); the cookie
    // lasts until the browser closes, so an ended session can say 登录已过期.
    let sessions = SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnSessionEnd);
    // Only behind HTTPS: a browser that saw it would refuse plain HTTP for a year.
    let hsts = state.config.secure_cookies.then(|| {
        SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    });
    crate::routes::router()
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::middleware::audit_refusals,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::routes::pages::csrf::ensure_cookie,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::middleware::same_origin_json,
        ))
        .layer(sessions)
        .layer(tower::util::option_layer(crate::rate_limit::layer(
            state.config.rate_limit_per_second,
        )))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::middleware::request_context,
        ))
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .layer(middleware::from_fn(crate::middleware::record_metrics))
        .layer(crate::middleware::security_headers())
        .layer(tower::util::option_layer(hsts))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            // The path only: query strings can carry search terms about people.
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
        }))
        .layer(CatchPanicLayer::custom(|_| {
            AppError::Internal(anyhow::anyhow!("handler panicked")).into_response()
        }))
        .with_state(state)
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
