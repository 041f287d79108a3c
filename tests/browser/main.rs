//! Browser tests: the real server (`spawn_app`), chromedriver and headless
//! Chromium; for each role the main path — sign in, act, see the result —
//! with screenshots of the main pages in `target/screenshots/`.
//!
//! Run alone with `cargo nextest run --test browser`. Without chromedriver
//! the tests are skipped with a message, unless `CI` is set (then they fail).
// A test fails loudly: unwrap and expect are how it says what broke.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

#[allow(dead_code)]
#[path = "../api/fixtures.rs"]
mod fixtures;

mod harness;

mod daily;
mod dashboard;
mod events;
mod founder_operator;
mod freshness;
mod import;
mod loops;
mod matching;
mod registry;
mod session_expiry;
mod staff;
