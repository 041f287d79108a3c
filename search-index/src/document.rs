//! Turning a [`ProfileDoc`] into a tantivy document.

use tantivy::TantivyDocument;

use crate::analysis::{Part, tag_into};
use crate::model::ProfileDoc;
use crate::schema::Fields;

/// Lengths of the ancestor codes in the national division scheme (city, county, township,
/// village); the province is left out, every profile shares it.
const CODE_LEVELS: [usize; 4] = [4, 6, 9, 12];
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
/// 4212, 421222, 421222100, 421222100201.
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

/// How many times the terms of a part count: a name match must beat a passing mention in a
/// biography, and expertise says more than a biography. (For a name only the whole name and
/// its words count `NAME` times, not its single characters.)
const NAME: u8 = 3;
const STRONG: u8 = 2;
const NORMAL: u8 = 1;

/// Builds the indexed form of `doc` (consumes it to avoid copying its texts).
pub(crate) fn to_document(f: &Fields, doc: ProfileDoc) -> TantivyDocument {
    let mut d = TantivyDocument::new();
    d.add_i64(f.id, doc.id);
    d.add_i64(f.version, doc.version);
    d.add_u64(f.rank, rank_key(doc.verified, &doc.tier, doc.id));
    d.add_bool(f.consent, doc.consent_match);
    let mut buf = String::new();

    for (part, weight, text) in [
        (Part::Text, STRONG, doc.expertise.as_str()),
        (Part::Text, NORMAL, &doc.title),
        (Part::Text, NORMAL, &doc.employer),
        (Part::Text, NORMAL, &doc.bio),
    ] {
        if !text.trim().is_empty() {
            tag_into(&mut buf, part, weight, text);
            d.add_text(f.what, &buf);
        }
    }
    let mut who = vec![
        (Part::Name, NAME, doc.name.as_str()),
        (Part::NamePinyin, NORMAL, doc.name.as_str()),
        (Part::Text, NORMAL, &doc.hometown_names),
        (Part::PlacePinyin, NORMAL, &doc.hometown_names),
        (Part::Text, NORMAL, &doc.residence_name),
    ];
    who.extend(doc.tags.iter().map(|t| (Part::Text, NORMAL, t.as_str())));
    for (part, weight, text) in who {
        if !text.trim().is_empty() {
            tag_into(&mut buf, part, weight, text);
            d.add_text(f.who, &buf);
        }
    }

    for code in region_terms(&doc.hometown_code) {
        d.add_text(f.region, code);
    }

    let mut segments: Vec<&str> = doc
        .chains
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    segments.sort_unstable();
    segments.dedup();
    let mut chain_terms: Vec<&str> = segments.clone();
    chain_terms.extend(
        segments
            .iter()
            .filter_map(|s| s.split_once('.'))
            .map(|(chain, _)| chain),
    );
    chain_terms.sort_unstable();
    chain_terms.dedup();
    for t in chain_terms {
        d.add_text(f.chain, t);
    }

    for intent in &doc.intents {
        d.add_text(f.intent, intent.trim());
    }
    for key in &doc.employer_keys {
        if !key.is_empty() {
            d.add_text(f.employer_key, key);
        }
    }
    // The match-scoring attributes; an empty one is left out and reads back as "".
    for (field, value) in [
        (f.home, &doc.hometown_code),
        (f.employer, &doc.employer),
        (f.title, &doc.title),
        (f.tier, &doc.tier),
    ] {
        if !value.trim().is_empty() {
            d.add_text(field, value.trim());
        }
    }
    for s in &segments {
        d.add_text(f.segments, s);
    }
    d.add_bool(f.verified, doc.verified);
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
            vec!["4212", "421222", "421222100", "421222100201"]
        );
        assert_eq!(
            region_terms("421222100"),
            vec!["4212", "421222", "421222100"]
        );
        assert_eq!(region_terms("x1"), vec!["x1"]);
        assert!(region_terms(" ").is_empty());
    }
}
