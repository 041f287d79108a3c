//! Brute-force protection for signing in.
//!
//! Failed attempts are counted per (client address, account name) and per
//! client address, each by a keyed `governor` rate limiter (GCRA): a burst of
//! `limit` failures for the pair and ten times as many for the address, then
//! one more every `window / limit` (90 s for the default 10 per 15 minutes).
//! An office behind one address therefore keeps working when one of its
//! accounts is attacked. Per account name the budget is `limit` failures,
//! then a lockout of `window / limit` that doubles each time the account is
//! locked again (one failure after a lockout locks it again), forgotten after
//! the right password or four windows of quiet. Only failures spend a
//! budget. Once one is spent, every attempt for that pair, address or account
//! answers 429 — even one with the right password — until it refills.
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

use std::collections::HashMap;
use std::hash::Hash;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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

/// How many more failures an address gets than one (address, account) pair:
/// an office behind one address holds many accounts, a password sprayer too.
const ADDRESS_FACTOR: u32 = 10;
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
struct Backoff {
    limit: u32,
    window: Duration,
    /// The first lockout (`window / limit`, one cell's worth of time).
    base: Duration,
    accounts: Mutex<HashMap<String, AccountState>>,
}

impl Backoff {
    fn new(limit: NonZeroU32, window: Duration) -> Option<Self> {
        Some(Self {
            limit: limit.get(),
            window,
            base: window.checked_div(limit.get())?,
            accounts: Mutex::new(HashMap::new()),
        })
    }

