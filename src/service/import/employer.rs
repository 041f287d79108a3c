//! One 单位及职务 cell (“深圳市信维通信股份有限公司研发总监”) split into the
//! employer and the post, with lists of the words posts and organisations end
//! with.

use super::value::tidy;

/// Words that end a 单位及职务 cell as the post; compound posts are listed
/// whole so the longest reading wins (高级工程师 over 工程师).
const TITLES: &[&str] = &[
    "董事长",
    "副董事长",
    "执行董事",
    "董事",
    "总经理",
    "副总经理",
    "经理",
    "总裁",
    "副总裁",
    "总监",
    "副总监",
    "主任",
    "副主任",
    "院长",
    "副院长",
    "校长",
    "副校长",
    "局长",
    "副局长",
    "处长",
    "副处长",
    "科长",
    "副科长",
    "所长",
    "站长",
    "行长",
    "副行长",
    "部长",
    "副部长",
    "书记",
    "副书记",
    "党支部书记",
    "支部书记",
    "支书",
    "主席",
    "副主席",
    "会长",
    "副会长",
    "秘书长",
    "厂长",
    "副厂长",
    "总工程师",
    "高级工程师",
    "工程师",
    "工艺工程师",
    "教授",
    "副教授",
    "讲师",
    "教师",
    "老师",
    "医生",
    "主任医师",
    "副主任医师",
    "主治医师",
    "医师",
    "护士长",
    "护士",
    "研究员",
    "副研究员",
    "律师",
    "合伙人",
    "创始人",
    "法人",
    "法定代表人",
    "负责人",
    "技术员",
    "总工",
    "主管",
    "监事",
    "会计",
    "出纳",
    "镇长",
    "副镇长",
    "乡长",
    "副乡长",
    "县长",
    "副县长",
    "市长",
    "副市长",
    "村长",
    "委员",
    "专员",
    "首席执行官",
    "首席技术官",
    "CEO",
    "CTO",
    "CFO",
    "总经济师",
    "经济师",
    "设计师",
    "架构师",
    "分析师",
    "项目经理",
    "产品经理",
    "客户经理",
    "采购经理",
    "供应链经理",
    "质量主管",
    "店长",
    "老板",
    "股东",
    "员工",
    "职工",
    "干部",
    "科员",
];

/// Where an organisation's name ends inside a 单位及职务 cell.
const ORG_ENDS: &[&str] = &[
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "公司",
    "集团",
    "医院",
    "卫生院",
    "大学",
    "学院",
    "学校",
    "中学",
    "小学",
    "幼儿园",
    "银行",
    "分行",
    "支行",
    "政府",
    "委员会",
    "管委会",
    "办公室",
    "事务所",
    "合作社",
    "协会",
    "商会",
    "研究所",
    "研究院",
    "设计院",
    "中心",
    "局",
    "厅",
    "厂",
    "店",
    "馆",
    "站",
    "所",
    "院",
    "部",
    "处",
    "科",
    "队",
    "村",
    "社区",
    "事业部",
    "分公司",
];

fn title_at(s: &str) -> Option<usize> {
    TITLES
        .iter()
        .filter(|t| s.starts_with(*t))
        .map(|t| t.len())
        .max()
}

/// Splits “深圳市信维通信股份有限公司研发总监” into employer and title: at the
/// last place where an organisation's name ends and a post begins; failing
/// that, before the longest post the cell ends with. A space between them
/// settles it.
pub fn employer_title(text: &str) -> (String, String) {
    let t = tidy(text);
    if let Some((left, right)) = t.rsplit_once(' ')
        && (title_at(right).is_some() || TITLES.iter().any(|w| right.ends_with(w)))
    {
        return (left.replace(' ', ""), right.to_owned());
    }
    let t: String = t.chars().filter(|c| *c != ' ').collect();
    let mut split: Option<usize> = None;
    let mut complete: Option<usize> = None;
    for (i, _) in t.char_indices() {
        if i == 0 {
            continue;
        }
        let (before, rest) = t.split_at(i);
        if !ORG_ENDS.iter().any(|e| before.ends_with(e)) {
            continue;
        }
        // A post, or a short department and a post (研发总监) with no
        // organisation inside it.
        let post = title_at(rest).is_some()
            || (rest.chars().count() <= 8
                && TITLES.iter().any(|w| rest.ends_with(w))
                && !ORG_ENDS.iter().any(|e| rest.contains(e)));
        if post {
            split = Some(i);
            if complete.is_none() && TITLES.contains(&rest) {
                complete = Some(i);
            }
        }
    }
    let split_found = complete.or(split);
    let mut split = split_found;
    if split.is_none() {
        split = TITLES
            .iter()
            .filter(|w| t.ends_with(*w) && t.len() > w.len())
            .map(|w| t.len() - w.len())
            .min();
    }
    match split {
        Some(i) => (t[..i].to_owned(), t[i..].to_owned()),
        None => (t, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employer_and_title_split() {
        let s = |t: &str| employer_title(t);
        assert_eq!(
            s("深圳市信维通信股份有限公司研发总监"),
            ("深圳市信维通信股份有限公司".into(), "研发总监".into())
        );
        assert_eq!(s("深圳市腾讯计算机系统有限公司研发部经理").1, "经理");
        assert_eq!(
            s("通城县人民医院院长"),
            ("通城县人民医院".into(), "院长".into())
        );
        assert_eq!(
            s("中国银行咸宁分行行长"),
            ("中国银行咸宁分行".into(), "行长".into())
        );
        assert_eq!(
            s("武汉光谷集团董事长兼总经理"),
            ("武汉光谷集团".into(), "董事长兼总经理".into())
        );
        assert_eq!(s("北京字节跳动科技有限公司高级工程师").1, "高级工程师");
        assert_eq!(
            s("崇阳县七星村党支部书记"),
            ("崇阳县七星村".into(), "党支部书记".into())
        );
        assert_eq!(
            s("东莞长安镇个体经营"),
            ("东莞长安镇个体经营".into(), String::new())
        );
    }
}
