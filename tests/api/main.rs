//! Integration tests: the real server on an ephemeral port, one fresh database
//! per test (SQLite, or PostgreSQL when `TEST_DATABASE_URL` is set).

mod helpers;

mod associations;
mod auth;
mod errors;
mod import_export;
mod migrations;
mod profiles;
mod regions;
mod search;
mod users;
