//! The profile columns of a 乡贤 spreadsheet and tolerant header matching.
//!
//! Organizers retype, reorder and decorate headers (`*姓名`, `姓名（必填）`,
//! `县(市、区)`, `联系电话`), so matching compares a normalized key rather than
//! the exact text, and accepts a few obvious aliases per column.

/// A profile field that a spreadsheet column can hold.
///
/// The declaration order is the template's column order, and is the order of
/// [`Column::ALL`] and of the `BTreeMap` in [`super::RawRow::cells`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// 姓名 (required)
    Name,
    /// 性别: 男/女
    Gender,
    /// 出生年份, e.g. 1978
    BirthYear,
    /// 县（市、区）of origin in 咸宁市
    County,
    /// 乡镇（街道）of origin
    Township,
    /// 村（社区）of origin
    Village,
    /// 籍贯地区代码: 行政区划代码 of the hometown (6, 9 or 12 digits)
    HometownCode,
    /// 现居地: free text like 广东省深圳市南山区, or a 6-digit county code
    Residence,
    /// 工作单位
    Employer,
    /// 职务职称
    Title,
    /// 学历
    Education,
    /// 产业领域 (several values)
    Chains,
    /// 专长
    Expertise,
    /// 简介
    Bio,
    /// 回乡意向 (several values)
    Intents,
    /// 可投资金额 (a range label)
    CapitalRange,
    /// 手机号
    Mobile,
    /// 微信号
    Wechat,
    /// 电子邮箱
    Email,
    /// 同意对接: 是/否
    ConsentMatch,
    /// 同意方式: how the consent was obtained
    ConsentBasis,
    /// 公开: 是/否
    Listed,
    /// 人才层级: 一般/重点/知名
    Tier,
    /// 标签 (several values)
    Tags,
    /// 籍贯 as free text (通城县隽水镇油坊村5组), read against the region tree.
    /// Not in the template, which asks for county, township and village apart.
    Hometown,
    /// 现工作单位及职务 in one cell, split into employer and title on import.
    EmployerTitle,
}

impl Column {
    /// Every column, in template order.
    pub const ALL: [Column; 24] = [
        Column::Name,
        Column::Gender,
        Column::BirthYear,
        Column::County,
        Column::Township,
        Column::Village,
        Column::HometownCode,
        Column::Residence,
        Column::Employer,
        Column::Title,
        Column::Education,
        Column::Chains,
        Column::Expertise,
        Column::Bio,
        Column::Intents,
        Column::CapitalRange,
        Column::Mobile,
        Column::Wechat,
        Column::Email,
        Column::ConsentMatch,
        Column::ConsentBasis,
        Column::Listed,
        Column::Tier,
        Column::Tags,
    ];

    /// Columns clerks' own sheets carry that the template does not.
    pub const EXTRA: [Column; 2] = [Column::Hometown, Column::EmployerTitle];

    /// Every column a header can map to: the template's, then [`Column::EXTRA`].
    pub fn every() -> impl Iterator<Item = Column> {
        Column::ALL.into_iter().chain(Column::EXTRA)
    }

