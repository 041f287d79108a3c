//! Turning a [`ProfileDoc`] into a tantivy document.

use tantivy::TantivyDocument;

use crate::analysis::{name_pinyin, place_pinyin};
use crate::model::ProfileDoc;
use crate::schema::Fields;

/// Lengths of the ancestor codes in the national division scheme (province, city, county,
/// township, village).
const CODE_LEVELS: [usize; 5] = [2, 4, 6, 9, 12];
/// Bits of the rank key left for the id.
const ID_BITS: u32 = 60;

/// The default order of hits when a search has no text: verified first, then tier (renowned >
/// key > normal), then newest (highest) id. Packed into one u64 so a single fast-field sort
/// does it.
pub(crate) fn rank_key(verified: bool, tier: &str, id: i64) -> u64 {
    let tier_rank: u64 = match tier {
        "renowned" => 2,
        "key" => 1,
        _ => 0,
    };
    let id_part = u64::try_from(id).unwrap_or(0).min((1u64 << ID_BITS) - 1);
    (u64::from(verified) << (ID_BITS + 2)) | (tier_rank << ID_BITS) | id_part
}

/// The codes a hometown code lies under, itself included: 421222100201 →
/// 42, 4212, 421222, 421222100, 421222100201.
pub(crate) fn region_terms(code: &str) -> Vec<&str> {
    let code = code.trim();
    if code.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if code.bytes().all(|b| b.is_ascii_digit()) {
        out.extend(
            CODE_LEVELS
                .iter()
                .filter(|&&n| n < code.len())
                .map(|&n| &code[..n]),
        );
    }
    out.push(code);
    out
}

/// The 6-digit county code of a hometown code, if it has one.
pub(crate) fn county_of(code: &str) -> Option<&str> {
    let code = code.trim();
    (code.len() >= 6 && code.bytes().all(|b| b.is_ascii_digit())).then(|| &code[..6])
}

/// Builds the indexed form of `doc` (consumes it to avoid copying its texts).
pub(crate) fn to_document(f: &Fields, doc: ProfileDoc) -> TantivyDocument {
    let mut d = TantivyDocument::new();
    d.add_i64(f.id, doc.id);
    d.add_i64(f.version, doc.version);
    d.add_u64(f.rank, rank_key(doc.verified, &doc.tier, doc.id));
    d.add_bool(f.consent, doc.consent_match);

    let py = name_pinyin(&doc.name);
    if !py.is_empty() {
        d.add_text(f.name_py, py);
    }
    let py = place_pinyin(&doc.hometown_names);
    if !py.is_empty() {
        d.add_text(f.hometown_py, py);
    }

    for code in region_terms(&doc.hometown_code) {
        d.add_text(f.region, code);
    }
    if let Some(county) = county_of(&doc.hometown_code) {
        d.add_text(f.county_facet, county);
    }

    let mut chain_terms: Vec<&str> = Vec::new();
    for seg in &doc.chains {
        let seg = seg.trim();
        if seg.is_empty() {
            continue;
        }
        chain_terms.push(seg);
        if let Some((chain, _)) = seg.split_once('.') {
            chain_terms.push(chain);
        }
    }
    chain_terms.sort_unstable();
    chain_terms.dedup();
    for t in &chain_terms {
        d.add_text(f.chain, t);
    }
    let mut segments: Vec<&str> = doc
        .chains
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    segments.sort_unstable();
    segments.dedup();
    for s in segments {
        d.add_text(f.segment_facet, s);
    }

    for intent in &doc.intents {
        d.add_text(f.intent, intent.trim());
    }
    if !doc.capital_range.trim().is_empty() {
        d.add_text(f.capital, doc.capital_range.trim());
    }
    d.add_text(
        f.flags,
        if doc.verified {
            "verified"
        } else {
            "unverified"
        },
    );
    d.add_text(
        f.flags,
        if doc.consent_match {
            "consent"
        } else {
            "no_consent"
        },
    );

    for (field, value) in [
        (f.name, doc.name),
        (f.employer, doc.employer),
        (f.title, doc.title),
        (f.expertise, doc.expertise),
        (f.bio, doc.bio),
        (f.hometown, doc.hometown_names),
        (f.residence, doc.residence_name),
    ] {
        if !value.is_empty() {
            d.add_text(field, value);
        }
    }
    for tag in doc.tags {
        if !tag.is_empty() {
            d.add_text(f.tags, tag);
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_orders_verified_then_tier_then_id() {
        assert!(rank_key(true, "normal", 1) > rank_key(false, "renowned", 99));
        assert!(rank_key(false, "renowned", 1) > rank_key(false, "key", 99));
        assert!(rank_key(false, "key", 1) > rank_key(false, "normal", 99));
        assert!(rank_key(false, "normal", 2) > rank_key(false, "normal", 1));
        assert_eq!(rank_key(false, "normal", -5), 0);
    }

    #[test]
    fn region_terms_are_the_ancestors() {
        assert_eq!(
            region_terms("421222100201"),
            vec!["42", "4212", "421222", "421222100", "421222100201"]
        );
        assert_eq!(
            region_terms("421222100"),
            vec!["42", "4212", "421222", "421222100"]
        );
        assert_eq!(region_terms("x1"), vec!["x1"]);
        assert!(region_terms(" ").is_empty());
        assert_eq!(county_of("421222100"), Some("421222"));
        assert_eq!(county_of("4212"), None);
    }
}
