//! One spreadsheet row to one profile request: every cell read the way a
//! clerk typed it, every problem of the row collected (not only the first),
//! each tied to its column. Errors keep the row out; warnings do not.

use chrono::Datelike;

use super::employer;
use super::place::Places;
use super::value::{self, tidy};
use crate::domain::limits::profile;
use crate::domain::{CapitalRange, Gender, Intent, PersonName, Tier};
use crate::service::profile::ProfileReq;
use crate::spreadsheet::{Column, RawRow, split_list};

/// What a row needs to know about where it sits.
pub struct RowContext<'a> {
    pub places: &'a Places,
    /// The village (or township) the sheet's name names, if any.
    pub sheet_place: Option<&'a str>,
    /// Region prefixes to find a village in when a row names no township,
    /// narrowest first.
    pub context: Vec<String>,
}

/// A row read: the request to validate, and what was wrong or noteworthy.
#[derive(Debug, Default)]
pub struct ParsedRow {
    pub req: ProfileReq,
    pub contact_note: Option<String>,
    pub residence_text: Option<String>,
    pub errors: Vec<(Column, String)>,
    pub warnings: Vec<(Column, String)>,
    /// The column the hometown was read from, for scope messages.
    pub hometown_column: Option<Column>,
}

fn yes_no(cell: &str) -> Result<bool, String> {
    match cell.trim() {
        "是" | "Y" | "y" | "yes" | "Yes" | "1" | "true" | "同意" | "√" => Ok(true),
        "否" | "N" | "n" | "no" | "No" | "0" | "false" | "不同意" | "×" => Ok(false),
        other => Err(format!("“{other}”应填“是”或“否”")),
    }
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

fn gender(cell: &str) -> Option<Gender> {
    match value::tidy(cell).as_str() {
        "男" | "男性" | "M" | "m" | "male" => Some(Gender::Male),
        "女" | "女性" | "F" | "f" | "female" => Some(Gender::Female),
        other => Gender::parse(other).ok(),
    }
}

/// Reads one row; never fails, the problems are in the result.
pub fn parse_row(row: &RawRow, ctx: &RowContext<'_>) -> ParsedRow {
    let mut out = ParsedRow::default();
    for (column, message) in &row.problems {
        out.errors.push((*column, message.clone()));
    }
    let cell = |c: Column| row.get(c).map(tidy).filter(|s| !s.is_empty());

    match cell(Column::Name).map(|n| value::person_name(&n)) {
        None => out.errors.push((Column::Name, "姓名不能为空".into())),
        Some(name) => match PersonName::parse(&name) {
            Ok(n) => out.req.name = Some(n.into_inner()),
            Err(m) => out.errors.push((Column::Name, m)),
        },
    }
    if let Some(g) = cell(Column::Gender) {
        match gender(&g) {
            Some(g) => out.req.gender = Some(g),
            None => out
                .warnings
                .push((Column::Gender, format!("性别“{g}”不认识，已留空"))),
        }
    }
    if let Some(b) = cell(Column::BirthYear) {
        let now = chrono::Utc::now().year();
        match value::birth_year(&b) {
            Some(y) if (profile::EARLIEST_BIRTH_YEAR..=now - profile::MIN_AGE).contains(&y) => {
                out.req.birth_year = Some(y)
            }
            _ => out.warnings.push((
                Column::BirthYear,
                format!("出生年月“{b}”读不出年份（应如 1978.05、1978年5月），已留空"),
            )),
        }
    }
    hometown(row, ctx, &mut out);

    // Employer and title: separate columns win over a combined one.
    let (mut employer, mut title) = (cell(Column::Employer), cell(Column::Title));
    if let Some(both) = cell(Column::EmployerTitle) {
        let (e, t) = employer::employer_title(&both);
        if employer.is_none() && !e.is_empty() {
            employer = Some(e);
        }
        if title.is_none() && !t.is_empty() {
            title = Some(t);
        }
    }
    for (column, v, max) in [
        (Column::Employer, &employer, profile::EMPLOYER.max),
        (Column::Title, &title, profile::TITLE.max),
    ] {
        if v.as_ref().is_some_and(|v| v.chars().count() > max) {
            out.errors
                .push((column, format!("不能超过 {max} 个字，请精简")));
        }
    }
    out.req.employer = employer;
    out.req.title = title;

    if let Some(e) = cell(Column::Education) {
        match value::education(&e) {
            Some(e) => out.req.education = Some(e),
            None => out.warnings.push((
                Column::Education,
                format!("学历“{e}”不认识（可填博士、研究生、本科、大专、高中等），已留空"),
            )),
        }
    }
    let list = |c: Column| row.get(c).map(split_list);
    if let Some(items) = list(Column::Chains) {
        out.req.chains = Some(items);
    }
    match list(Column::Intents).map(|items| {
        items
            .iter()
            .map(|i| Intent::parse_loose(i))
            .collect::<Result<Vec<_>, _>>()
    }) {
        Some(Ok(v)) => out.req.intents = Some(v),
        Some(Err(m)) => out.errors.push((Column::Intents, m)),
        None => {}
    }
    if let Some(c) = cell(Column::CapitalRange) {
        match parse_capital(&c) {
            Ok(v) => out.req.capital_range = Some(v),
            Err(m) => out.errors.push((Column::CapitalRange, m)),
        }
    }
    if let Some(t) = cell(Column::Tier) {
        match Tier::parse(&t) {
            Ok(v) => out.req.tier = Some(v),
            Err(m) => out.errors.push((Column::Tier, m)),
        }
    }
    for (column, slot) in [
        (Column::ConsentMatch, &mut out.req.consent_match),
        (Column::Listed, &mut out.req.listed),
    ] {
        if let Some(v) = cell(column) {
            match yes_no(&v) {
                Ok(b) => *slot = Some(b),
                Err(m) => out.errors.push((column, m)),
            }
        }
    }
    out.req.expertise = cell(Column::Expertise);
    out.req.bio = cell(Column::Bio);
    out.req.consent_basis = cell(Column::ConsentBasis);
    out.req.tags = list(Column::Tags);
    phones(row, &mut out);
    if let Some(email) = cell(Column::Email) {
        out.req.email = Some(email);
    }
    residence(row, ctx, &mut out);
    out
}

fn phones(row: &RawRow, out: &mut ParsedRow) {
    let mut notes: Vec<String> = Vec::new();
    if let Some(text) = row.get(Column::Mobile) {
        let p = value::phone(text);
        if p.scientific {
            out.warnings.push((
                Column::Mobile,
                format!(
                    "“{text}”是 Excel 的科学计数法，手机号的后几位已经丢失；请把该列设为“文本”后重新输入手机号，本行先不带手机号"
                ),
            ));
        } else if p.garbage {
            out.errors.push((
                Column::Mobile,
                format!("“{text}”不是 11 位手机号，也不是固定电话"),
            ));
        }
        if p.wechat_same && row.get(Column::Wechat).is_none() {
            out.req.wechat = p.mobile.clone();
        }
        out.req.mobile = p.mobile;
        notes.extend(p.note);
    }
    if let Some(w) = row.get(Column::Wechat).map(tidy) {
        let w = w
            .trim_start_matches("微信")
            .trim_start_matches([':', '：'])
            .to_owned();
        if w == "同手机" || w == "同号" || w == "微信同号" {
            out.req.wechat = out.req.mobile.clone();
        } else if !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && w.chars().count() <= profile::WECHAT.max
        {
            out.req.wechat = Some(w);
        } else if !w.is_empty() {
            out.warnings.push((
                Column::Wechat,
                format!("微信号“{w}”含有字母数字以外的字符，已记入联系备注"),
            ));
            notes.push(format!("微信：{w}"));
        }
    }
    if !notes.is_empty() {
        let note: String = notes
            .join("；")
            .chars()
            .take(profile::CONTACT_NOTE.max)
            .collect();
        out.contact_note = Some(note);
    }
}

fn hometown(row: &RawRow, ctx: &RowContext<'_>, out: &mut ParsedRow) {
    if let Some(code) = row.get(Column::HometownCode) {
        out.hometown_column = Some(Column::HometownCode);
        out.req.hometown_code = Some(tidy(code));
        return;
    }
    let (column, text) = match row.get(Column::Hometown) {
        Some(t) => (Column::Hometown, t.to_owned()),
        None => {
            let parts: Vec<&str> = [Column::County, Column::Township, Column::Village]
                .into_iter()
                .filter_map(|c| row.get(c))
                .collect();
            let column = [Column::Village, Column::Township, Column::County]
                .into_iter()
                .find(|c| row.get(*c).is_some())
                .unwrap_or(Column::Hometown);
            (column, parts.concat())
        }
    };
    out.hometown_column = Some(column);
    let t = value::tidy(&text).replace(' ', "");
    let local = ["本村", "本社区", "本组", "同上", "本村民组"]
        .iter()
        .find(|w| t.starts_with(*w))
        .is_some();
    if t.is_empty() || local {
        match ctx.sheet_place {
            Some(code) => out.req.hometown_code = Some(code.to_owned()),
            None if local => out.errors.push((
                column,
                format!("籍贯写的是“{text}”，但工作表名不是村名，无法确定是哪个村；请写出村名"),
            )),
            None => out
                .errors
                .push((column, "请填写籍贯（乡镇和村，如“隽水镇油坊村”）".into())),
        }
        return;
    }
    let context: Vec<&str> = ctx.context.iter().map(String::as_str).collect();
    match ctx.places.hometown(&t, &context) {
        Ok(Some(code)) => out.req.hometown_code = Some(code),
        Ok(None) => out
            .errors
            .push((column, "请填写籍贯（乡镇和村，如“隽水镇油坊村”）".into())),
        Err(e) => out.errors.push((column, e.message().to_owned())),
    }
}

fn residence(row: &RawRow, ctx: &RowContext<'_>, out: &mut ParsedRow) {
    let Some(text) = row.get(Column::Residence).map(tidy) else {
        return;
    };
    if let Some(code) = ctx
        .places
        .residence(&text, out.req.hometown_code.as_deref())
    {
        out.req.residence_code = Some(code);
        return;
    }
    let kept: String = text.chars().take(profile::RESIDENCE_TEXT.max).collect();
    out.warnings.push((
        Column::Residence,
        format!("现居地“{text}”没有对应到区县，已按原文保存"),
    ));
    out.residence_text = Some(kept);
}
