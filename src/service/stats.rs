//! Figures for the dashboard: live profiles by chain, by county of origin and
//! by the city where people live now; projects by chain and 对接 entries by
//! status. Counts only — nothing here identifies a person.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use crate::domain::{CHAINS, PipelineStatus};
use crate::entity::{pipeline_entry, project, region};
use crate::error::AppResult;
use crate::service::region::RegionNames;
use crate::service::tallies;

/// One bar of a chart: a label and a count.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Count {
    pub code: String,
    pub name: String,
    pub count: u64,
}

/// The talent pool of a region subtree.
#[derive(Debug, Serialize)]
pub struct TalentPool {
    /// Live profiles whose hometown lies in the subtree.
    pub profiles: u64,
    /// Per chain (a person counted once per chain, however many segments).
    pub by_chain: Vec<Count>,
    /// Per segment, in the taxonomy's order.
    pub by_segment: Vec<Count>,
    /// Per county of origin.
    pub by_county: Vec<Count>,
    /// The ten cities where most of them live now.
    pub top_residence_cities: Vec<Count>,
}

/// The live profiles whose hometown is under `prefix` ("" for everything), by chain, county
/// and city of residence, from the counters the database keeps (`service::tallies`).
pub async fn talent_pool(
    conn: &impl ConnectionTrait,
    prefix: &str,
    names: &RegionNames,
) -> AppResult<TalentPool> {
    let mut per_chain: HashMap<String, u64> = HashMap::new();
    let mut per_segment: HashMap<String, u64> = HashMap::new();
    let mut per_city: HashMap<String, u64> = HashMap::new();
    let mut county_counts: HashMap<String, u64> = HashMap::new();
    let kinds = [
        tallies::LIVE,
        tallies::CHAIN,
        tallies::SEGMENT,
        tallies::RESIDENCE,
    ];
    for t in tallies::under(conn, prefix, &kinds).await? {
        let n = u64::try_from(t.n).unwrap_or(0);
        match t.kind.as_str() {
            tallies::LIVE => {
                let county = t.hometown_code.get(..6).unwrap_or(&t.hometown_code);
                *county_counts.entry(county.to_owned()).or_default() += n;
            }
            tallies::CHAIN => *per_chain.entry(t.key).or_default() += n,
            tallies::SEGMENT => *per_segment.entry(t.key).or_default() += n,
            _ => *per_city.entry(t.key).or_default() += n,
        }
    }
    let by_chain = CHAINS
        .iter()
        .map(|(code, name, _)| Count {
            code: (*code).into(),
            name: (*name).into(),
            count: per_chain.get(*code).copied().unwrap_or(0),
        })
        .collect();
    let by_segment = CHAINS
        .iter()
        .flat_map(|(_, _, segments)| segments.iter())
        .map(|(code, name)| Count {
            code: (*code).into(),
            name: (*name).into(),
            count: per_segment.get(*code).copied().unwrap_or(0),
        })
        .collect();
    let profiles = county_counts.values().sum();
    // Every county of the subtree appears, with zero where nobody is registered yet.
    let county_prefix = &prefix[..prefix.len().min(6)];
    let counties: Vec<region::Model> = region::Entity::find()
        .filter(region::Column::Level.eq(3))
        .filter(region::Column::Code.starts_with(crate::domain::CITY_CODE))
        .filter(region::Column::Code.starts_with(county_prefix))
        .order_by_asc(region::Column::Code)
        .all(conn)
        .await?;
    let by_county = counties
        .into_iter()
        .map(|c| Count {
            count: county_counts.get(&c.code).copied().unwrap_or(0),
            code: c.code,
            name: c.name,
        })
        .collect();
    let mut cities: Vec<Count> = per_city
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .map(|(code, count)| Count {
            name: city_name(names, &code),
            code,
            count,
        })
        .collect();
    cities.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));
    cities.truncate(10);

    Ok(TalentPool {
        profiles,
        by_chain,
        by_segment,
        by_county,
        top_residence_cities: cities,
    })
}

/// "深圳市" for 4403, "北京市" for 1101 (whose own name is 市辖区).
fn city_name(names: &RegionNames, code: &str) -> String {
    match names.name(code) {
        Some(name) if name != "市辖区" && name != "县" => name.to_owned(),
        _ => names.full_name(code),
    }
}

