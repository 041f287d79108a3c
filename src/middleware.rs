//! The cross-cutting layers `app::router` stacks around every route: request
//! context, refusal auditing, the same-origin check of JSON writes, metrics and
//! security headers.

use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::auth::{ActorSlot, ClientAddr};
use crate::error::{AppError, Denied};
use crate::service::audit::{self, Ctx, Event, action};
use crate::state::AppState;

/// The security headers of every response (CSP, nosniff, referrer, no-store).
#[allow(clippy::type_complexity)] // the type is tower's stack of the layers below, as built
pub fn security_headers() -> tower::layer::util::Stack<
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
pub async fn request_context(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
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
pub async fn audit_refusals(State(state): State<AppState>, req: Request, next: Next) -> Response {
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
pub async fn same_origin_json(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let checked = unsafe_method && req.uri().path().starts_with("/api/");
    let by_token = match crate::auth::bearer_of(req.headers()) {
        Some(token) if checked => matches!(
            crate::auth::token::authenticate(&state.db, &token).await,
            Ok(Some(_))
        ),
        _ => false,
    };
    if checked
        && !by_token
        && let (Some(origin), Some(host)) = (
            req.headers().get(header::ORIGIN),
            req.headers().get(header::HOST),
        )
    {
        let origin = origin.to_str().unwrap_or("");
        let host = host.to_str().unwrap_or("");
        let same = origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest == host);
        if !same {
            return AppError::forbidden("跨站请求被拒绝").into_response();
        }
    }
    next.run(req).await
}

/// Counts requests and their durations per matched path, method and status.
pub async fn record_metrics(req: Request, next: Next) -> Response {
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
