//! 项目库: the electronic-information investment projects each county is
//! attracting, read and written by staff of the county and administrators.

pub mod collaboration;
pub mod input;
pub mod matches;
pub mod visible;
pub mod write;

pub use input::{ProjectFields, ProjectReq};
pub use visible::{browse, show};

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access, ProjectSight};
use crate::domain::taxonomy::segment_name;
use crate::domain::{Role, Stage, stage_move};
use crate::entity::json_list::from_json_list;
use crate::entity::project;
use crate::error::{AppError, AppResult};
use crate::service::audit::Audited;
use crate::service::fields;
use crate::service::region::RegionNames;

/// A project as the API shows it. Investment, target companies, description and owner are
/// left out of the public summary that founders and organizers see.
#[derive(Debug, Serialize)]
pub struct ProjectView {
    pub id: i64,
    pub title: String,
    pub segment: String,
    pub segment_name: String,
    /// The chain the segment belongs to, e.g. `terminal`.
    pub chain: String,
    pub needs: Vec<String>,
    pub county_code: String,
    pub county: String,
    pub park: String,
    pub stage: String,
    pub stage_label: String,
    pub public: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investment_wan: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jobs: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_companies: Option<Vec<String>>,
    /// The stages this project may move to next (for staff of its scope).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_stages: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub landed_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_user_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ProjectView {
    /// The whole project, for staff of its scope and administrators.
    pub fn new(p: project::Model, names: &RegionNames) -> Self {
        Self::seen(p, names, ProjectSight::Full)
    }

