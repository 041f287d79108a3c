//! Encryption at rest (等保 2.0 数据保密性, 密评): the contacts and capital range of a
//! profile and the snapshots of the audit log are stored sealed with SM4-GCM (国密;
//! AES-256-GCM when configured) under a 256-bit data key read from a file; contacts are
//! also stored as a keyed hash (HMAC-SM3) so duplicates can be found without decrypting.
//!
//! The key is installed once per process at startup ([`install`]); the [`Sealed`] column type
//! encrypts when a value is written and decrypts when it is read, so services handle
//! plain text and never see ciphertext. A sealed value names its algorithm and key:
//! `enc:` + `s` (SM4-GCM) or `a` (AES-256-GCM) + 8 hex digits of key id + `:` + base64 of
//! nonce, ciphertext and tag. That is how `rotate-key` tells done rows from pending ones,
//! and how rows written before encryption (no prefix) are recognised and sealed at startup.
//!
//! An audit snapshot (a JSON object) is stored in two parts: its contacts and capital range
//! sealed as above, then `|` and the rest of the object as it is ([`Keyring::seal_parts`]).
//! The rest repeats columns their own tables keep in clear; sealing it protected nothing
//! and was most of the cipher work of a bulk write (see docs/performance.md).

mod key;
mod keyring;
mod sealed;
pub mod store;

use std::sync::{Arc, RwLock};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, AesGcm};
use hmac::{Hmac, Mac};
use sm3::{Digest, Sm3};
use sm4::Sm4;

pub use key::{
    KEY_LEN, KeyFile, create_key_file, key_path, load_or_create, private_new_file, read_key_file,
};
use keyring::parse_header;
pub use keyring::{CONTACT_HASH_LEN, Keyring, splice};
pub use sealed::Sealed;

/// SM4 in Galois/counter mode with the usual 96-bit nonce.
type Sm4Gcm = AesGcm<Sm4, aes_gcm::aead::consts::U12>;

const PREFIX: &str = "enc:";
const NONCE_LEN: usize = 12;

/// What went wrong opening a sealed value or a key.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("数据密钥尚未加载")]
    NoKey,
    #[error("密文使用的密钥 {0} 不可用（密钥文件不对？）")]
    UnknownKey(String),
    #[error("密文无法解密或已被篡改")]
    Corrupt,
    #[error("{0}")]
    Key(String),
}

/// The cipher new values are sealed with; both can always be opened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Algorithm {
    /// SM4-GCM (GB/T 32907), the default.
    #[default]
    #[value(name = "sm4-gcm")]
    Sm4Gcm,
    /// AES-256-GCM.
    #[value(name = "aes-256-gcm")]
    Aes256Gcm,
}

impl Algorithm {
    fn tag(self) -> char {
        match self {
            Self::Sm4Gcm => 's',
            Self::Aes256Gcm => 'a',
        }
    }

    fn of_tag(tag: char) -> Option<Self> {
        match tag {
            's' => Some(Self::Sm4Gcm),
            'a' => Some(Self::Aes256Gcm),
            _ => None,
        }
    }
}

/// One 256-bit data key and the id it is known by (not secret: derived by a one-way hash).
#[derive(Clone)]
pub struct DataKey {
    id: String,
    bytes: [u8; KEY_LEN],
    /// SM4 takes 128 bits: its key is derived from the 256-bit data key.
    sm4: Sm4Gcm,
    aes: Aes256Gcm,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DataKey({}, [redacted])", self.id)
    }
}

impl DataKey {
    pub fn new(bytes: [u8; KEY_LEN]) -> Self {
        let mut h = Sm3::new();
        h.update(b"xiangxian key id\0");
        h.update(bytes);
        let id = hex::encode(&h.finalize()[..4]);
        let sm4_key = hmac_sm3(&bytes, &[b"xiangxian sm4 key v1"]);
        let mut sm4_bytes = [0u8; 16];
        sm4_bytes.copy_from_slice(&sm4_key[..16]);
        Self {
            id,
            sm4: Sm4Gcm::new(&sm4_bytes.into()),
            aes: Aes256Gcm::new(&bytes.into()),
            bytes,
        }
    }

    /// Eight hex digits naming the key in every value it sealed.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A sub-key for one purpose, so the encryption key itself is never used as a MAC key.
    fn derive(&self, purpose: &[u8]) -> [u8; 32] {
        hmac_sm3(&self.bytes, &[purpose])
    }

