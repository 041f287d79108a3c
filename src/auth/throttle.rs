//! Brute-force protection for signing in.
//!
//! Failed attempts are counted per client address and per account name, each
//! by a keyed `governor` rate limiter (GCRA): a burst of `limit` failures,
//! then one more every `window / limit` (90 s for the default 10 per 15
//! minutes). Only failures spend the budget. Once either budget is spent,
//! every attempt for that address or that account name answers 429 — even one
//! with the right password — until governor lets a cell through again; the
//! whole budget is back after `window` without failures.
//!
//! Each attempt reserves a cell before the password is checked and gives it
//! back if the password was right. Checking first and counting afterwards
//! would let an attacker send a thousand guesses at once, all checked before
//! the first failure is counted. governor has no way to give a cell back, so
//! the limiters keep their state in a store shared with this module, and
//! [`LoginThrottle::refund`] moves the key's theoretical arrival time back by
//! one cell — the exact inverse of what governor did when it let the cell
//! through.
//!
//! Account names are counted whether or not the account exists, so the
//! answers do not tell which names exist. The price is that anyone can lock
//! an account name for a while by failing on purpose; the address budget
//! still lets its owner in from elsewhere once the account budget refills.

use std::hash::Hash;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::nanos::Nanos;
use governor::state::keyed::{DashMapStateStore, ShrinkableKeyedStateStore};
use governor::state::{NotKeyed, StateStore};
use governor::{Quota, RateLimiter};

/// Beyond this many keys, spent-and-refilled keys are dropped on the next failure.
const HOUSEKEEPING_KEYS: usize = 10_000;

/// governor's dashmap store behind an `Arc`, so the throttle can refund cells.
#[derive(Clone)]
struct SharedStore<K: Hash + Eq + Clone>(Arc<DashMapStateStore<K>>);

impl<K: Hash + Eq + Clone> StateStore for SharedStore<K> {
    type Key = K;

    fn measure_and_replace<T, F, E>(&self, key: &K, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        self.0.measure_and_replace(key, f)
    }
}

impl<K: Hash + Eq + Clone> ShrinkableKeyedStateStore<K> for SharedStore<K> {
    fn retain_recent(&self, drop_below: Nanos) {
        self.0.retain_recent(drop_below);
    }
    fn shrink_to_fit(&self) {
        ShrinkableKeyedStateStore::shrink_to_fit(&*self.0);
    }
    fn len(&self) -> usize {
        ShrinkableKeyedStateStore::len(&*self.0)
    }
    fn is_empty(&self) -> bool {
        ShrinkableKeyedStateStore::is_empty(&*self.0)
    }
}

/// One budget of failures per key.
struct Budget {
    limiter: RateLimiter<String, SharedStore<String>, DefaultClock>,
    store: SharedStore<String>,
    /// Time one cell is worth (`window / limit`).
    cell: Nanos,
}

impl Budget {
    fn new(limit: NonZeroU32, window: Duration) -> Option<Self> {
        let period = window.checked_div(limit.get())?;
        let quota = Quota::with_period(period)?.allow_burst(limit);
        let store = SharedStore(Arc::new(DashMapStateStore::default()));
        let limiter = RateLimiter::new(quota, store.clone(), DefaultClock::default());
        Some(Self {
            limiter,
            store,
            cell: Nanos::from(period),
        })
    }

    /// Takes one cell, or says how long until one is free.
    fn take(&self, key: &str) -> Result<(), Duration> {
        let key = key.to_owned();
        self.limiter
            .check_key(&key)
            .map_err(|not_until| not_until.wait_time_from(self.limiter.clock().now()))
    }

    /// Gives back a cell taken by [`Budget::take`].
    fn refund(&self, key: &str) {
        if let Some(state) = self.store.0.get(key) {
            let cell = self.cell;
            // The closure never fails; the error type only satisfies the signature.
            let _ = state.measure_and_replace(&NotKeyed::NonKey, |tat| {
                Ok::<_, ()>(((), tat.unwrap_or_default().saturating_sub(cell)))
            });
        }
    }

