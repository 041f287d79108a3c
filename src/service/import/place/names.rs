//! The texts that name a place: official names with and without their
//! 村委会/居委会 tails and level words, and clerks' full-width text.

/// Suffixes an official name carries that people leave off, the longest first,
/// each with what stays (利和村委会 → 利和村, 宝塔社区居民委员会 → 宝塔社区).
const OFFICIAL_TAILS: &[(&str, &str)] = &[
    ("村村民委员会", "村"),
    ("村民委员会", "村"),
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("居民委员会", "社区"),
    ("村村委会", "村"),
    ("村委会", "村"),
    ("居委会", "社区"),
];

/// The bare name without its level word (利和村 → 利和, 隽水镇 → 隽水).
const LEVEL_WORDS: &[&str] = &[
    "特别行政区",
    "壮族自治区",
    "回族自治区",
    "维吾尔自治区",
    "自治区",
    "自治州",
    "自治县",
    "办事处",
    "街道",
    "社区",
    "新区",
    "地区",
    "林场",
    "省",
    "市",
    "区",
    "县",
    "镇",
    "乡",
    "村",
    "盟",
    "旗",
];

/// Turns full-width digits, letters and punctuation into ASCII and drops
/// every kind of white space, as clerks' sheets mix both.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                other => other,
            };
            (!c.is_whitespace()).then_some(c)
        })
        .collect()
}

/// The full name, the name without its official tail, and the bare name
/// without its level word (when two characters or more are left).
pub(super) fn keys_of(name: &str) -> (String, String, Option<String>) {
    let mut plain = name.to_owned();
    for (tail, keep) in OFFICIAL_TAILS {
        if let Some(stem) = name.strip_suffix(tail)
            && !stem.is_empty()
        {
            plain = format!("{stem}{keep}");
            break;
        }
    }
    let bare = LEVEL_WORDS
        .iter()
        .find_map(|w| plain.strip_suffix(w))
        .filter(|b| b.chars().count() >= 2)
        .map(str::to_owned);
    (name.to_owned(), plain, bare)
}
