//! Export of a filtered list of profiles to xlsx: masked, audited, and limited
//! to what the caller may see.

use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Deserialize;

use crate::auth::{CurrentUser, policy};
use crate::db::Db;
use crate::domain::ChainSegment;
use crate::entity::json_list::from_json_list;
use crate::entity::profile;
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Audited, Event, action};
use crate::service::profile::view::masked_contacts;
use crate::service::region::{RegionNames, codes_under};
use crate::spreadsheet;

/// The filters shared by search and export.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileFilter {
    pub q: Option<String>,
    pub region: Option<String>,
    pub chain: Option<String>,
    pub intent: Option<String>,
    pub capital: Option<String>,
    pub verified: Option<bool>,
    /// Only records not confirmed for over a year.
    pub stale: Option<bool>,
    /// Only the members of this organisation (乡贤组织).
    pub org: Option<i64>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The most rows one export may hold; a larger list should be narrowed first.
pub const MAX_ROWS: usize = 50_000;

const HEADERS: [&str; 17] = [
    "档案编号",
    "姓名",
    "性别",
    "出生年份",
    "籍贯",
    "现居地",
    "工作单位",
    "职务职称",
    "产业领域",
    "专长",
    "回乡意向",
    "可投资金额",
    "手机号（已脱敏）",
    "同意对接",
    "是否核实",
    "人才层级",
    "最近确认",
];

/// Hometowns under `prefix`. Below the city, a key range: an index reads it (PostgreSQL
/// cannot use one for a `LIKE` under a non-C collation, and a county export at a million
/// walked the village index for each page, 104 s). The whole city stays a `LIKE`: SQLite
/// counts every row in one scan (0.3 s) where a range over all of them walked the index
/// (2.7 s).
fn under(prefix: &str) -> Condition {
    if prefix.len() > crate::domain::CITY_CODE.len() {
        codes_under(profile::Column::HometownCode, prefix)
    } else {
        Condition::all().add(profile::Column::HometownCode.starts_with(prefix))
    }
}

/// Conditions for the caller's scope and the filters (text search aside).
pub fn conditions(actor: &CurrentUser, filter: &ProfileFilter) -> AppResult<Condition> {
    let scope = policy::profile_list(actor)?;
    let mut cond = Condition::all()
        .add(profile::Column::DeletedAt.is_null())
        .add(under(&scope.prefix));
    if scope.listed_only {
        cond = cond.add(profile::Column::Listed.eq(true));
    }
    if let Some(region) = filter.region.as_deref().filter(|r| !r.is_empty()) {
        let code = crate::service::region::parse_code("region", region)?;
        cond = cond.add(under(code.as_str()));
    }
    if let Some(chain) = filter.chain.as_deref().filter(|c| !c.is_empty()) {
        if !crate::domain::taxonomy::is_chain_or_segment(chain) {
            return Err(AppError::invalid(
                "chain",
                ChainSegment::parse(chain).err().unwrap_or_default(),
            ));
        }
        cond = cond.add(profile::Column::Chains.contains(format!("\"{chain}")));
    }
    if let Some(intent) = filter.intent.as_deref().filter(|c| !c.is_empty()) {
        let intent =
            crate::domain::Intent::parse(intent).map_err(|m| AppError::invalid("intent", m))?;
        cond = cond.add(profile::Column::Intents.contains(format!("\"{}\"", intent.as_str())));
    }
    if let Some(capital) = filter.capital.as_deref().filter(|c| !c.is_empty()) {
        let capital = crate::domain::CapitalRange::parse(capital)
            .map_err(|m| AppError::invalid("capital", m))?;
        // Encrypted at rest: compared after decryption, in `profiles_xlsx`.
        let _ = capital;
    }
    if let Some(verified) = filter.verified {
        cond = cond.add(profile::Column::Verified.eq(verified));
    }
    if filter.stale == Some(true) {
        cond = cond.add(crate::service::freshness::stale_condition());
    }
    if let Some(org) = filter.org {
        // Only narrows what the scope above already allows.
        let members = sea_orm::sea_query::Query::select()
            .column(crate::entity::organization_member::Column::ProfileId)
            .from(sea_orm::sea_query::Alias::new("organization_members"))
            .and_where(crate::entity::organization_member::Column::OrganizationId.eq(org))
            .to_owned();
        cond = cond.add(profile::Column::Id.in_subquery(members));
    }
    Ok(cond)
}

/// Builds the workbook and writes the `export` audit event.
/// An export is every matching row, not a page: `page`/`per_page` (which the
/// search shares with it) are refused rather than silently ignored.
pub fn refuse_paging(filter: &ProfileFilter) -> AppResult<()> {
    for (field, given) in [("page", filter.page), ("per_page", filter.per_page)] {
        if given.is_some() {
            return Err(AppError::invalid(field, "导出不分页：请去掉该参数"));
        }
    }
    Ok(())
}