    fn take(&self, key: &str) -> Result<(), Duration> {
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
    fn keep(&self, key: &str) {
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

    fn refund(&self, key: &str) {
        if let Ok(mut accounts) = self.accounts.lock()
            && let Some(state) = accounts.get_mut(key)
        {
            state.failures = state.failures.saturating_sub(1);
        }
    }

    /// The right password: the account starts afresh.
    fn clear(&self, key: &str) {
        if let Ok(mut accounts) = self.accounts.lock() {
            accounts.remove(key);
        }
    }
}

/// The failure budgets of sign-in (and of the current password when changing
/// it): per (address, account), per address (ten times larger) and per account
/// with growing lockouts; and the budget of self-registrations per address.
pub struct LoginThrottle {
    budgets: Option<(Budget, Budget, Backoff)>,
    registrations: Option<Budget>,
}

/// A reservation of one failure from each budget; see [`LoginThrottle::reserve`].
#[must_use = "a reservation must be refunded on success or kept on failure"]
pub struct Reservation {
    pair: String,
    addr: String,
    account: String,
}

impl LoginThrottle {
    /// `limit` failures per `window` for each (address, account) pair and each
    /// account name, ten times as many per address; a `limit` of 0 turns
    /// throttling off. `registrations_per_hour` self-registrations per address
    /// (0: no limit).
    pub fn new(limit: u32, window: Duration, registrations_per_hour: u32) -> Self {
        let budgets = NonZeroU32::new(limit).and_then(|limit| {
            let wide = limit.saturating_mul(NonZeroU32::new(ADDRESS_FACTOR)?);
            Some((
                Budget::new(limit, window)?,
                Budget::new(wide, window)?,
                Backoff::new(limit, window)?,
            ))
        });
        let registrations = NonZeroU32::new(registrations_per_hour)
            .and_then(|n| Budget::new(n, Duration::from_secs(3600)));
        Self {
            budgets,
            registrations,
        }
    }

    /// Reserves one failure for this address and account name before the
    /// password is checked, or answers how long the caller must wait.
    pub fn reserve(&self, addr: &str, username: &str) -> Result<Reservation, Duration> {
        let account = account_key(username);
        let reservation = Reservation {
            pair: format!("{addr}\n{account}"),
            addr: addr.to_owned(),
            account,
        };
        let Some((by_pair, by_addr, by_account)) = &self.budgets else {
            return Ok(reservation);
        };
        by_pair.take(&reservation.pair)?;
        if let Err(wait) = by_addr.take(&reservation.addr) {
            by_pair.refund(&reservation.pair);
            return Err(wait);
        }
        if let Err(wait) = by_account.take(&reservation.account) {
            by_pair.refund(&reservation.pair);
            by_addr.refund(&reservation.addr);
            return Err(wait);
        }
        Ok(reservation)
    }

    /// Our own failure (not the caller's): the attempt does not count.
    pub fn refund(&self, reservation: Reservation) {
        if let Some((by_pair, by_addr, by_account)) = &self.budgets {
            by_pair.refund(&reservation.pair);
            by_addr.refund(&reservation.addr);
            by_account.refund(&reservation.account);
        }
    }

    /// The password was right: the attempt does not count, and the account's
    /// lockout history is forgotten.
    pub fn succeed(&self, reservation: Reservation) {
        if let Some((by_pair, by_addr, by_account)) = &self.budgets {
            by_pair.refund(&reservation.pair);
            by_addr.refund(&reservation.addr);
            by_account.clear(&reservation.account);
        }
    }

    /// The password was wrong: the reserved failure stays spent.
    pub fn keep(&self, reservation: Reservation) {
        if let Some((by_pair, by_addr, by_account)) = &self.budgets {
            by_account.keep(&reservation.account);
            by_pair.housekeeping();
            by_addr.housekeeping();
        }
    }

    /// Counts one self-registration from `addr`, or says how long to wait.
    pub fn register(&self, addr: &str) -> Result<(), Duration> {
        match &self.registrations {
            Some(budget) => budget.take(addr),
            None => Ok(()),
        }
    }

    /// Gives back a registration that was refused for its content.
    pub fn unregister(&self, addr: &str) {
        if let Some(budget) = &self.registrations {
            budget.refund(addr);
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
        let t = LoginThrottle::new(3, 15 * MINUTE, 0);
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
        let t = LoginThrottle::new(2, 15 * MINUTE, 0);
        for _ in 0..100 {
            t.refund(t.reserve("10.0.0.1", "alice").unwrap());
        }
        t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        assert!(t.reserve("10.0.0.1", "alice").is_err());
    }

    #[test]
    fn address_and_account_are_counted_apart() {
        let t = LoginThrottle::new(2, 15 * MINUTE, 0);
        t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        t.keep(t.reserve("10.0.0.2", "alice").unwrap());
        // alice is spent from anywhere; her colleagues behind 10.0.0.1 are not.
        assert!(t.reserve("10.0.0.3", "ALICE ").is_err());
        t.keep(t.reserve("10.0.0.1", "bob").unwrap());
        assert!(t.reserve("10.0.0.1", "carol").is_ok());
        assert!(t.reserve("10.0.0.4", "carol").is_ok());
    }

    #[test]
    fn one_address_gets_ten_times_the_failures_of_one_account() {
        let t = LoginThrottle::new(2, 15 * MINUTE, 0);
        for i in 0..20 {
            t.keep(t.reserve("10.0.0.1", &format!("user{i}")).unwrap());
        }
        assert!(t.reserve("10.0.0.1", "user99").is_err());
        assert!(t.reserve("10.0.0.2", "user99").is_ok());
    }

    #[test]
    fn each_lockout_of_an_account_is_twice_as_long() {
        let t = LoginThrottle::new(1, Duration::from_millis(100), 0);
        t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        let first = t.reserve("10.0.0.2", "alice").err().unwrap();
        assert!(first <= Duration::from_millis(100), "{first:?}");
        std::thread::sleep(first + Duration::from_millis(5));
        t.keep(t.reserve("10.0.0.3", "alice").unwrap());
        let second = t.reserve("10.0.0.4", "alice").err().unwrap();
        assert!(second > Duration::from_millis(150), "{second:?}");
        // The right password ends the history.
        let t = LoginThrottle::new(2, 15 * MINUTE, 0);
        t.keep(t.reserve("10.0.0.1", "bob").unwrap());
        t.succeed(t.reserve("10.0.0.1", "bob").unwrap());
        t.keep(t.reserve("10.0.0.2", "bob").unwrap());
        assert!(t.reserve("10.0.0.3", "bob").is_ok());
    }

    #[test]
    fn registrations_are_counted_per_address() {
        let t = LoginThrottle::new(10, 15 * MINUTE, 2);
        assert!(t.register("10.0.0.1").is_ok());
        assert!(t.register("10.0.0.1").is_ok());
        assert!(t.register("10.0.0.1").is_err());
        t.unregister("10.0.0.2");
        assert!(t.register("10.0.0.2").is_ok());
    }

    #[test]
    fn a_refused_account_gives_back_the_address_cell() {
        let t = LoginThrottle::new(1, 15 * MINUTE, 0);
        t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        // Refused on alice, from a fresh address: that address keeps its cell.
        assert!(t.reserve("10.0.0.2", "alice").is_err());
        assert!(t.reserve("10.0.0.2", "bob").is_ok());
    }

    #[test]
    fn a_limit_of_zero_turns_throttling_off() {
        let t = LoginThrottle::new(0, 15 * MINUTE, 0);
        for _ in 0..1000 {
            t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        }
    }

    #[test]
    fn the_budget_refills_after_one_cell_of_time() {
        let t = LoginThrottle::new(2, Duration::from_millis(200), 0);
        t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        t.keep(t.reserve("10.0.0.1", "alice").unwrap());
        let wait = t.reserve("10.0.0.1", "alice").err().unwrap();
        std::thread::sleep(wait + Duration::from_millis(5));
        assert!(t.reserve("10.0.0.1", "alice").is_ok());
    }
}
