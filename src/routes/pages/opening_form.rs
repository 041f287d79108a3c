//! Posting, changing and withdrawing an incubator's openings:
//! `/incubators/{id}/openings/new`, `/openings/{id}/edit`,
//! `/openings/{id}/delete` — for the incubator's operators, staff of its
//! county and administrators, through `service::opening::write`.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use serde_json::{Map, Value, json};

use super::csrf::Form;
use super::forms::{Errors, chain_groups, choices, code, number, refusal};
use super::render::{Page, PageResult, flash};
use crate::auth::policy::Access;
use crate::domain::{OpeningKind, Role};
use crate::entity::json_list::from_json_list;
use crate::entity::{incubator, opening};
use crate::error::{AppError, AppResult};
use crate::service::incubator as incubators;
use crate::service::opening::find_live;
use crate::service::opening::write::{self, OpeningReq};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/incubators/{id}/openings/new", get(new_form).post(create))
        .route("/openings/{id}/edit", get(edit_form).post(update))
        .route("/openings/{id}/delete", post(delete))
}

const MULTI: &[&str] = &["chains"];

/// Where an operator goes back to: their own page; others the incubator's.
fn home_of(page: &Page, incubator_id: i64) -> String {
    if page.me.is(Role::Operator) {
        "/incubator".to_owned()
    } else {
        format!("/incubators/{incubator_id}")
    }
}

fn to_req(form: &Form) -> AppResult<OpeningReq> {
    let kind = form
        .opt("kind")
        .ok_or_else(|| AppError::invalid("kind", "请选择空间类型"))?;
    Ok(OpeningReq {
        kind: code("kind", Some(kind), |k| {
            OpeningKind::parse(k).map(|k| k.as_str().to_owned())
        })?,
        title: Some(form.text("title")),
        area_m2: Some(
            number("area_m2", form.opt("area_m2"), "请填写面积（平方米，数字）")?
                .ok_or_else(|| AppError::invalid("area_m2", "请填写面积（平方米）"))?,
        ),
        units: Some(
            number("units", form.opt("units"), "请填写单元数（整数）")?
                .ok_or_else(|| AppError::invalid("units", "请填写可入驻单元数"))?,
        ),
        monthly_rent: Some(
            number(
                "monthly_rent",
                form.opt("monthly_rent"),
                "请填写月租金（元，数字）",
            )?
            .unwrap_or(0.0),
        ),
        available_from: form.opt("available_from"),
        chains: Some(form.all("chains")),
        subsidy_eligible: Some(form.checked("subsidy_eligible")),
    })
}

fn values_of(o: &opening::Model) -> Map<String, Value> {
    let mut v = Map::new();
    v.insert("kind".into(), json!(o.kind));
    v.insert("title".into(), json!(o.title));
    v.insert("area_m2".into(), json!(o.area_m2.to_string()));
    v.insert("units".into(), json!(o.units.to_string()));
    v.insert("monthly_rent".into(), json!(o.monthly_rent.to_string()));
    v.insert("available_from".into(), json!(o.available_from.to_string()));
    v.insert("chains".into(), json!(from_json_list(&o.chains)));
    let eligible = if o.subsidy_eligible { "on" } else { "" };
    v.insert("subsidy_eligible".into(), json!(eligible));
    v
}

async fn render_form(
    state: &AppState,
    page: &Page,
    inc: &incubator::Model,
    existing: Option<&opening::Model>,
    mut values: Map<String, Value>,
    errors: Errors,
) -> PageResult<Html<String>> {
    values.entry("chains").or_insert_with(|| json!([]));
    let (action, title) = match existing {
        Some(o) => (
            format!("/openings/{}/edit", o.id),
            format!("修改空间：{}", o.title),
        ),
        None => (
            format!("/incubators/{}/openings/new", inc.id),
            "发布孵化空间".to_owned(),
        ),
    };
    page.render(
        state,
        "openings/form.html",
        context! {
            action, title, values, errors, incubator => inc.name.clone(),
            existing => existing.map(|o| context! { id => o.id, units => o.units, units_available => o.units_available }),
            back => home_of(page, inc.id),
            kinds => choices(OpeningKind::ALL, OpeningKind::as_str, OpeningKind::label),
            chains => chain_groups(),
        },
    )
    .await
}

async fn writable_incubator(
    state: &AppState,
    page: &Page,
    id: i64,
) -> PageResult<incubator::Model> {
    Ok(incubators::load(state.db.conn(), &page.me, id, Access::Write).await?)
}

async fn new_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    let inc = writable_incubator(&state, &page, id).await?;
    let mut values = Map::new();
    values.insert("subsidy_eligible".into(), json!("on"));
    values.insert("units".into(), json!("1"));
    render_form(&state, &page, &inc, None, values, Errors::default()).await
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let inc = writable_incubator(&state, &page, id).await?;
    let result = match to_req(&form) {
        Ok(req) => write::create(&state.db, &page.me, id, req).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => {
            flash(&page.session, "孵化空间已发布。").await?;
            Ok(Redirect::to(&home_of(&page, id)).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let html = render_form(&state, &page, &inc, None, form.values(MULTI), errors).await?;
            Ok((status, html).into_response())
        }
    }
}

async fn load(
    state: &AppState,
    page: &Page,
    id: i64,
) -> PageResult<(opening::Model, incubator::Model)> {
    let found = find_live(state.db.conn(), id).await?;
    let inc = writable_incubator(state, page, found.incubator_id).await?;
    Ok((found, inc))
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    let (found, inc) = load(&state, &page, id).await?;
    let values = values_of(&found);
    render_form(&state, &page, &inc, Some(&found), values, Errors::default()).await
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let (found, inc) = load(&state, &page, id).await?;
    let result = match to_req(&form) {
        Ok(req) => write::update(&state.db, &page.me, id, req).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => {
            flash(&page.session, "修改已保存。").await?;
            Ok(Redirect::to(&home_of(&page, inc.id)).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let values = form.values(MULTI);
            let html = render_form(&state, &page, &inc, Some(&found), values, errors).await?;
            Ok((status, html).into_response())
        }
    }
}

async fn delete(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    let (_, inc) = load(&state, &page, id).await?;
    write::delete(&state.db, &page.me, id).await?;
    flash(&page.session, "孵化空间已撤下，不再出现在查询中。").await?;
    Ok(Redirect::to(&home_of(&page, inc.id)).into_response())
}
