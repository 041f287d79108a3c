//! `/admin/users`: accounts, for administrators — list, create, disable or
//! enable, reset a password — through `service::user` like the JSON API.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use serde_json::{Value, json};

use super::csrf::Form;
use super::forms::{Errors, code, number, refusal};
use super::regions::scope_choices;
use super::render::{Page, PageResult, flash};
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::service::user::{self, CreateUserReq, UpdateUserReq, UserView};
use crate::service::user_admin;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(list).post(create))
        .route("/admin/users/{id}", get(show))
        .route("/admin/users/{id}/disabled", post(set_disabled))
        .route("/admin/users/{id}/password", post(reset_password))
}

fn admin_only(page: &Page) -> PageResult<()> {
    Ok(user_admin::require_admin(&page.me)?)
}

fn roles() -> Vec<Value> {
    Role::ALL
        .iter()
        .map(|r| json!({"code": r.as_str(), "label": r.label()}))
        .collect()
}

async fn list_page(
    state: &AppState,
    page: &Page,
    values: Value,
    errors: Errors,
) -> PageResult<Html<String>> {
    admin_only(page)?;
    let conn = state.db.conn();
    let mut users = Vec::new();
    for u in user::list(conn).await? {
        users.push(user::view(conn, u).await?);
    }
    let scopes = scope_choices(conn, &state.regions).await?;
    page.render(
        state,
        "admin/users.html",
        context! { users, roles => roles(), scopes, values, errors },
    )
    .await
}

async fn list(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    list_page(&state, &page, json!({}), Errors::default()).await
}

fn to_req(form: &Form) -> AppResult<CreateUserReq> {
    let role = code("role", form.opt("role"), Role::parse)?
        .ok_or_else(|| AppError::invalid("role", "请选择角色"))?;
    // A village scope is typed as a code; the list offers the city, counties and townships.
    let scope = form.opt("scope_village").or_else(|| form.opt("scope"));
    Ok(CreateUserReq {
        username: form.text("username"),
        password: form.text("password"),
        role,
        scope,
        incubator_id: number(
            "incubator_id",
            form.opt("incubator_id"),
            "请填写孵化载体编号（数字）",
        )?,
        display_name: form.opt("display_name"),
    })
}

async fn create(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    admin_only(&page)?;
    let result = match to_req(&form) {
        Ok(req) => {
            user::create_with(&state.db, &page.me.ctx(), req, state.config.password_policy).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(u) => {
            flash(&page.session, &format!("已创建账号 {}", u.username)).await?;
            Ok(Redirect::to(&format!("/admin/users/{}", u.id)).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let values = Value::Object(form.values(&[]));
            Ok((status, list_page(&state, &page, values, errors).await?).into_response())
        }
    }
}

async fn show_page(
    state: &AppState,
    page: &Page,
    id: i64,
    errors: Errors,
) -> PageResult<Html<String>> {
    admin_only(page)?;
    let found = user::find(state.db.conn(), id).await?;
    let view: UserView = user::view(state.db.conn(), found).await?;
    let is_self = view.id == page.me.id();
    page.render(
        state,
        "admin/user.html",
        context! { u => view, is_self, errors },
    )
    .await
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    show_page(&state, &page, id, Errors::default()).await
}

async fn apply(
    state: &AppState,
    page: &Page,
    id: i64,
    req: UpdateUserReq,
    done: &str,
) -> PageResult<Response> {
    admin_only(page)?;
    match user::update(
        &state.db,
        &page.me.ctx(),
        page.me.id(),
        id,
        req,
        state.config.password_policy,
    )
    .await
    {
        Ok(_) => {
            flash(&page.session, done).await?;
            Ok(Redirect::to(&format!("/admin/users/{id}")).into_response())
        }
        Err(AppError::Forbidden(m)) => {
            // Disabling oneself is a mistake to explain on the page, not an error page.
            let html = show_page(state, page, id, Errors::form(m)).await?;
            Ok((axum::http::StatusCode::FORBIDDEN, html).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            Ok((status, show_page(state, page, id, errors).await?).into_response())
        }
    }
}

async fn set_disabled(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let disabled = form.get("disabled") == Some("true");
    let req = UpdateUserReq {
        disabled: Some(disabled),
        ..Default::default()
    };
    apply(
        &state,
        &page,
        id,
        req,
        if disabled {
            "账号已停用。"
        } else {
            "账号已启用。"
        },
    )
    .await
}

async fn reset_password(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let req = UpdateUserReq {
        password: Some(form.text("password")),
        ..Default::default()
    };
    apply(
        &state,
        &page,
        id,
        req,
        "密码已重置，该用户已在所有设备上退出。请把新密码当面或电话告知本人。",
    )
    .await
}
