//! From a profile row to the document the index holds.

use search_index::ProfileDoc;

use crate::entity::profile;
use crate::service::profile::input::from_json_list;
use crate::service::region::RegionNames;

/// Whether a profile belongs in the index at all: live and listed. Unlisted
/// profiles never appear in search or matching, for anyone.
pub fn indexable(p: &profile::Model) -> bool {
    p.deleted_at.is_none() && p.merged_into.is_none() && p.listed
}

pub fn profile_doc(p: &profile::Model, names: &RegionNames) -> ProfileDoc {
    let mut path = Vec::new();
    for len in [4, 6, 9, 12] {
        if let Some(name) = p.hometown_code.get(..len).and_then(|code| names.name(code)) {
            path.push(name);
        }
    }
    ProfileDoc {
        id: p.id,
        version: i64::from(p.version),
        name: p.name.clone(),
        hometown_code: p.hometown_code.clone(),
        hometown_names: path.join(" "),
        residence_name: p
            .residence_code
            .as_deref()
            .map(|c| names.full_name(c))
            .unwrap_or_default(),
        employer: p.employer.clone(),
        title: p.title.clone(),
        expertise: p.expertise.clone(),
        bio: p.bio.clone(),
        tags: from_json_list(&p.tags),
        chains: from_json_list(&p.chains),
        intents: from_json_list(&p.intents),
        capital_range: p.capital_range.clone().unwrap_or_default(),
        verified: p.verified,
        consent_match: p.consent_match,
        tier: p.tier.clone(),
        employer_keys: crate::service::matching::company::employer_keys(&p.employer),
    }
}
