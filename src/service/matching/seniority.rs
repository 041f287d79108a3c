//! Seniority read from a job title, on a four-step scale:
//!
//! * 董事长 · 总经理 · 总裁 · 首席… · 总工 · 院长 · 教授 · 创始人 (CEO, CTO, founder, president,
//!   general manager, managing director, chief engineer)
//! * 总监 · 副总 · 高级工程师 · 主任 · 研究员 · 副教授 (VP, director, senior engineer, head of…)
//! * 经理 · 工程师 · 主管 · 架构师 (manager, engineer, lead, supervisor)
//! * 助理 · 技术员 · 工人 · 学生 · 实习 (assistant, technician, worker, student, intern, junior
//!   engineer)
//!
//! The word ending last in a title decides (总经理助理 is an assistant, 研发总监 a director);
//! of words ending at the same place the longer decides (高级工程师 over 工程师, 副总经理 over
//! 总经理, senior engineer over engineer). English words count only as whole words, so
//! "director" does not contain a CTO.

/// Seniority read from a job title.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seniority {
    /// 助理, 技术员, 工人, 学生.
    Junior,
    /// No title, or none of the words we know.
    Unknown,
    /// 经理, 工程师, 主管.
    Mid,
    /// 总监, 副总, 高级工程师, 主任.
    Senior,
    /// 董事长, 总经理, 总裁, 首席, 总工, 院长, 教授.
    Top,
}

use Seniority::{Junior, Mid, Senior, Top};

/// Title words by seniority (lowercase; see the module docs for how they combine).
const TITLE_WORDS: &[(&str, Seniority)] = &[
    ("董事长", Top),
    ("总经理", Top),
    ("总裁", Top),
    ("首席", Top),
    ("首席专家", Top),
    ("首席科学家", Top),
    ("首席技术官", Top),
    ("首席执行官", Top),
    ("总工", Top),
    ("总工程师", Top),
    ("院长", Top),
    ("所长", Top),
    ("教授", Top),
    ("创始人", Top),
    ("联合创始人", Top),
    ("合伙人", Top),
    ("董事", Top),
    ("厂长", Top),
    ("院士", Top),
    ("博士生导师", Top),
    ("general manager", Top),
    ("managing director", Top),
    ("gm", Top),
    ("chief engineer", Top),
    ("chief scientist", Top),
    ("chief architect", Top),
    ("首席工程师", Top),
    ("首席架构师", Top),
    ("ceo", Top),
    ("cto", Top),
    ("cfo", Top),
    ("coo", Top),
    ("founder", Top),
    ("co-founder", Top),
    ("president", Top),
    ("chairman", Top),
    ("chief", Top),
    ("partner", Top),
    ("professor", Top),
    ("总监", Senior),
    ("副总", Senior),
    ("副总经理", Senior),
    ("副总裁", Senior),
    ("副总工", Senior),
    ("副总工程师", Senior),
    ("副院长", Senior),
    ("副所长", Senior),
    ("副厂长", Senior),
    ("高级工程师", Senior),
    ("高工", Senior),
    ("主任", Senior),
    ("副主任", Senior),
    ("研究员", Senior),
    ("副教授", Senior),
    ("部长", Senior),
    ("专家", Senior),
    ("deputy general manager", Senior),
    ("vice general manager", Senior),
    ("associate professor", Senior),
    ("principal engineer", Senior),
    ("principal scientist", Senior),
    ("expert", Senior),
    ("技术专家", Senior),
    ("vp", Senior),
    ("svp", Senior),
    ("evp", Senior),
    ("vice president", Senior),
    ("vice-president", Senior),
    ("director", Senior),
    ("head", Senior),
    ("principal", Senior),
    ("senior engineer", Senior),
    ("senior manager", Senior),
    ("staff engineer", Senior),
    ("经理", Mid),
    ("工程师", Mid),
    ("主管", Mid),
    ("架构师", Mid),
    ("负责人", Mid),
    ("讲师", Mid),
    ("组长", Mid),
    ("科长", Mid),
    ("assistant professor", Mid),
    ("助理研究员", Mid),
    ("助理教授", Mid),
    ("博士后", Mid),
    ("postdoc", Mid),
    ("scientist", Mid),
    ("technologist", Mid),
    ("manager", Mid),
    ("engineer", Mid),
    ("lead", Mid),
    ("supervisor", Mid),
    ("architect", Mid),
    ("助理", Junior),
    ("技术员", Junior),
    ("工人", Junior),
    ("操作工", Junior),
    ("普工", Junior),
    ("学生", Junior),
    ("研究生", Junior),
    ("博士生", Junior),
    ("实习", Junior),
    ("实习生", Junior),
    ("专员", Junior),
    ("文员", Junior),
    ("学徒", Junior),
    ("assistant", Junior),
    ("操作员", Junior),
    ("质检员", Junior),
    ("技工", Junior),
    ("junior engineer", Junior),
    ("technician", Junior),
    ("intern", Junior),
    ("worker", Junior),
    ("operator", Junior),
    ("student", Junior),
    ("trainee", Junior),
];

