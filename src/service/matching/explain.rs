//! The Chinese reasons of a match and what is missing from it, one line per part, in the
//! order of the parts' weights, so that staff read why a person is proposed before calling.

use super::score::{ChainFit, Fits, HomeFit, Seniority};
use crate::domain::taxonomy::segment_name;
use crate::domain::{CapitalRange, Intent, Need, Tier};
use crate::service::region::RegionNames;

/// The reasons and the missing points of one match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explanation {
    pub reasons: Vec<String>,
    pub missing: Vec<String>,
}

/// What the wording needs beyond the fits.
pub struct Context<'a> {
    pub names: &'a RegionNames,
    pub project_investment_wan: i64,
    pub needs: &'a [Need],
    pub capital: Option<CapitalRange>,
    pub intents: &'a [Intent],
    pub title: &'a str,
    /// Words of the project found in the person's texts (from the index's highlighter).
    pub matched_words: &'a [String],
}

/// 30000 万元 → "3亿元", 8000 → "8000万元".
pub fn money_wan(wan: i64) -> String {
    if wan >= 10_000 {
        let yi = wan as f64 / 10_000.0;
        let text = format!("{yi:.2}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        format!("{text}亿元")
    } else {
        format!("{wan}万元")
    }
}

fn segment_label(code: &str) -> &str {
    segment_name(code).unwrap_or(code)
}

fn need_labels(needs: &[Need]) -> String {
    needs
        .iter()
        .map(|n| n.label())
        .collect::<Vec<_>>()
        .join("、")
}

/// The hometown's county and township, e.g. 通城县隽水镇.
fn hometown_name(names: &RegionNames, code: &str) -> String {
    let township = code.get(..9).unwrap_or(code);
    let name = names.local_name(township);
    if name.is_empty() {
        names.local_name(code)
    } else {
        name
    }
}

/// Words a reason should not list: they are in most project texts.
const DULL_WORDS: &[&str] = &[
    "发展", "生产", "研发", "项目", "产品", "技术", "建设", "企业", "需要", "配套", "产业",
];

/// The reasons and missing points of `fits`.
pub fn explain(fits: &Fits, hometown_code: &str, ctx: &Context<'_>) -> Explanation {
    let mut out = Explanation::default();
    let words: Vec<&str> = ctx
        .matched_words
        .iter()
        .map(String::as_str)
        .filter(|w| w.chars().count() >= 2 && !DULL_WORDS.contains(w))
        .take(4)
        .collect();
    match (fits.text, words.is_empty()) {
        (t, _) if t <= 0.0 => out
            .missing
            .push("专长、履历与项目描述没有共同的关键词".into()),
        (t, false) => out.reasons.push(format!(
            "{}：{}",
            if t >= 0.6 {
                "专长与项目高度相关"
            } else {
                "专长与项目相关"
            },
            words.join("、")
        )),
        (t, true) if t >= 0.6 => out.reasons.push("专长与项目高度相关".into()),
        (_, true) => out.reasons.push("专长与项目部分相关".into()),
    }
    match &fits.chain {
        ChainFit::Segment(s) => out
            .reasons
            .push(format!("从事{}，与项目同一细分领域", segment_label(s))),
        ChainFit::Chain(s) => {
            let chain = s.split('.').next().unwrap_or_default();
            out.reasons.push(format!(
                "同属{}产业链（从事{}）",
                segment_label(chain),
                segment_label(s)
            ));
        }
        ChainFit::None => out.missing.push("未登记本产业链的从业领域".into()),
    }
    let home = hometown_name(ctx.names, hometown_code);
    match fits.hometown {
        HomeFit::SameCounty => out.reasons.push(format!("籍贯{home}，与项目同县")),
        HomeFit::City => out.reasons.push(format!("籍贯{home}，在咸宁市内")),
        HomeFit::Elsewhere => {}
    }
    if let Some(company) = &fits.employer {
        out.reasons
            .push(format!("任职于招商对象企业{company}，可作引荐渠道"));
    }
    let answered_none = !ctx.needs.is_empty() && fits.needs.iter().all(|f| f.value <= 0.0);
    for fit in &fits.needs {
        match need_line(fit.need, fit.value, fits, ctx) {
            Ok(reason) => out.reasons.push(reason),
            // Said once below when no need is answered at all.
            Err(_) if answered_none => {}
            Err(missing) => out.missing.push(missing),
        }
    }
    if answered_none {
        let only_donate = if ctx.intents.contains(&Intent::Donate) {
            "（捐资助学不计为投资）"
        } else {
            Default::default()
        };
        out.missing.push(format!(
            "未登记与项目需求（{}）对应的回归意向{only_donate}",
            need_labels(ctx.needs)
        ));
    }
    let tier = match fits.tier {
        Some(Tier::Renowned) => Some("知名乡贤"),
        Some(Tier::Key) => Some("重点乡贤"),
        _ => None,
    };
    let senior = fits
        .seniority
        .notable()
        .then(|| format!("现任{}", ctx.title.trim()));
    match (tier, senior) {
        (Some(t), Some(s)) => out.reasons.push(format!("{t}，{s}")),
        (Some(t), None) => out.reasons.push(t.to_owned()),
        (None, Some(s)) => out.reasons.push(s),
        (None, None) => {}
    }
    if fits.verified {
        out.reasons.push("档案已核实".into());
    } else {
        out.missing.push("未核实".into());
    }
    out.reasons = collapse(out.reasons);
    out.missing = collapse(out.missing);
    out
}

/// How an investable range compares with a project's investment, worded from the capital
/// fit alone (a function of the share of the investment the range could bring), so the same
/// share always reads the same whatever the amounts.
fn capital_words(fit: f64, investment: &str) -> (String, bool) {
    if fit >= 0.7 {
        (format!("与项目投资额{investment}相称"), true)
    } else if fit >= 0.35 {
        (format!("可参与项目投资额{investment}的部分投资"), true)
    } else {
        (format!("相对项目投资额{investment}偏小"), false)
    }
}

/// The line of one need: `Ok` a reason naming the need, `Err` what is missing for it.
fn need_line(need: Need, value: f64, fits: &Fits, ctx: &Context<'_>) -> Result<String, String> {
    let label = need.label();
    let has = |i: Intent| ctx.intents.contains(&i);
    match need {
        Need::Capital => {
            if !has(Intent::Invest) {
                return Err(if has(Intent::Donate) {
                    "项目需要资金：仅有捐资助学意向，无投资意向".into()
                } else {
                    "项目需要资金：无投资意向".into()
                });
            }
            let investment = money_wan(ctx.project_investment_wan);
            match ctx.capital {
                None => Ok("项目需要资金：有投资意向，未登记可投资金额".into()),
                Some(CapitalRange::None) => {
                    Err("项目需要资金：可投资金额登记为暂无投资意向".into())
                }
                Some(range) => {
                    let (words, enough) = capital_words(fits.capital.unwrap_or(value), &investment);
                    // Money from another trade: the amount may be right, the link is not.
                    let unlinked = fits.employer.is_none() && fits.chain == ChainFit::None;
                    let line = format!(
                        "项目需要资金：有投资意向，可投资金额{}，{words}{}",
                        range.label(),
                        if unlinked {
                            "，但与本产业链无直接关联"
                        } else {
                            ""
                        }
                    );
                    if enough && !unlinked {
                        Ok(line)
                    } else {
                        Err(line)
                    }
                }
            }
        }
        Need::Tech => {
            let will = if has(Intent::Tech) {
                "有技术合作意向"
            } else if has(Intent::Advisor) {
                "有咨询顾问意向"
            } else {
                return Err("项目需要技术：未登记技术合作或咨询顾问意向".into());
            };
            let depth = match &fits.chain {
                ChainFit::Segment(_) => "，从事本细分领域",
                ChainFit::Chain(_) => "，从事同一产业链",
                ChainFit::None => "",
            };
            let title = ctx.title.trim();
            let who = if fits.seniority.notable() && !title.is_empty() {
                format!("，现任{title}")
            } else if matches!(fits.seniority, Seniority::Junior) && !title.is_empty() {
                format!("，但职务为{title}")
            } else {
                String::new()
            };
            // Who can be brought in: from the project's county, or at a target company.
            let reach = match (&fits.employer, fits.hometown) {
                (Some(company), _) => format!("，任职于招商对象企业{company}"),
                (None, HomeFit::SameCounty) => "，来自项目所在县".to_owned(),
                _ => String::new(),
            };
            Ok(format!("项目需要{label}：{will}{who}{depth}{reach}"))
        }
        Need::Talent => {
            if has(Intent::Startup) {
                Ok(format!("项目需要{label}：有返乡创业意向"))
            } else if has(Intent::Tech) {
                Ok(format!("项目需要{label}：有技术合作意向，可带团队或人才"))
            } else {
                Err(format!("项目需要{label}：未登记返乡创业或技术合作意向"))
            }
        }
        Need::Market | Need::Supply => {
            let channel = match (&fits.employer, &fits.chain) {
                (Some(company), _) => Some(format!("任职于招商对象企业{company}")),
                (None, ChainFit::Segment(_)) => Some("从事本细分领域".to_owned()),
                (None, ChainFit::Chain(_)) => Some("从事同一产业链".to_owned()),
                (None, ChainFit::None) => None,
            };
            match (has(Intent::Introduce), channel) {
                (true, Some(c)) => Ok(format!("项目需要{label}：{c}，有引荐资源意向")),
                (true, None) => Ok(format!("项目需要{label}：有引荐资源意向")),
                (false, _) if value > 0.0 => Ok(format!(
                    "项目需要{label}：可作引荐渠道，但未登记引荐资源意向"
                )),
                (false, _) => Err(format!("项目需要{label}：未登记引荐资源意向")),
            }
        }
    }
}

/// Lines without their near-duplicates: a line is dropped when its first clause is said
/// again by a longer line (任职于招商对象企业X inside 项目需要市场：任职于招商对象企业X，有引荐资源意向;
/// 现任总工 inside the technology line), or when it repeats a line exactly.
fn collapse(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let head = line.split('，').next().unwrap_or(line);
        let said_elsewhere = head.chars().count() >= 4
            && lines
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && other.len() > line.len() && other.contains(head));
        if !said_elsewhere && !out.contains(line) {
            out.push(line.clone());
        }
    }
    out
}
