//! Names of regions held in memory (the search index, lists and exports name
//! places without a query). Below the services, so that the search layer may
//! use it; `service::region` re-exports it.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::entity::region;
use crate::error::AppResult;

/// Names of the regions people are registered in and live in, held in memory
/// so that every list and export can show "通城县隽水镇城东社区" without a query.
#[derive(Debug, Default)]
pub struct RegionNames {
    names: std::collections::HashMap<String, String>,
    /// (parent code, normalised name) → code, for the 咸宁市 subtree.
    by_parent: std::collections::HashMap<(String, String), String>,
    /// "广东省深圳市南山区" and "深圳市南山区" → county code, for residence text.
    counties_by_name: std::collections::HashMap<String, String>,
}

/// "利和村委会", "利和村" and "利和" all name the same village; "七星社区居委会"
/// and "七星社区" the same community.
pub fn normalise_place(name: &str) -> String {
    let mut n = name.trim().to_owned();
    for suffix in [
        "村民委员会",
        "居民委员会",
        "社区居委会",
        "村委会",
        "居委会",
        "委员会",
        "社区",
        "村",
    ] {
        if let Some(stripped) = n.strip_suffix(suffix)
            && !stripped.is_empty()
        {
            n = stripped.to_owned();
            break;
        }
    }
    n
}

impl RegionNames {
    /// Provinces, cities and counties of China, and the 咸宁市 subtree.
    pub async fn load(conn: &impl ConnectionTrait) -> AppResult<Self> {
        let rows = region::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(region::Column::Level.lte(3))
                    .add(region::Column::Code.starts_with(crate::domain::CITY_CODE)),
            )
            .all(conn)
            .await?;
        Ok(Self::from_regions(
            rows.into_iter().map(|r| (r.code, r.name)),
        ))
    }

    /// Builds the lookups from `(code, name)` pairs: provinces, cities and
    /// counties of China and the 咸宁市 subtree, as [`Self::load`] selects them.
    pub fn from_regions(regions: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut out = Self {
            names: regions.into_iter().collect(),
            ..Default::default()
        };
        let codes: Vec<String> = out.names.keys().cloned().collect();
        for code in codes {
            let name = out.names[&code].clone();
            if code.starts_with(crate::domain::CITY_CODE) && code.len() >= 6 {
                let parent = match code.len() {
                    6 => &code[..4],
                    9 => &code[..6],
                    _ => &code[..9],
                };
                out.by_parent
                    .insert((parent.to_owned(), normalise_place(&name)), code.clone());
            }
            if code.len() == 6 {
                let full = out.full_name(&code);
                let city_and_county = out.chain(&code, 4);
                out.counties_by_name.insert(full, code.clone());
                out.counties_by_name.entry(city_and_county).or_insert(code);
            }
        }
        out
    }

    /// The child of `parent` with this name (suffixes such as 村委会 optional).
    pub fn find_child(&self, parent: &str, name: &str) -> Option<&str> {
        self.by_parent
            .get(&(parent.to_owned(), normalise_place(name)))
            .map(String::as_str)
    }

    /// A county-level code from text such as "广东省深圳市南山区" or "深圳市南山区".
    pub fn county_by_name(&self, text: &str) -> Option<&str> {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        self.counties_by_name.get(&text).map(String::as_str)
    }

    pub fn name(&self, code: &str) -> Option<&str> {
        self.names.get(code).map(String::as_str)
    }

    /// Every `(code, name)` held, for parsers that build their own lookups.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.names.iter().map(|(c, n)| (c.as_str(), n.as_str()))
    }

    /// The names from the county down, e.g. "通城县隽水镇城东社区".
    pub fn local_name(&self, code: &str) -> String {
        self.chain(code, 6)
    }

    /// The names from the province down, e.g. "广东省深圳市南山区".
    pub fn full_name(&self, code: &str) -> String {
        self.chain(code, 2)
    }

    fn chain(&self, code: &str, from_len: usize) -> String {
        let mut out = String::new();
        for len in [2, 4, 6, 9, 12] {
            if len < from_len || len > code.len() {
                continue;
            }
            if let Some(name) = self.name(&code[..len])
                && name != "市辖区"
                && name != "县"
            {
                out.push_str(name);
            }
        }
        out
    }
}
