//! A generous per-client request limit (tower_governor), against floods
//! rather than normal use: `per_second` requests a second per client address,
//! in bursts of up to twice that. A county office behind one address keeps
//! working; one machine cannot monopolise the service.
//!
//! The client address is the one `app::request_context` worked out (the peer,
//! or the `X-Forwarded-For` hop a trusted proxy vouches for), so a forged
//! header gets nobody a fresh budget.

use std::sync::Weak;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, Response};
use axum::response::IntoResponse;
use governor::middleware::NoOpMiddleware;
use tower_governor::GovernorError;
use tower_governor::GovernorLayer;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;

use crate::auth::ClientAddr;
use crate::error::AppError;

/// How often spent-and-refilled client entries are dropped from memory.
const HOUSEKEEPING: Duration = Duration::from_secs(60);

/// Keys requests by the client address in the request's extensions.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddrKey;

impl KeyExtractor for ClientAddrKey {
    type Key = String;

    fn extract<T>(&self, req: &Request<T>) -> Result<String, GovernorError> {
        Ok(req
            .extensions()
            .get::<ClientAddr>()
            .map(|c| c.0.clone())
            .unwrap_or_else(|| "unknown".into()))
    }
}

/// The layer type [`layer`] builds.
pub type RateLimitLayer = GovernorLayer<ClientAddrKey, NoOpMiddleware, Body>;

/// The per-client limit, or `None` when `per_second` is 0 (no limit).
/// Must sit inside the layer that records the client address.
pub fn layer(per_second: u32) -> Option<RateLimitLayer> {
    let period = Duration::from_secs(1).checked_div(per_second)?;
    let config = GovernorConfigBuilder::default()
        .period(period)
        .burst_size(per_second.saturating_mul(2))
        .key_extractor(ClientAddrKey)
        .finish()?;
    let limiter = std::sync::Arc::downgrade(config.limiter());
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        runtime.spawn(housekeeping(limiter));
    }
    Some(GovernorLayer::new(config).error_handler(refusal))
}

/// The API's error shape with `Retry-After`, instead of tower_governor's plain text.
fn refusal(error: GovernorError) -> Response<Body> {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => AppError::TooManyRequests {
            retry_after_secs: wait_time.max(1),
        }
        .into_response(),
        other => AppError::Internal(anyhow::anyhow!("rate limit: {other}")).into_response(),
    }
}

type Limiter = governor::RateLimiter<
    String,
    governor::state::keyed::DefaultKeyedStateStore<String>,
    governor::clock::DefaultClock,
    NoOpMiddleware,
>;

/// Drops idle clients every minute, for as long as the limiter lives.
async fn housekeeping(limiter: Weak<Limiter>) {
    loop {
        tokio::time::sleep(HOUSEKEEPING).await;
        let Some(limiter) = limiter.upgrade() else {
            return;
        };
        limiter.retain_recent();
        limiter.shrink_to_fit();
    }
}