    fn housekeeping(&self) {
        if self.limiter.len() > HOUSEKEEPING_KEYS {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
    }
}

/// The failure budgets of sign-in, per client address and per account name.
pub struct LoginThrottle {
    budgets: Option<(Budget, Budget)>,
}

/// A reservation of one failure from each budget; see [`LoginThrottle::reserve`].
#[must_use = "a reservation must be refunded on success or kept on failure"]
pub struct Reservation {
    addr: String,
    account: String,
}

impl LoginThrottle {
    /// `limit` failures per `window` for each address and each account name;
    /// a `limit` of 0 turns throttling off.
    pub fn new(limit: u32, window: Duration) -> Self {
        let budgets = NonZeroU32::new(limit)
            .and_then(|limit| Some((Budget::new(limit, window)?, Budget::new(limit, window)?)));
        Self { budgets }
    }

    /// Reserves one failure for this address and account name before the
    /// password is checked, or answers how long the caller must wait.
    pub fn reserve(&self, addr: &str, username: &str) -> Result<Reservation, Duration> {
        let reservation = Reservation {
            addr: addr.to_owned(),
            account: account_key(username),
        };
        let Some((by_addr, by_account)) = &self.budgets else {
            return Ok(reservation);
        };
        by_addr.take(&reservation.addr)?;
        if let Err(wait) = by_account.take(&reservation.account) {
            by_addr.refund(&reservation.addr);
            return Err(wait);
        }
        Ok(reservation)
    }

    /// The password was right: the attempt does not count as a failure.
    pub fn refund(&self, reservation: Reservation) {
        if let Some((by_addr, by_account)) = &self.budgets {
            by_addr.refund(&reservation.addr);
            by_account.refund(&reservation.account);
        }
    }

    /// The password was wrong: the reserved failure stays spent.
    pub fn keep(&self, _reservation: Reservation) {
        if let Some((by_addr, by_account)) = &self.budgets {
            by_addr.housekeeping();
            by_account.housekeeping();
        }
    }
}

/// Account names are matched as sign-in matches them (trimmed, lower case),
/// so `Admin` and ` admin` share one budget; the length is capped so that a
/// long name cannot grow the table.
fn account_key(username: &str) -> String {
    username.trim().to_lowercase().chars().take(64).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test should fail loudly
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn the_failure_after_the_limit_is_refused_with_a_wait() {
        let t = LoginThrottle::new(3, 15 * MINUTE);
        for _ in 0..3 {
            t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        }
        let wait = t.reserve("10.0.0.1", "alice").err().unwrap();
        assert!(
            wait > Duration::from_secs(200) && wait <= 5 * MINUTE,
            "{wait:?}"
        );
    }

    #[test]
    fn refunded_attempts_never_spend_the_budget() {
        let t = LoginThrottle::new(2, 15 * MINUTE);
        for _ in 0..100 {
            t.refund(t.reserve("10.0.0.1", "alice").unwrap());
        }
        t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        assert!(t.reserve("10.0.0.1", "alice").is_err());
    }

    #[test]
    fn address_and_account_are_counted_apart() {
        let t = LoginThrottle::new(2, 15 * MINUTE);
        t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        t.keep(t.reserve("10.0.0.2", "alice").unwrap());
        // alice is spent from anywhere; 10.0.0.1 still has one for others.
        assert!(t.reserve("10.0.0.3", "ALICE ").is_err());
        t.keep(t.reserve("10.0.0.1", "bob").unwrap());
        assert!(t.reserve("10.0.0.1", "carol").is_err());
        assert!(t.reserve("10.0.0.4", "carol").is_ok());
    }

    #[test]
    fn a_refused_account_gives_back_the_address_cell() {
        let t = LoginThrottle::new(1, 15 * MINUTE);
        t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        // Refused on alice, from a fresh address: that address keeps its cell.
        assert!(t.reserve("10.0.0.2", "alice").is_err());
        assert!(t.reserve("10.0.0.2", "bob").is_ok());
    }

    #[test]
    fn a_limit_of_zero_turns_throttling_off() {
        let t = LoginThrottle::new(0, 15 * MINUTE);
        for _ in 0..1000 {
            t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        }
    }

    #[test]
    fn the_budget_refills_after_one_cell_of_time() {
        let t = LoginThrottle::new(2, Duration::from_millis(200));
        t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        let wait = t.reserve("10.0.0.1", "alice").err().unwrap();
        std::thread::sleep(wait + Duration::from_millis(5));
        assert!(t.reserve("10.0.0.1", "alice").is_ok());
    }
}
