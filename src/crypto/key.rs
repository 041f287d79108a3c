//! The data key file: 64 hex digits (or 32 raw bytes), readable by its owner only.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{CryptoError, DataKey};

/// Bytes in a data key (256 bits).
pub const KEY_LEN: usize = 32;

/// A key and where it came from.
#[derive(Debug)]
pub struct KeyFile {
    pub path: PathBuf,
    pub key: DataKey,
    /// Whether this start created the file.
    pub created: bool,
}

/// `XIANGXIAN_DATA_KEY_FILE` when set, else `data.key` inside the data folder.
pub fn key_path(data_dir: &Path, configured: Option<&Path>) -> PathBuf {
    configured.map_or_else(|| data_dir.join("data.key"), Path::to_path_buf)
}

/// Reads a key file.
pub fn read_key_file(path: &Path) -> Result<DataKey, CryptoError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CryptoError::Key(format!("无法读取密钥文件 {}：{e}", path.display())))?;
    let text = std::str::from_utf8(&bytes).map(str::trim);
    let key: [u8; KEY_LEN] = match text {
        Ok(hex_text) if hex_text.len() == 2 * KEY_LEN => {
            hex::decode(hex_text).ok().and_then(|k| k.try_into().ok())
        }
        _ if bytes.len() == KEY_LEN => bytes.as_slice().try_into().ok(),
        _ => None,
    }
    .ok_or_else(|| {
        CryptoError::Key(format!(
            "密钥文件 {} 须为 64 位十六进制数字（256 位密钥）",
            path.display()
        ))
    })?;
    warn_if_shared(path);
    Ok(DataKey::new(key))
}

/// Writes a new random key to `path`, which must not exist; the file is 0600 from the start.
pub fn create_key_file(path: &Path) -> Result<DataKey, CryptoError> {
    let key: [u8; KEY_LEN] = rand::random();
    let fail =
        |e: std::io::Error| CryptoError::Key(format!("无法创建密钥文件 {}：{e}", path.display()));
    let mut file = private_new_file(path).map_err(fail)?;
    file.write_all(format!("{}\n", hex::encode(key)).as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(fail)?;
    Ok(DataKey::new(key))
}

/// The key at `path`, created on first start if missing.
pub fn load_or_create(path: &Path) -> Result<KeyFile, CryptoError> {
    if path.exists() {
        return Ok(KeyFile {
            path: path.to_owned(),
            key: read_key_file(path)?,
            created: false,
        });
    }
    Ok(KeyFile {
        path: path.to_owned(),
        key: create_key_file(path)?,
        created: true,
    })
}

/// A new file that only its owner can read or write, from the moment it exists.
pub fn private_new_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

fn warn_if_shared(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path)
            && meta.permissions().mode() & 0o077 != 0
        {
            tracing::warn!(path = %path.display(), "data key file is readable by others; chmod 600 it");
        }
    }
}