/// Villages of the subtree with no live profile registered: (code, name), at most `limit`, and how many in all.
pub async fn villages_without_profiles(
    conn: &impl ConnectionTrait,
    prefix: &str,
    names: &RegionNames,
    limit: usize,
) -> AppResult<(u64, Vec<Count>)> {
    let villages: Vec<String> = region::Entity::find()
        .select_only()
        .column(region::Column::Code)
        .filter(region::Column::Level.eq(5))
        .filter(region::Column::Code.starts_with(prefix))
        .order_by_asc(region::Column::Code)
        .into_tuple()
        .all(conn)
        .await?;
    let with_profiles: std::collections::HashSet<String> =
        tallies::under(conn, prefix, &[tallies::LIVE])
            .await?
            .into_iter()
            .filter(|t| t.n > 0)
            .map(|t| t.hometown_code)
            .collect();
    let empty: Vec<&String> = villages
        .iter()
        .filter(|v| !with_profiles.contains(*v))
        .collect();
    let total = empty.len() as u64;
    let items = empty
        .into_iter()
        .take(limit)
        .map(|code| Count {
            code: code.clone(),
            name: names.local_name(code),
            count: 0,
        })
        .collect();
    Ok((total, items))
}

/// Projects of counties under `prefix` ("" or "4212" for the city) per chain,
/// in the taxonomy's order, zero included.
pub async fn projects_by_chain(conn: &impl ConnectionTrait, prefix: &str) -> AppResult<Vec<Count>> {
    let rows: Vec<(String, i64)> = project::Entity::find()
        .select_only()
        .column(project::Column::Segment)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(project::Column::CountyCode.starts_with(prefix))
        .group_by(project::Column::Segment)
        .into_tuple()
        .all(conn)
        .await?;
    let mut per_chain: HashMap<String, u64> = HashMap::new();
    for (segment, n) in rows {
        let chain = segment.split('.').next().unwrap_or(&segment).to_owned();
        *per_chain.entry(chain).or_default() += u64::try_from(n).unwrap_or(0);
    }
    Ok(CHAINS
        .iter()
        .map(|(code, name, _)| Count {
            code: (*code).into(),
            name: (*name).into(),
            count: per_chain.get(*code).copied().unwrap_or(0),
        })
        .collect())
}

/// 对接 entries of projects in counties under `prefix`, per status in the
/// order a conversation moves (推荐 → 已落地, then 已放弃), zero included.
pub async fn pipeline_by_status(
    conn: &impl ConnectionTrait,
    prefix: &str,
) -> AppResult<Vec<Count>> {
    let in_scope = sea_orm::sea_query::Query::select()
        .column(project::Column::Id)
        .from(project::Entity)
        .and_where(project::Column::CountyCode.starts_with(prefix))
        .to_owned();
    let rows: Vec<(String, i64)> = pipeline_entry::Entity::find()
        .select_only()
        .column(pipeline_entry::Column::Status)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(
            Expr::col((pipeline_entry::Entity, pipeline_entry::Column::ProjectId))
                .in_subquery(in_scope),
        )
        .group_by(pipeline_entry::Column::Status)
        .into_tuple()
        .all(conn)
        .await?;
    let per_status: HashMap<String, u64> = rows
        .into_iter()
        .map(|(s, n)| (s, u64::try_from(n).unwrap_or(0)))
        .collect();
    Ok(PipelineStatus::ALL
        .iter()
        .map(|s| Count {
            code: s.as_str().into(),
            name: s.label().into(),
            count: per_status.get(s.as_str()).copied().unwrap_or(0),
        })
        .collect())
}

/// What changed since the first of this month (咸宁 time) in a region subtree.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct ThisMonth {
    /// Profiles registered this month (still live).
    pub profiles: u64,
    /// Profiles verified this month.
    pub verified: u64,
    /// 乡贤会 recorded this month.
    pub associations: u64,
}

/// The headline changes of the month for the dashboard.
pub async fn this_month(conn: &impl ConnectionTrait, prefix: &str) -> AppResult<ThisMonth> {
    use chrono::Datelike;
    use sea_orm::PaginatorTrait;

    use crate::entity::association;
    use crate::service::fields::{start_of, today};
    let today = today();
    let first = today.with_day(1).unwrap_or(today);
    let since = start_of(first);
    // This month's new and newly verified profiles, from the monthly counters.
    let month = tallies::month_of(since);
    let kinds = [tallies::CREATED, tallies::VERIFIED_MONTH];
    let sums = tallies::totals(conn, prefix, &kinds).await?;
    let of = |kind: &str| {
        sums.get(&(kind.to_owned(), month.clone()))
            .copied()
            .unwrap_or(0)
    };
    let profiles = of(tallies::CREATED);
    let verified = of(tallies::VERIFIED_MONTH);
    let associations = association::Entity::find()
        .filter(association::Column::RegionCode.starts_with(prefix))
        .filter(association::Column::CreatedAt.gte(since))
        .count(conn)
        .await?;
    Ok(ThisMonth {
        profiles,
        verified,
        associations,
    })
}
