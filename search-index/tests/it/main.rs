//! Integration tests of the search index, one binary (linking tantivy once).

mod common;
mod daily;
mod lifecycle;
mod matching;
mod props;
mod recall;
mod search;
