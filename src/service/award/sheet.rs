//! The 优秀乡贤企业 list as an xlsx for the 商会大会: Chinese headers, the
//! formula above the table, one row per candidate with its parts and tier.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use sea_orm::ConnectionTrait;

use super::{AwardQuery, AwardTiers, Awards, rank};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::service::audit::{self, Event, action};

/// The xlsx and its names.
pub struct AwardFile {
    pub year: i32,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

pub const HEADERS: [&str; 11] = [
    "名次",
    "类别",
    "名称",
    "落地投资额（万元）",
    "新增就业岗位",
    "计入的引荐（个）",
    "投资得分",
    "就业得分",
    "引荐得分",
    "贡献分",
    "贡献梯队",
];

/// The year's ranking as a workbook, audited as an export.
pub async fn export(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    tiers: AwardTiers,
    q: &AwardQuery,
) -> AppResult<AwardFile> {
    let awards = rank(conn, actor, tiers, q).await?;
    let year = awards.year;
    let rows = awards.items.len();
    let bytes = crate::service::blocking::run(move || write_xlsx(&awards)).await?;
    audit::record(
        conn,
        &actor.ctx(),
        Event::new(action::EXPORT, "award", year)
            .after(serde_json::json!({"year": year, "rows": rows})),
    )
    .await?;
    Ok(AwardFile {
        year,
        file_name: format!("{year}年度优秀乡贤企业评选名单.xlsx"),
        bytes,
    })
}

fn write_xlsx(awards: &Awards) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("优秀乡贤企业")?;
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let cell = Format::new().set_border(FormatBorder::Thin);
    let number = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("#,##0.##");
    let last = u16::try_from(HEADERS.len() - 1).unwrap_or(0);
    let title = format!("{}年度优秀乡贤企业评选（电子信息商会大会）", awards.year);
    let big = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    sheet.merge_range(0, 0, 0, last, &title, &big)?;
    let t = awards.tiers;
    let rule = format!(
        "{}；第一梯队 ≥ {} 分，第二梯队 ≥ {} 分，第三梯队 ≥ {} 分",
        awards.formula, t.first, t.second, t.third
    );
    sheet.merge_range(1, 0, 1, last, &rule, &Format::new().set_text_wrap())?;
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(3, u16::try_from(c).unwrap_or(0), *h, &head)?;
    }
    let widths = [
        6.0, 8.0, 30.0, 16.0, 12.0, 14.0, 10.0, 10.0, 10.0, 10.0, 12.0,
    ];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(u16::try_from(c).unwrap_or(0), *w)?;
    }
    for (r, c) in (4_u32..).zip(&awards.items) {
        // Amounts and counts far below 2^52: exact as f64.
        let numbers = [
            (3, c.investment_wan as f64),
            (4, c.jobs as f64),
            (5, c.referrals as f64),
            (6, c.points.investment),
            (7, c.points.jobs),
            (8, c.points.referrals),
            (9, c.score),
        ];
        sheet.write_number_with_format(r, 0, c.rank as f64, &cell)?;
        sheet.write_string_with_format(r, 1, c.kind_label, &cell)?;
        sheet.write_string_with_format(r, 2, &c.name, &cell)?;
        for (col, v) in numbers {
            sheet.write_number_with_format(r, col, v, &number)?;
        }
        sheet.write_string_with_format(r, 10, &c.tier_label, &cell)?;
    }
    sheet.set_freeze_panes(4, 0)?;
    book.save_to_buffer()
}
