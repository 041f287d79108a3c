//! The keys of this process and what they do: seal and open values, snapshots
//! in two parts, whole files; the keyed hash of contacts.

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use hmac::{Hmac, Mac};
use sm3::Sm3;

use super::{Algorithm, CryptoError, DataKey, FILE_MAGIC, PREFIX, hmac_sm3};

/// Bytes of the keyed contact hash kept (see [`Keyring::contact_hash`]).
pub const CONTACT_HASH_LEN: usize = 16;

/// The keys of this process: the current one seals, any of them opens.
#[derive(Debug)]
pub struct Keyring {
    current: DataKey,
    /// Keys that may still be found on rows: the one a rotation moves to, or away from.
    others: Vec<DataKey>,
    algorithm: Algorithm,
    /// HMAC-SM3 under the contact-hash key with its key schedule done once (the inner and
    /// outer padded keys already hashed): each hash clones it and hashes only the contact.
    contact_mac: Hmac<Sm3>,
    /// False only in the keyring of `bench --without-encryption`, the baseline that measures
    /// what sealing costs: values are stored as they are and contacts hashed by nothing.
    /// No configuration reaches it; `serve` and every other command always seal.
    sealing: bool,
}

impl Keyring {
    pub fn new(current: DataKey, algorithm: Algorithm) -> Self {
        let hash_key = current.derive(b"xiangxian contact hash v1");
        // HMAC takes a key of any length; 32 bytes cannot fail.
        let contact_mac = <Hmac<Sm3> as hmac::KeyInit>::new_from_slice(&hash_key)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        Self {
            current,
            others: Vec::new(),
            algorithm,
            contact_mac,
            sealing: true,
        }
    }

    /// The bench's baseline: the same code path with the cipher and the keyed hash left out,
    /// so `bench` and `bench --without-encryption` differ only in what encryption costs.
    pub fn without_encryption_for_bench(current: DataKey) -> Self {
        Self {
            sealing: false,
            ..Self::new(current, Algorithm::default())
        }
    }

    pub fn seals(&self) -> bool {
        self.sealing
    }

    /// Also opens values sealed with `key` (a rotation in progress).
    pub fn also(mut self, key: DataKey) -> Self {
        if key.id != self.current.id && self.others.iter().all(|k| k.id != key.id) {
            self.others.push(key);
        }
        self
    }

    pub fn current_id(&self) -> &str {
        &self.current.id
    }

    fn key(&self, id: &str) -> Option<&DataKey> {
        std::iter::once(&self.current)
            .chain(&self.others)
            .find(|k| k.id == id)
    }

    /// Seals one text value.
    pub fn seal(&self, plain: &str) -> String {
        if !self.sealing {
            return plain.to_owned();
        }
        let header = format!("{PREFIX}{}{}:", self.algorithm.tag(), self.current.id);
        let body = self
            .current
            .seal_bytes(self.algorithm, header.as_bytes(), plain.as_bytes());
        let mut out = header;
        B64.encode_string(body, &mut out);
        out
    }

    /// Seals the `secret` members of a JSON object and keeps its `clear` members readable
    /// (both JSON object texts): `enc:…:<sealed secret>|<clear>`. [`Keyring::open`] gives
    /// back [`splice`]`(clear, secret)`.
    pub fn seal_parts(&self, secret: &str, clear: &str) -> String {
        if !self.sealing {
            return splice(clear, secret);
        }
        let mut out = self.seal(secret);
        out.push(CLEAR_PART);
        out.push_str(clear);
        out
    }

    /// Opens a sealed value; text without the prefix was stored before encryption
    /// and is returned as it is.
    pub fn open(&self, stored: &str) -> Result<String, CryptoError> {
        match self.open_parts(stored)? {
            (secret, Some(clear)) => Ok(splice(clear, &secret)),
            (plain, None) => Ok(plain),
        }
    }

