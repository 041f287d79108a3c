//! Places as clerks type them, read against the region tree: a 籍贯 such as
//! “湖北省咸宁市通城县隽水镇油坊村5组”, “隽水镇利和村”, “宝塔” or “本村”, and a
//! 现居地 such as “上海浦东” or “深圳南山”. Names match with or without
//! 省/市/县/区/镇/乡/街道/村/社区/居委会; a short name counts only where it
//! names one place among its siblings.

use std::collections::HashMap;

use crate::domain::CITY_CODE;
use crate::service::region::RegionNames;

mod names;

use names::keys_of;
pub use names::normalise;

/// One region with the texts that name it, longest first.
#[derive(Debug, Clone)]
struct Place {
    code: String,
    parent: String,
    keys: Vec<String>,
}

/// Lookups built once per import from the loaded region names.
#[derive(Debug, Default)]
pub struct Places {
    counties: Vec<Place>,
    townships: Vec<Place>,
    villages: Vec<Place>,
    /// Provinces, cities and counties of China, for 现居地.
    provinces: Vec<Place>,
    cities: Vec<Place>,
    all_counties: Vec<Place>,
}

/// Why a 籍贯 could not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceError {
    /// Nothing in the text names a place of 咸宁市.
    NotFound(String),
    /// Names a place elsewhere in China.
    OutsideCity(String),
    /// Several villages of that name; the township is needed.
    Ambiguous(String),
}

impl PlaceError {
    pub fn message(&self) -> &str {
        match self {
            PlaceError::NotFound(m) | PlaceError::OutsideCity(m) | PlaceError::Ambiguous(m) => m,
        }
    }
}

/// Builds places of one level; a bare name shared by two siblings (七星村
/// and 七星社区) is kept for neither.
fn level(entries: &[(String, String)], parent_len: usize) -> Vec<Place> {
    let mut bare_count: HashMap<(String, String), usize> = HashMap::new();
    let mut staged = Vec::new();
    for (code, name) in entries {
        if name == "市辖区" || name == "县" {
            continue;
        }
        let parent = code.get(..parent_len).unwrap_or_default().to_owned();
        let (full, plain, bare) = keys_of(name);
        if let Some(b) = &bare {
            *bare_count.entry((parent.clone(), b.clone())).or_default() += 1;
        }
        staged.push((code.clone(), parent, full, plain, bare));
    }
    let plains: std::collections::HashSet<(String, String)> = staged
        .iter()
        .map(|(_, p, _, plain, _)| (p.clone(), plain.clone()))
        .collect();
    staged
        .into_iter()
        .map(|(code, parent, full, plain, bare)| {
            let mut keys = vec![full, plain];
            if let Some(b) = bare {
                let unique = bare_count.get(&(parent.clone(), b.clone())) == Some(&1)
                    && !plains.contains(&(parent.clone(), b.clone()));
                if unique {
                    keys.push(b);
                }
            }
            keys.sort_by_key(|k| std::cmp::Reverse(k.chars().count()));
            keys.dedup();
            Place { code, parent, keys }
        })
        .collect()
}

/// The places whose some key starts `text`, each with the longest such key's length in bytes.
fn prefixed<'a>(text: &str, places: impl Iterator<Item = &'a Place>) -> Vec<(&'a Place, usize)> {
    places
        .filter_map(|p| {
            p.keys
                .iter()
                .find(|k| text.starts_with(k.as_str()))
                .map(|k| (p, k.len()))
        })
        .collect()
}

/// What may follow a township when no village is named: nothing, or a 组/号 tail.
fn is_tail(rest: &str) -> bool {
    rest.is_empty()
        || rest.chars().all(|c| {
            c.is_ascii_digit() || "一二三四五六七八九十零〇组队号栋单元室楼村民小-#".contains(c)
        })
}

/// A parse of a 籍贯 text.
#[derive(Debug, Clone)]
struct Reading<'a> {
    code: &'a str,
    depth: u8,
    consumed: usize,
}

