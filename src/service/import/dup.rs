//! The registry side of duplicate detection, in two batched queries per
//! import: the people of the file's villages, and the people holding the
//! file's mobiles.

use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

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

/// Live profiles of each (village, name) of `pairs`, the name as the file spells it or
/// without its spaces: a batch of a large import, whose rows touch most villages, loads
/// only the people it could repeat — the exact pairs, on the (village, name) index, not
/// everyone of those villages bearing any of those names.
pub async fn by_village_and_name(
    conn: &impl ConnectionTrait,
    pairs: &[(String, String)],
) -> AppResult<Vec<profile::Model>> {
    let mut wanted: Vec<(String, String)> = Vec::with_capacity(pairs.len() * 2);
    for (village, name) in pairs {
        wanted.push((village.clone(), name.clone()));
        let key = name_key(name);
        if key != *name {
            wanted.push((village.clone(), key));
        }
    }
    wanted.sort();
    wanted.dedup();
    let mut out = Vec::new();
    for chunk in wanted.chunks(CHUNK / 2) {
        let any = chunk.iter().fold(Condition::any(), |any, (village, name)| {
            any.add(
                Condition::all()
                    .add(profile::Column::HometownCode.eq(village.as_str()))
                    .add(profile::Column::Name.eq(name.as_str())),
            )
        });
        out.extend(
            profile::Entity::find()
                .filter(any)
                .filter(profile::Column::DeletedAt.is_null())
                .all(conn)
                .await?,
        );
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
