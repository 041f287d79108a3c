//! Integration tests: the real server on an ephemeral port, one fresh database
//! per test (SQLite, or PostgreSQL when `TEST_DATABASE_URL` is set).
// A test fails loudly: unwrap and expect are how it says what broke.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fixtures;
mod helpers;
// Not yet compiled on this branch (build queue ran out of time): wire in after a first
// `cargo nextest run --test api -E 'test(/^notify::|^freshness::/)'`.
// mod notify_sink;
mod page_client;

mod access_matrix;
mod accounts_passwords;
mod accounts_register;
mod accounts_sessions;
mod accounts_surface;
mod accounts_tokens;
mod applications;
mod associations;
mod at_rest_audit;
mod at_rest_contacts;
mod at_rest_files;
mod at_rest_rotate;
mod at_rest_upgrade;
mod auth;
mod awards;
mod backup;
mod bench_baseline;
mod bench_postgres;
mod binary;
mod chain_map;
mod cli;
mod contention;
mod crash;
mod daily;
mod errors;
mod events;
mod events_pages;
mod events_training;
// mod freshness; (see notify_sink above)
mod headers;
mod import_export;
mod import_oracle;
mod import_sheets;
mod import_xls;
mod incubators;
mod index_retry;
mod log_leak;
mod mass_assignment;
mod matching;
mod matching_eval;
mod matching_eval_background;
mod matching_lists;
mod matching_need;
mod matching_person;
mod migrations;
// mod notify; (see notify_sink above)
mod openapi;
mod openapi_responses;
mod organizations;
mod outage;
mod pages;
mod pages_audit;
mod pages_import;
mod pages_matching;
mod pages_openings;
mod pages_print;
mod pages_projects;
mod pages_search;
mod pipeline;
mod pipeline_log;
mod profiles;
mod project_stages;
mod projects;
mod referrals;
mod regions;
mod search;
mod second_edition_pages;
mod self_registration;
mod service_requests;
mod subsidy;
mod subsidy_claims;
mod subsidy_claims_pages;
mod subsidy_claims_report;
mod throttle;
mod trust_collaboration_pages;
mod trust_consent;
mod trust_duplicates;
mod trust_erasure;
mod trust_more;
mod trust_not_found;
mod trust_page_matrix;
mod trust_projects;
mod trust_reveal;
mod trust_transfer;
mod users;
