//! The vocabulary the generator draws from: common names, where the
//! industry's people live, the plan's segments with real firms and phrases.

// Shared with search-index's benchmark, which cannot depend on this crate.
mod shared {
    include!("../../search-index/data/vocabulary.rs");
}

pub(super) use shared::{GIVEN_FEMALE, GIVEN_MALE, SCHOOLS, SEGMENTS, SURNAMES, TAGS, TITLES};

/// Where people of the industry live now: (county code, how often).
pub(super) const RESIDENCES: &[(&str, u32)] = &[
    ("440305", 14),
    ("440304", 6),
    ("440306", 6),
    ("440307", 5),
    ("441900", 10),
    ("420111", 8),
    ("420106", 5),
    ("420115", 4),
    ("310115", 7),
    ("330108", 5),
    ("110108", 5),
    ("320505", 4),
    ("440106", 5),
    ("421202", 6),
    ("430104", 3),
    ("360102", 2),
    ("441302", 3),
    ("510107", 2),
];
