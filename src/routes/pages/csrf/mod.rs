//! CSRF protection of the HTML forms.
//!
//! Each signed-in session holds one random token (32 bytes, hex) under the
//! key `csrf`; every form carries it in the hidden field `_csrf`. Anonymous
//! visitors (`/login`, `/register`) get no session at all, so nothing is
//! stored for a passer-by: their forms carry a signed double-submit token
//! instead, the HMAC under the server's key (`auth::secret`) of a random
//! nonce kept in the visitor's own `xx_csrf` cookie ([`ensure_cookie`]). A
//! page on another site can neither read that cookie nor compute the HMAC.
//! A POSTed form is accepted only when (1) its `Origin` header, or failing
//! that its `Referer`, names this site when present, and (2) its `_csrf`
//! field equals the session's token or the signed token of the cookie's
//! nonce, compared in constant time. Signing in replaces the session token
//! (see `auth::login::start_session`), so a token seen before sign-in is
//! worthless after. File uploads ([`Upload`], `multipart/form-data`) get
//! the same two checks, with the token as a text part. The session cookie is
//! also `SameSite=Lax`, which keeps it off cross-site POSTs in current
//! browsers; the token covers the rest.

mod upload;

pub use upload::Upload;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, header};
use rand::RngCore;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use super::render::{PageError, PageResult};
use crate::auth::session_store::CSRF;
use crate::error::AppError;
use crate::state::AppState;

/// The name of the hidden form field.
pub const FIELD: &str = "_csrf";

/// The cookie holding an anonymous visitor's nonce.
pub const COOKIE: &str = "xx_csrf";

/// The nonce this request's forms are signed with: the visitor's cookie, or
/// the fresh one [`ensure_cookie`] is about to set.
#[derive(Clone, Debug)]
pub struct Nonce(pub String);

/// The value of cookie `name`, if the request carries it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

