//! Likely duplicates outside an import: the check a single create makes, and
//! the list organizers and staff review and merge. The one lookup by mobile
//! is [`by_mobile`], so that storing mobiles under a keyed hash changes one
//! function.

use std::collections::{BTreeMap, HashSet};

use pinyin::ToPinyin;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, Statement};
use serde::Serialize;

use super::ProfileAction;
use crate::auth::{CurrentUser, policy};
use crate::entity::profile;
use crate::error::{AppError, AppResult};
use crate::service::region::RegionNames;

/// Live profiles whose mobile is `mobile` (11 digits).
pub async fn by_mobile(
    conn: &impl ConnectionTrait,
    mobile: &str,
) -> AppResult<Vec<profile::Model>> {
    let Some(hash) = crate::crypto::mobile_hash(Some(mobile)) else {
        return Ok(Vec::new());
    };
    Ok(profile::Entity::find()
        .filter(profile::Column::MobileHash.eq(hash))
        .filter(profile::Column::DeletedAt.is_null())
        .all(conn)
        .await?)
}

/// Live profiles of this name from this hometown.
pub async fn by_name_and_hometown(
    conn: &impl ConnectionTrait,
    name: &str,
    hometown_code: &str,
) -> AppResult<Vec<profile::Model>> {
    Ok(profile::Entity::find()
        .filter(profile::Column::Name.eq(name))
        .filter(profile::Column::HometownCode.eq(hometown_code))
        .filter(profile::Column::DeletedAt.is_null())
        .all(conn)
        .await?)
}

/// On PostgreSQL, serialises creates of the same person (name and hometown,
/// and mobile) until the transaction ends, so that two simultaneous identical
/// posts see each other. SQLite writers are serialised already.
pub async fn lock_keys(
    conn: &impl ConnectionTrait,
    name: &str,
    hometown_code: &str,
    mobile: Option<&str>,
) -> AppResult<()> {
    if conn.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let mut keys = vec![key(&format!("nv:{name}:{hometown_code}"))];
    if let Some(m) = mobile {
        keys.push(key(&format!("m:{m}")));
    }
    keys.sort_unstable();
    for k in keys {
        conn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [k.into()],
        ))
        .await?;
    }
    Ok(())
}

/// A stable 64-bit key (FNV-1a): the same in every instance and release.
fn key(text: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    i64::from_ne_bytes(h.to_ne_bytes())
}

/// What a create found.
pub enum Found {
    None,
    /// A record the caller may read: 409 with its id.
    Readable {
        id: i64,
        by_mobile: bool,
    },
    /// Only records the caller may not read: a warning `force` overrides.
    Hidden {
        id: i64,
        by_mobile: bool,
    },
}

/// Looks for the person among the live profiles, as an import does: same
/// name and hometown, or same mobile.
pub async fn find_for_create(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    name: &str,
    hometown_code: &str,
    mobile: Option<&str>,
) -> AppResult<Found> {
    let named = by_name_and_hometown(conn, name, hometown_code).await?;
    let phoned = match mobile {
        Some(m) => by_mobile(conn, m).await?,
        None => Vec::new(),
    };
    let readable = |p: &profile::Model| policy::profile(actor, p, ProfileAction::Read).is_ok();
    if let Some(p) = phoned.iter().find(|p| readable(p)) {
        return Ok(Found::Readable {
            id: p.id,
            by_mobile: true,
        });
    }
    if let Some(p) = named.iter().find(|p| readable(p)) {
        return Ok(Found::Readable {
            id: p.id,
            by_mobile: false,
        });
    }
    if let Some(p) = named.first() {
        return Ok(Found::Hidden {
            id: p.id,
            by_mobile: false,
        });
    }
    if let Some(p) = phoned.first() {
        return Ok(Found::Hidden {
            id: p.id,
            by_mobile: true,
        });
    }
    Ok(Found::None)
}

/// The errors of [`Found`].
pub fn readable_duplicate(id: i64) -> AppError {
    AppError::Duplicate {
        existing_id: Some(id),
        message: format!(
            "已有相同的档案（档案 {id}），请打开核对；确属不同的人时可加 \"force\": true 重新提交"
        ),
    }
}

pub fn hidden_duplicate() -> AppError {
    AppError::Duplicate {
        existing_id: None,
        message:
            "可能与辖区外档案重复，请联系上级核实；确认不是同一人时可加 \"force\": true 重新提交"
                .into(),
    }
}

