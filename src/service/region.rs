//! Reading the administrative tree.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use crate::domain::{RegionCode, RegionLevel};
use crate::entity::region;
use crate::error::{AppError, AppResult};

#[derive(Clone, Debug, Serialize)]
pub struct RegionView {
    pub code: String,
    pub name: String,
    pub level: &'static str,
    pub parent_code: Option<String>,
}

impl From<region::Model> for RegionView {
    fn from(r: region::Model) -> Self {
        Self {
            level: RegionLevel::from_i16(r.level)
                .map(RegionLevel::as_str)
                .unwrap_or("unknown"),
            code: r.code,
            name: r.name,
            parent_code: r.parent_code,
        }
    }
}

/// A region with its ancestors, province first.
#[derive(Debug, Serialize)]
pub struct RegionDetail {
    #[serde(flatten)]
    pub region: RegionView,
    pub path: Vec<RegionView>,
    /// "湖北省 咸宁市 通城县 隽水镇"
    pub full_name: String,
}

/// `column` (a region code) under `prefix`, as a range of the key: both databases read it
/// from an index on the column, where a `LIKE 'prefix%'` is a full scan on SQLite, and on
/// PostgreSQL too under a non-C collation (a county export at a million profiles walked
/// the whole hometown index for every page: 104 s).
pub fn codes_under(column: impl ColumnTrait, prefix: &str) -> sea_orm::Condition {
    let mut upper = prefix.to_owned();
    match upper.pop() {
        // Region codes are digits: the next character after the last digit ends the range.
        Some(last) => {
            upper.push(char::from_u32(last as u32 + 1).unwrap_or(char::MAX));
            sea_orm::Condition::all()
                .add(column.gte(prefix))
                .add(column.lt(upper))
        }
        None => sea_orm::Condition::all(),
    }
}

/// Parses a code from the URL or a query: malformed is 400 naming `field`.
pub fn parse_code(field: &str, raw: &str) -> AppResult<RegionCode> {
    RegionCode::parse(raw).map_err(|m| AppError::invalid(field, m))
}

pub async fn children(
    conn: &impl ConnectionTrait,
    parent: &RegionCode,
) -> AppResult<Vec<RegionView>> {
    find(conn, parent)
        .await?
        .ok_or_else(|| AppError::not_found("地区"))?;
    let rows = region::Entity::find()
        .filter(region::Column::ParentCode.eq(parent.as_str()))
        .order_by_asc(region::Column::Code)
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The provinces, when no parent is given.
pub async fn roots(conn: &impl ConnectionTrait) -> AppResult<Vec<RegionView>> {
    let rows = region::Entity::find()
        .filter(region::Column::Level.eq(1))
        .order_by_asc(region::Column::Code)
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn find(
    conn: &impl ConnectionTrait,
    code: &RegionCode,
) -> AppResult<Option<region::Model>> {
    Ok(region::Entity::find_by_id(code.as_str().to_owned())
        .one(conn)
        .await?)
}

/// The region and its path up to the province; 404 when it does not exist.
pub async fn detail(conn: &impl ConnectionTrait, code: &RegionCode) -> AppResult<RegionDetail> {
    let found = find(conn, code)
        .await?
        .ok_or_else(|| AppError::not_found("地区"))?;
    let mut ancestors = Vec::new();
    let mut next = code.parent();
    while let Some(parent) = next {
        if let Some(row) = find(conn, &parent).await? {
            ancestors.push(RegionView::from(row));
        }
        next = parent.parent();
    }
    ancestors.reverse();
    let mut names: Vec<&str> = ancestors.iter().map(|r| r.name.as_str()).collect();
    names.push(&found.name);
    let full_name = names
        .into_iter()
        .filter(|n| *n != "市辖区")
        .collect::<Vec<_>>()
        .join(" ");
    Ok(RegionDetail {
        region: found.into(),
        path: ancestors,
        full_name,
    })
}

/// Checks that `raw` names an existing region of one of `levels`, inside `within`.
pub async fn require(
    conn: &impl ConnectionTrait,
    field: &str,
    raw: &str,
    levels: &[RegionLevel],
    within: Option<&str>,
) -> AppResult<RegionCode> {
    let code = parse_code(field, raw)?;
    if !levels.contains(&code.level()) {
        let names: Vec<&str> = levels.iter().map(|l| level_label(*l)).collect();
        return Err(AppError::invalid(
            field,
            format!("应为{}级地区代码", names.join("或")),
        ));
    }
    if let Some(within) = within
        && !code.is_within(within)
    {
        return Err(AppError::invalid(
            field,
            format!("地区 {code} 不在咸宁市范围内"),
        ));
    }
    if find(conn, &code).await?.is_none() {
        return Err(AppError::invalid(field, format!("地区代码 {code} 不存在")));
    }
    Ok(code)
}

pub fn level_label(level: RegionLevel) -> &'static str {
    match level {
        RegionLevel::Province => "省",
        RegionLevel::City => "市",
        RegionLevel::County => "县",
        RegionLevel::Township => "乡镇",
        RegionLevel::Village => "村",
    }
}

pub use crate::region::{RegionNames, normalise_place};
