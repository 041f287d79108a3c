//! Every operation of `/api/v1`, one file per area as the route modules are
//! grouped.

mod auth;
mod incubators;
mod profiles;
mod projects;
mod reference;

use super::paths::Op;

/// Every operation, grouped as the route modules are.
pub fn all() -> Vec<Op> {
    let mut ops = Vec::new();
    ops.extend(auth::operations());
    ops.extend(reference::operations());
    ops.extend(profiles::operations());
    ops.extend(projects::operations());
    ops.extend(incubators::operations());
    ops.extend(super::subsidy_claims::operations());
    ops.extend(super::referrals_awards::operations());
    ops.extend(super::organizations::operations());
    ops.extend(super::events::operations());
    ops
}
