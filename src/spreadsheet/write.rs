//! Writing xlsx: the blank template organizers fill in, and exports.
//!
//! The template is what most uploads start from, so it is built to survive
//! Excel's habits: number-like columns are text-formatted (no 1.38E+10), the
//! header row is frozen, single-choice columns have dropdowns.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet,
};

use super::{Column, MAX_DATA_ROWS, RawRow, SheetError};

/// Name of the data sheet in the template.
const DATA_SHEET: &str = "乡贤信息";
/// Name of the instructions sheet in the template.
const HELP_SHEET: &str = "填写说明";

/// The two example rows of the template, in [`Column::ALL`] order.
const EXAMPLES: [[&str; 24]; 2] = [
    [
        "张伟",
        "男",
        "1978",
        "通城县",
        "隽水镇",
        "城东社区",
        "421222100001",
        "广东省深圳市南山区",
        "深圳市信维通信股份有限公司",
        "研发总监",
        "硕士",
        "无线充电和电子元器件",
        "无线充电模组、射频天线研发",
        "1996年考入华中科技大学电子工程系，2008年起在深圳从事无线充电与射频器件研发，带领团队获得多项发明专利。",
        "投资兴业、技术合作",
        "500万–2000万元",
        "13812345678",
        "zhangwei_sz",
        "zhangwei@example.com",
        "是",
        "本人书面签字",
        "否",
        "重点",
        "企业家、通城商会",
    ],
    [
        "李娟",
        "女",
        "1985",
        "咸安区",
        "桂花镇",
        "南川村",
        "421202104001",
        "湖北省武汉市洪山区",
        "长飞光纤光缆股份有限公司",
        "高级工程师",
        "博士",
        "光纤光缆、光通信电子元器件",
        "光纤预制棒工艺",
        "2012年博士毕业于武汉理工大学，现从事光纤预制棒工艺研究，愿为家乡光电子企业提供技术咨询。",
        "技术合作、咨询顾问",
        "暂无投资意向",
        "13912345678",
        "lijuan_wh",
        "lijuan@example.com",
        "是",
        "微信语音确认并截图留存",
        "是",
        "一般",
        "科技人才",
    ],
];

/// Columns Excel would mangle if left as General (long digit strings).
fn is_text_column(c: Column) -> bool {
    matches!(c, Column::Mobile | Column::HometownCode | Column::Wechat)
}

/// Column width in Excel character units for the template.
fn template_width(c: Column) -> f64 {
    match c {
        Column::Gender | Column::Listed => 7.0,
        Column::Name | Column::Education | Column::Tier | Column::ConsentMatch => 10.0,
        Column::BirthYear => 11.0,
        Column::Bio => 50.0,
        Column::Residence | Column::Chains | Column::Email => 26.0,
        Column::Employer => 32.0,
        Column::Expertise | Column::Intents | Column::ConsentBasis | Column::Tags => 22.0,
        _ => 16.0,
    }
}

/// The template header text: required columns carry a leading `*`.
fn template_header(c: Column) -> String {
    if c.is_required() {
        format!("*{}", c.header())
    } else {
        c.header().to_string()
    }
}

/// What to write in the 填写说明 sheet for a column.
fn help_text(c: Column) -> &'static str {
    match c {
        Column::Name => "乡贤本人姓名",
        Column::BirthYear => "四位年份，如 1978",
        Column::County => "咸宁市下辖县（市、区），如 通城县、咸安区",
        Column::HometownCode => "籍贯所在地的行政区划代码（6、9 或 12 位数字），不清楚可不填",
        Column::Residence => "如 广东省深圳市南山区，也可填 6 位县级区划代码",
        Column::Chains | Column::Intents | Column::Tags => "可填多个，用顿号“、”分隔",
        Column::Mobile => "11 位手机号，本列已设为文本格式",
        Column::ConsentMatch => "本人是否同意与家乡企业、项目对接",
        Column::ConsentBasis => "如 本人书面签字、电话确认、微信确认",
        Column::Listed => "是否同意在乡贤名录中公开展示",
        _ => "",
    }
}

