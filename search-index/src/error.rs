//! The crate's error type.

/// Why an index operation failed. No input (query text, document text, ids) makes the crate
/// panic; everything that can go wrong comes back as one of these.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The index folder exists but cannot be opened (damaged files, or a schema from another
    /// version of this crate). The caller deletes the folder and rebuilds from the database.
    #[error("search index is corrupt: {0}")]
    Corrupt(String),
    /// Another process holds the index writer lock on this folder.
    #[error("search index is locked by another writer: {0}")]
    Locked(String),
    /// A file-system error outside tantivy (creating the folder, measuring its size).
    #[error("search index I/O error: {0}")]
    Io(String),
    /// Any other error reported by tantivy.
    #[error("search index error: {0}")]
    Tantivy(String),
}

impl From<tantivy::TantivyError> for IndexError {
    fn from(err: tantivy::TantivyError) -> Self {
        match err {
            tantivy::TantivyError::LockFailure(..) => IndexError::Locked(err.to_string()),
            tantivy::TantivyError::DataCorruption(..) => IndexError::Corrupt(err.to_string()),
            other => IndexError::Tantivy(other.to_string()),
        }
    }
}

impl From<std::io::Error> for IndexError {
    fn from(err: std::io::Error) -> Self {
        IndexError::Io(err.to_string())
    }
}
