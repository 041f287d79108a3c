//! Domain services: every write, its audit event and its search change happen
//! here, inside one transaction. Functions take `&impl ConnectionTrait` so they
//! run the same inside or outside a transaction.

pub mod association;
pub mod audit;
pub mod coverage;
pub mod notice;
pub mod profile;
pub mod region;
pub mod registration;
pub mod search_change;
pub mod stats;
pub mod token;
pub mod user;
