//! The monthly county report for the finance bureau: one row per approved
//! claim of the month, with the year-to-date of the ledger, a total row and
//! signature lines, as an xlsx with Chinese headers.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;

use super::ledger::{claims_of, rows};
use super::{APPROVED, parse_month};
use crate::auth::CurrentUser;
use crate::auth::policy;
use crate::domain::{Fen, Role};
use crate::entity::{enterprise, incubator};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Event, action};
use crate::service::region::RegionNames;

/// `GET /api/v1/subsidy/report?county=&month=`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    pub county: Option<String>,
    pub month: Option<String>,
}

/// One row of the report, in 分.
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub enterprise: String,
    pub credit_code: String,
    pub incubator: String,
    pub property: Fen,
    pub sanitation: Fen,
    pub rent: Fen,
    pub utilities: Fen,
    pub subsidy: Fen,
    pub subsidy_year: Option<i64>,
    pub year_to_date: Fen,
}

/// The xlsx and its names.
pub struct ReportFile {
    pub month: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

pub const HEADERS: [&str; 12] = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "孵化载体",
    "物业费（元）",
    "卫生费（元）",
    "租金（元）",
    "水电费（元）",
    "补贴（元）",
    "补贴年度",
    "本补贴年度累计（元）",
    "企业签字",
];

/// Staff of the county (and administrators) get the month's approved claims.
pub async fn county(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    names: &RegionNames,
    q: &ReportQuery,
) -> AppResult<ReportFile> {
    let county = q.county.as_deref().map(str::trim).unwrap_or("");
    if county.len() != 6
        || !county.bytes().all(|b| b.is_ascii_digit())
        || names.name(county).is_none()
    {
        return Err(AppError::invalid(
            "county",
            "请填写县（市、区）的 6 位区划代码，如 421222",
        ));
    }
    let raw_month = q.month.as_deref().unwrap_or("");
    let month = parse_month(raw_month)
        .map_err(|m| AppError::invalid("month", m))?
        .format("%Y-%m")
        .to_string();
    policy::place_in(actor, "county", county, &[Role::Staff])?;
    let ents = enterprise::Entity::find()
        .filter(enterprise::Column::CountyCode.eq(county))
        .order_by_asc(enterprise::Column::Id)
        .all(conn)
        .await?;
    let incs: std::collections::HashMap<i64, String> = incubator::Entity::find()
        .filter(incubator::Column::CountyCode.eq(county))
        .all(conn)
        .await?
        .into_iter()
        .map(|i| (i.id, i.name))
        .collect();
    let mut out = Vec::new();
    for e in ents {
        let (ledger, ..) = rows(claims_of(conn, e.id).await?);
        for r in ledger {
            if r.claim.month == month && r.claim.status == APPROVED {
                out.push(ReportRow {
                    enterprise: e.name.clone(),
                    credit_code: e.credit_code.clone(),
                    incubator: incs.get(&e.incubator_id).cloned().unwrap_or_default(),
                    property: Fen(r.claim.property_fen),
                    sanitation: Fen(r.claim.sanitation_fen),
                    rent: Fen(r.claim.rent_fen),
                    utilities: Fen(r.claim.utilities_fen),
                    subsidy: Fen(r.claim.subsidy_fen),
                    subsidy_year: r.subsidy_year,
                    year_to_date: r.year_paid,
                });
            }
        }
    }
    let county_name = names.name(county).unwrap_or(county).to_owned();
    let title = format!(
        "{county_name}返乡创业场租补贴发放表（{}年{}月）",
        &month[..4],
        &month[5..]
    );
    let file_name = format!("{county_name}返乡创业补贴发放表-{month}.xlsx");
    let rows_count = out.len();
    let bytes = crate::service::blocking::run(move || write_xlsx(&title, &out)).await?;
    audit::record(
        conn,
        &actor.ctx(),
        Event::new(action::EXPORT, "subsidy_report", county)
            .after(serde_json::json!({"month": month, "rows": rows_count})),
    )
    .await?;
    Ok(ReportFile {
        month,
        file_name,
        bytes,
    })
}

/// 分 as a number of 元 for a cell; only for display.
#[allow(clippy::cast_precision_loss)]
fn yuan(f: Fen) -> f64 {
    f.0 as f64 / 100.0
}

fn write_xlsx(title: &str, rows: &[ReportRow]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("补贴发放表")?;
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let cell = Format::new().set_border(FormatBorder::Thin);
    let money = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("#,##0.00");
    let money_bold = money.clone().set_bold();
    sheet.merge_range(
        0,
        0,
        0,
        11,
        title,
        &Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center),
    )?;
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(2, u16::try_from(c).unwrap_or(0), *h, &head)?;
    }
    let widths = [
        6.0, 32.0, 22.0, 24.0, 12.0, 12.0, 12.0, 12.0, 12.0, 9.0, 16.0, 14.0,
    ];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(u16::try_from(c).unwrap_or(0), *w)?;
    }
    let mut total = [0_i64; 5];
    let mut r = 3_u32;
    for (i, row) in rows.iter().enumerate() {
        sheet.write_number_with_format(
            r,
            0,
            f64::from(u32::try_from(i + 1).unwrap_or(0)),
            &cell,
        )?;
        sheet.write_string_with_format(r, 1, &row.enterprise, &cell)?;
        sheet.write_string_with_format(r, 2, &row.credit_code, &cell)?;
        sheet.write_string_with_format(r, 3, &row.incubator, &cell)?;
        let amounts = [
            row.property,
            row.sanitation,
            row.rent,
            row.utilities,
            row.subsidy,
        ];
        for (k, a) in amounts.iter().enumerate() {
            total[k] += a.0;
            sheet.write_number_with_format(
                r,
                u16::try_from(4 + k).unwrap_or(4),
                yuan(*a),
                &money,
            )?;
        }
        let year = row
            .subsidy_year
            .map(|y| format!("第{y}年"))
            .unwrap_or_default();
        sheet.write_string_with_format(r, 9, &year, &cell)?;
        sheet.write_number_with_format(r, 10, yuan(row.year_to_date), &money)?;
        sheet.write_string_with_format(r, 11, "", &cell)?;
        r += 1;
    }
    sheet.write_string_with_format(r, 0, "合计", &head)?;
    sheet.merge_range(r, 1, r, 3, &format!("共 {} 户", rows.len()), &head)?;
    for (k, t) in total.iter().enumerate() {
        sheet.write_number_with_format(
            r,
            u16::try_from(4 + k).unwrap_or(4),
            yuan(Fen(*t)),
            &money_bold,
        )?;
    }
    for c in 9..12 {
        sheet.write_string_with_format(r, c, "", &cell)?;
    }
    let sign = r + 3;
    sheet.write_string_with_format(sign, 1, "经办人（签字）：__________", &bold)?;
    sheet.write_string_with_format(sign, 3, "审核人（签字）：__________", &bold)?;
    sheet.write_string_with_format(sign, 6, "分管领导（签字）：__________", &bold)?;
    sheet.write_string_with_format(sign + 2, 1, "人社部门（盖章）", &bold)?;
    sheet.write_string_with_format(sign + 2, 6, "财政部门（盖章）", &bold)?;
    sheet.write_string_with_format(sign + 3, 1, "日期：　　年　　月　　日", &bold)?;
    sheet.set_freeze_panes(3, 0)?;
    book.save_to_buffer()
}
