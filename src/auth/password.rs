//! Password rules and argon2id hashing (OWASP parameters), off the async threads.

use std::sync::LazyLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::{AppError, AppResult};

/// Passwords seen in every breach list; refusing them costs users little.
const COMMON: &str = include_str!("common_passwords.txt");

static COMMON_SET: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Checks a new password: 8 to 128 characters, not a common password.
pub fn check_new(field: &str, password: &str) -> AppResult<()> {
    let len = password.chars().count();
    if len < 8 {
        return Err(AppError::invalid(field, "密码至少 8 位"));
    }
    if len > 128 {
        return Err(AppError::invalid(field, "密码不能超过 128 位"));
    }
    if COMMON_SET.contains(password.to_lowercase().as_str()) {
        return Err(AppError::invalid(
            field,
            "这个密码太常见，容易被猜中，请换一个",
        ));
    }
    Ok(())
}

/// Hashes on a blocking thread: argon2 takes tens of milliseconds of CPU.
pub async fn hash(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(anyhow::anyhow!("hashing failed: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
}

/// A hash of a random password, verified against when the user does not exist
/// so that timing does not reveal which usernames exist.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(b"no such user, no such password", &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
});

/// Verifies on a blocking thread; `None` verifies against the dummy hash and fails.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let exists = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        let ok = argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        ok && exists
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_bounds_and_common_passwords() {
        assert!(check_new("password", "short").is_err());
        assert!(check_new("password", &"x".repeat(129)).is_err());
        assert!(check_new("password", "password123").is_err());
        assert!(check_new("password", "12345678").is_err());
        assert!(check_new("password", "咸宁乡贤通城隽水").is_ok());
    }

    #[tokio::test]
    async fn hash_then_verify() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery".into(), Some(h.clone())).await);
        assert!(!verify("wrong".into(), Some(h)).await);
        assert!(!verify("anything".into(), None).await);
    }
}
