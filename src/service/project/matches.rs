//! Match lists as a caller may see them: people for a project (those outside the caller's
//! scope only counted) and projects for a person (only the projects the caller may see,
//! those seen in summary scored and explained on their public part alone).

use sea_orm::ConnectionTrait;

use super::{load, open};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access, ProfileAction, ProjectSight};
use crate::error::AppResult;
use crate::search::Search;
use crate::service::matching::{self, MatchPage, MatchWeights, ProfileMatches, ProjectMatches};
use crate::service::profile;
use crate::service::region::RegionNames;

/// Where matching reads from: the index, the region names and the weights.
#[derive(Clone, Copy)]
pub struct Engine<'a> {
    pub search: &'a Search,
    pub names: &'a RegionNames,
    pub weights: &'a MatchWeights,
}

/// `GET /api/v1/projects/{id}/matches`: the people best matched to a project the caller
/// works on; people outside the caller's scope are only counted (`outside_scope`).
pub async fn people_for(
    conn: &impl ConnectionTrait,
    engine: Engine<'_>,
    actor: &CurrentUser,
    id: i64,
    page: &MatchPage,
) -> AppResult<(crate::entity::project::Model, ProjectMatches)> {
    let found = load(conn, actor, id, Access::Read).await?;
    let scope = policy::match_scope(actor)?;
    let list = matching::project::match_project_in(
        conn,
        engine.search,
        engine.names,
        engine.weights,
        &found,
        page,
        &scope,
    )
    .await?;
    Ok((found, list))
}

/// `GET /api/v1/profiles/{id}/matches`: the open projects best matched to a person whose
/// record the caller may read, among the projects the caller may see.
pub async fn projects_for(
    conn: &impl ConnectionTrait,
    engine: Engine<'_>,
    actor: &CurrentUser,
    profile_id: i64,
    page: &MatchPage,
) -> AppResult<ProfileMatches> {
    let person = profile::load(conn, actor, profile_id, ProfileAction::Read).await?;
    let shown = open(conn)
        .await?
        .into_iter()
        .filter_map(|p| match policy::project_sight(actor, &p) {
            Ok(ProjectSight::Full) => Some((p, ProjectSight::Full)),
            Ok(ProjectSight::Summary) => {
                Some((super::visible::summary_only(&p), ProjectSight::Summary))
            }
            Err(_) => None,
        })
        .collect();
    matching::person::match_profile_among(
        engine.search,
        engine.names,
        engine.weights,
        &person,
        shown,
        page,
    )
    .await
}
