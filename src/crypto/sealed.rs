//! `Sealed`: a text column stored encrypted. In Rust it is the plain text (it derefs to
//! `str` and serialises as a string); the database only ever receives and holds ciphertext.

use std::ops::Deref;

use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable, Value};
use serde::{Deserialize, Serialize};

use super::keyring;

/// Plain text that is sealed when written and opened when read.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Sealed(String);

impl Sealed {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }

    /// The ciphertext to store. Without an installed key there is nothing safe to write:
    /// every process installs one before it opens the database, so this is a bug.
    fn seal(&self) -> String {
        match keyring() {
            Ok(k) => k.seal(&self.0),
            Err(e) => panic!("{e}: crypto::install must run before the database is written"),
        }
    }

    fn open(stored: String) -> Result<Self, String> {
        keyring()
            .and_then(|k| k.open(&stored))
            .map(Self)
            .map_err(|e| e.to_string())
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
        f.write_str(&self.0)
    }
}

impl Deref for Sealed {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Sealed {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl From<&str> for Sealed {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl From<Sealed> for String {
    fn from(s: Sealed) -> Self {
        s.0
    }
}

impl PartialEq<str> for Sealed {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<String> for Sealed {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
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
