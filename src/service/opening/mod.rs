//! Openings: desks, offices, plants and labs an incubator offers, searchable by
//! every signed-in user, each shown with the 专栏4-2 subsidy it would earn.

pub mod write;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};

use crate::domain::OpeningKind;
use crate::entity::json_list::from_json_list;
use crate::entity::{incubator, opening};
use crate::error::{AppError, AppResult};
use crate::service::fields;
use crate::service::region::RegionNames;
use crate::service::subsidy::{self, Estimate};

/// An opening as the API shows it.
#[derive(Debug, Serialize)]
pub struct OpeningView {
    pub id: i64,
    pub incubator_id: i64,
    pub incubator: String,
    pub county_code: String,
    pub county: String,
    pub park: String,
    pub kind: String,
    pub kind_label: String,
    pub title: String,
    pub area_m2: f64,
    pub units: i32,
    pub units_available: i32,
    pub monthly_rent: f64,
    pub available_from: NaiveDate,
    pub chains: Vec<String>,
    pub subsidy_eligible: bool,
    /// The subsidy per year for 3 years at this rent; `None` when the opening
    /// is not in the scheme.
    pub subsidy_estimate: Option<Estimate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl OpeningView {
    pub fn new(o: opening::Model, inc: Option<&incubator::Model>, names: &RegionNames) -> Self {
        let county_code = inc.map(|i| i.county_code.clone()).unwrap_or_default();
        Self {
            id: o.id,
            incubator_id: o.incubator_id,
            incubator: inc.map(|i| i.name.clone()).unwrap_or_default(),
            county: names.local_name(&county_code),
            county_code,
            park: inc.map(|i| i.park.clone()).unwrap_or_default(),
            kind_label: OpeningKind::parse(&o.kind)
                .map(|k| k.label().to_owned())
                .unwrap_or_default(),
            chains: from_json_list(&o.chains),
            subsidy_estimate: o.subsidy_eligible.then(|| subsidy::at_rent(o.monthly_rent)),
            kind: o.kind,
            title: o.title,
            area_m2: o.area_m2,
            units: o.units,
            units_available: o.units_available,
            monthly_rent: o.monthly_rent,
            available_from: o.available_from,
            subsidy_eligible: o.subsidy_eligible,
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

/// The incubators of these openings, by id.
pub async fn incubators_of(
    conn: &impl ConnectionTrait,
    openings: &[opening::Model],
) -> Result<HashMap<i64, incubator::Model>, DbErr> {
    let ids: Vec<i64> = openings.iter().map(|o| o.incubator_id).collect();
    Ok(incubator::Entity::find()
        .filter(incubator::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect())
}

/// Views of openings, with their incubators' names and places.
pub async fn views(
    conn: &impl ConnectionTrait,
    openings: Vec<opening::Model>,
    names: &RegionNames,
) -> AppResult<Vec<OpeningView>> {
    let incubators = incubators_of(conn, &openings).await?;
    Ok(openings
        .into_iter()
        .map(|o| {
            let inc = incubators.get(&o.incubator_id);
            OpeningView::new(o, inc, names)
        })
        .collect())
}

/// A live (not withdrawn) opening, or 404.
pub async fn find_live(conn: &impl ConnectionTrait, id: i64) -> AppResult<opening::Model> {
    opening::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|o| o.deleted_at.is_none())
        .ok_or_else(|| AppError::not_found("入驻空间"))
}

/// The live openings of one incubator, newest first, including those with no
/// units left (its operators still keep them).
pub async fn of_incubator(
    conn: &impl ConnectionTrait,
    incubator_id: i64,
) -> Result<Vec<opening::Model>, DbErr> {
    opening::Entity::find()
        .filter(opening::Column::IncubatorId.eq(incubator_id))
        .filter(opening::Column::DeletedAt.is_null())
        .order_by_desc(opening::Column::CreatedAt)
        .order_by_desc(opening::Column::Id)
        .all(conn)
        .await
}

/// Every live opening with units left, with its incubator: the candidates
/// when ranking openings for a founder.
pub async fn live_with_incubators(
    conn: &impl ConnectionTrait,
) -> Result<Vec<(opening::Model, incubator::Model)>, DbErr> {
    let openings = opening::Entity::find()
        .filter(opening::Column::DeletedAt.is_null())
        .filter(opening::Column::UnitsAvailable.gt(0))
        .order_by_asc(opening::Column::Id)
        .all(conn)
        .await?;
    let incubators = incubators_of(conn, &openings).await?;
    Ok(openings
        .into_iter()
        .filter_map(|o| {
            let inc = incubators.get(&o.incubator_id).cloned();
            inc.map(|i| (o, i))
        })
        .collect())
}

/// Filters of `GET /api/v1/openings`, as typed, so a bad one is named.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningFilter {
    /// Text in the opening's title, or its incubator's name or park.
    pub q: Option<String>,
    pub county: Option<String>,
    /// A chain or segment code.
    pub chain: Option<String>,
    pub kind: Option<String>,
    pub min_area: Option<String>,
    pub max_rent: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

fn incubators_where(cond: Condition) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(incubator::Column::Id)
        .from(incubator::Entity)
        .cond_where(cond)
        .to_owned()
}

/// One page of live openings matching the filters, newest first.
pub async fn search(
    conn: &impl ConnectionTrait,
    filter: &OpeningFilter,
    page: u64,
    per_page: u64,
) -> AppResult<(u64, Vec<opening::Model>)> {
    let incubator_id = || Expr::col((opening::Entity, opening::Column::IncubatorId));
    let mut query = opening::Entity::find().filter(opening::Column::DeletedAt.is_null());
    if let Some(q) = fields::non_blank(&filter.q) {
        let by_incubator = Condition::any()
            .add(fields::contains(incubator::Column::Name, q))
            .add(fields::contains(incubator::Column::Park, q));
        query = query.filter(
            Condition::any()
                .add(fields::contains(
                    (opening::Entity, opening::Column::Title),
                    q,
                ))
                .add(incubator_id().in_subquery(incubators_where(by_incubator))),
        );
    }
    if let Some(raw) = fields::non_blank(&filter.county) {
        let code = fields::county("county", raw)?;
        let in_county = Condition::all().add(incubator::Column::CountyCode.eq(code));
        query = query.filter(incubator_id().in_subquery(incubators_where(in_county)));
    }
    if let Some(raw) = fields::non_blank(&filter.chain) {
        let code = fields::chain_filter("chain", raw)?;
        let chains = (opening::Entity, opening::Column::Chains);
        query = query.filter(match code.split_once('.') {
            // A segment is served by openings for it or for its whole chain.
            Some((chain, _)) => Condition::any()
                .add(fields::contains(chains, &format!("\"{code}\"")))
                .add(fields::contains(chains, &format!("\"{chain}\""))),
            // A chain by openings for it or any of its segments.
            None => Condition::all().add(fields::contains(chains, &format!("\"{code}"))),
        });
    }
    if let Some(raw) = fields::non_blank(&filter.kind) {
        let kind = OpeningKind::parse(raw).map_err(|m| AppError::invalid("kind", m))?;
        query = query.filter(opening::Column::Kind.eq(kind.as_str()));
    }
    if let Some(raw) = fields::non_blank(&filter.min_area) {
        let area = fields::number("min_area", raw, 0.0, write::MAX_AREA_M2)?;
        query = query.filter(opening::Column::AreaM2.gte(area));
    }
    if let Some(raw) = fields::non_blank(&filter.max_rent) {
        let rent = fields::number("max_rent", raw, 0.0, write::MAX_RENT)?;
        query = query.filter(opening::Column::MonthlyRent.lte(rent));
    }
    let total = query.clone().count(conn).await?;
    let items = query
        .order_by_desc(opening::Column::CreatedAt)
        .order_by_desc(opening::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(conn)
        .await?;
    Ok((total, items))
}
