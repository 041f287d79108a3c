//! One spreadsheet row to one profile request: labels to codes, place names
//! to region codes, each problem tied to its column.

use crate::domain::{CITY_CODE, CapitalRange, Education, Gender, Intent, Tier};
use crate::service::profile::ProfileReq;
use crate::service::region::RegionNames;
use crate::spreadsheet::{Column, RawRow, split_list};

/// The column a validation error of `field` belongs to.
pub(super) fn column_of(field: &str) -> Column {
    match field {
        "name" => Column::Name,
        "gender" => Column::Gender,
        "birth_year" => Column::BirthYear,
        "hometown_code" => Column::HometownCode,
        "residence_code" => Column::Residence,
        "employer" => Column::Employer,
        "title" => Column::Title,
        "education" => Column::Education,
        "chains" => Column::Chains,
        "expertise" => Column::Expertise,
        "bio" => Column::Bio,
        "intents" => Column::Intents,
        "capital_range" => Column::CapitalRange,
        "mobile" => Column::Mobile,
        "wechat" => Column::Wechat,
        "email" => Column::Email,
        "consent_match" => Column::ConsentMatch,
        "consent_basis" => Column::ConsentBasis,
        "listed" => Column::Listed,
        "tier" => Column::Tier,
        _ => Column::Tags,
    }
}

fn yes_no(column: Column, cell: &str) -> Result<bool, (Column, String)> {
    match cell.trim() {
        "是" | "Y" | "y" | "yes" | "Yes" | "1" | "true" | "同意" => Ok(true),
        "否" | "N" | "n" | "no" | "No" | "0" | "false" | "不同意" => Ok(false),
        other => Err((column, format!("“{other}”应填“是”或“否”"))),
    }
}

fn one<T>(
    column: Column,
    cell: Option<&str>,
    parse: fn(&str) -> Result<T, String>,
) -> Result<Option<T>, (Column, String)> {
    cell.map(|c| parse(c).map_err(|m| (column, m))).transpose()
}

/// Capital ranges are typed with any dash: 500万-2000万元, 500万~2000万元.
fn parse_capital(cell: &str) -> Result<CapitalRange, String> {
    let unified: String = cell
        .chars()
        .map(|c| {
            if matches!(c, '-' | '~' | '～' | '—' | '至') {
                '–'
            } else {
                c
            }
        })
        .collect();
    CapitalRange::parse(&unified)
}

/// Turns one row into a profile request, resolving place names to codes.
pub fn to_request(row: &RawRow, names: &RegionNames) -> Result<ProfileReq, (Column, String)> {
    if let Some((column, message)) = row.problems.first() {
        return Err((*column, message.clone()));
    }
    let name = row
        .get(Column::Name)
        .ok_or((Column::Name, "姓名不能为空".to_owned()))?;
    let hometown = resolve_hometown(row, names)?;
    let residence = match row.get(Column::Residence) {
        None => None,
        Some(text) if text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) => {
            Some(text.to_owned())
        }
        Some(text) => Some(
            names
                .county_by_name(text)
                .ok_or((
                    Column::Residence,
                    format!("找不到现居地“{text}”，请写成“广东省深圳市南山区”或 6 位县级代码"),
                ))?
                .to_owned(),
        ),
    };
    let birth_year = match row.get(Column::BirthYear) {
        None => None,
        Some(text) => Some(text.get(..4).and_then(|y| y.parse::<i32>().ok()).ok_or((
            Column::BirthYear,
            format!("出生年份“{text}”应为四位年份，如 1978"),
        ))?),
    };
    let list = |c: Column| row.get(c).map(split_list);
    let intents = match list(Column::Intents) {
        None => None,
        Some(items) => Some(
            items
                .iter()
                .map(|i| Intent::parse(i))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|m| (Column::Intents, m))?,
        ),
    };
    Ok(ProfileReq {
        name: Some(name.to_owned()),
        gender: one(Column::Gender, row.get(Column::Gender), Gender::parse)?,
        birth_year,
        hometown_code: Some(hometown),
        residence_code: residence,
        employer: row.get(Column::Employer).map(str::to_owned),
        title: row.get(Column::Title).map(str::to_owned),
        education: one(
            Column::Education,
            row.get(Column::Education),
            Education::parse,
        )?,
        chains: list(Column::Chains),
        expertise: row.get(Column::Expertise).map(str::to_owned),
        bio: row.get(Column::Bio).map(str::to_owned),
        intents,
        capital_range: one(
            Column::CapitalRange,
            row.get(Column::CapitalRange),
            parse_capital,
        )?,
        mobile: row.get(Column::Mobile).map(str::to_owned),
        wechat: row.get(Column::Wechat).map(str::to_owned),
        email: row.get(Column::Email).map(str::to_owned),
        consent_match: row
            .get(Column::ConsentMatch)
            .map(|c| yes_no(Column::ConsentMatch, c))
            .transpose()?,
        consent_basis: row.get(Column::ConsentBasis).map(str::to_owned),
        listed: row
            .get(Column::Listed)
            .map(|c| yes_no(Column::Listed, c))
            .transpose()?,
        tier: one(Column::Tier, row.get(Column::Tier), Tier::parse)?,
        tags: list(Column::Tags),
        version: None,
        force: None,
    })
}

/// The hometown from its code, or from county/township/village names.
fn resolve_hometown(row: &RawRow, names: &RegionNames) -> Result<String, (Column, String)> {
    if let Some(code) = row.get(Column::HometownCode) {
        return Ok(code.to_owned());
    }
    let missing = || {
        (
            Column::Township,
            "请填写籍贯：乡镇和村（或籍贯地区代码）".to_owned(),
        )
    };
    let township_name = row.get(Column::Township).ok_or_else(missing)?;
    let counties: Vec<String> = match row.get(Column::County) {
        Some(county) => vec![
            names
                .find_child(CITY_CODE, county)
                .ok_or((
                    Column::County,
                    format!(
                        "咸宁市没有“{county}”，应为咸安区、嘉鱼县、通城县、崇阳县、通山县或赤壁市"
                    ),
                ))?
                .to_owned(),
        ],
        None => ["421202", "421221", "421222", "421223", "421224", "421281"]
            .map(String::from)
            .to_vec(),
    };
    let township = counties
        .iter()
        .find_map(|c| names.find_child(c, township_name))
        .ok_or((Column::Township, format!("找不到乡镇“{township_name}”")))?;
    match row.get(Column::Village) {
        None => Ok(township.to_owned()),
        Some(village) => Ok(names
            .find_child(township, village)
            .ok_or((
                Column::Village,
                format!("{}没有“{village}”", names.local_name(township)),
            ))?
            .to_owned()),
    }
}