fn well_formed(nonce: &str) -> bool {
    nonce.len() == 32 && nonce.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Middleware: gives a page request without a nonce cookie a fresh nonce
/// (in the request, for [`anonymous_token`]) and sets the cookie on the
/// response. Nothing is stored on the server.
pub async fn ensure_cookie(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut req: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let existing = cookie(req.headers(), COOKIE).filter(|n| well_formed(n));
    let fresh = existing.is_none().then(|| {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        hex::encode(bytes)
    });
    let nonce = existing.or_else(|| fresh.clone()).unwrap_or_default();
    req.extensions_mut().insert(Nonce(nonce));
    let mut response = next.run(req).await;
    if let Some(fresh) = fresh {
        let secure = if state.config.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        let value = format!("{COOKIE}={fresh}; Path=/; HttpOnly; SameSite=Lax{secure}");
        if let Ok(v) = axum::http::HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// The signed token of an anonymous visitor's nonce.
pub fn anonymous_token(state: &AppState, nonce: &str) -> String {
    crate::auth::secret::hmac_sha256(
        state.config.server_secret.0.as_bytes(),
        format!("csrf:{nonce}").as_bytes(),
    )
}

/// Whether `given` is the session's token or the signed token of the visitor's nonce.
async fn accepted(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    given: Option<&str>,
) -> PageResult<bool> {
    let Some(given) = given else {
        return Ok(false);
    };
    if let Some(expected) = session.get::<String>(CSRF).await?
        && tokens_match(given, &expected)
    {
        return Ok(true);
    }
    Ok(cookie(headers, COOKIE)
        .filter(|n| well_formed(n))
        .is_some_and(|nonce| tokens_match(given, &anonymous_token(state, &nonce))))
}

/// The session's token, minted on first use.
pub async fn token(session: &Session) -> PageResult<String> {
    if let Some(existing) = session.get::<String>(CSRF).await? {
        return Ok(existing);
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let fresh = hex::encode(bytes);
    session.insert(CSRF, &fresh).await?;
    Ok(fresh)
}

/// The `scheme://host` part of a URL, without path.
fn authority(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Whether the request, if it says where it comes from, comes from this site.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let from = |name| headers.get(name).map(|v| v.to_str().unwrap_or(""));
    match (from(header::ORIGIN), from(header::REFERER)) {
        // "null" (sandboxed frames, some redirects) is never this site.
        (Some(origin), _) => authority(origin) == Some(host),
        (None, Some(referer)) => authority(referer) == Some(host),
        // Neither header: older clients and privacy settings; the token decides.
        (None, None) => true,
    }
}

fn tokens_match(given: &str, expected: &str) -> bool {
    !expected.is_empty() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

/// A POSTed HTML form whose origin and CSRF token were checked.
#[derive(Debug, Default, Clone)]
pub struct Form {
    fields: Vec<(String, String)>,
}

/// What every POSTed page body passes before it is read: this site's origin and the
/// expected content type. Gives the session and headers the token check needs, and the
/// request to read the body from.
async fn checked_post(
    req: Request,
    state: &AppState,
    content_type: &str,
) -> PageResult<(Session, HeaderMap, Request)> {
    if !same_origin(req.headers()) {
        return Err(PageError::Csrf);
    }
    let expected = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(content_type));
    if !expected {
        return Err(AppError::BadRequest("请通过页面上的表单提交".into()).into());
    }
    let (mut parts, body) = req.into_parts();
    let session = Session::from_request_parts(&mut parts, state)
        .await
        .map_err(|_| AppError::Internal(anyhow::anyhow!("session layer missing")))?;
    let headers = parts.headers.clone();
    Ok((session, headers, Request::from_parts(parts, body)))
}

impl FromRequest<AppState> for Form {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &AppState) -> PageResult<Self> {
        let (session, headers, req) =
            checked_post(req, state, "application/x-www-form-urlencoded").await?;
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::PayloadTooLarge("提交的内容过大".into()))?;
        let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::BadRequest("表单内容无法读取".into()))?;
        let form = Self { fields };
        if accepted(state, &session, &headers, form.get(FIELD)).await? {
            Ok(form)
        } else {
            Err(PageError::Csrf)
        }
    }
}

impl Form {
    /// Builds a form from pairs (tests and internal re-use).
    pub fn from_pairs(fields: Vec<(String, String)>) -> Self {
        Self { fields }
    }

    /// The first value of `name`, as typed.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every field in order, as typed.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The value of `name`, or "" when absent.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or("").to_owned()
    }

    /// The trimmed value of `name`; `None` when absent or blank.
    pub fn opt(&self, name: &str) -> Option<String> {
        self.get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// Every value of `name` (checkbox groups).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Whether the checkbox `name` was ticked.
    pub fn checked(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|v| !v.is_empty() && v != "false")
    }

    /// The typed values for re-showing the form: lists for `multi`, text otherwise.
    /// The CSRF token and passwords are never echoed back.
    pub fn values(&self, multi: &[&str]) -> serde_json::Map<String, serde_json::Value> {
        let mut out = serde_json::Map::new();
        for (k, v) in &self.fields {
            if k == FIELD || k.contains("password") || multi.contains(&k.as_str()) {
                continue;
            }
            out.entry(k.clone())
                .or_insert_with(|| serde_json::Value::String(v.clone()));
        }
        for m in multi {
            out.insert((*m).to_owned(), serde_json::json!(self.all(m)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn origin_must_be_this_site_when_present() {
        let host = (header::HOST, "127.0.0.1:8080");
        assert!(same_origin(&headers(std::slice::from_ref(&host))));
        assert!(same_origin(&headers(&[
            host.clone(),
            (header::ORIGIN, "http://127.0.0.1:8080")
        ])));
        assert!(!same_origin(&headers(&[
            host.clone(),
            (header::ORIGIN, "http://evil.example")
        ])));
        assert!(!same_origin(&headers(&[
            host.clone(),
            (header::ORIGIN, "null")
        ])));
        assert!(same_origin(&headers(&[
            host.clone(),
            (header::REFERER, "http://127.0.0.1:8080/profiles/3?x=1")
        ])));
        assert!(!same_origin(&headers(&[
            host,
            (header::REFERER, "http://127.0.0.1:8080.evil.example/")
        ])));
    }

    #[test]
    fn tokens_compare_exactly() {
        assert!(tokens_match("abc", "abc"));
        assert!(!tokens_match("abd", "abc"));
        assert!(!tokens_match("", ""));
    }

    #[test]
    fn values_keep_what_was_typed_but_not_secrets() {
        let f = Form::from_pairs(vec![
            ("_csrf".into(), "t".into()),
            ("name".into(), "张伟".into()),
            ("password".into(), "secret".into()),
            ("chains".into(), "optical.fiber".into()),
            ("chains".into(), "software.iot".into()),
        ]);
        let v = f.values(&["chains", "intents"]);
        assert_eq!(v["name"], "张伟");
        assert!(v.get("password").is_none() && v.get("_csrf").is_none());
        assert_eq!(
            v["chains"],
            serde_json::json!(["optical.fiber", "software.iot"])
        );
        assert_eq!(v["intents"], serde_json::json!([]));
    }
}
