//! The page templates (embedded in the binary, HTML auto-escaping on), the
//! signed-in page context every template gets, and the error page.

use std::sync::LazyLock;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
use include_dir::{Dir, include_dir};
use minijinja::{Environment, Value, context};
use serde::Serialize;
use tower_sessions::Session;

use super::{csrf, filters, nav};
use crate::auth::CurrentUser;
use crate::domain::limits;
use crate::error::{AppError, Denied};
use crate::service::notice;
use crate::state::AppState;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/web/templates");

/// Built once: the templates are part of the binary, so it runs from anywhere.
static ENV: LazyLock<Environment<'static>> = LazyLock::new(environment);

fn add_dir(env: &mut Environment<'static>, dir: &'static Dir<'static>) {
    for file in dir.files() {
        let (Some(name), Some(source)) = (file.path().to_str(), file.contents_utf8()) else {
            continue;
        };
        if let Err(e) = env.add_template(name, source) {
            // A broken template fails its page with a 500 and this log line;
            // the `every_template_parses` test keeps it from shipping.
            tracing::error!(template = name, error = %e, "template does not parse");
        }
    }
    for sub in dir.dirs() {
        add_dir(env, sub);
    }
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // Optional fields (`errors.fields.name`, `values.mobile`) are often absent.
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    add_dir(&mut env, &TEMPLATES);
    env.add_filter("datetime", filters::datetime);
    env.add_filter("date", filters::date);
    env.add_filter("label", filters::label);
    env.add_filter("num", filters::num);
    // `maxlength=limits.profile.bio`: the same bounds the validators apply.
    env.add_global("limits", Value::from_serialize(limits::for_templates()));
    env
}

/// Renders one template with `ctx`.
pub fn render_template(name: &str, ctx: Value) -> Result<String, AppError> {
    let template = ENV
        .get_template(name)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template {name}: {e}")))?;
    template
        .render(ctx)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template {name}: {e:#}")))
}

/// Everything a page can fail with.
#[derive(Debug)]
pub enum PageError {
    /// Not signed in: off to `/login`, coming back to `next` afterwards.
    Login {
        next: String,
    },
    /// The session ended (idle or too old): `/login` says 登录已过期, and the
    /// page's draft script restores what was typed once back at `next`.
    Expired {
        next: String,
    },
    /// The password must be changed first (reset by an administrator, or run out).
    ChangePassword,
    /// A form without a valid CSRF token, or posted from another site.
    Csrf,
    App(AppError),
}

pub type PageResult<T> = Result<T, PageError>;

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl From<sea_orm::DbErr> for PageError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::App(e.into())
    }
}

impl From<tower_sessions::session::Error> for PageError {
    fn from(e: tower_sessions::session::Error) -> Self {
        Self::App(crate::auth::login::session_error(e))
    }
}

/// Only a path of this site is a safe place to come back to.
pub fn safe_next(next: &str) -> Option<&str> {
    (next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')).then_some(next)
}

fn error_page(status: StatusCode, title: &str, message: &str) -> Response {
    let body = render_template(
        "error.html",
        context! { status => status.as_u16(), title, message },
    )
    .unwrap_or_else(|_| format!("{} {message}", status.as_u16()));
    (status, Html(body)).into_response()
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            Self::Login { next } => {
                let target = match safe_next(&next) {
                    Some(n) if n != "/" => format!("/login?next={}", encode_path(n)),
                    _ => "/login".to_owned(),
                };
                Redirect::to(&target).into_response()
            }
            Self::Expired { next } => {
                let target = match safe_next(&next) {
                    Some(n) if n != "/" => format!("/login?expired=1&next={}", encode_path(n)),
                    _ => "/login?expired=1".to_owned(),
                };
                Redirect::to(&target).into_response()
            }
            Self::ChangePassword => Redirect::to("/password").into_response(),
            Self::Csrf => {
                let mut r = error_page(
                    StatusCode::FORBIDDEN,
                    "页面已过期",
                    "表单已失效或来自其他网站。请返回上一页，刷新后重新提交。",
                );
                r.extensions_mut().insert(Denied {
                    reason: "CSRF 校验失败".into(),
                });
                r
            }
            Self::App(AppError::Unauthorized) => Self::Login { next: "/".into() }.into_response(),
            Self::App(e) => {
                let e = e.outage_unwrapped();
                if let AppError::Internal(cause) = &e {
                    tracing::error!(error = %format!("{cause:#}"), "page failed");
                }
                let status = e.status();
                let title = match status {
                    StatusCode::NOT_FOUND => "找不到该页面或记录",
                    StatusCode::FORBIDDEN => "无权访问",
                    StatusCode::CONFLICT => "操作冲突",
                    StatusCode::BAD_REQUEST => "填写有误",
                    StatusCode::TOO_MANY_REQUESTS => "操作过于频繁",
                    StatusCode::SERVICE_UNAVAILABLE => "系统暂时不可用",
                    _ => "出错了",
                };
                let mut r = error_page(status, title, &e.public_message());
                if let Some(secs) = e.retry_after_secs() {
                    r.headers_mut()
                        .insert(axum::http::header::RETRY_AFTER, secs.into());
                }
                if let AppError::Forbidden(reason) | AppError::Hidden(reason) = e {
                    r.extensions_mut().insert(Denied { reason });
                }
                r
            }
        }
    }
}

