//! Integration tests of the search index, one binary (linking tantivy once).
// A test fails loudly: unwrap and expect are how it says what broke.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod daily;
mod lifecycle;
mod matching;
mod props;
mod recall;
mod search;