/// One group of likely duplicates.
#[derive(Debug, Serialize)]
pub struct DuplicateGroup {
    /// `name_hometown` · `mobile` · `pinyin`.
    pub kind: &'static str,
    pub reason: String,
    pub profiles: Vec<DuplicateItem>,
}

#[derive(Debug, Serialize)]
pub struct DuplicateItem {
    pub id: i64,
    pub name: String,
    pub hometown_code: String,
    pub hometown: String,
    pub verified: bool,
    pub claimed: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Serialize)]
pub struct DuplicatePage {
    pub total: u64,
    pub items: Vec<DuplicateGroup>,
}

/// The name as toneless pinyin syllables (张伟 and 章伟 both `zhang wei`).
fn pinyin_key(name: &str) -> String {
    name.chars()
        .map(|c| {
            c.to_pinyin()
                .map(|p| p.plain().to_owned())
                .unwrap_or_else(|| c.to_lowercase().collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Likely duplicates among the profiles the caller may list (organizers,
/// staff, administrators): same name and hometown, same mobile, and names that
/// sound the same in the same hometown.
pub async fn likely_in_scope(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    names: &RegionNames,
    page: u64,
    per_page: u64,
) -> AppResult<DuplicatePage> {
    let scope = policy::profile_list(actor)?;
    if page == 0 || page > 100_000 {
        return Err(AppError::invalid("page", "页码从 1 开始"));
    }
    if per_page == 0 || per_page > 100 {
        return Err(AppError::invalid("per_page", "每页 1–100 条"));
    }
    let mut query = profile::Entity::find()
        .filter(profile::Column::HometownCode.starts_with(&scope.prefix))
        .filter(profile::Column::DeletedAt.is_null());
    if scope.listed_only {
        query = query.filter(profile::Column::Listed.eq(true));
    }
    let rows = query.all(conn).await?;
    let item = |p: &profile::Model| DuplicateItem {
        id: p.id,
        name: p.name.clone(),
        hometown_code: p.hometown_code.clone(),
        hometown: names.local_name(&p.hometown_code),
        verified: p.verified,
        claimed: p.owner_user_id.is_some(),
        updated_at: p.updated_at,
    };
    let mut by_name: BTreeMap<(String, String), Vec<&profile::Model>> = BTreeMap::new();
    let mut by_phone: BTreeMap<String, Vec<&profile::Model>> = BTreeMap::new();
    let mut by_sound: BTreeMap<(String, String), Vec<&profile::Model>> = BTreeMap::new();
    for p in &rows {
        by_name
            .entry((p.hometown_code.clone(), p.name.clone()))
            .or_default()
            .push(p);
        if let Some(m) = &p.mobile {
            by_phone.entry(String::from(m.clone())).or_default().push(p);
        }
        by_sound
            .entry((p.hometown_code.clone(), pinyin_key(&p.name)))
            .or_default()
            .push(p);
    }
    let mut groups = Vec::new();
    for ((_, name), ps) in by_name.iter().filter(|(_, ps)| ps.len() > 1) {
        groups.push(DuplicateGroup {
            kind: "name_hometown",
            reason: format!("同村同名：{name}"),
            profiles: ps.iter().map(|p| item(p)).collect(),
        });
    }
    for ps in by_phone.values().filter(|ps| ps.len() > 1) {
        groups.push(DuplicateGroup {
            kind: "mobile",
            reason: "手机号相同".into(),
            profiles: ps.iter().map(|p| item(p)).collect(),
        });
    }
    for ((_, sound), ps) in &by_sound {
        let distinct: HashSet<&str> = ps.iter().map(|p| p.name.as_str()).collect();
        if distinct.len() > 1 {
            groups.push(DuplicateGroup {
                kind: "pinyin",
                reason: format!("同村姓名读音相同（{sound}）"),
                profiles: ps.iter().map(|p| item(p)).collect(),
            });
        }
    }
    let total = groups.len() as u64;
    let skip = usize::try_from((page - 1) * per_page).unwrap_or(usize::MAX);
    let take = usize::try_from(per_page).unwrap_or(100);
    Ok(DuplicatePage {
        total,
        items: groups.into_iter().skip(skip).take(take).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_sound_alike_share_a_key() {
        assert_eq!(pinyin_key("张伟"), pinyin_key("章伟"));
        assert_ne!(pinyin_key("张伟"), pinyin_key("张卫东"));
    }

    #[test]
    fn lock_keys_are_stable() {
        assert_eq!(key("nv:张伟:421222100201"), key("nv:张伟:421222100201"));
        assert_ne!(key("a"), key("b"));
    }
}