/// Percent-encodes a path for a query value (paths hold ids, never personal data).
pub fn encode_path(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The signed-in user as the top bar shows them.
#[derive(Serialize)]
struct MeView {
    id: i64,
    name: String,
    username: String,
    role: &'static str,
    role_label: &'static str,
    profile_id: Option<i64>,
}

/// A signed-in visitor: who they are, their session and the CSRF token for
/// the forms of the page. Without a session it redirects to `/login`.
pub struct Page {
    pub me: CurrentUser,
    pub session: Session,
    pub csrf: String,
    pub path: String,
}

impl FromRequestParts<AppState> for Page {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> PageResult<Self> {
        let path = parts.uri.path().to_owned();
        let me = match CurrentUser::from_request_parts(parts, state).await {
            Ok(me) => me,
            Err(AppError::Unauthorized) => {
                let next = come_back_to(parts);
                // A session cookie that no longer signs anyone in: the session ended.
                if csrf::cookie(&parts.headers, crate::app::SESSION_COOKIE).is_some() {
                    return Err(PageError::Expired { next });
                }
                return Err(PageError::Login { next });
            }
            Err(AppError::ForbiddenCode { .. }) => return Err(PageError::ChangePassword),
            Err(e) => return Err(e.into()),
        };
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("session layer missing")))?;
        let csrf = csrf::token(&session).await?;
        Ok(Self {
            me,
            session,
            csrf,
            path,
        })
    }
}

/// Where to return after signing in: the page itself, or for a form post the
/// page the form was on (its `Referer`, when it is this site).
fn come_back_to(parts: &Parts) -> String {
    let own = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    if parts.method == axum::http::Method::GET {
        return own;
    }
    let host = parts
        .headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok());
    parts
        .headers
        .get(axum::http::header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| r.split_once("://"))
        .and_then(|(_, rest)| {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            (Some(authority) == host && !path.is_empty()).then(|| path.to_owned())
        })
        .unwrap_or(own)
}

const FLASH: &str = "flash";

/// Keeps a one-line message for the next page ("已保存").
pub async fn flash(session: &Session, message: &str) -> PageResult<()> {
    session.insert(FLASH, message).await?;
    Ok(())
}

impl Page {
    /// Renders `template` inside the layout: top bar, menu for the role,
    /// notices badge, the CSRF token and any flash message.
    pub async fn render(
        &self,
        state: &AppState,
        template: &str,
        ctx: Value,
    ) -> PageResult<Html<String>> {
        let notices = notice::list(state.db.conn(), self.me.id(), 50).await?;
        let unread = notices.iter().filter(|n| n.read_at.is_none()).count();
        let flash: Option<String> = self.session.remove(FLASH).await.ok().flatten();
        let me = MeView {
            id: self.me.id(),
            name: self.me.user.display_name.clone(),
            username: self.me.user.username.clone(),
            role: self.me.role.as_str(),
            role_label: self.me.role.label(),
            profile_id: self.me.user.profile_id,
        };
        let base = context! {
            me,
            scope_name => self.me.scope().map(|c| state.regions.local_name(c)).filter(|n| !n.is_empty()),
            nav => nav::for_role(self.me.role, &self.path),
            csrf => self.csrf,
            unread,
            flash,
            // Printed pages carry the day they were printed (Beijing).
            today => crate::service::fields::today().to_string(),
        };
        Ok(Html(render_template(template, context! { ..ctx, ..base })?))
    }
}

/// An anonymous visitor of `/login` or `/register`: the session is only
/// touched when they sign in; the form's CSRF token is signed, not stored.
pub struct Visitor {
    pub session: Session,
    pub csrf: String,
    pub client_addr: String,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> PageResult<Self> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("session layer missing")))?;
        // Signed, not stored: an anonymous visitor leaves nothing on the server.
        let nonce = parts
            .extensions
            .get::<csrf::Nonce>()
            .map(|n| n.0.clone())
            .or_else(|| csrf::cookie(&parts.headers, csrf::COOKIE))
            .unwrap_or_default();
        let csrf = csrf::anonymous_token(state, &nonce);
        Ok(Self {
            session,
            csrf,
            client_addr: crate::auth::client_addr(parts),
        })
    }
}

impl Visitor {
    pub fn render(&self, template: &str, ctx: Value) -> PageResult<Html<String>> {
        Ok(Html(render_template(
            template,
            context! { csrf => self.csrf.clone(), ..ctx },
        )?))
    }
}

#[cfg(test)]
mod tests;
