//! 乡贤通: the 乡贤 registry of 咸宁市, its Chinese search, and matching of
//! people to electronic-information projects and incubator openings.

// The OpenAPI document's `json!` literals nest deeper than the default allows.
#![recursion_limit = "512"]

pub mod app;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod db;
pub mod demo;
pub mod domain;
pub mod entity;
pub mod error;
pub mod extract;
pub mod middleware;
pub mod openapi;
pub mod rate_limit;
pub mod region;
pub mod routes;
pub mod search;
pub mod seed;
pub mod service;
pub mod spreadsheet;
pub mod state;
pub mod synth;
