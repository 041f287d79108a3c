//! Domain services: every write, its audit event and its search change happen
//! here, inside one transaction. Functions take `&impl ConnectionTrait` so they
//! run the same inside or outside a transaction.

pub mod application;
pub mod association;
pub mod audit;
pub mod award;
pub mod blocking;
pub mod chain_map;
pub mod coverage;
pub mod enterprise;
pub mod event;
pub mod export;
pub mod fields;
pub mod freshness;
pub mod guarded;
pub mod import;
pub mod incubator;
pub mod matching;
pub mod notice;
pub mod notify;
pub mod opening;
pub mod organization;
pub mod paging;
pub mod password_notice;
pub mod personal_data;
pub mod pipeline;
pub mod profile;
pub mod project;
pub mod qr;
pub mod referral;
pub mod region;
pub mod registration;
pub mod search_change;
pub mod self_registration;
pub mod service_request;
pub mod session;
pub mod stats;
pub mod subsidy;
pub mod subsidy_claim;
pub mod tallies;
pub mod token;
pub mod user;
pub mod user_admin;