    fn seal_bytes(&self, algorithm: Algorithm, aad: &[u8], plain: &[u8]) -> Vec<u8> {
        let nonce: [u8; NONCE_LEN] = rand::random();
        let payload = Payload { msg: plain, aad };
        // Encryption with a valid key and a message far below the GCM limit cannot fail.
        let sealed = match algorithm {
            Algorithm::Sm4Gcm => self.sm4.encrypt(&nonce.into(), payload),
            Algorithm::Aes256Gcm => self.aes.encrypt(&nonce.into(), payload),
        }
        .unwrap_or_default();
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    fn open_bytes(&self, algorithm: Algorithm, aad: &[u8], data: &[u8]) -> Option<Vec<u8>> {
        if data.len() < NONCE_LEN + 16 {
            return None;
        }
        let (nonce, body) = data.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
        let payload = Payload { msg: body, aad };
        match algorithm {
            Algorithm::Sm4Gcm => self.sm4.decrypt(&nonce.into(), payload),
            Algorithm::Aes256Gcm => self.aes.decrypt(&nonce.into(), payload),
        }
        .ok()
    }
}

/// HMAC-SM3 of the parts, concatenated.
pub fn hmac_sm3(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes a key of any length.
    let Ok(mut mac) = <Hmac<Sm3> as hmac::KeyInit>::new_from_slice(key) else {
        return [0; 32];
    };
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// SM3 of the bytes, as 64 hex digits.
pub fn sm3_hex(bytes: &[u8]) -> String {
    hex::encode(Sm3::digest(bytes))
}

/// The first bytes of an encrypted file (a backup).
pub const FILE_MAGIC: &str = "XIANGXIAN-SEALED-1 ";

/// The key id of a sealed value, `None` for text stored in clear.
pub fn key_id_of(stored: &str) -> Option<&str> {
    parse_header(stored).map(|(_, id, _)| id)
}

static KEYRING: RwLock<Option<Arc<Keyring>>> = RwLock::new(None);

/// Makes `keyring` the one every [`Sealed`] value of this process uses.
pub fn install(keyring: Keyring) {
    let mut slot = KEYRING.write().unwrap_or_else(|e| e.into_inner());
    *slot = Some(Arc::new(keyring));
}

/// The installed keyring.
pub fn keyring() -> Result<Arc<Keyring>, CryptoError> {
    KEYRING
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .ok_or(CryptoError::NoKey)
}

/// Whether the installed keyring is the bench's baseline, which seals nothing.
pub fn baseline_installed() -> bool {
    keyring().is_ok_and(|k| !k.seals())
}

/// The keyed hash of a mobile number with the installed key (`None` when there is no number).
pub fn mobile_hash(mobile: Option<&str>) -> Option<Vec<u8>> {
    let mobile = mobile?.trim();
    if mobile.is_empty() {
        return None;
    }
    keyring().ok().map(|k| k.contact_hash(mobile))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(byte: u8, algorithm: Algorithm) -> Keyring {
        Keyring::new(DataKey::new([byte; KEY_LEN]), algorithm)
    }

    #[test]
    fn a_sealed_value_opens_to_the_same_text_and_hides_it() {
        for algorithm in [Algorithm::Sm4Gcm, Algorithm::Aes256Gcm] {
            let k = ring(7, algorithm);
            let sealed = k.seal("13800001111");
            assert!(sealed.starts_with("enc:"), "{sealed}");
            assert!(!sealed.contains("13800001111"));
            assert_ne!(sealed, k.seal("13800001111"), "a fresh nonce each time");
            assert_eq!(k.open(&sealed).unwrap(), "13800001111");
        }
    }

    #[test]
    fn only_the_bench_baseline_stores_in_clear_and_every_other_keyring_seals() {
        let baseline = Keyring::without_encryption_for_bench(DataKey::new([9; KEY_LEN]));
        assert!(!baseline.seals());
        assert_eq!(baseline.seal("13800001111"), "13800001111");
        assert_eq!(baseline.contact_hash("13800001111"), b"13800001111");
        assert_eq!(
            baseline.seal_parts(r#"{"mobile":"1"}"#, r#"{"name":"张"}"#),
            r#"{"name":"张","mobile":"1"}"#
        );
        for algorithm in [Algorithm::Sm4Gcm, Algorithm::Aes256Gcm] {
            let k = ring(9, algorithm);
            assert!(k.seals());
            assert_ne!(k.contact_hash("13800001111"), b"13800001111");
        }
    }

    #[test]
    fn clear_text_from_before_encryption_passes_through() {
        assert_eq!(
            ring(1, Algorithm::Sm4Gcm).open("13800001111").unwrap(),
            "13800001111"
        );
    }

    #[test]
    fn another_key_cannot_open_and_a_changed_byte_is_refused() {
        let sealed = ring(1, Algorithm::Sm4Gcm).seal("x@example.com");
        assert!(matches!(
            ring(2, Algorithm::Sm4Gcm).open(&sealed),
            Err(CryptoError::UnknownKey(_))
        ));
        let mut bytes = sealed.into_bytes();
        let last = bytes.len() - 2;
        bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap();
        assert!(matches!(
            ring(1, Algorithm::Sm4Gcm).open(&tampered),
            Err(CryptoError::Corrupt)
        ));
    }

    #[test]
    fn a_rotating_keyring_opens_both_keys_and_knows_which_rows_are_done() {
        let old = ring(1, Algorithm::Sm4Gcm);
        let sealed_old = old.seal("a");
        let new = Keyring::new(DataKey::new([2; KEY_LEN]), Algorithm::Sm4Gcm)
            .also(DataKey::new([1; KEY_LEN]));
        assert_eq!(new.open(&sealed_old).unwrap(), "a");
        assert!(!new.is_current(&sealed_old));
        assert!(new.is_current(&new.seal("a")));
    }

    #[test]
    fn the_contact_hash_is_keyed_and_stable() {
        let a = ring(1, Algorithm::Sm4Gcm);
        assert_eq!(a.contact_hash("138"), a.contact_hash("138"));
        assert_ne!(
            a.contact_hash("138"),
            ring(2, Algorithm::Sm4Gcm).contact_hash("138")
        );
        assert_eq!(a.contact_hash("138").len(), CONTACT_HASH_LEN);
    }

    #[test]
    fn a_sealed_file_opens_only_with_its_key() {
        let a = ring(1, Algorithm::Sm4Gcm);
        let sealed = a.seal_file(b"SQLite format 3\0 data");
        assert!(a.open_file(&sealed).unwrap().starts_with(b"SQLite"));
        assert!(ring(2, Algorithm::Sm4Gcm).open_file(&sealed).is_err());
    }

    #[test]
    fn a_snapshot_keeps_its_clear_part_readable_and_its_secret_part_sealed() {
        let k = ring(3, Algorithm::Sm4Gcm);
        let stored = k.seal_parts(
            r#"{"mobile":"138****1111"}"#,
            r#"{"bio":"a|b","name":"甲"}"#,
        );
        assert!(stored.starts_with("enc:s"), "{stored}");
        assert!(!stored.contains("138****1111"));
        assert!(
            stored.ends_with(r#"|{"bio":"a|b","name":"甲"}"#),
            "{stored}"
        );
        let plain = r#"{"bio":"a|b","name":"甲","mobile":"138****1111"}"#;
        assert_eq!(k.open(&stored).unwrap(), plain);
        // Another key: the clear part is kept as it is, the secret part moves.
        let next = Keyring::new(DataKey::new([4; KEY_LEN]), Algorithm::Sm4Gcm)
            .also(DataKey::new([3; KEY_LEN]));
        let moved = next.reseal(&stored).unwrap();
        assert!(next.is_current(&moved) && !next.is_current(&stored));
        assert_eq!(next.open(&moved).unwrap(), plain);
        // A value sealed whole stays whole.
        let whole = k.seal("x");
        assert_eq!(next.open(&next.reseal(&whole).unwrap()).unwrap(), "x");
    }

    #[test]
    fn splice_joins_object_texts_with_either_side_empty() {
        assert_eq!(splice("{}", "{}"), "{}");
        assert_eq!(splice(r#"{"a":1}"#, "{}"), r#"{"a":1}"#);
        assert_eq!(splice("{}", r#"{"b":2}"#), r#"{"b":2}"#);
        assert_eq!(splice(r#"{"a":1}"#, r#"{"b":2}"#), r#"{"a":1,"b":2}"#);
    }

    #[test]
    fn sm3_matches_the_standard_test_vector() {
        // GB/T 32905-2016, example 1.
        assert_eq!(
            sm3_hex(b"abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }
}
