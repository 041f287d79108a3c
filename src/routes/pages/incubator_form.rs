//! 孵化载体 for staff and administrators — the list (`/incubators`) and a new
//! one (`/incubators/new`) — and changing one's details
//! (`/incubators/{id}/edit`) for its operators, staff of its county and
//! administrators. All through `service::incubator`.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::csrf::Form;
use super::forms::{Errors, chain_groups, choices, refusal};
use super::regions::counties;
use super::render::{Page, PageResult, flash};
use crate::auth::policy::Access;
use crate::domain::{IncubatorKind, IncubatorLevel, Role};
use crate::entity::incubator;
use crate::entity::json_list::from_json_list;
use crate::service::incubator::{self as incubators, IncubatorFilter, IncubatorReq, IncubatorView};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/incubators", get(list))
        .route("/incubators/new", get(new_form).post(create))
        .route("/incubators/{id}/edit", get(edit_form).post(update))
}

const MULTI: &[&str] = &["chains"];
const PER_PAGE: u64 = 50;

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
struct ListQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    county: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    page: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<ListQuery>,
) -> PageResult<Html<String>> {
    incubators::require_manager(&page.me)?;
    let current = super::forms::page_number(q.page.as_deref());
    let county = q.county.filter(|c| !c.trim().is_empty());
    let filter = IncubatorFilter {
        county: county.clone(),
        ..Default::default()
    };
    let conn = state.db.conn();
    let (total, rows) = incubators::list(conn, &filter, current, PER_PAGE).await?;
    let items: Vec<Value> = rows
        .into_iter()
        .map(|i| {
            let can_edit = incubators::may_write(&page.me, &i);
            let view = IncubatorView::new(i, &state.regions);
            json!({ "inc": view, "can_edit": can_edit })
        })
        .collect();
    let query = ListQuery {
        county: county.clone(),
        page: None,
    };
    page.render(
        &state,
        "incubator/list.html",
        context! {
            items, total, current,
            pages => total.div_ceil(PER_PAGE).max(1),
            query_base => serde_urlencoded::to_string(&query).unwrap_or_default(),
            county,
            counties => counties(conn, "").await?,
        },
    )
    .await
}

fn to_req(form: &Form, version: Option<i32>) -> IncubatorReq {
    IncubatorReq {
        name: Some(form.text("name")),
        kind: Some(form.text("kind")),
        level: Some(form.text("level")),
        county_code: Some(form.text("county_code")),
        park: Some(form.text("park")),
        address: Some(form.text("address")),
        chains: Some(form.all("chains")),
        version,
    }
}

fn values_of(i: &incubator::Model) -> Map<String, Value> {
    let mut v = Map::new();
    v.insert("name".into(), json!(i.name));
    v.insert("kind".into(), json!(i.kind));
    v.insert("level".into(), json!(i.level));
    v.insert("county_code".into(), json!(i.county_code));
    v.insert("park".into(), json!(i.park));
    v.insert("address".into(), json!(i.address));
    v.insert("chains".into(), json!(from_json_list(&i.chains)));
    v
}

/// Where the form leads back to: an operator's own page, else the incubator's.
fn home_of(page: &Page, id: i64) -> String {
    if page.me.is(Role::Operator) {
        "/incubator".to_owned()
    } else {
        format!("/incubators/{id}")
    }
}

async fn render_form(
    state: &AppState,
    page: &Page,
    existing: Option<&incubator::Model>,
    mut values: Map<String, Value>,
    errors: Errors,
) -> PageResult<Html<String>> {
    values.entry("chains").or_insert_with(|| json!([]));
    // Staff choose among the counties of their scope; the whole city for administrators.
    let scope = page.me.list_scope().unwrap_or_default();
    let (action, title, back) = match existing {
        Some(i) => (
            format!("/incubators/{}/edit", i.id),
            format!("修改载体信息：{}", i.name),
            home_of(page, i.id),
        ),
        None => (
            "/incubators/new".to_owned(),
            "新建孵化载体".to_owned(),
            "/incubators".to_owned(),
        ),
    };
    // An operator keeps the county (moving it is for staff of the other county).
    let county_locked = page.me.is(Role::Operator);
    page.render(
        state,
        "incubator/form.html",
        context! {
            action, title, back, values, errors, county_locked,
            version => existing.map(|i| i.version),
            kinds => choices(IncubatorKind::ALL, IncubatorKind::as_str, IncubatorKind::label),
            levels => choices(IncubatorLevel::ALL, IncubatorLevel::as_str, IncubatorLevel::label),
            counties => counties(state.db.conn(), &scope).await?,
            county_name => existing.map(|i| state.regions.local_name(&i.county_code)),
            chains => chain_groups(),
        },
    )
    .await
}

async fn new_form(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    incubators::require_manager(&page.me)?;
    let mut values = Map::new();
    // A county member of staff starts in their own county.
    if let Some(scope) = page.me.list_scope().filter(|s| s.len() == 6) {
        values.insert("county_code".into(), json!(scope));
    }
    render_form(&state, &page, None, values, Errors::default()).await
}

async fn create(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    incubators::require_manager(&page.me)?;
    match incubators::create(&state.db, &page.me, to_req(&form, None)).await {
        Ok(created) => {
            flash(
                &page.session,
                "孵化载体已建立。可以为它发布空间，或建立运营方账号。",
            )
            .await?;
            Ok(Redirect::to(&format!("/incubators/{}", created.id)).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let html = render_form(&state, &page, None, form.values(MULTI), errors).await?;
            Ok((status, html).into_response())
        }
    }
}

async fn writable(state: &AppState, page: &Page, id: i64) -> PageResult<incubator::Model> {
    Ok(incubators::load(state.db.conn(), &page.me, id, Access::Write).await?)
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    let found = writable(&state, &page, id).await?;
    let values = values_of(&found);
    render_form(&state, &page, Some(&found), values, Errors::default()).await
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let found = writable(&state, &page, id).await?;
    let version = form.opt("version").and_then(|v| v.parse().ok());
    let mut req = to_req(&form, version);
    if page.me.is(Role::Operator) {
        req.county_code = None;
    }
    match incubators::update(&state.db, &page.me, id, req).await {
        Ok(_) => {
            flash(&page.session, "载体信息已保存。").await?;
            Ok(Redirect::to(&home_of(&page, id)).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let mut values = form.values(MULTI);
            if page.me.is(Role::Operator) {
                values.insert("county_code".into(), json!(found.county_code));
            }
            let html = render_form(&state, &page, Some(&found), values, errors).await?;
            Ok((status, html).into_response())
        }
    }
}
