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

mod backoff;
mod budget;

use std::num::NonZeroU32;
use std::time::Duration;

use backoff::Backoff;
use budget::Budget;

/// How many more failures an address gets than one (address, account) pair:
/// an office behind one address holds many accounts, a password sprayer too.
const ADDRESS_FACTOR: u32 = 10;

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
