//! Integration tests: the real server on an ephemeral port, one fresh database
//! per test (SQLite, or PostgreSQL when `TEST_DATABASE_URL` is set).

mod fixtures;
mod helpers;

mod access_matrix;
mod applications;
mod associations;
mod auth;
mod backup;
mod binary;
mod contention;
mod crash;
mod errors;
mod headers;
mod import_export;
mod log_leak;
mod incubators;
mod index_retry;
mod mass_assignment;
mod migrations;
mod pages;
mod pipeline;
mod pipeline_log;
mod profiles;
mod projects;
mod regions;
mod search;
mod subsidy;
mod throttle;
mod users;
