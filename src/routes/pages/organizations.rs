//! `/organizations`: 乡贤社团 (同乡会, 商会, 博士联谊会, …) — list, create,
//! detail with members (added by name search), edit, delete — through
//! `service::organization` like the JSON API.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;
use serde_json::{Value, json};

use super::csrf::Form;
use super::forms::{Errors, refusal};
use super::render::{Page, PageResult, flash};
use crate::auth::policy::Access;
use crate::domain::{OrgKind, OrgRole};
use crate::entity::region;
use crate::error::AppResult;
use crate::service::organization::members::{self, MemberReq};
use crate::service::organization::{self, OrganizationReq, place_name};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations", get(list).post(create))
        .route("/organizations/{id}", get(show))
        .route("/organizations/{id}/edit", get(edit_form).post(update))
        .route("/organizations/{id}/delete", post(delete))
        .route("/organizations/{id}/members", post(add_member))
        .route(
            "/organizations/{id}/members/{profile_id}/delete",
            post(remove_member),
        )
}

fn kinds() -> Vec<Value> {
    OrgKind::ALL
        .iter()
        .map(|k| json!({"code": k.as_str(), "label": k.label()}))
        .collect()
}

fn roles() -> Vec<Value> {
    OrgRole::ALL
        .iter()
        .map(|r| json!({"code": r.as_str(), "label": r.label()}))
        .collect()
}

/// Where the caller may place an organisation: their scope and the counties
/// and townships below it.
async fn places(state: &AppState, page: &Page) -> AppResult<Vec<Value>> {
    let prefix = page.me.list_scope().unwrap_or_default();
    let prefix = if prefix.is_empty() {
        crate::domain::CITY_CODE.to_owned()
    } else {
        prefix
    };
    let rows = region::Entity::find()
        .filter(region::Column::Code.starts_with(&prefix))
        .filter(region::Column::Level.lte(4))
        .filter(region::Column::Level.gte(2))
        .order_by_asc(region::Column::Code)
        .all(state.db.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| json!({"code": r.code, "label": place_name(&state.regions, &r.code)}))
        .collect())
}

fn to_req(form: &Form, creating: bool) -> OrganizationReq {
    OrganizationReq {
        kind: form.opt("kind"),
        name: Some(form.text("name")),
        region_code: if creating {
            form.opt("region_code")
        } else {
            None
        },
        founded_on: form.opt("founded_on"),
        note: Some(form.text("note")),
        version: None,
    }
}

async fn list_page(
    state: &AppState,
    page: &Page,
    values: Value,
    errors: Errors,
) -> PageResult<Html<String>> {
    let counted = members::counts(state.db.conn(), &page.me, &state.regions).await?;
    let mut items = counted;
    items.sort_by(|a, b| a.region_code.cmp(&b.region_code).then(a.id.cmp(&b.id)));
    let can_create = organization::may_create(&page.me);
    let places = if can_create {
        places(state, page).await?
    } else {
        Vec::new()
    };
    page.render(
        state,
        "organizations/list.html",
        context! { items, can_create, places, kinds => kinds(), values, errors },
    )
    .await
}

async fn list(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    list_page(&state, &page, json!({}), Errors::default()).await
}

async fn create(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    match organization::create(&state.db, &page.me, to_req(&form, true)).await {
        Ok(o) => {
            flash(&page.session, &format!("已登记：{}", o.name)).await?;
            Ok(Redirect::to(&format!("/organizations/{}", o.id)).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let values = Value::Object(form.values(&[]));
            Ok((status, list_page(&state, &page, values, errors).await?).into_response())
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct ShowQuery {
    name: Option<String>,
}

async fn show_page(
    state: &AppState,
    page: &Page,
    id: i64,
    name: Option<String>,
    errors: Errors,
) -> PageResult<Html<String>> {
    let conn = state.db.conn();
    let found = organization::load(conn, &page.me, id, Access::Read).await?;
    let can_write = organization::may_write(&page.me, &found);
    let o = organization::views(conn, vec![found], &state.regions)
        .await?
        .pop();
    let items = members::list(conn, &page.me, id, &state.regions).await?;
    let name = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    let name_hits = match &name {
        Some(n) if can_write => super::matches::by_name(state, page, n).await?,
        _ => Vec::new(),
    };
    page.render(
        state,
        "organizations/show.html",
        context! { o, items, can_write, name, name_hits, roles => roles(), errors },
    )
    .await
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> PageResult<Html<String>> {
    show_page(&state, &page, id, q.name, Errors::default()).await
}

async fn edit_page(
    state: &AppState,
    page: &Page,
    id: i64,
    values: Option<Value>,
    errors: Errors,
) -> PageResult<Html<String>> {
    let found = organization::load(state.db.conn(), &page.me, id, Access::Write).await?;
    let values = values.unwrap_or_else(|| {
        json!({"kind": found.kind, "name": found.name, "note": found.note,
               "founded_on": found.founded_on.map(|d| d.to_string())})
    });
    let o = organization::views(state.db.conn(), vec![found], &state.regions)
        .await?
        .pop();
    page.render(
        state,
        "organizations/form.html",
        context! { o, values, errors, kinds => kinds() },
    )
    .await
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    edit_page(&state, &page, id, None, Errors::default()).await
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    match organization::update(&state.db, &page.me, id, to_req(&form, false)).await {
        Ok(_) => {
            flash(&page.session, "修改已保存。").await?;
            Ok(Redirect::to(&format!("/organizations/{id}")).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let values = Value::Object(form.values(&[]));
            Ok((
                status,
                edit_page(&state, &page, id, Some(values), errors).await?,
            )
                .into_response())
        }
    }
}

async fn delete(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    organization::delete(&state.db, &page.me, id).await?;
    flash(&page.session, "组织已删除。").await?;
    Ok(Redirect::to("/organizations").into_response())
}

async fn add_member(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let req = MemberReq {
        profile_id: form.opt("profile_id").and_then(|p| p.parse().ok()),
        role: form.opt("role"),
        since: form.opt("since"),
    };
    match members::add(&state.db, &page.me, id, req, &state.regions).await {
        Ok(m) => {
            flash(
                &page.session,
                &format!("已加入：{}（{}）", m.name, m.role_label),
            )
            .await?;
            Ok(Redirect::to(&format!("/organizations/{id}#members")).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let html = show_page(&state, &page, id, form.opt("name"), errors).await?;
            Ok((status, html).into_response())
        }
    }
}

async fn remove_member(
    State(state): State<AppState>,
    page: Page,
    Path((id, profile_id)): Path<(i64, i64)>,
    _form: Form,
) -> PageResult<Response> {
    members::remove(&state.db, &page.me, id, profile_id).await?;
    flash(&page.session, "已移出该成员。").await?;
    Ok(Redirect::to(&format!("/organizations/{id}#members")).into_response())
}