    /// The opened sealed part of `stored` and its clear part, if it has one.
    fn open_parts<'a>(&self, stored: &'a str) -> Result<(String, Option<&'a str>), CryptoError> {
        let Some((algorithm, id, body)) = parse_header(stored) else {
            return Ok((stored.to_owned(), None));
        };
        let (body, clear) = match body.split_once(CLEAR_PART) {
            Some((sealed, clear)) => (sealed, Some(clear)),
            None => (body, None),
        };
        let key = self
            .key(id)
            .ok_or_else(|| CryptoError::UnknownKey(id.to_owned()))?;
        let header = &stored[..PREFIX.len() + 1 + id.len() + 1];
        let data = B64.decode(body).map_err(|_| CryptoError::Corrupt)?;
        let plain = key
            .open_bytes(algorithm, header.as_bytes(), &data)
            .ok_or(CryptoError::Corrupt)?;
        let plain = String::from_utf8(plain).map_err(|_| CryptoError::Corrupt)?;
        Ok((plain, clear))
    }

    /// `stored` sealed again with the current key, in the same form: a snapshot's clear
    /// part stays exactly as it is, so what [`Keyring::open`] gives (and the audit chain
    /// hashed) does not change. Text stored in clear is sealed whole.
    pub fn reseal(&self, stored: &str) -> Result<String, CryptoError> {
        Ok(match self.open_parts(stored)? {
            (secret, Some(clear)) => self.seal_parts(&secret, clear),
            (plain, None) => self.seal(&plain),
        })
    }

    /// Whether `stored` is sealed with the current key (what `rotate-key` skips).
    pub fn is_current(&self, stored: &str) -> bool {
        parse_header(stored).is_some_and(|(_, id, _)| id == self.current.id)
    }

    /// The keyed hash of a contact, for finding duplicates without decrypting: the first
    /// [`CONTACT_HASH_LEN`] bytes of HMAC-SM3, stored as bytes. 128 bits leave no chance of
    /// two numbers colliding, and a short key keeps the index on it near the size an index
    /// of the mobiles in clear would have: written at random places, the index's pages are
    /// most of what a bulk write adds (docs/security.md, "Cost of encryption at rest").
    pub fn contact_hash(&self, normalized: &str) -> Vec<u8> {
        if !self.sealing {
            return normalized.as_bytes().to_vec();
        }
        let mut mac = self.contact_mac.clone();
        mac.update(normalized.as_bytes());
        mac.finalize().into_bytes()[..CONTACT_HASH_LEN].to_vec()
    }

    /// A MAC over a file's contents (archives, backups), keyed for that purpose.
    pub fn file_mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        hmac_sm3(&self.current.derive(b"xiangxian file mac v1"), parts)
    }

    /// Encrypts a whole file's bytes (backups) with the current key and algorithm.
    pub fn seal_file(&self, plain: &[u8]) -> Vec<u8> {
        let header = self.file_header();
        let mut out = header.clone().into_bytes();
        out.extend(
            self.current
                .seal_bytes(self.algorithm, header.as_bytes(), plain),
        );
        out
    }

    /// Opens what [`Keyring::seal_file`] wrote; `None` for the wrong key or a damaged file.
    pub fn open_file(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let head_len = FILE_MAGIC.len() + 1 + 8 + 1;
        let header = data
            .get(..head_len)
            .and_then(|h| std::str::from_utf8(h).ok())
            .filter(|h| h.starts_with(FILE_MAGIC) && h.ends_with('\n'))
            .ok_or(CryptoError::Corrupt)?;
        let algorithm = header[FILE_MAGIC.len()..]
            .chars()
            .next()
            .and_then(Algorithm::of_tag)
            .ok_or(CryptoError::Corrupt)?;
        let id = &header[FILE_MAGIC.len() + 1..head_len - 1];
        let key = self
            .key(id)
            .ok_or_else(|| CryptoError::UnknownKey(id.to_owned()))?;
        key.open_bytes(algorithm, header.as_bytes(), &data[head_len..])
            .ok_or(CryptoError::Corrupt)
    }

    fn file_header(&self) -> String {
        format!("{FILE_MAGIC}{}{}\n", self.algorithm.tag(), self.current.id)
    }
}

/// Between the sealed part and the clear part of a snapshot (never in base64).
const CLEAR_PART: char = '|';

/// One JSON object text from two: the members of `clear`, then those of `secret`. Text, not
/// a parse and a print, so a snapshot reads back byte for byte as it was hashed.
pub fn splice(clear: &str, secret: &str) -> String {
    fn members(object: &str) -> &str {
        let t = object.trim();
        t.strip_prefix('{')
            .and_then(|o| o.strip_suffix('}'))
            .unwrap_or(t)
            .trim()
    }
    let (a, b) = (members(clear), members(secret));
    let mut out = String::with_capacity(a.len() + b.len() + 3);
    out.push('{');
    out.push_str(a);
    if !a.is_empty() && !b.is_empty() {
        out.push(',');
    }
    out.push_str(b);
    out.push('}');
    out
}

/// `(algorithm, key id, base64 body)` of a sealed value.
pub(super) fn parse_header(stored: &str) -> Option<(Algorithm, &str, &str)> {
    let rest = stored.strip_prefix(PREFIX)?;
    let algorithm = Algorithm::of_tag(rest.chars().next()?)?;
    let (id, body) = rest.get(1..)?.split_once(':')?;
    (id.len() == 8 && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some((algorithm, id, body))
}
