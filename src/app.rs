//! Building and running the service: connect, migrate, seed, bind, serve.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use anyhow::Context;
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::auth::session_store::DbSessionStore;
use crate::auth::{ActorSlot, ClientAddr};
use crate::config::Config;
use crate::db::Db;
use crate::error::{AppError, Denied};
use crate::search::Search;
use crate::service::audit::{self, Ctx, Event, action};
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
    crate::crypto::store::open_keys(&db, &config.data_key_file, config.cipher).await?;
    crate::crypto::store::seal_existing(&db).await?;
    crate::region::ensure_loaded(&db).await?;
    crate::seed::ensure_chains(&db).await?;
    Ok(db)
}

/// Builds the whole service; port 0 binds a free port.
pub async fn build(mut config: Config) -> anyhow::Result<App> {
    crate::service::profile::reveal::set_daily_limit(config.reveal_daily_limit);
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
    let index_wake = Arc::new(tokio::sync::Notify::new());
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
    let state = AppState {
        db,
        login_throttle,
        config: Arc::new(config),
        metrics: metrics_handle(),
        regions,
        search,
        index_wake,
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
            audit_refusals,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::routes::pages::csrf::ensure_cookie,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            same_origin_json,
        ))
        .layer(sessions)
        .layer(tower::util::option_layer(crate::rate_limit::layer(
            state.config.rate_limit_per_second,
        )))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            request_context,
        ))
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .layer(middleware::from_fn(record_metrics))
        .layer(security_headers())
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

fn security_headers() -> tower::layer::util::Stack<
    SetResponseHeaderLayer<HeaderValue>,
    tower::layer::util::Stack<
        SetResponseHeaderLayer<HeaderValue>,
        tower::layer::util::Stack<
            SetResponseHeaderLayer<HeaderValue>,
            SetResponseHeaderLayer<HeaderValue>,
        >,
    >,
> {
    let csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
               object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    tower::layer::util::Stack::new(
        SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(csp),
        ),
        tower::layer::util::Stack::new(
            SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            tower::layer::util::Stack::new(
                SetResponseHeaderLayer::overriding(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("same-origin"),
                ),
                SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-store"),
                ),
            ),
        ),
    )
}

/// Puts the client address and an empty actor slot into the request.
async fn request_context(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let addr = client_ip(
        peer,
        req.headers().get("x-forwarded-for"),
        &state.config.trusted_proxies,
    );
    req.extensions_mut().insert(ClientAddr(
        addr.map(|a| a.to_string())
            .unwrap_or_else(|| "unknown".into()),
    ));
    req.extensions_mut().insert(ActorSlot::default());
    next.run(req).await
}

/// The client's address: the peer, unless the peer is a trusted proxy, in which
/// case the last `X-Forwarded-For` hop that is not itself a trusted proxy.
pub fn client_ip(
    peer: Option<IpAddr>,
    forwarded: Option<&HeaderValue>,
    trusted: &[IpAddr],
) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let hops = forwarded.and_then(|v| v.to_str().ok()).unwrap_or("");
    hops.split(',')
        .rev()
        .filter_map(|h| h.trim().parse::<IpAddr>().ok())
        .find(|ip| !trusted.contains(ip))
        .or(Some(peer))
}

/// Writes a `denied` audit event for every refusal a handler answered with.
async fn audit_refusals(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let slot = req.extensions().get::<ActorSlot>().cloned();
    let addr = req
        .extensions()
        .get::<ClientAddr>()
        .map(|c| c.0.clone())
        .unwrap_or_default();
    let what = format!("{} {}", req.method(), req.uri().path());
    let response = next.run(req).await;
    if let Some(denied) = response.extensions().get::<Denied>() {
        let actor = slot.and_then(|s| s.get());
        let ctx = Ctx {
            actor_id: actor.as_ref().map(|a| a.0),
            actor_name: actor.map(|a| a.1).unwrap_or_else(|| "anonymous".into()),
            client_addr: addr,
        };
        let event = Event {
            action: action::DENIED,
            entity: "request",
            detail: format!("{what}: {}", denied.reason),
            ..Default::default()
        };
        if let Err(e) = audit::record(state.db.conn(), &ctx, event).await {
            tracing::error!(error = %e, "could not write denied audit event");
        }
    }
    response
}

/// Cookie-authenticated writes must be JSON from this site: a cross-site page
/// cannot send `application/json` without a CORS preflight, which is never granted.
/// Only a request that really authenticates by Bearer token is exempt: a made-up
/// `Authorization` header beside a cookie is checked like any cookie request.
async fn same_origin_json(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let checked = unsafe_method && req.uri().path().starts_with("/api/");
    let by_token = match crate::auth::bearer_of(req.headers()) {
        Some(token) if checked => matches!(
            crate::auth::token::authenticate(&state.db, &token).await,
            Ok(Some(_))
        ),
        _ => false,
    };
    if checked && !by_token {
        if let (Some(origin), Some(host)) = (
            req.headers().get(header::ORIGIN),
            req.headers().get(header::HOST),
        ) {
            let origin = origin.to_str().unwrap_or("");
            let host = host.to_str().unwrap_or("");
            let same = origin
                .split_once("://")
                .is_some_and(|(_, rest)| rest == host);
            if !same {
                return AppError::forbidden("跨站请求被拒绝").into_response();
            }
        }
    }
    next.run(req).await
}

async fn record_metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let path = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().to_string();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "path" => path.clone(), "status" => status).increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "path" => path)
        .record(start.elapsed().as_secs_f64());
    response
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
