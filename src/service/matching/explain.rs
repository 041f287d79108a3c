//! The Chinese reasons of a match and what is missing from it, one line per part, in the
//! order of the parts' weights, so that staff read why a person is proposed before calling.

use super::score::{ChainFit, Fits, HomeFit, Seniority};
use crate::domain::taxonomy::segment_name;
use crate::domain::{CapitalRange, Need, Tier};
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
    if let Some(capital) = fits.capital {
        let investment = money_wan(ctx.project_investment_wan);
        match ctx.capital.filter(|c| *c != CapitalRange::None) {
            None => out.missing.push("无投资意向".into()),
            Some(range) if capital >= 0.5 => out.reasons.push(format!(
                "可投资金额{}，与项目投资额{investment}相称",
                range.label()
            )),
            Some(range) => {
                out.reasons.push(format!("可投资金额{}", range.label()));
                out.missing
                    .push(format!("可投资金额相对项目投资额{investment}偏小"));
            }
        }
    }
    if !fits.intent.covered.is_empty() {
        let intents: Vec<&str> = fits
            .intent
            .covered
            .iter()
            .map(|n| match n {
                Need::Tech if fits.intent.tech_by_advice => "咨询顾问",
                n => super::score::wanted_intent(*n).label(),
            })
            .collect();
        out.reasons.push(format!(
            "有{}意向，对应项目的{}需求",
            intents.join("、"),
            need_labels(&fits.intent.covered)
        ));
    } else if !ctx.needs.is_empty() {
        out.missing.push(format!(
            "未登记与项目需求（{}）对应的回归意向",
            need_labels(ctx.needs)
        ));
    }
    let tier = match fits.tier {
        Some(Tier::Renowned) => Some("知名乡贤"),
        Some(Tier::Key) => Some("重点乡贤"),
        _ => None,
    };
    let senior = matches!(fits.seniority, Seniority::High | Seniority::Mid)
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_naturally() {
        assert_eq!(money_wan(30_000), "3亿元");
        assert_eq!(money_wan(12_500), "1.25亿元");
        assert_eq!(money_wan(8_000), "8000万元");
        assert_eq!(money_wan(0), "0万元");
    }
}
