//! Region choices for the forms: the townships and villages of a scope,
//! grouped by township, so a plain `<select>` works without JavaScript
//! (`web/static/js/region-picker.js` turns it into township → village).

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use crate::domain::CITY_CODE;
use crate::entity::region;
use crate::error::AppResult;
use crate::service::region::RegionNames;

#[derive(Debug, Serialize)]
pub struct Choice {
    pub code: String,
    pub name: String,
}

/// A township and the villages under it that the caller may choose.
#[derive(Debug, Serialize)]
pub struct TownshipGroup {
    pub code: String,
    /// "通城县 隽水镇"
    pub label: String,
    pub name: String,
    /// Whether the township itself may be chosen (a village not known).
    pub selectable: bool,
    pub villages: Vec<Choice>,
}

/// Townships and villages under `prefix` ("" or "4212" for the whole city).
pub async fn township_groups(
    conn: &impl ConnectionTrait,
    prefix: &str,
    names: &RegionNames,
) -> AppResult<Vec<TownshipGroup>> {
    let prefix = if prefix.is_empty() { CITY_CODE } else { prefix };
    // A village scope still shows its township as the group, but not as a choice.
    let township_prefix = &prefix[..prefix.len().min(9)];
    let rows = region::Entity::find()
        .filter(region::Column::Code.starts_with(township_prefix))
        .filter(region::Column::Level.gte(4))
        .order_by_asc(region::Column::Code)
        .all(conn)
        .await?;
    let mut groups: Vec<TownshipGroup> = Vec::new();
    for r in rows {
        if r.level == 4 {
            let county = names.local_name(&r.code[..6]);
            groups.push(TownshipGroup {
                label: format!("{county} {}", r.name),
                selectable: r.code.starts_with(prefix),
                code: r.code,
                name: r.name,
                villages: Vec::new(),
            });
        } else if r.code.starts_with(prefix)
            && let Some(g) = groups
                .iter_mut()
                .rev()
                .find(|g| r.code.starts_with(&g.code))
        {
            g.villages.push(Choice {
                code: r.code,
                name: r.name,
            });
        }
    }
    groups.retain(|g| g.selectable || !g.villages.is_empty());
    Ok(groups)
}

/// The city and its counties and townships: the scopes an administrator can hand out.
pub async fn scope_choices(
    conn: &impl ConnectionTrait,
    names: &RegionNames,
) -> AppResult<Vec<Choice>> {
    let rows = region::Entity::find()
        .filter(region::Column::Code.starts_with(CITY_CODE))
        .filter(region::Column::Level.lte(4))
        .order_by_asc(region::Column::Code)
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let name = match r.level {
                4 => format!("　　{}", names.local_name(&r.code)),
                3 => format!("　{}", r.name),
                _ => r.name,
            };
            Choice { code: r.code, name }
        })
        .collect())
}

/// The counties of a scope: every county of the city for "" or "4212", the
/// scope's own county for a county, township or village scope.
pub async fn counties(conn: &impl ConnectionTrait, prefix: &str) -> AppResult<Vec<Choice>> {
    let county_prefix = &prefix[..prefix.len().min(6)];
    let rows = region::Entity::find()
        .filter(region::Column::Code.starts_with(CITY_CODE))
        .filter(region::Column::Code.starts_with(county_prefix))
        .filter(region::Column::Level.eq(3))
        .order_by_asc(region::Column::Code)
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Choice {
            code: r.code,
            name: r.name,
        })
        .collect())
}
