//! The personal-data download made readable: lists as JSON arrays (not JSON inside strings),
//! times in 咸宁's time zone (+08:00), and a version with Chinese keys for the person to read.

use chrono::DateTime;
use serde_json::{Map, Value};

/// Columns stored as a JSON list in a string.
const LIST_KEYS: [&str; 3] = ["chains", "intents", "tags"];

/// Chinese names of the keys of the download (others keep their name).
const LABELS: [(&str, &str); 52] = [
    ("exported_at", "导出时间"),
    ("account", "账号"),
    ("profiles", "乡贤档案"),
    ("applications", "入驻申请"),
    ("pipeline_entries", "对接记录"),
    ("notices", "站内通知"),
    ("api_tokens", "接口令牌"),
    ("audit_events_about_my_profile", "与我的档案有关的操作记录"),
    ("id", "编号"),
    ("username", "用户名"),
    ("role", "角色"),
    ("display_name", "显示名"),
    ("created_at", "创建时间"),
    ("updated_at", "修改时间"),
    ("deleted_at", "删除时间"),
    ("name", "姓名"),
    ("gender", "性别"),
    ("birth_year", "出生年份"),
    ("hometown_code", "籍贯代码"),
    ("county_code", "县市区代码"),
    ("residence_code", "现居地代码"),
    ("employer", "工作单位"),
    ("title", "职务职称"),
    ("education", "学历"),
    ("chains", "产业领域"),
    ("expertise", "专长"),
    ("bio", "简介"),
    ("intents", "回乡意向"),
    ("capital_range", "投资规模"),
    ("mobile", "手机"),
    ("wechat", "微信"),
    ("email", "电子邮箱"),
    ("consent_match", "同意对接"),
    ("consent_basis", "同意方式"),
    ("consent_at", "同意时间"),
    ("listed", "公开"),
    ("tier", "人才层级"),
    ("verified", "已核实"),
    ("verified_at", "核实时间"),
    ("last_confirmed_at", "最近确认时间"),
    ("tags", "标签"),
    ("version", "版本"),
    ("status", "状态"),
    ("plan", "创业计划"),
    ("team_size", "团队人数"),
    ("note", "备注"),
    ("kind", "类型"),
    ("message", "内容"),
    ("action", "操作"),
    ("entity", "对象"),
    ("detail", "说明"),
    ("at", "时间"),
];

/// Lists as arrays and times in +08:00, everywhere in `value`.
pub fn readable(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(s) if LIST_KEYS.contains(&k.as_str()) => {
                            match serde_json::from_str::<Value>(&s) {
                                Ok(list @ Value::Array(_)) => list,
                                _ => Value::String(s),
                            }
                        }
                        other => readable(other),
                    };
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(readable).collect()),
        Value::String(s) => Value::String(local_time(&s).unwrap_or(s)),
        other => other,
    }
}

/// An RFC 3339 instant as +08:00 (`2026-12-07T02:00:00Z` → `2026-12-07T10:00:00+08:00`).
fn local_time(s: &str) -> Option<String> {
    // Only values that look like instants: a date, a `T` and a zone.
    if s.len() < 20 || s.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    let at = DateTime::parse_from_rfc3339(s).ok()?;
    Some(
        at.with_timezone(&super::fields::china())
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
    )
}

/// [`readable`] with Chinese keys, for the person to read.
pub fn chinese(value: Value) -> Value {
    fn relabel(value: Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut out = Map::new();
                for (k, v) in map {
                    let label = LABELS
                        .iter()
                        .find(|(key, _)| *key == k)
                        .map_or(k.clone(), |(_, l)| (*l).to_owned());
                    out.insert(label, relabel(v));
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.into_iter().map(relabel).collect()),
            other => other,
        }
    }
    relabel(readable(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_become_arrays_and_times_china_time() {
        let v = readable(
            json!({"profiles": [{"chains": "[\"optical.fiber\"]", "tags": "[]",
            "name": "张伟", "created_at": "2026-12-07T02:00:00Z", "bio": "2026-12-07T02:00:00Z 之前"}]}),
        );
        assert_eq!(v["profiles"][0]["chains"], json!(["optical.fiber"]));
        assert_eq!(v["profiles"][0]["tags"], json!([]));
        assert_eq!(v["profiles"][0]["created_at"], "2026-12-07T10:00:00+08:00");
        assert_eq!(v["profiles"][0]["bio"], "2026-12-07T02:00:00Z 之前");
        let zh = chinese(json!({"profiles": [{"name": "张伟", "intents": "[\"invest\"]"}]}));
        assert_eq!(zh["乡贤档案"][0]["姓名"], "张伟");
        assert_eq!(zh["乡贤档案"][0]["回乡意向"], json!(["invest"]));
    }
}
