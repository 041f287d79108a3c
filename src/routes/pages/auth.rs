//! `/login`, `/logout`, `/register`, `/claim` and `/password`: the same
//! sign-in, registration and claim code as the JSON API (`service::session`,
//! `service::registration`, `service::profile::claim`).

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use serde::Deserialize;

use super::csrf::Form;
use super::forms::{Errors, refusal};
use super::regions::township_groups;
use super::render::{Page, PageResult, Visitor, flash, safe_next};
use crate::auth::{CurrentUser, login};
use crate::error::AppError;
use crate::service::profile::claim;
use crate::service::registration::{self, RegisterReq};
use crate::service::session;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_form).post(login_submit))
        .route("/logout", axum::routing::post(logout))
        .route("/register", get(register_form).post(register_submit))
        .route("/claim", get(claim_form).post(claim_submit))
        .route("/password", get(password_form).post(password_submit))
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
    /// Set when a session ended under the visitor (see `PageError::Expired`).
    expired: Option<String>,
}

async fn login_form(
    visitor: Visitor,
    signed_in: Result<CurrentUser, AppError>,
    Query(q): Query<NextQuery>,
) -> PageResult<Response> {
    if signed_in.is_ok() {
        return Ok(Redirect::to("/").into_response());
    }
    let next = q.next.as_deref().and_then(safe_next).unwrap_or("/");
    let expired = q.expired.is_some();
    Ok(visitor
        .render(
            "auth/login.html",
            context! { next, expired, values => context! {} },
        )?
        .into_response())
}

async fn login_submit(
    State(state): State<AppState>,
    visitor: Visitor,
    form: Form,
) -> PageResult<Response> {
    let username = form.text("username");
    let next = form
        .get("next")
        .and_then(safe_next)
        .unwrap_or("/")
        .to_owned();
    match session::sign_in(
        &state,
        &visitor.session,
        &visitor.client_addr,
        &username,
        form.get("password").unwrap_or(""),
    )
    .await
    {
        Ok(found) => {
            let status = session::password_status(&state, &found);
            if status["must_change"] == true {
                return Ok(Redirect::to("/password").into_response());
            }
            Ok(Redirect::to(&next).into_response())
        }
        Err(AppError::Unauthorized) => {
            let errors = Errors::form("用户名或密码不正确，或账号已停用");
            let html = visitor.render(
                "auth/login.html",
                context! { next, errors, values => context! { username } },
            )?;
            Ok((StatusCode::UNAUTHORIZED, html).into_response())
        }
        Err(e @ AppError::TooManyRequests { .. }) => {
            let errors = Errors::form("登录失败次数过多，请稍后再试");
            let html = visitor.render(
                "auth/login.html",
                context! { next, errors, values => context! { username } },
            )?;
            let mut response = (StatusCode::TOO_MANY_REQUESTS, html).into_response();
            if let Some(wait) = e.into_response().headers().get(header::RETRY_AFTER) {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, wait.clone());
            }
            Ok(response)
        }
        Err(e) => Err(e.into()),
    }
}

async fn logout(State(state): State<AppState>, page: Page, _form: Form) -> PageResult<Response> {
    session::sign_out(&state.db, &page.session, &page.me).await?;
    Ok(Redirect::to("/login").into_response())
}

async fn register_page(
    state: &AppState,
    visitor: &Visitor,
    values: serde_json::Value,
    errors: Errors,
) -> PageResult<axum::response::Html<String>> {
    let groups = township_groups(state.db.conn(), "", &state.regions).await?;
    visitor.render(
        "auth/register.html",
        context! { values, errors, hometown_groups => groups },
    )
}

async fn register_form(State(state): State<AppState>, visitor: Visitor) -> PageResult<Response> {
    Ok(
        register_page(&state, &visitor, serde_json::json!({}), Errors::default())
            .await?
            .into_response(),
    )
}

