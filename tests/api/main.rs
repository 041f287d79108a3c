//! Integration tests: the real server on an ephemeral port, one fresh database
//! per test (SQLite, or PostgreSQL when `TEST_DATABASE_URL` is set).

mod fixtures;
mod helpers;

mod applications;
mod associations;
mod auth;
mod errors;
mod import_export;
mod incubators;
mod matching;
mod matching_eval;
mod matching_eval_background;
mod matching_person;
mod migrations;
mod pages;
mod pipeline;
mod pipeline_log;
mod profiles;
mod projects;
mod regions;
mod search;
mod subsidy;
mod users;
