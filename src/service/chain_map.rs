//! 产业链招商图谱: per chain and segment of the taxonomy, the plan's local
//! companies and 专栏3-1 targets, the projects the caller can see by stage, the
//! registry people the caller can see (all, verified, willing to invest) and
//! the gaps. Every count is what the matching list returns for the same
//! caller: projects through `project::browse`'s condition, people through the
//! registry search with the same filters (`chain=`, `verified=`, `intent=`).

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use search_index::Facets;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::domain::company::plan;
use crate::domain::{CHAINS, Intent, Stage};
use crate::entity::project;
use crate::error::AppResult;
use crate::search::Search;
use crate::service::export::ProfileFilter;
use crate::service::profile::search::index_query;
use crate::service::project::{require_works_on_projects, visible::visible_to};

/// A segment with projects under way is short of people below this many per project.
pub const FEW_PEOPLE_PER_PROJECT: u64 = 5;

/// Projects of one segment by stage.
#[derive(Debug, Default, Serialize)]
pub struct StageCounts {
    pub attracting: u64,
    pub negotiating: u64,
    pub signed: u64,
    pub landed: u64,
    pub shelved: u64,
    pub total: u64,
}

impl StageCounts {
    fn add(&mut self, stage: &str) {
        match Stage::parse(stage) {
            Ok(Stage::Attracting) => self.attracting += 1,
            Ok(Stage::Negotiating) => self.negotiating += 1,
            Ok(Stage::Signed) => self.signed += 1,
            Ok(Stage::Landed) => self.landed += 1,
            Ok(Stage::Shelved) => self.shelved += 1,
            Err(_) => return,
        }
        self.total += 1;
    }

    /// Projects still being attracted, negotiated or signed.
    pub fn under_way(&self) -> u64 {
        self.attracting + self.negotiating + self.signed
    }
}

/// Registry people of one segment.
#[derive(Debug, Default, Serialize)]
pub struct PeopleCounts {
    pub all: u64,
    pub verified: u64,
    /// With the intent 投资兴业.
    pub invest: u64,
}

/// One segment of the map.
#[derive(Debug, Serialize)]
pub struct SegmentMap {
    pub code: &'static str,
    pub name: &'static str,
    pub local_companies: Vec<&'static str>,
    pub target_companies: Vec<&'static str>,
    pub projects: StageCounts,
    pub people: PeopleCounts,
    /// `few_people` (projects under way, fewer than
    /// [`FEW_PEOPLE_PER_PROJECT`] people each), `no_local_company`.
    pub gaps: Vec<&'static str>,
    pub gap_labels: Vec<&'static str>,
}

/// One chain of the map.
#[derive(Debug, Serialize)]
pub struct ChainMapRow {
    pub code: &'static str,
    pub name: &'static str,
    pub segments: Vec<SegmentMap>,
}

/// `GET /api/v1/chains/map`.
#[derive(Debug, Serialize)]
pub struct ChainMap {
    pub few_people_per_project: u64,
    pub chains: Vec<ChainMapRow>,
}

/// The map as `actor` sees it: staff and administrators.
pub async fn build(
    conn: &impl ConnectionTrait,
    search: &Search,
    actor: &CurrentUser,
) -> AppResult<ChainMap> {
    require_works_on_projects(actor)?;
    let mut projects: BTreeMap<String, StageCounts> = BTreeMap::new();
    let rows: Vec<(String, String)> = project::Entity::find()
        .select_only()
        .column(project::Column::Segment)
        .column(project::Column::Stage)
        .filter(visible_to(actor))
        .into_tuple()
        .all(conn)
        .await?;
    for (segment, stage) in rows {
        projects.entry(segment).or_default().add(&stage);
    }
    let all = people_by_segment(search, actor, ProfileFilter::default()).await?;
    let verified = ProfileFilter {
        verified: Some(true),
        ..Default::default()
    };
    let verified = people_by_segment(search, actor, verified).await?;
    let invest = ProfileFilter {
        intent: Some(Intent::Invest.as_str().to_owned()),
        ..Default::default()
    };
    let invest = people_by_segment(search, actor, invest).await?;
    let count = |f: &Facets, code: &str| f.chain.get(code).copied().unwrap_or(0);
    let chains = CHAINS
        .iter()
        .map(|&(code, name, segments)| ChainMapRow {
            code,
            name,
            segments: segments
                .iter()
                .map(|&(seg, seg_name)| {
                    let (local, targets) = plan::of_segment(seg);
                    let people = PeopleCounts {
                        all: count(&all, seg),
                        verified: count(&verified, seg),
                        invest: count(&invest, seg),
                    };
                    let stages = projects.remove(seg).unwrap_or_default();
                    let mut gaps = Vec::new();
                    let mut gap_labels = Vec::new();
                    if stages.under_way() > 0
                        && people.all < FEW_PEOPLE_PER_PROJECT * stages.under_way()
                    {
                        gaps.push("few_people");
                        gap_labels.push("有在谈项目，乡贤人才不足");
                    }
                    if local.is_empty() {
                        gaps.push("no_local_company");
                        gap_labels.push("规划未列本地企业");
                    }
                    SegmentMap {
                        code: seg,
                        name: seg_name,
                        local_companies: local.to_vec(),
                        target_companies: targets.to_vec(),
                        projects: stages,
                        people,
                        gaps,
                        gap_labels,
                    }
                })
                .collect(),
        })
        .collect();
    Ok(ChainMap {
        few_people_per_project: FEW_PEOPLE_PER_PROJECT,
        chains,
    })
}

/// People per segment code for the registry search `filter` (no page, facets only).
async fn people_by_segment(
    search: &Search,
    actor: &CurrentUser,
    filter: ProfileFilter,
) -> AppResult<Facets> {
    let mut query = index_query(actor, &filter)?;
    query.limit = 0;
    query.facets = true;
    let index = search.index.clone();
    let results = crate::service::blocking::run(move || index.search(&query)).await?;
    Ok(results.facets)
}