pub async fn profiles_xlsx(
    db: &Db,
    actor: &CurrentUser,
    names: &RegionNames,
    filter: &ProfileFilter,
    ids: Option<Vec<i64>>,
) -> AppResult<Vec<u8>> {
    let mut condition = conditions(actor, filter)?;
    if let Some(ids) = ids {
        condition = condition.add(profile::Column::Id.is_in(ids));
    }
    // Capital ranges are sealed, so that filter applies to the rows read, after SQL.
    let capital = filter
        .capital
        .as_deref()
        .filter(|c| !c.is_empty())
        .and_then(|c| crate::domain::CapitalRange::parse(c).ok());
    // Counted before anything is built: a too-large export is refused at once.
    let upper_bound = profile::Entity::find()
        .filter(condition.clone())
        .count(db.conn())
        .await?;
    let too_many =
        || AppError::Unprocessable(format!("一次最多导出 {MAX_ROWS} 条，请先按地区或产业筛选"));
    if capital.is_none() && upper_bound > MAX_ROWS as u64 {
        return Err(too_many());
    }
    // Read in keyset pages (village, then id) and write as they come: memory stays
    // flat however many rows there are.
    let sheet = spreadsheet::StreamingXlsx::start("乡贤名录", &HEADERS);
    let mut after: Option<(String, i64)> = None;
    let mut count = 0usize;
    loop {
        let mut page = profile::Entity::find().filter(condition.clone());
        if let Some((code, id)) = &after {
            // The first condition alone is what an index on the village starts from.
            page = page
                .filter(profile::Column::HometownCode.gte(code.as_str()))
                .filter(
                    Condition::any()
                        .add(profile::Column::HometownCode.gt(code.as_str()))
                        .add(
                            Condition::all()
                                .add(profile::Column::HometownCode.eq(code.as_str()))
                                .add(profile::Column::Id.gt(*id)),
                        ),
                );
        }
        let rows = page
            .order_by_asc(profile::Column::HometownCode)
            .order_by_asc(profile::Column::Id)
            .limit(spreadsheet::CHUNK_ROWS as u64)
            .all(db.conn())
            .await?;
        let Some(last) = rows.last() else { break };
        after = Some((last.hometown_code.clone(), last.id));
        let full_page = rows.len() == spreadsheet::CHUNK_ROWS;
        let chunk: Vec<Vec<String>> = rows
            .into_iter()
            .filter(|p| {
                capital
                    .as_ref()
                    .is_none_or(|c| p.capital_range.as_deref() == Some(c.as_str()))
            })
            .map(|p| row(p, names))
            .collect();
        count += chunk.len();
        if count > MAX_ROWS {
            return Err(too_many());
        }
        sheet.push(chunk).await.map_err(sheet_error)?;
        if !full_page {
            break;
        }
    }
    let bytes = sheet.finish().await.map_err(sheet_error)?;
    let txn = db.write().await?;
    let detail = format!("导出 {count} 条；筛选：{}", describe(filter));
    audit::record(
        &*txn,
        &actor.ctx(),
        Event {
            action: action::EXPORT,
            entity: profile::Model::ENTITY,
            detail,
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(bytes)
}

fn sheet_error(e: spreadsheet::SheetError) -> AppError {
    AppError::Internal(anyhow::anyhow!(e.to_string()))
}

fn describe(f: &ProfileFilter) -> String {
    let parts: Vec<String> = [
        f.q.as_ref().map(|v| format!("关键词={v}")),
        f.region.as_ref().map(|v| format!("地区={v}")),
        f.chain.as_ref().map(|v| format!("产业={v}")),
        f.intent.as_ref().map(|v| format!("意向={v}")),
        f.capital.as_ref().map(|v| format!("资金={v}")),
        f.verified.map(|v| format!("核实={v}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        "无".into()
    } else {
        parts.join("，")
    }
}

fn labels<T>(
    codes: &[String],
    parse: fn(&str) -> Result<T, String>,
    label: fn(T) -> &'static str,
) -> String {
    codes
        .iter()
        .filter_map(|c| parse(c).ok())
        .map(label)
        .collect::<Vec<_>>()
        .join("、")
}

fn row(p: profile::Model, names: &RegionNames) -> Vec<String> {
    let (mobile, _, _) = masked_contacts(&p);
    let chains: Vec<String> = from_json_list(&p.chains)
        .iter()
        .map(|c| {
            crate::domain::taxonomy::segment_name(c)
                .unwrap_or(c)
                .to_owned()
        })
        .collect();
    let opt_label = |v: &Option<String>, f: fn(&str) -> Option<&'static str>| {
        v.as_deref().and_then(f).unwrap_or("").to_owned()
    };
    vec![
        p.id.to_string(),
        p.name.clone(),
        opt_label(&p.gender, |g| {
            crate::domain::Gender::parse(g).ok().map(|g| g.label())
        }),
        p.birth_year.map(|y| y.to_string()).unwrap_or_default(),
        names.local_name(&p.hometown_code),
        p.residence_code
            .as_deref()
            .map(|c| names.full_name(c))
            .unwrap_or_default(),
        p.employer.clone(),
        p.title.clone(),
        chains.join("、"),
        p.expertise.clone(),
        labels(
            &from_json_list(&p.intents),
            crate::domain::Intent::parse,
            crate::domain::Intent::label,
        ),
        opt_label(&p.capital_range.clone().map(String::from), |c| {
            crate::domain::CapitalRange::parse(c)
                .ok()
                .map(|c| c.label())
        }),
        mobile.unwrap_or_default(),
        if p.consent_match { "是" } else { "否" }.into(),
        if p.verified { "是" } else { "否" }.into(),
        crate::domain::Tier::parse(&p.tier)
            .map(|t| t.label())
            .unwrap_or("")
            .into(),
        p.last_confirmed_at
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    ]
}
