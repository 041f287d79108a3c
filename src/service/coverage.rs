//! Coverage, the plan's own yardstick (全覆盖): for each child of a region,
//! villages and townships with a 乡贤 organisation, villages with no registered
//! 乡贤, and the state of the profiles. Every figure is rolled up from villages
//! and townships, so a county always equals the sum of its townships.

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::auth::policy::{self, Access};
use crate::domain::{CITY_CODE, RegionCode, Role};
use crate::entity::{association, region};
use crate::error::{AppError, AppResult};
use crate::service::region as regions;
use crate::service::tallies;

/// The figures of one region.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Figures {
    pub villages: u64,
    pub villages_with_association: u64,
    pub townships: u64,
    pub townships_with_association: u64,
    pub villages_without_profiles: u64,
    pub profiles: u64,
    pub verified: u64,
    pub consented: u64,
    /// Not confirmed for over a year (contact data goes stale).
    pub stale: u64,
}

impl Figures {
    fn add(&mut self, other: &Figures) {
        self.villages += other.villages;
        self.villages_with_association += other.villages_with_association;
        self.townships += other.townships;
        self.townships_with_association += other.townships_with_association;
        self.villages_without_profiles += other.villages_without_profiles;
        self.profiles += other.profiles;
        self.verified += other.verified;
        self.consented += other.consented;
        self.stale += other.stale;
    }
}

#[derive(Debug, Serialize)]
pub struct CoverageRow {
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Debug, Serialize)]
pub struct Coverage {
    pub region: CoverageRow,
    pub total: u64,
    pub items: Vec<CoverageRow>,
}

/// Per-hometown profile counts: (profiles, verified, consented, stale), from the counters
/// the database keeps (`service::tallies`).
async fn profile_counts(
    conn: &impl ConnectionTrait,
    prefix: &str,
) -> AppResult<HashMap<String, [u64; 4]>> {
    let mut counts: HashMap<String, [u64; 4]> = HashMap::new();
    let kinds = [tallies::LIVE, tallies::VERIFIED, tallies::CONSENTED];
    for t in tallies::under(conn, prefix, &kinds).await? {
        let slot = match t.kind.as_str() {
            tallies::LIVE => 0,
            tallies::VERIFIED => 1,
            _ => 2,
        };
        counts.entry(t.hometown_code).or_default()[slot] += t.n.max(0) as u64;
    }
    for (code, n) in tallies::stale_by_hometown(conn, prefix).await? {
        counts.entry(code).or_default()[3] += n;
    }
    Ok(counts)
}

/// Coverage for a caller: of `region` when given, else of the caller's scope
/// (the whole city for administrators). Shared by the API and the pages.
pub async fn for_caller(
    conn: &impl ConnectionTrait,
    me: &CurrentUser,
    region: Option<&str>,
) -> AppResult<Coverage> {
    policy::require_role(me, &[Role::Admin, Role::Staff, Role::Organizer])?;
    let default = me
        .scope()
        .filter(|_| !me.is(Role::Admin))
        .unwrap_or(CITY_CODE)
        .to_owned();
    let code = regions::parse_code("region", region.unwrap_or(&default))?;
    if !code.is_within(CITY_CODE) {
        return Err(AppError::invalid(
            "region",
            "覆盖率只统计咸宁市（4212）范围内的地区",
        ));
    }
    policy::region(
        me,
        code.as_str(),
        Access::Read,
        &[Role::Staff, Role::Organizer],
    )?;
    let root = regions::find(conn, &code)
        .await?
        .ok_or_else(|| AppError::not_found("地区"))?;
    of(conn, &root).await
}

/// Coverage of each child of `root`, with `root`'s own totals.
pub async fn of(conn: &impl ConnectionTrait, root: &region::Model) -> AppResult<Coverage> {
    let prefix = root.code.as_str();
    let units = region::Entity::find()
        .filter(region::Column::Code.starts_with(prefix))
        .filter(region::Column::Level.gte(3))
        .all(conn)
        .await?;
    let with_association: HashSet<String> = association::Entity::find()
        .filter(association::Column::RegionCode.starts_with(prefix))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.region_code)
        .collect();
    let counts = profile_counts(conn, prefix).await?;

    // Figures of every township and village on its own, before rolling up.
    let mut leaf: HashMap<&str, Figures> = HashMap::new();
    for unit in &units {
        let mut f = Figures::default();
        let has_org = with_association.contains(&unit.code) as u64;
        match unit.code.len() {
            12 => {
                f.villages = 1;
                f.villages_with_association = has_org;
            }
            9 => {
                f.townships = 1;
                f.townships_with_association = has_org;
            }
            _ => {}
        }
        if let Some([n, v, c, s]) = counts.get(&unit.code) {
            f.profiles = *n;
            f.verified = *v;
            f.consented = *c;
            f.stale = *s;
        }
        if unit.code.len() == 12 && f.profiles == 0 {
            f.villages_without_profiles = 1;
        }
        leaf.insert(unit.code.as_str(), f);
    }

    let child_len = RegionCode::parse(prefix)
        .ok()
        .and_then(|c| next_len(c.as_str().len()))
        .unwrap_or(12);
    let mut children: Vec<CoverageRow> = units
        .iter()
        .filter(|u| u.code.len() == child_len && u.parent_code.as_deref() == Some(prefix))
        .map(|u| CoverageRow {
            code: u.code.clone(),
            name: u.name.clone(),
            figures: Figures::default(),
        })
        .collect();
    children.sort_by(|a, b| a.code.cmp(&b.code));
    let index: HashMap<String, usize> = children
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.clone(), i))
        .collect();
    let mut own = Figures::default();
    for (code, f) in &leaf {
        if code.len() <= prefix.len() && *code != prefix {
            continue;
        }
        own.add(f);
        if code.len() >= child_len
            && let Some(i) = index.get(&code[..child_len])
        {
            children[*i].figures.add(f);
        }
    }
    Ok(Coverage {
        region: CoverageRow {
            code: root.code.clone(),
            name: root.name.clone(),
            figures: own,
        },
        total: children.len() as u64,
        items: children,
    })
}

fn next_len(len: usize) -> Option<usize> {
    match len {
        2 => Some(4),
        4 => Some(6),
        6 => Some(9),
        9 => Some(12),
        _ => None,
    }
}
