//! From a profile row to the document the index holds.

use sea_orm::DerivePartialModel;
use search_index::ProfileDoc;

use crate::domain::company;
use crate::entity::json_list::from_json_list;
use crate::entity::profile;
use crate::region::RegionNames;

/// Whether a profile belongs in the index at all: live and listed. Unlisted
/// profiles never appear in search or matching, for anyone.
pub fn indexable(p: &profile::Model) -> bool {
    p.deleted_at.is_none() && p.merged_into.is_none() && p.listed
}

/// The columns of a profile the index is built from. A full rebuild reads only these, for
/// indexable rows only (the query says which), so it decodes no dates and no contacts.
#[derive(Debug, DerivePartialModel)]
#[sea_orm(entity = "profile::Entity")]
pub struct IndexRow {
    pub id: i64,
    pub version: i32,
    pub name: String,
    pub hometown_code: String,
    pub residence_code: Option<String>,
    pub employer: String,
    pub title: String,
    pub expertise: String,
    pub bio: String,
    pub tags: String,
    pub chains: String,
    pub intents: String,
    /// Decrypted here; the index holds the range (a matching attribute), never contacts.
    pub capital_range: Option<crate::crypto::Sealed>,
    pub verified: bool,
    pub consent_match: bool,
    pub tier: String,
}

impl IndexRow {
    fn of(p: &profile::Model) -> IndexRow {
        IndexRow {
            id: p.id,
            version: p.version,
            name: p.name.clone(),
            hometown_code: p.hometown_code.clone(),
            residence_code: p.residence_code.clone(),
            employer: p.employer.clone(),
            title: p.title.clone(),
            expertise: p.expertise.clone(),
            bio: p.bio.clone(),
            tags: p.tags.clone(),
            chains: p.chains.clone(),
            intents: p.intents.clone(),
            capital_range: p.capital_range.clone(),
            verified: p.verified,
            consent_match: p.consent_match,
            tier: p.tier.clone(),
        }
    }
}

pub fn profile_doc(p: &profile::Model, names: &RegionNames) -> ProfileDoc {
    row_doc(IndexRow::of(p), names)
}

/// The document of an indexable row (consumes it: a rebuild makes a million of these).
pub fn row_doc(p: IndexRow, names: &RegionNames) -> ProfileDoc {
    let mut path = Vec::new();
    for len in [4, 6, 9, 12] {
        if let Some(name) = p.hometown_code.get(..len).and_then(|code| names.name(code)) {
            path.push(name);
        }
    }
    ProfileDoc {
        id: p.id,
        version: i64::from(p.version),
        hometown_names: path.join(" "),
        residence_name: p
            .residence_code
            .as_deref()
            .map(|c| names.full_name(c))
            .unwrap_or_default(),
        employer_keys: company::employer_keys(&p.employer),
        name: p.name,
        hometown_code: p.hometown_code,
        employer: p.employer,
        title: p.title,
        expertise: p.expertise,
        bio: p.bio,
        tags: from_json_list(&p.tags),
        chains: from_json_list(&p.chains),
        intents: from_json_list(&p.intents),
        capital_range: p.capital_range.map(String::from).unwrap_or_default(),
        verified: p.verified,
        consent_match: p.consent_match,
        tier: p.tier,
    }
}
