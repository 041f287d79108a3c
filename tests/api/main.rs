//! Integration tests: the real server on an ephemeral port, one fresh database
//! per test (SQLite, or PostgreSQL when `TEST_DATABASE_URL` is set).

mod fixtures;
mod helpers;
mod page_client;

mod access_matrix;
mod applications;
mod associations;
mod auth;
mod backup;
mod binary;
mod cli;
mod contention;
mod crash;
mod errors;
mod headers;
mod import_export;
mod incubators;
mod index_retry;
mod log_leak;
mod mass_assignment;
mod matching;
mod matching_eval;
mod matching_eval_background;
mod matching_lists;
mod matching_person;
mod migrations;
mod openapi;
mod pages;
mod pages_import;
mod pages_matching;
mod pages_openings;
mod pages_projects;
mod pages_search;
mod pipeline;
mod pipeline_log;
mod profiles;
mod projects;
mod regions;
mod search;
mod subsidy;
mod throttle;
mod users;
