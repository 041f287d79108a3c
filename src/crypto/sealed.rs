//! `Sealed`: a text column stored encrypted. In Rust it is the plain text (it derefs to
//! `str` and serialises as a string); the database only ever receives and holds ciphertext.

use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable, Value};
use serde::{Deserialize, Serialize};

use super::keyring;

/// Plain text that is sealed when written and opened when read.
///
/// The ciphertext is made once per value and shared by its clones (sea-orm converts a
/// column to a `Value` several times while building one insert), and a value read from the
/// database keeps the ciphertext it was read from, so writing it back unchanged re-uses it.
#[derive(Clone, Default)]
pub struct Sealed {
    plain: String,
    stored: Arc<OnceLock<String>>,
}

impl Sealed {
    pub fn as_str(&self) -> &str {
        &self.plain
    }

    pub fn into_inner(self) -> String {
        self.plain
    }

    /// A JSON object (an audit snapshot) stored with its `secret` members sealed and the
    /// others readable ([`super::Keyring::seal_parts`]). Its text lists the readable members,
    /// then the sealed ones, each run in key order: exactly what reading the row gives back.
    pub fn json_object(value: serde_json::Value, secret: &[&str]) -> Self {
        let serde_json::Value::Object(members) = value else {
            return Self::from(value.to_string());
        };
        let (hidden, shown): (serde_json::Map<_, _>, serde_json::Map<_, _>) = members
            .into_iter()
            .partition(|(name, _)| secret.contains(&name.as_str()));
        let hidden = serde_json::Value::Object(hidden).to_string();
        let shown = serde_json::Value::Object(shown).to_string();
        let stored = match keyring() {
            Ok(k) => k.seal_parts(&hidden, &shown),
            Err(e) => panic!("{e}: crypto::install must run before the database is written"),
        };
        Self {
            plain: super::splice(&shown, &hidden),
            stored: Arc::new(OnceLock::from(stored)),
        }
    }

    /// The ciphertext to store. Without an installed key there is nothing safe to write:
    /// every process installs one before it opens the database, so this is a bug.
    fn seal(&self) -> String {
        self.stored
            .get_or_init(|| match keyring() {
                Ok(k) => k.seal(&self.plain),
                Err(e) => panic!("{e}: crypto::install must run before the database is written"),
            })
            .clone()
    }

    fn open(stored: String) -> Result<Self, String> {
        let plain = keyring()
            .and_then(|k| k.open(&stored))
            .map_err(|e| e.to_string())?;
        let cache = OnceLock::new();
        if super::key_id_of(&stored).is_some() {
            let _ = cache.set(stored);
        }
        Ok(Self {
            plain,
            stored: Arc::new(cache),
        })
    }
}

impl PartialEq for Sealed {
    fn eq(&self, other: &Self) -> bool {
        self.plain == other.plain
    }
}

impl Eq for Sealed {}

impl std::hash::Hash for Sealed {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.plain.hash(state);
    }
}

impl Serialize for Sealed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.plain)
    }
}

impl<'de> Deserialize<'de> for Sealed {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self::from)
    }
}

/// Contacts stay out of logs and panic messages.
impl std::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealed(..)")
    }
}

impl std::fmt::Display for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.plain)
    }
}

impl Deref for Sealed {
    type Target = str;
    fn deref(&self) -> &str {
        &self.plain
    }
}

impl From<String> for Sealed {
    fn from(plain: String) -> Self {
        Self {
            plain,
            stored: Arc::default(),
        }
    }
}

impl From<&str> for Sealed {
    fn from(s: &str) -> Self {
        Self::from(s.to_owned())
    }
}

impl From<Sealed> for String {
    fn from(s: Sealed) -> Self {
        s.plain
    }
}

impl PartialEq<str> for Sealed {
    fn eq(&self, other: &str) -> bool {
        self.plain == other
    }
}

impl PartialEq<String> for Sealed {
    fn eq(&self, other: &String) -> bool {
        &self.plain == other
    }
}

impl From<Sealed> for Value {
    fn from(s: Sealed) -> Self {
        Value::String(Some(s.seal()))
    }
}

impl TryGetable for Sealed {
    fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
        let stored = <String as TryGetable>::try_get_by(res, idx)?;
        Self::open(stored).map_err(|e| TryGetError::DbErr(DbErr::Type(e)))
    }
}

impl ValueType for Sealed {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        match v {
            Value::String(Some(s)) => Self::open(s).map_err(|_| ValueTypeErr),
            _ => Err(ValueTypeErr),
        }
    }

    fn type_name() -> String {
        "Sealed".to_owned()
    }

    fn array_type() -> ArrayType {
        ArrayType::String
    }

    fn column_type() -> ColumnType {
        ColumnType::Text
    }
}

impl Nullable for Sealed {
    fn null() -> Value {
        Value::String(None)
    }
}

impl sea_orm::IntoActiveValue<Sealed> for Sealed {
    fn into_active_value(self) -> sea_orm::ActiveValue<Sealed> {
        sea_orm::ActiveValue::Set(self)
    }
}