impl Places {
    pub fn new(names: &RegionNames) -> Self {
        let mut by_len: HashMap<usize, Vec<(String, String)>> = HashMap::new();
        for (code, name) in names.entries() {
            by_len
                .entry(code.len())
                .or_default()
                .push((code.to_owned(), name.to_owned()));
        }
        let local = |len: usize| -> Vec<(String, String)> {
            by_len
                .get(&len)
                .map(|v| {
                    v.iter()
                        .filter(|(c, _)| c.starts_with(CITY_CODE))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        };
        let all = |len: usize| by_len.get(&len).cloned().unwrap_or_default();
        Places {
            counties: level(&local(6), 4),
            townships: level(&local(9), 6),
            villages: level(&local(12), 9),
            provinces: level(&all(2), 0),
            cities: level(&all(4), 2),
            all_counties: level(&all(6), 4),
        }
    }

    /// The village or township of a 籍贯 text. `context` lists region
    /// prefixes to look for a village in when the text names no township,
    /// narrowest first (the sheet's township, the caller's scope); the whole
    /// city is always tried last.
    pub fn hometown(&self, text: &str, context: &[&str]) -> Result<Option<String>, PlaceError> {
        let mut t = normalise(text);
        for prefix in ["湖北省", "湖北", "咸宁市", "咸宁"] {
            if let Some(rest) = t.strip_prefix(prefix) {
                t = rest.to_owned();
            }
        }
        let t = t.trim_matches(|c: char| ",，、;；.。".contains(c));
        if t.is_empty() {
            return Ok(None);
        }
        let mut readings: Vec<Reading<'_>> = Vec::new();
        let mut county_opts: Vec<(Option<&Place>, usize)> = vec![(None, 0)];
        county_opts.extend(
            prefixed(t, self.counties.iter())
                .into_iter()
                .map(|(p, n)| (Some(p), n)),
        );
        for (county, n1) in county_opts {
            let rest = &t[n1..];
            let mut town_opts: Vec<(Option<&Place>, usize)> = vec![(None, 0)];
            let towns = self
                .townships
                .iter()
                .filter(|p| county.is_none_or(|c| p.parent == c.code));
            town_opts.extend(prefixed(rest, towns).into_iter().map(|(p, n)| (Some(p), n)));
            for (town, n2) in town_opts {
                let rest2 = &rest[n2..];
                let found: Vec<(&Place, usize)> = match (town, county) {
                    (Some(town), _) => prefixed(
                        rest2,
                        self.villages.iter().filter(|v| v.parent == town.code),
                    ),
                    (None, Some(county)) => prefixed(
                        rest2,
                        self.villages
                            .iter()
                            .filter(|v| v.code.starts_with(&county.code)),
                    ),
                    (None, None) => {
                        let mut found = Vec::new();
                        for prefix in context.iter().copied().chain([CITY_CODE]) {
                            found = prefixed(
                                rest2,
                                self.villages.iter().filter(|v| v.code.starts_with(prefix)),
                            );
                            if !found.is_empty() {
                                break;
                            }
                        }
                        found
                    }
                };
                let longest = found.iter().map(|(_, n)| *n).max();
                let best: Vec<&(&Place, usize)> =
                    found.iter().filter(|(_, n)| Some(*n) == longest).collect();
                if best.len() > 1 {
                    if town.is_none() {
                        // Only an error if nothing better reads the text.
                        readings.push(Reading {
                            code: "",
                            depth: 3,
                            consumed: n1 + n2 + longest.unwrap_or(0),
                        });
                    }
                    continue;
                }
                if let Some((village, n3)) = best.first() {
                    readings.push(Reading {
                        code: &village.code,
                        depth: 3,
                        consumed: n1 + n2 + n3,
                    });
                } else if let Some(town) = town {
                    if is_tail(rest2) {
                        readings.push(Reading {
                            code: &town.code,
                            depth: 2,
                            consumed: n1 + n2,
                        });
                    }
                } else if let Some(county) = county
                    && is_tail(rest2)
                {
                    readings.push(Reading {
                        code: &county.code,
                        depth: 1,
                        consumed: n1,
                    });
                }
            }
        }
        let best = readings
            .iter()
            .max_by_key(|r| (r.depth, r.consumed, !r.code.is_empty()));
        match best {
            Some(r) if r.code.is_empty() => Err(PlaceError::Ambiguous(format!(
                "“{text}”在咸宁市有多个同名的村（社区），请写上乡镇，如“隽水镇{t}”"
            ))),
            Some(r) if r.depth == 1 => Err(PlaceError::NotFound(format!(
                "籍贯“{text}”只写到县，请写到乡镇和村"
            ))),
            Some(r) => Ok(Some(r.code.to_owned())),
            None => {
                if self.outside_city(t) {
                    Err(PlaceError::OutsideCity(format!(
                        "籍贯“{text}”不在咸宁市，不属于本市乡贤登记范围"
                    )))
                } else {
                    Err(PlaceError::NotFound(self.not_found_message(text, t)))
                }
            }
        }
    }

    fn not_found_message(&self, text: &str, t: &str) -> String {
        // Say how far the text was understood: “隽水镇没有‘不存在村’”.
        for town in &self.townships {
            for k in &town.keys {
                if let Some(pos) = t.find(k.as_str()) {
                    let rest = &t[pos + k.len()..];
                    if !rest.is_empty() {
                        return format!("{}没有“{rest}”", k);
                    }
                }
            }
        }
        format!("找不到籍贯“{text}”，请写成“通城县隽水镇油坊村”这样的乡镇和村")
    }

    fn outside_city(&self, t: &str) -> bool {
        let elsewhere =
            |p: &&Place| !CITY_CODE.starts_with(p.code.as_str()) && !p.code.starts_with(CITY_CODE);
        prefixed(t, self.provinces.iter().filter(elsewhere)).len()
            + prefixed(t, self.cities.iter().filter(elsewhere)).len()
            + prefixed(
                t,
                self.all_counties
                    .iter()
                    .filter(|p| p.keys[0].chars().count() >= 3 && elsewhere(p)),
            )
            .len()
            > 0
    }

    /// The county-level code of a 现居地 text, or `None` when it names no
    /// county (“武汉”, “东莞长安”): the caller keeps the text.
    pub fn residence(&self, text: &str, hometown: Option<&str>) -> Option<String> {
        let t = normalise(text);
        if [
            "本地", "本村", "本镇", "本乡", "本县", "家乡", "老家", "在家", "当地", "原籍",
        ]
        .contains(&t.as_str())
        {
            return hometown.and_then(|h| h.get(..6)).map(str::to_owned);
        }
        if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
            return self
                .all_counties
                .iter()
                .find(|c| c.code == t)
                .map(|c| c.code.clone());
        }
        let provinces = prefixed(&t, self.provinces.iter());
        let (province, rest) = match provinces.first() {
            Some((p, n)) => (Some(*p), &t[*n..]),
            None => (None, t.as_str()),
        };
        let cities = prefixed(
            rest,
            self.cities
                .iter()
                .filter(|c| province.is_none_or(|p| c.parent == p.code)),
        );
        let (city, rest) = match cities.as_slice() {
            [(c, n)] => (Some(*c), &rest[*n..]),
            _ => (None, rest),
        };
        let counties = prefixed(
            rest,
            self.all_counties.iter().filter(|c| match (city, province) {
                (Some(city), _) => c.parent == city.code,
                (None, Some(p)) => c.code.starts_with(&p.code),
                // With neither, only a county's full name is safe enough.
                (None, None) => c.keys.first().is_some_and(|k| rest.starts_with(k.as_str())),
            }),
        );
        match counties.as_slice() {
            [(c, _)] => Some(c.code.clone()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
