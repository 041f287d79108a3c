//! Password rules and argon2id hashing (OWASP parameters), off the async threads.

use std::sync::LazyLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::domain::limits::Text;
use crate::domain::limits::account::PASSWORD;
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

/// The password rules in force (`--password-policy`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PasswordPolicy {
    /// 等保 2.0: at least 8 characters from 3 of the 4 classes (upper case,
    /// lower case, digits, others), changed every 90 days, the last 5 not reused.
    #[default]
    Dengbao,
    /// NIST SP 800-63B: length and the common-password list, no forced change.
    Nist,
}

/// How long a password lasts under `dengbao`.
pub const MAX_AGE_DAYS: i64 = 90;
/// How long before it runs out the user is told.
pub const NOTICE_DAYS: i64 = 7;
/// How many earlier passwords `dengbao` refuses again (the current one included).
pub const HISTORY: u64 = 5;

impl PasswordPolicy {
    /// When a password set at `changed_at` must be changed, if ever.
    pub fn expires_at(
        self,
        changed_at: chrono::DateTime<chrono::Utc>,
    ) -> Option<chrono::DateTime<chrono::Utc>> {
        match self {
            Self::Dengbao => Some(changed_at + chrono::Duration::days(MAX_AGE_DAYS)),
            Self::Nist => None,
        }
    }

    /// Checks a new password against this policy, the account name and the
    /// person's phone number (both policies refuse a password containing either).
    pub fn check(
        self,
        field: &str,
        password: &str,
        username: &str,
        mobile: Option<&str>,
    ) -> AppResult<()> {
        check_new(field, password)?;
        let lower = password.to_lowercase();
        let name = username.trim().to_lowercase();
        if !name.is_empty() && lower.contains(&name) {
            return Err(AppError::invalid(field, "密码不能包含用户名"));
        }
        let digits: String = mobile
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        // The last 11 digits: a stored "+86 138…" is still the same number.
        let digits = &digits[digits.len().saturating_sub(11)..];
        if digits.len() >= 7 && password.contains(digits) {
            return Err(AppError::invalid(field, "密码不能包含手机号"));
        }
        if self == Self::Dengbao && classes(password) < 3 {
            return Err(AppError::invalid(
                field,
                "密码须包含大写字母、小写字母、数字、其他符号中的至少三类",
            ));
        }
        Ok(())
    }
}

/// How many of the four classes (upper, lower, digit, other) a password uses.
fn classes(password: &str) -> usize {
    let mut seen = [false; 4];
    for c in password.chars() {
        let class = if c.is_uppercase() {
            0
        } else if c.is_lowercase() {
            1
        } else if c.is_ascii_digit() {
            2
        } else {
            3
        };
        seen[class] = true;
    }
    seen.iter().filter(|s| **s).count()
}

/// Checks a new password: 8 to 128 characters (`limits::account::PASSWORD`),
/// not a common password.
pub fn check_new(field: &str, password: &str) -> AppResult<()> {
    let len = password.chars().count();
    let Text { min, max } = PASSWORD;
    if len < min {
        return Err(AppError::invalid(field, format!("密码至少 {min} 位")));
    }
    if len > max {
        return Err(AppError::invalid(field, format!("密码不能超过 {max} 位")));
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

    #[test]
    fn the_common_list_holds_at_least_ten_thousand_passwords() {
        assert!(COMMON_SET.len() >= 10_000, "{}", COMMON_SET.len());
        assert!(check_new("password", "sunshine1").is_err());
        assert!(check_new("password", "xiangxian-demo-2026").is_ok());
    }

    #[test]
    fn dengbao_wants_three_classes_nist_does_not() {
        let d = PasswordPolicy::Dengbao;
        let n = PasswordPolicy::Nist;
        assert!(d.check("p", "lowercase only words", "zhang", None).is_err());
        assert!(n.check("p", "lowercase only words", "zhang", None).is_ok());
        assert!(d.check("p", "Lower-and-Upper", "zhang", None).is_ok());
        assert!(d.check("p", "xiangxian-demo-2026", "zhang", None).is_ok());
        assert!(d.check("p", "咸宁乡贤通城隽水", "zhang", None).is_err());
    }

    #[test]
    fn both_refuse_the_username_and_the_phone_number() {
        for p in [PasswordPolicy::Dengbao, PasswordPolicy::Nist] {
            let e = p
                .check("new", "My-Zhangwei-2026", "zhangwei", None)
                .unwrap_err();
            assert_eq!(e.field(), Some("new"));
            let e = p
                .check("new", "Pw-13800138000!", "li", Some("+86 138-0013-8000"))
                .unwrap_err();
            assert!(e.to_string().contains("手机号"), "{e}");
            assert!(p.check("new", "Pw-13800138000!", "li", None).is_ok());
        }
    }

    #[test]
    fn only_dengbao_passwords_expire() {
        let t = chrono::Utc::now();
        assert_eq!(
            PasswordPolicy::Dengbao.expires_at(t),
            Some(t + chrono::Duration::days(90))
        );
        assert_eq!(PasswordPolicy::Nist.expires_at(t), None);
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
