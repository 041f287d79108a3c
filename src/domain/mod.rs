//! Domain types that can only hold valid values: parse, don't validate.
//!
//! Each constructor rejects bad input with a message a clerk can act on; once a
//! handler holds one of these, the value is known to be good.

pub mod codes;
pub mod company;
pub mod credit_code;
pub mod holidays;
pub mod labels;
pub mod limits;
pub mod mobile;
pub mod money;
pub mod organization;
pub mod person_name;
pub mod region_code;
pub mod stage_move;
pub mod taxonomy;

pub use codes::*;
pub use credit_code::CreditCode;
pub use mobile::Mobile;
pub use money::Fen;
pub use organization::{OrgKind, OrgRole, ServiceKind, ServiceStatus};
pub use person_name::PersonName;
pub use region_code::{RegionCode, RegionLevel};
pub use taxonomy::{CHAINS, ChainSegment};

/// 咸宁市, the city this registry serves.
pub const CITY_CODE: &str = "4212";
