//! `/associations`: the 乡贤会 (village) and 乡贤联谊会 (township) records
//! of the caller's area — list, create, edit, delete — through
//! `service::association` like the JSON API.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use minijinja::context;
use serde_json::{Value, json};

use super::csrf::Form;
use super::forms::{Errors, number, refusal};
use super::regions::township_groups;
use super::render::{Page, PageResult, flash};
use crate::error::{AppError, AppResult};
use crate::service::association::{self, AssociationReq, AssociationView};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/associations", get(list).post(create))
        .route("/associations/{id}/edit", get(edit_form).post(update))
        .route("/associations/{id}/delete", post(delete))
}

fn to_req(form: &Form, with_region: bool) -> AppResult<AssociationReq> {
    let founded_on = form
        .opt("founded_on")
        .map(|d| {
            NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map_err(|_| AppError::invalid("founded_on", "日期格式应为 2024-03-15"))
        })
        .transpose()?;
    Ok(AssociationReq {
        region_code: if with_region {
            form.opt("region_code")
        } else {
            None
        },
        name: Some(form.text("name")),
        founded_on,
        head: Some(form.text("head")),
        member_count: number(
            "member_count",
            form.opt("member_count"),
            "请填写人数（整数）",
        )?,
    })
}

fn may_write(page: &Page) -> bool {
    association::require_writer(&page.me).is_ok()
}

async fn list_page(
    state: &AppState,
    page: &Page,
    values: Value,
    errors: Errors,
) -> PageResult<Html<String>> {
    let rows = association::list(state.db.conn(), &page.me, None).await?;
    let items: Vec<AssociationView> = rows
        .into_iter()
        .map(|a| AssociationView::new(a, &state.regions))
        .collect();
    let prefix = page.me.list_scope().unwrap_or_default();
    let groups = township_groups(state.db.conn(), &prefix, &state.regions).await?;
    page.render(
        state,
        "associations/list.html",
        context! { items, can_write => may_write(page), hometown_groups => groups, values, errors },
    )
    .await
}

async fn list(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    list_page(&state, &page, json!({}), Errors::default()).await
}

async fn create(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    let result = match to_req(&form, true) {
        Ok(req) => association::create(&state.db, &page.me, req).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(a) => {
            flash(&page.session, &format!("已登记：{}", a.name)).await?;
            Ok(Redirect::to("/associations").into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let values = Value::Object(form.values(&[]));
            Ok((status, list_page(&state, &page, values, errors).await?).into_response())
        }
    }
}

async fn edit_page(
    state: &AppState,
    page: &Page,
    id: i64,
    values: Option<Value>,
    errors: Errors,
) -> PageResult<Html<String>> {
    let found = association::find(state.db.conn(), &page.me, id).await?;
    let view = AssociationView::new(found, &state.regions);
    let values = values.unwrap_or_else(|| {
        json!({"name": view.name, "head": view.head, "member_count": view.member_count.to_string(),
               "founded_on": view.founded_on.map(|d| d.to_string())})
    });
    page.render(
        state,
        "associations/form.html",
        context! { a => view, values, errors },
    )
    .await
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    association::require_writer(&page.me)?;
    edit_page(&state, &page, id, None, Errors::default()).await
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let result = match to_req(&form, false) {
        Ok(req) => association::update(&state.db, &page.me, id, req).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => {
            flash(&page.session, "修改已保存。").await?;
            Ok(Redirect::to("/associations").into_response())
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
    association::delete(&state.db, &page.me, id).await?;
    flash(&page.session, "记录已删除。").await?;
    Ok(Redirect::to("/associations").into_response())
}
