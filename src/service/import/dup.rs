//! The registry side of duplicate detection, in two batched queries per
//! import: the people of the file's villages, and the people holding the
//! file's mobiles.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::entity::profile;
use crate::error::AppResult;

/// Rows per `IN (…)` list, well under both databases' limits on bound values.
const CHUNK: usize = 500;

/// A name compared without spaces (“孟  云” is 孟云).
pub fn name_key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Live profiles whose hometown is one of `codes`.
pub async fn in_villages(
    conn: &impl ConnectionTrait,
    codes: &[String],
) -> AppResult<Vec<profile::Model>> {
    let mut out = Vec::new();
    for chunk in codes.chunks(CHUNK) {
        out.extend(
            profile::Entity::find()
                .filter(profile::Column::HometownCode.is_in(chunk.iter().cloned()))
                .filter(profile::Column::DeletedAt.is_null())
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

/// Live profiles of `codes` named one of `names` (as stored, or with the
/// name as the file spells it): a batch of a large import, whose rows touch
/// most villages, loads only the people it could repeat.
pub async fn in_villages_named(
    conn: &impl ConnectionTrait,
    codes: &[String],
    names: &[String],
) -> AppResult<Vec<profile::Model>> {
    let mut out = Vec::new();
    for codes in codes.chunks(CHUNK) {
        for names in names.chunks(CHUNK) {
            out.extend(
                profile::Entity::find()
                    .filter(profile::Column::HometownCode.is_in(codes.iter().cloned()))
                    .filter(profile::Column::Name.is_in(names.iter().cloned()))
                    .filter(profile::Column::DeletedAt.is_null())
                    .all(conn)
                    .await?,
            );
        }
    }
    Ok(out)
}

/// Live profiles holding one of `mobiles` (11 digits), anywhere in the
/// registry. The one place the import looks profiles up by mobile: contacts are
/// encrypted at rest, so the lookup is by their keyed hash.
pub async fn by_mobiles(
    conn: &impl ConnectionTrait,
    mobiles: &[String],
) -> AppResult<Vec<profile::Model>> {
    let hashes: Vec<Vec<u8>> = mobiles
        .iter()
        .filter_map(|m| crate::crypto::mobile_hash(Some(m)))
        .collect();
    let mut out = Vec::new();
    for chunk in hashes.chunks(CHUNK) {
        out.extend(
            profile::Entity::find()
                .filter(profile::Column::MobileHash.is_in(chunk.iter().cloned()))
                .filter(profile::Column::DeletedAt.is_null())
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}