/// Whether `word` at byte `start` of `title` stands alone: ASCII words must not touch
/// letters or digits on either side; Chinese words may.
fn whole_word(title: &str, start: usize, word: &str) -> bool {
    if !word.is_ascii() {
        return true;
    }
    let before = title[..start].chars().next_back();
    let after = title[start + word.len()..].chars().next();
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    !joins(before) && !joins(after)
}

/// Seniority read from a title (see the module docs).
pub fn seniority(title: &str) -> Seniority {
    let title = title.to_lowercase();
    let mut best: Option<(usize, usize, Seniority)> = None;
    for &(word, level) in TITLE_WORDS {
        let Some((start, _)) = title
            .match_indices(word)
            .filter(|(start, _)| whole_word(&title, *start, word))
            .last()
        else {
            continue;
        };
        let key = (start + word.len(), word.len(), level);
        if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
            best = Some(key);
        }
    }
    // "Senior …" (资深, 高级) before a word we know lifts a middle rank one step (Senior
    // Software Engineer, 高级经理).
    let level = best.map_or(Seniority::Unknown, |b| b.2);
    if level == Mid && ["senior", "资深", "高级"].iter().any(|w| title.contains(w)) {
        return Senior;
    }
    level
}

impl Seniority {
    /// The step's worth, 0..1: far apart at the ends, so that a senior person of the right
    /// segment outranks a junior one at otherwise equal fit.
    pub fn value(self) -> f64 {
        match self {
            Self::Top => 1.0,
            Self::Senior => 0.75,
            Self::Mid => 0.45,
            Self::Unknown => 0.3,
            Self::Junior => 0.05,
        }
    }

    /// Whether the title is worth naming in a reason.
    pub fn notable(self) -> bool {
        matches!(self, Self::Top | Self::Senior)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_reads_chinese_english_and_mixed_titles() {
        for (title, level) in [
            ("董事长", Top),
            ("总经理", Top),
            ("事业部总经理", Top),
            ("总裁", Top),
            ("首席专家", Top),
            ("首席技术官", Top),
            ("总工", Top),
            ("总工程师", Top),
            ("研究院院长", Top),
            ("教授、博士生导师", Top),
            ("董事长兼CEO", Top),
            ("CTO", Top),
            ("联合创始人兼CTO", Top),
            ("Co-Founder", Top),
            ("研发总监", Senior),
            ("副总经理", Senior),
            ("高级工程师", Senior),
            ("实验室主任", Senior),
            ("副教授", Senior),
            ("VP of Engineering", Senior),
            ("研发VP", Senior),
            ("Director of R&D", Senior),
            ("Senior Engineer", Senior),
            ("Senior Software Engineer", Senior),
            ("资深工程师", Senior),
            ("销售经理", Mid),
            ("工艺工程师", Mid),
            ("生产主管", Mid),
            ("Product Manager", Mid),
            ("engineer", Mid),
            ("总经理助理", Junior),
            ("行政助理", Junior),
            ("技术员", Junior),
            ("车间工人", Junior),
            ("在读研究生", Junior),
            ("学生", Junior),
            ("Technician", Junior),
            ("General Manager", Top),
            ("Deputy General Manager", Senior),
            ("Managing Director", Top),
            ("Chief Engineer", Top),
            ("首席工程师", Top),
            ("Associate Professor", Senior),
            ("Principal Engineer", Senior),
            ("高级经理", Senior),
            ("Junior Engineer", Junior),
            ("助理研究员", Mid),
            ("GM", Top),
            ("Research Assistant", Junior),
            ("", Seniority::Unknown),
            ("自由职业", Seniority::Unknown),
        ] {
            assert_eq!(seniority(title), level, "{title}");
        }
    }

    #[test]
    fn english_words_count_only_whole() {
        // "director" holds the letters c-t-o; "vpn" holds v-p.
        assert_eq!(seniority("director"), Senior);
        assert_eq!(seniority("vpn运维"), Seniority::Unknown);
        // "gm" only as a word of its own.
        assert_eq!(seniority("sigma engineer"), Mid);
    }

    #[test]
    fn the_steps_are_ordered_and_far_apart_at_the_ends() {
        let steps = [Junior, Seniority::Unknown, Mid, Senior, Top];
        for pair in steps.windows(2) {
            assert!(pair[0].value() < pair[1].value(), "{pair:?}");
        }
        assert!(Top.value() - Junior.value() > 0.9);
    }
}
