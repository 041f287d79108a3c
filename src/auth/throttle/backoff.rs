//! The account budget: a number of failures, then a lockout that doubles each
//! time the account is locked again before it has been quiet for a while.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::budget::HOUSEKEEPING_KEYS;

/// The longest lockout of an account, however often it is attacked.
const MAX_LOCK: Duration = Duration::from_secs(24 * 3600);

/// Failures of one account name, and how often it has been locked lately.
struct AccountState {
    failures: u32,
    strikes: u32,
    locked_until: Option<Instant>,
    last: Instant,
}

/// The account budget: `limit` failures, then a lockout that doubles each
/// time the account is locked again before it has been quiet for a while.
pub(super) struct Backoff {
    limit: u32,
    window: Duration,
    /// The first lockout (`window / limit`, one cell's worth of time).
    base: Duration,
    accounts: Mutex<HashMap<String, AccountState>>,
}

impl Backoff {
    pub(super) fn new(limit: NonZeroU32, window: Duration) -> Option<Self> {
        Some(Self {
            limit: limit.get(),
            window,
            base: window.checked_div(limit.get())?,
            accounts: Mutex::new(HashMap::new()),
        })
    }

    pub(super) fn take(&self, key: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let Ok(mut accounts) = self.accounts.lock() else {
            return Ok(());
        };
        if accounts.len() > HOUSEKEEPING_KEYS {
            let quiet = self.window * 4;
            accounts.retain(|_, a| {
                a.locked_until.is_some_and(|t| t > now) || now.duration_since(a.last) < quiet
            });
        }
        let state = accounts.entry(key.to_owned()).or_insert(AccountState {
            failures: 0,
            strikes: 0,
            locked_until: None,
            last: now,
        });
        if let Some(until) = state.locked_until
            && until > now
        {
            return Err(until - now);
        }
        let quiet = now.duration_since(state.last);
        if quiet >= self.window {
            state.failures = 0;
        }
        if quiet >= self.window * 4 {
            state.strikes = 0;
        }
        state.failures += 1;
        state.last = now;
        Ok(())
    }

    /// A failure was kept: the `limit`-th locks the account, each lockout
    /// twice as long as the one before.
    pub(super) fn keep(&self, key: &str) {
        let now = Instant::now();
        let Ok(mut accounts) = self.accounts.lock() else {
            return;
        };
        if let Some(state) = accounts.get_mut(key)
            && state.failures >= self.limit
        {
            state.strikes = state.strikes.saturating_add(1);
            let factor = 1u32 << state.strikes.saturating_sub(1).min(16);
            state.locked_until = Some(now + self.base.saturating_mul(factor).min(MAX_LOCK));
            // After a lockout, one more failure locks it again.
            state.failures = self.limit - 1;
        }
    }

    pub(super) fn refund(&self, key: &str) {
        if let Ok(mut accounts) = self.accounts.lock()
            && let Some(state) = accounts.get_mut(key)
        {
            state.failures = state.failures.saturating_sub(1);
        }
    }

    /// The right password: the account starts afresh.
    pub(super) fn clear(&self, key: &str) {
        if let Ok(mut accounts) = self.accounts.lock() {
            accounts.remove(key);
        }
    }
}
