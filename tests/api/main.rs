//! Integration tests: the real server on an ephemeral port, one fresh database
//! per test (SQLite, or PostgreSQL when `TEST_DATABASE_URL` is set).

mod helpers;

mod auth;
mod errors;
mod migrations;
mod pages;
mod regions;
mod users;
