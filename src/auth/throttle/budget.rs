//! A budget of failures per key: a keyed `governor` rate limiter whose state
//! lives in a store shared with the budget, so a cell can be given back.

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
pub(super) const HOUSEKEEPING_KEYS: usize = 10_000;

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
pub(super) struct Budget {
    limiter: RateLimiter<String, SharedStore<String>, DefaultClock>,
    store: SharedStore<String>,
    /// Time one cell is worth (`window / limit`).
    cell: Nanos,
}

impl Budget {
    pub(super) fn new(limit: NonZeroU32, window: Duration) -> Option<Self> {
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
    pub(super) fn take(&self, key: &str) -> Result<(), Duration> {
        let key = key.to_owned();
        self.limiter
            .check_key(&key)
            .map_err(|not_until| not_until.wait_time_from(self.limiter.clock().now()))
    }

    /// Gives back a cell taken by [`Budget::take`].
    pub(super) fn refund(&self, key: &str) {
        if let Some(state) = self.store.0.get(key) {
            let cell = self.cell;
            // The closure never fails; the error type only satisfies the signature.
            let _ = state.measure_and_replace(&NotKeyed::NonKey, |tat| {
                Ok::<_, ()>(((), tat.unwrap_or_default().saturating_sub(cell)))
            });
        }
    }

    pub(super) fn housekeeping(&self) {
        if self.limiter.len() > HOUSEKEEPING_KEYS {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
    }
}
