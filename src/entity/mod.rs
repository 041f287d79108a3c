//! sea-orm entities, one per table; the schema itself lives in the `migration` crate.

pub mod api_token;
pub mod application;
pub mod association;
pub mod audit_event;
pub mod chain;
pub mod claim_code;
pub mod collaboration_request;
pub mod enterprise;
pub mod import_stage;
pub mod incubator;
pub mod json_list;
pub mod notice;
pub mod opening;
pub mod password_history;
pub mod pipeline_contact;
pub mod pipeline_entry;
pub mod profile;
pub mod profile_transfer;
pub mod project;
pub mod referral;
pub mod region;
pub mod search_change;
pub mod server_secret;
pub mod session;
pub mod subsidy_claim;
pub mod user;