    /// The project as far as `sight` reaches.
    pub fn seen(p: project::Model, names: &RegionNames, sight: ProjectSight) -> Self {
        let full = sight == ProjectSight::Full;
        Self {
            id: p.id,
            segment_name: segment_name(&p.segment).unwrap_or_default().to_owned(),
            chain: p.segment.split('.').next().unwrap_or_default().to_owned(),
            needs: from_json_list(&p.needs),
            county: names.local_name(&p.county_code),
            stage_label: Stage::parse(&p.stage)
                .map(|s| s.label().to_owned())
                .unwrap_or_default(),
            target_companies: full.then(|| from_json_list(&p.target_companies)),
            next_stages: full.then(|| {
                next_stages(&p)
                    .iter()
                    .map(|s| s.as_str().to_owned())
                    .collect()
            }),
            jobs: p.jobs.filter(|_| full),
            landed_at: p.landed_at.filter(|_| full),
            title: p.title,
            segment: p.segment,
            description: full.then_some(p.description),
            county_code: p.county_code,
            park: p.park,
            investment_wan: full.then_some(p.investment_wan),
            stage: p.stage,
            public: p.public,
            owner_user_id: p.owner_user_id.filter(|_| full),
            version: full.then_some(p.version),
            created_by: p.created_by.filter(|_| full),
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

impl Audited for project::Model {
    const ENTITY: &'static str = "project";

    fn audit_id(&self) -> i64 {
        self.id
    }

    /// What the audit log keeps of a project.
    fn snapshot(&self) -> Value {
        json!({
            "title": self.title, "segment": self.segment, "description": self.description,
            "needs": from_json_list(&self.needs), "county_code": self.county_code,
            "park": self.park, "investment_wan": self.investment_wan, "stage": self.stage,
            "target_companies": from_json_list(&self.target_companies), "public": self.public,
            "version": self.version, "jobs": self.jobs,
            "stage_before_shelved": self.stage_before_shelved, "landed_at": self.landed_at,
        })
    }
}

/// The stages `p` may move to from where it is (see `domain::stage_move`).
pub fn next_stages(p: &project::Model) -> Vec<Stage> {
    let Ok(stage) = Stage::parse(&p.stage) else {
        return Vec::new();
    };
    let shelved_from = p
        .stage_before_shelved
        .as_deref()
        .and_then(|s| Stage::parse(s).ok());
    stage_move::allowed_moves(stage, shelved_from)
}

/// A project, or 404.
pub async fn find(conn: &impl ConnectionTrait, id: i64) -> AppResult<project::Model> {
    project::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found("项目"))
}

/// A project the caller may read (`Access::Read`) or change (`Access::Write`);
/// outside the caller's scope it does not exist.
pub async fn load(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
    access: Access,
) -> AppResult<project::Model> {
    let found = find(conn, id).await?;
    policy::project(actor, &found, access)?;
    Ok(found)
}

/// Whether the caller works on the 项目库 and its pipelines (staff and administrators).
pub fn works_on_projects(actor: &CurrentUser) -> bool {
    require_works_on_projects(actor).is_ok()
}

/// 403 unless the caller works on the 项目库 (staff and administrators).
pub fn require_works_on_projects(actor: &CurrentUser) -> AppResult<()> {
    policy::require_role(actor, &[Role::Admin, Role::Staff])
}

/// Whether the caller reads `p` in full (staff of its scope, administrators).
pub fn may_read(actor: &CurrentUser, p: &project::Model) -> bool {
    policy::project(actor, p, Access::Read).is_ok()
}

/// Whether the caller may change `p` (pages show their edit links by it).
pub fn may_write(actor: &CurrentUser, p: &project::Model) -> bool {
    policy::project(actor, p, Access::Write).is_ok()
}

/// Filters of `GET /api/v1/projects`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFilter {
    /// A chain (`terminal`) or a segment (`terminal.components`).
    pub chain: Option<String>,
    pub county: Option<String>,
    pub stage: Option<String>,
    /// Text in the title or description.
    pub q: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// One page of the projects in the caller's scope, newest first, with the total.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    filter: &ProjectFilter,
    page: u64,
    per_page: u64,
) -> AppResult<(u64, Vec<project::Model>)> {
    policy::require_role(actor, &[Role::Admin, Role::Staff])?;
    let scope = actor
        .list_scope()
        .ok_or_else(|| AppError::forbidden("无权查看项目库"))?;
    let mut query =
        project::Entity::find().filter(project::Column::CountyCode.starts_with(scope.as_str()));
    if let Some(raw) = fields::non_blank(&filter.chain) {
        let code = fields::chain_filter("chain", raw)?;
        query = if code.contains('.') {
            query.filter(project::Column::Segment.eq(code))
        } else {
            query.filter(project::Column::Segment.starts_with(format!("{code}.")))
        };
    }
    if let Some(raw) = fields::non_blank(&filter.county) {
        let code = fields::county("county", raw)?;
        policy::region(actor, &code, Access::Read, &[Role::Staff])?;
        query = query.filter(project::Column::CountyCode.eq(code));
    }
    if let Some(raw) = fields::non_blank(&filter.stage) {
        let stage = Stage::parse(raw).map_err(|m| AppError::invalid("stage", m))?;
        query = query.filter(project::Column::Stage.eq(stage.as_str()));
    }
    if let Some(q) = fields::non_blank(&filter.q) {
        query = query.filter(
            sea_orm::Condition::any()
                .add(fields::contains(project::Column::Title, q))
                .add(fields::contains(project::Column::Description, q)),
        );
    }
    let total = query.clone().count(conn).await?;
    let items = query
        .order_by_desc(project::Column::UpdatedAt)
        .order_by_desc(project::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(conn)
        .await?;
    Ok((total, items))
}

/// Projects still being attracted or negotiated (not signed, landed or
/// shelved), for ranking projects for a person.
pub async fn open(conn: &impl ConnectionTrait) -> Result<Vec<project::Model>, sea_orm::DbErr> {
    project::Entity::find()
        .filter(
            project::Column::Stage.is_in([Stage::Attracting.as_str(), Stage::Negotiating.as_str()]),
        )
        .order_by_asc(project::Column::Id)
        .all(conn)
        .await
}
