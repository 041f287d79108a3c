//! Who applied, for those who decide: the applicant's 档案 in short (no contacts), shown on
//! the application itself. An incubator's operators may not open the registry, so a link to
//! `/profiles/{id}` would answer them 404 (and log a denied access); the application they
//! read is their reason to see who sent it.

use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::auth::policy::{self, ApplicationAction, ProfileAction};
use crate::entity::json_list::from_json_list;
use crate::error::AppResult;
use crate::service::region::RegionNames;

/// The applicant as the application page shows them.
#[derive(Debug, Serialize)]
pub struct Applicant {
    pub profile_id: i64,
    pub name: String,
    pub hometown: String,
    pub employer: String,
    pub title: String,
    pub expertise: String,
    pub chains: Vec<String>,
    /// Whether the caller may also open the full 档案 (staff of the scope, administrators).
    pub may_open: bool,
}

/// The applicant of application `id`, read under the application's own policy; `None` when
/// the application carries no live profile.
pub async fn of(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
    names: &RegionNames,
) -> AppResult<Option<Applicant>> {
    let (app, _, _) = super::load(conn, actor, id, ApplicationAction::Read).await?;
    let Some(profile_id) = app.profile_id else {
        return Ok(None);
    };
    let Ok(p) = crate::service::profile::find_live(conn, profile_id).await else {
        return Ok(None);
    };
    Ok(Some(Applicant {
        profile_id: p.id,
        may_open: policy::profile(actor, &p, ProfileAction::Read).is_ok(),
        hometown: names.local_name(&p.hometown_code),
        chains: from_json_list(&p.chains),
        name: p.name,
        employer: p.employer,
        title: p.title,
        expertise: p.expertise,
    }))
}