/// Build the blank upload template: sheet 乡贤信息 (headers, two example rows,
/// dropdowns) and sheet 填写说明 (each column, required or not, allowed values).
///
/// The example rows read back as data; see [`is_template_example`].
pub fn template_xlsx() -> Result<Vec<u8>, SheetError> {
    let mut workbook = Workbook::new();
    let header_fmt = header_format();
    let text_fmt = Format::new().set_num_format("@");

    let sheet = workbook.add_worksheet();
    sheet.set_name(DATA_SHEET)?;
    for (i, c) in Column::ALL.into_iter().enumerate() {
        let col = col_num(i)?;
        sheet.set_column_width(col, template_width(c))?;
        if is_text_column(c) {
            // So values typed later stay text too, not just our examples.
            sheet.set_column_format(col, &text_fmt)?;
        }
        sheet.write_string_with_format(0, col, template_header(c), &header_fmt)?;
        add_dropdown(sheet, c, col)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_row_height(0, 22)?;
    for (r, example) in EXAMPLES.iter().enumerate() {
        let row = row_num(r + 1)?;
        for (i, (c, value)) in Column::ALL.into_iter().zip(example).enumerate() {
            let col = col_num(i)?;
            match (c, value.parse::<f64>()) {
                (Column::BirthYear, Ok(year)) => sheet.write_number(row, col, year)?,
                _ if is_text_column(c) => {
                    sheet.write_string_with_format(row, col, *value, &text_fmt)?
                }
                _ => sheet.write_string(row, col, *value)?,
            };
        }
    }

    let help = workbook.add_worksheet();
    help.set_name(HELP_SHEET)?;
    for (i, (title, width)) in [
        ("列名", 16.0),
        ("是否必填", 10.0),
        ("填写说明", 48.0),
        ("可选值", 60.0),
    ]
    .into_iter()
    .enumerate()
    {
        let col = col_num(i)?;
        help.set_column_width(col, width)?;
        help.write_string_with_format(0, col, title, &header_fmt)?;
    }
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (r, c) in Column::ALL.into_iter().enumerate() {
        let row = row_num(r + 1)?;
        help.write_string_with_format(row, 0, c.header(), &wrap)?;
        help.write_string_with_format(
            row,
            1,
            if c.is_required() { "必填" } else { "选填" },
            &wrap,
        )?;
        help.write_string_with_format(row, 2, help_text(c), &wrap)?;
        help.write_string_with_format(row, 3, c.allowed_values().join("、"), &wrap)?;
    }
    let notes = [
        "说明：",
        "1. 请在“乡贤信息”表中从第 2 行起每人填写一行，第 1 行列名请勿修改；带 * 的列必须填写。",
        "2. 表中张伟、李娟两行是示例，填写前请删除。",
        "3. 请不要合并单元格，不要使用公式；从其他表格复制时请用“选择性粘贴→数值”。",
        "4. 每个文件最多 20000 行；保存为 Excel 工作簿（.xlsx）后上传。",
    ];
    let first = Column::ALL.len() + 2;
    for (k, note) in notes.into_iter().enumerate() {
        help.write_string(row_num(first + k)?, 0, note)?;
    }
    help.set_freeze_panes(1, 0)?;

    Ok(workbook.save_to_buffer()?)
}

/// A dropdown for single-choice columns. Warning style, not Stop, so an
/// unusual but legitimate value can still be kept; the importer validates.
fn add_dropdown(sheet: &mut Worksheet, c: Column, col: u16) -> Result<(), SheetError> {
    let values = c.allowed_values();
    if values.is_empty() || c.is_multi_value() {
        return Ok(());
    }
    let validation = DataValidation::new()
        .allow_list_strings(values)?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("请从下拉列表中选择")?
        .set_error_message(format!("“{}”可选：{}", c.header(), values.join("、")))?;
    sheet.add_data_validation(1, col, row_num(MAX_DATA_ROWS)?, col, &validation)?;
    Ok(())
}

/// Whether a row read back from an upload is one of the template's example
/// rows (张伟 / 李娟 with their example mobiles) that the user forgot to delete.
pub fn is_template_example(row: &RawRow) -> bool {
    let name_at = Column::ALL.iter().position(|c| *c == Column::Name);
    let mobile_at = Column::ALL.iter().position(|c| *c == Column::Mobile);
    let (Some(n), Some(m)) = (name_at, mobile_at) else {
        return false;
    };
    EXAMPLES.iter().any(|ex| {
        row.get(Column::Name) == ex.get(n).copied() && row.get(Column::Mobile) == ex.get(m).copied()
    })
}

/// Write an export: one sheet, bold frozen header row with autofilter, every
/// cell a string (so IDs and phone numbers survive, and text starting with
/// `=` is never a formula). Rows may be shorter or longer than `headers`.
/// `sheet_name` is made valid for Excel (forbidden characters replaced,
/// cut to 31 characters).
pub fn write_xlsx(
    sheet_name: &str,
    headers: &[&str],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, SheetError> {
    let mut workbook = Workbook::new();
    let header_fmt = header_format();
    let sheet = workbook.add_worksheet();
    sheet.set_name(valid_sheet_name(sheet_name))?;

    let width = rows
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(headers.len());
    for i in 0..width {
        // Size from the header and the first rows; enough to look tidy.
        let chars = std::iter::once(headers.get(i).copied().unwrap_or(""))
            .chain(
                rows.iter()
                    .take(500)
                    .map(|r| r.get(i).map_or("", String::as_str)),
            )
            .map(display_width)
            .max()
            .unwrap_or(0);
        sheet.set_column_width(col_num(i)?, (chars as f64 + 2.0).clamp(8.0, 50.0))?;
    }
    for (i, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col_num(i)?, *h, &header_fmt)?;
    }
    for (r, cells) in rows.iter().enumerate() {
        let row = row_num(r + 1)?;
        for (i, value) in cells.iter().enumerate() {
            sheet.write_string(row, col_num(i)?, value)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if width > 0 {
        sheet.autofilter(0, 0, row_num(rows.len())?, col_num(width - 1)?)?;
    }
    Ok(workbook.save_to_buffer()?)
}

pub(super) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDD_EB_F7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

/// Excel sheet names: ≤ 31 characters, none of `[]:*?/\`, not blank.
pub(super) fn valid_sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') {
                '_'
            } else {
                c
            }
        })
        .take(31)
        .collect();
    // Excel also forbids a leading or trailing apostrophe.
    let cleaned = cleaned.trim().trim_matches('\'').to_string();
    if cleaned.is_empty() {
        "Sheet1".to_string()
    } else {
        cleaned
    }
}

/// Approximate on-screen width: CJK and other wide characters count double.
pub(super) fn display_width(s: &str) -> usize {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
                .sum()
        })
        .max()
        .unwrap_or(0)
}

pub(super) fn col_num(i: usize) -> Result<u16, SheetError> {
    u16::try_from(i).map_err(|_| SheetError::Write {
        detail: format!("列数太多：{i}"),
    })
}

pub(super) fn row_num(i: usize) -> Result<u32, SheetError> {
    u32::try_from(i).map_err(|_| SheetError::Write {
        detail: format!("行数太多：{i}"),
    })
}