    /// The field name a mapping uses (`name`, `mobile`, `employer_title`, …).
    pub fn key(&self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Gender => "gender",
            Column::BirthYear => "birth_year",
            Column::County => "county",
            Column::Township => "township",
            Column::Village => "village",
            Column::HometownCode => "hometown_code",
            Column::Residence => "residence",
            Column::Employer => "employer",
            Column::Title => "title",
            Column::Education => "education",
            Column::Chains => "chains",
            Column::Expertise => "expertise",
            Column::Bio => "bio",
            Column::Intents => "intents",
            Column::CapitalRange => "capital_range",
            Column::Mobile => "mobile",
            Column::Wechat => "wechat",
            Column::Email => "email",
            Column::ConsentMatch => "consent_match",
            Column::ConsentBasis => "consent_basis",
            Column::Listed => "listed",
            Column::Tier => "tier",
            Column::Tags => "tags",
            Column::Hometown => "hometown",
            Column::EmployerTitle => "employer_title",
        }
    }

    /// The column of a mapping's field name.
    pub fn from_key(key: &str) -> Option<Column> {
        Column::every().find(|c| c.key() == key)
    }

    /// The canonical Chinese header, as written in the template (without `*`).
    pub fn header(&self) -> &'static str {
        match self {
            Column::Name => "姓名",
            Column::Gender => "性别",
            Column::BirthYear => "出生年份",
            Column::County => "县（市、区）",
            Column::Township => "乡镇（街道）",
            Column::Village => "村（社区）",
            Column::HometownCode => "籍贯地区代码",
            Column::Residence => "现居地",
            Column::Employer => "工作单位",
            Column::Title => "职务职称",
            Column::Education => "学历",
            Column::Chains => "产业领域",
            Column::Expertise => "专长",
            Column::Bio => "简介",
            Column::Intents => "回乡意向",
            Column::CapitalRange => "可投资金额",
            Column::Mobile => "手机号",
            Column::Wechat => "微信号",
            Column::Email => "电子邮箱",
            Column::ConsentMatch => "同意对接",
            Column::ConsentBasis => "同意方式",
            Column::Listed => "公开",
            Column::Tier => "人才层级",
            Column::Tags => "标签",
            Column::Hometown => "籍贯",
            Column::EmployerTitle => "工作单位及职务",
        }
    }

    /// Whether the column must be present in the header row (only 姓名).
    pub fn is_required(&self) -> bool {
        matches!(self, Column::Name)
    }

    /// Whether the cell may hold several values (see [`super::split_list`]).
    pub fn is_multi_value(&self) -> bool {
        matches!(self, Column::Chains | Column::Intents | Column::Tags)
    }

    /// The values the template offers for this column (dropdowns for
    /// single-choice columns, the vocabulary for multi-value ones); empty for
    /// free text. The reader does not enforce them: validating is the caller's job.
    pub fn allowed_values(&self) -> &'static [&'static str] {
        match self {
            Column::Gender => &["男", "女"],
            Column::Education => &["博士", "硕士", "本科", "大专", "中专及以下"],
            Column::Chains => CHAINS,
            Column::Intents => &[
                "投资兴业",
                "返乡创业",
                "技术合作",
                "咨询顾问",
                "捐资助学",
                "引荐资源",
                "创业培训",
            ],
            Column::CapitalRange => &[
                "100万元以下",
                "100万–500万元",
                "500万–2000万元",
                "2000万–1亿元",
                "1亿元以上",
                "暂无投资意向",
            ],
            Column::ConsentMatch | Column::Listed => &["是", "否"],
            Column::Tier => &["一般", "重点", "知名"],
            _ => &[],
        }
    }

    /// Other header texts people use for this column. Compared after
    /// [`normalize`], so punctuation and spacing variants need not be listed.
    fn aliases(&self) -> &'static [&'static str] {
        match self {
            Column::Name => &["名字", "乡贤姓名", "姓名名字"],
            Column::Gender => &[],
            Column::BirthYear => &[
                "出生年",
                "出生年月",
                "出生日期",
                "出生时间",
                "出生年月日",
                "生日",
                "出生",
            ],
            Column::County => &["县市区", "县区", "县市", "县", "所属县市区"],
            Column::Township => &["乡镇", "乡镇街道", "镇", "乡镇办", "所属乡镇"],
            Column::Village => &["村", "社区", "村居", "村社区", "所属村社区"],
            Column::HometownCode => &["籍贯代码", "地区代码", "行政区划代码", "籍贯区划代码"],
            Column::Residence => &[
                "现居住地",
                "现住址",
                "居住地",
                "常住地",
                "现居城市",
                "所在城市",
                "现居住地址",
                "现居住城市",
                "现工作地",
                "工作地",
                "现所在地",
            ],
            Column::Employer => &[
                "单位",
                "单位名称",
                "工作单位名称",
                "所在单位",
                "现工作单位",
                "现单位",
            ],
            Column::Title => &["职务", "职称", "职位", "现任职务", "现职务"],
            Column::Education => &["最高学历", "文化程度", "学历学位"],
            Column::Chains => &["产业链", "所属产业", "行业领域", "所属行业", "行业"],
            Column::Expertise => &["特长", "专业特长", "擅长领域"],
            Column::Bio => &["个人简介", "主要事迹", "个人简历", "简历"],
            Column::Intents => &["返乡意向", "合作意向", "意向"],
            Column::CapitalRange => &["投资金额", "可投资规模", "投资意向金额", "投资规模"],
            Column::Mobile => &[
                "手机",
                "手机号码",
                "电话",
                "联系电话",
                "电话号码",
                "联系方式",
                "手机号",
                "移动电话",
            ],
            Column::Wechat => &["微信", "微信号码"],
            Column::Email => &["邮箱", "电子邮件", "email", "e-mail", "mail"],
            Column::ConsentMatch => &["是否同意对接", "愿意对接"],
            Column::ConsentBasis => &["授权方式", "同意形式"],
            Column::Listed => &["是否公开", "同意公开"],
            Column::Tier => &["层级", "人才类别"],
            Column::Tags => &[],
            Column::Hometown => &[
                "家庭住址",
                "户籍地",
                "户籍所在地",
                "原籍",
                "老家",
                "出生地",
                "家庭地址",
                "籍贯地址",
                "籍贯村组",
            ],
            Column::EmployerTitle => &[
                "现工作单位及职务",
                "工作单位及职务",
                "单位及职务",
                "工作单位和职务",
                "现工作单位及职务职称",
                "工作单位及职务职称",
                "单位职务",
                "工作单位职务",
                "现工作单位职务",
                "现任职务及单位",
            ],
        }
    }

    /// Match a header cell to a column, tolerating `*` marks, `（必填）`
    /// notes, full-/half-width punctuation, spaces and the aliases above.
    pub fn from_header(text: &str) -> Option<Column> {
        let key = normalize(text);
        if key.is_empty() {
            return None;
        }
        Column::every().find(|c| {
            normalize(c.header()) == key || c.aliases().iter().any(|a| normalize(a) == key)
        })
    }
}

/// 咸宁市's key industrial chains, the vocabulary of [`Column::Chains`].
const CHAINS: &[&str] = &[
    "无线充电和电子元器件",
    "智能家居及配套",
    "智能终端产品",
    "液晶显示模组及配套",
    "LED背光模组",
    "LED照明",
    "消费电子材料",
    "锂电池材料",
    "光纤光缆",
    "光通信电子元器件",
    "智能安防",
    "物联网",
    "工业软件",
    "工业互联网",
];

/// Reduce a header to a comparison key: drop whitespace, `*`/`＊` marks, a
/// trailing `（必填）`-style note, brackets and list punctuation; lowercase ASCII.
fn normalize(text: &str) -> String {
    let mut s: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '【' | '[' => '(',
            '】' | ']' => ')',
            _ => c.to_ascii_lowercase(),
        })
        .collect();
    for note in ["(必填)", "(选填)", "(可选)", "(可不填)", "(必填项)"] {
        if let Some(stripped) = s.strip_suffix(note) {
            s = stripped.to_string();
        }
    }
    s.chars()
        .filter(|c| {
            !matches!(
                c,
                '(' | ')' | '、' | ',' | '，' | '/' | '／' | ':' | '：' | '-' | '_' | '·'
            )
        })
        .collect()
}

#[cfg(test)]
mod tests;
