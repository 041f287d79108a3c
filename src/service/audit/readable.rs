//! The audit log as a clerk reads it: the record named (乡贤档案 张伟 #2627), the action in
//! words, and each change as a Chinese field name with its value before and after. The page
//! and the export show the same rows.

use serde::Serialize;
use serde_json::Value;

use crate::domain::labels::{self, action_label, entity_label};
use crate::domain::money::Fen;
use crate::entity::audit_event;
use crate::region::RegionNames;

/// One event in words.
#[derive(Debug, Serialize)]
pub struct ReadableEvent {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_name: String,
    pub action: String,
    pub action_label: String,
    pub entity: String,
    /// 乡贤档案 张伟 #2627; 账号 #3; 请求.
    pub record: String,
    /// Where the record can be opened, when it still exists and has a page.
    pub link: Option<String>,
    pub detail: String,
    pub changes: Vec<Change>,
    pub client_addr: String,
}

/// One field of a record as it was and as it became ("" when it had no value).
#[derive(Debug, PartialEq, Serialize)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Bookkeeping members of a snapshot that say nothing to a reader.
const QUIET: &[&str] = &["version", "updated_at", "created_at", "id"];

pub fn readable(e: &audit_event::Model, regions: &RegionNames) -> ReadableEvent {
    let before = e.before.as_ref().and_then(|s| parse(s.as_str()));
    let after = e.after.as_ref().and_then(|s| parse(s.as_str()));
    let kind = entity_label(&e.entity).map_or_else(|| e.entity.clone(), str::to_owned);
    let name = [&after, &before]
        .into_iter()
        .flatten()
        .find_map(|s| {
            ["name", "title", "username"]
                .iter()
                .find_map(|k| s[k].as_str())
        })
        .filter(|n| !n.is_empty());
    let record = match (&e.entity_id, name) {
        (Some(id), Some(name)) => format!("{kind} {name} #{id}"),
        (Some(id), None) => format!("{kind} #{id}"),
        (None, _) => kind,
    };
    ReadableEvent {
        id: e.id,
        at: e.at,
        actor_name: e.actor_name.clone(),
        action: e.action.clone(),
        action_label: action_label(&e.action).map_or_else(|| e.action.clone(), str::to_owned),
        entity: e.entity.clone(),
        record,
        link: link(&e.entity, e.entity_id.as_deref(), &e.action),
        detail: e.detail.clone(),
        changes: changes(&e.entity, before.as_ref(), after.as_ref(), regions),
        client_addr: e.client_addr.clone(),
    }
}

fn parse(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok().filter(Value::is_object)
}

fn link(entity: &str, id: Option<&str>, action: &str) -> Option<String> {
    let id: i64 = id?.parse().ok()?;
    let base = match entity {
        "profile" => "/profiles",
        "project" => "/projects",
        "incubator" => "/incubators",
        "opening" => "/openings",
        "application" => "/applications",
        "pipeline_entry" => "/pipeline",
        _ => return None,
    };
    (action != "delete").then(|| format!("{base}/{id}"))
}

/// The members that differ between `before` and `after` (all of them for a creation or a
/// deletion), in the order the snapshot lists them.
pub fn changes(
    entity: &str,
    before: Option<&Value>,
    after: Option<&Value>,
    regions: &RegionNames,
) -> Vec<Change> {
    let empty = serde_json::Map::new();
    let b = before.and_then(Value::as_object).unwrap_or(&empty);
    let a = after.and_then(Value::as_object).unwrap_or(&empty);
    let mut keys: Vec<&String> = a.keys().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
    keys.into_iter()
        .filter(|k| !QUIET.contains(&k.as_str()))
        .filter(|k| b.get(*k) != a.get(*k))
        .map(|k| {
            let (field, list) = labels::field_of(entity, k).unwrap_or(("", None));
            Change {
                field: if field.is_empty() {
                    k.clone()
                } else {
                    field.to_owned()
                },
                before: shown(k, list, b.get(k), regions),
                after: shown(k, list, a.get(k), regions),
            }
        })
        .filter(|c| c.before != c.after)
        .collect()
}

/// A value in words: codes as their labels, regions by name, money in 元, yes or no.
fn shown(key: &str, list: Option<&str>, value: Option<&Value>, regions: &RegionNames) -> String {
    let word = |code: &str| match list {
        Some(kind) => labels::label(code, kind).map_or_else(|| code.to_owned(), str::to_owned),
        None if key.ends_with("_code") || key == "scope" => regions
            .name(code)
            .map_or_else(|| code.to_owned(), |_| regions.full_name(code)),
        None => code.to_owned(),
    };
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::Bool(true)) => "是".into(),
        Some(Value::Bool(false)) => "否".into(),
        Some(Value::Number(n)) if key.ends_with("_fen") => n
            .as_i64()
            .map_or_else(|| n.to_string(), |f| format!("{} 元", Fen(f))),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => match serde_json::from_str::<Vec<String>>(s) {
            // Lists kept as JSON text in their column (chains, intents, tags).
            Ok(items) if s.starts_with('[') => {
                items.iter().map(|i| word(i)).collect::<Vec<_>>().join("、")
            }
            _ => word(s),
        },
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), &word))
            .collect::<Vec<_>>()
            .join("、"),
        Some(other) => other.to_string(),
    }
}