async fn register_submit(
    State(state): State<AppState>,
    visitor: Visitor,
    form: Form,
) -> PageResult<Response> {
    let values = serde_json::Value::Object(form.values(&[]));
    let attempt = async {
        if form.get("password") != form.get("password2") {
            return Err(AppError::invalid("password2", "两次输入的密码不一致"));
        }
        let req = RegisterReq {
            username: form.text("username"),
            password: form.text("password"),
            name: form.text("name"),
            hometown_code: form.text("hometown_code"),
            mobile: form.opt("mobile"),
        };
        registration::register(
            &state.db,
            &state.login_throttle,
            state.config.password_policy,
            &visitor.client_addr,
            req,
        )
        .await
    };
    match attempt.await {
        Ok((account, _draft)) => {
            login::start_session(&visitor.session, &account).await?;
            flash(
                &visitor.session,
                "注册成功。请完善您的乡贤档案，并在“隐私设置”中确认是否同意对接。",
            )
            .await?;
            Ok(Redirect::to("/me").into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let html = register_page(&state, &visitor, values, errors).await?;
            Ok((status, html).into_response())
        }
    }
}

async fn claim_form(State(state): State<AppState>, page: Page) -> PageResult<Response> {
    Ok(page
        .render(
            &state,
            "auth/claim.html",
            context! { values => context! {} },
        )
        .await?
        .into_response())
}

async fn claim_submit(
    State(state): State<AppState>,
    page: Page,
    form: Form,
) -> PageResult<Response> {
    let code = form.text("code");
    match claim::claim(&state.db, &page.me, &code).await {
        Ok(claim::Outcome::Done(claimed)) => {
            flash(
                &page.session,
                &format!("认领成功：档案“{}”已归您本人管理。", claimed.name),
            )
            .await?;
            Ok(Redirect::to("/me").into_response())
        }
        Ok(claim::Outcome::Pending(_)) => {
            flash(
                &page.session,
                "认领已提交：您账号的手机号与档案不一致，须由县级工作人员核实本人后批准。",
            )
            .await?;
            Ok(Redirect::to("/me").into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let html = page
                .render(
                    &state,
                    "auth/claim.html",
                    context! { errors, values => context! { code } },
                )
                .await?;
            Ok((status, html).into_response())
        }
    }
}

async fn password_form(State(state): State<AppState>, page: Page) -> PageResult<Response> {
    let status = session::password_status(&state, &page.me.user);
    Ok(page
        .render(
            &state,
            "auth/password.html",
            context! { status, policy => policy_hint(&state) },
        )
        .await?
        .into_response())
}

/// The rule under the new-password field.
fn policy_hint(state: &AppState) -> &'static str {
    match state.config.password_policy {
        crate::auth::password::PasswordPolicy::Dengbao => {
            "至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类；不能包含用户名或手机号，不能与最近 5 次的密码相同；每 90 天须更换"
        }
        crate::auth::password::PasswordPolicy::Nist => {
            "至少 8 位，不要用常见密码；不能包含用户名或手机号"
        }
    }
}

async fn password_submit(
    State(state): State<AppState>,
    page: Page,
    form: Form,
) -> PageResult<Response> {
    let result = if form.get("new") != form.get("new2") {
        Err(AppError::invalid("new2", "两次输入的新密码不一致"))
    } else {
        session::change_password(
            &state,
            &page.session,
            &page.me,
            form.get("current").unwrap_or(""),
            form.text("new"),
        )
        .await
    };
    match result {
        Ok(()) => {
            flash(&page.session, "密码已修改，其他设备上的登录已退出。").await?;
            Ok(Redirect::to("/password").into_response())
        }
        Err(e) => {
            let (code, errors) = refusal(e)?;
            let status = session::password_status(&state, &page.me.user);
            let html = page
                .render(
                    &state,
                    "auth/password.html",
                    context! { errors, status, policy => policy_hint(&state) },
                )
                .await?;
            Ok((code, html).into_response())
        }
    }
}
