//! Creating and editing a project of the 项目库: `/projects/new` and
//! `/projects/{id}/edit`, for staff and administrators, through
//! `service::project::write` like the JSON API. A stale edit (someone saved
//! in between) shows the form again with what was typed and says so.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use serde_json::{Map, Value, json};

use super::csrf::Form;
use super::forms::{Errors, chain_groups, choices, code, number, refusal, split_tags};
use super::regions::counties;
use super::render::{Page, PageResult, flash};
use crate::auth::policy::Access;
use crate::domain::{Need, Stage};
use crate::entity::json_list::from_json_list;
use crate::entity::project;
use crate::error::{AppError, AppResult};
use crate::service::project::{self as projects, ProjectReq, write};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects/new", get(new_form).post(create))
        .route("/projects/{id}/edit", get(edit_form).post(update))
}

/// The parks of the plan where projects land; the field takes any other too.
const PARKS: &[&str] = &[
    "咸宁高新区",
    "赤壁高新区",
    "通城高新区",
    "嘉鱼电子信息产业园",
];

const MULTI: &[&str] = &["needs"];

/// Reads the form into the API's request. The selects are checked here only
/// for being chosen at all, with words for a clerk; the service does the rest.
fn to_req(form: &Form, editing: bool) -> AppResult<ProjectReq> {
    let segment = form
        .opt("segment")
        .ok_or_else(|| AppError::invalid("segment", "请选择产业链细分领域"))?;
    let county = form
        .opt("county_code")
        .ok_or_else(|| AppError::invalid("county_code", "请选择项目所在县（市、区）"))?;
    Ok(ProjectReq {
        title: Some(form.text("title")),
        segment: Some(segment),
        description: Some(form.text("description")),
        needs: Some(form.all("needs")),
        county_code: Some(county),
        park: Some(form.text("park")),
        investment_wan: number(
            "investment_wan",
            form.opt("investment_wan")
                .map(|v| v.replace([',', '，'], "")),
            "请填写整数（万元），如 30000",
        )?
        .or(Some(0)),
        jobs: number(
            "jobs",
            form.opt("jobs").map(|v| v.replace([',', '，'], "")),
            "请填写整数（个），如 200",
        )?,
        stage: code("stage", form.opt("stage"), |s| {
            Stage::parse(s).map(|s| s.as_str().to_owned())
        })?,
        target_companies: Some(split_tags(&form.text("target_companies"))),
        public: Some(form.checked("public")),
        version: if editing {
            number("version", form.opt("version"), "版本号有误，请刷新页面")?
        } else {
            None
        },
    })
}

/// The form's values from a stored project.
fn values_of(p: &project::Model) -> Map<String, Value> {
    let mut v = Map::new();
    v.insert("title".into(), json!(p.title));
    v.insert("segment".into(), json!(p.segment));
    v.insert("description".into(), json!(p.description));
    v.insert("needs".into(), json!(from_json_list(&p.needs)));
    v.insert("county_code".into(), json!(p.county_code));
    v.insert("park".into(), json!(p.park));
    v.insert("investment_wan".into(), json!(p.investment_wan.to_string()));
    v.insert("stage".into(), json!(p.stage));
    let jobs = p.jobs.map(|j| j.to_string()).unwrap_or_default();
    v.insert("jobs".into(), json!(jobs));
    let companies = from_json_list(&p.target_companies).join("，");
    v.insert("target_companies".into(), json!(companies));
    v.insert("public".into(), json!(if p.public { "on" } else { "" }));
    v.insert("version".into(), json!(p.version.to_string()));
    v
}

async fn render_form(
    state: &AppState,
    page: &Page,
    existing: Option<&project::Model>,
    mut values: Map<String, Value>,
    errors: Errors,
) -> PageResult<Html<String>> {
    values.entry("needs").or_insert_with(|| json!([]));
    let scope = page.me.list_scope().unwrap_or_default();
    let county_choices = counties(state.db.conn(), &scope).await?;
    let (action, title) = match existing {
        Some(p) => (
            format!("/projects/{}/edit", p.id),
            format!("修改项目：{}", p.title),
        ),
        None => ("/projects/new".to_owned(), "新建招商项目".to_owned()),
    };
    // An existing project offers only where it is and the moves allowed from there.
    let (stages, stage_hint) = match existing {
        Some(p) => stage_choices(p),
        None => (
            choices(Stage::ALL, Stage::as_str, Stage::label),
            String::new(),
        ),
    };
    page.render(
        state,
        "projects/form.html",
        context! {
            action, title, values, errors, id => existing.map(|p| p.id),
            editing => existing.is_some(),
            counties => county_choices, chains => chain_groups(), parks => PARKS,
            needs => choices(Need::ALL, Need::as_str, Need::label),
            stages, stage_hint,
        },
    )
    .await
}

/// The stage select of an existing project: its stage, then the allowed moves; and a hint.
fn stage_choices(p: &project::Model) -> (Vec<Value>, String) {
    let current = Stage::parse(&p.stage).unwrap_or(Stage::Attracting);
    let next = projects::next_stages(p);
    let mut out =
        vec![json!({"code": current.as_str(), "label": format!("{}（当前）", current.label())})];
    out.extend(
        next.iter()
            .map(|s| json!({"code": s.as_str(), "label": format!("改为：{}", s.label())})),
    );
    let hint = if next.is_empty() {
        "已落地是最终阶段，不能再改。".to_owned()
    } else {
        let labels: Vec<&str> = next.iter().map(|s| s.label()).collect();
        format!(
            "阶段按 招引中 → 洽谈中 → 已签约 → 已落地 逐步推进；已搁置的项目只能回到搁置前的阶段。当前可改为：{}",
            labels.join("、")
        )
    };
    (out, hint)
}

async fn new_form(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    projects::require_works_on_projects(&page.me)?;
    let mut values = Map::new();
    // A county clerk's projects are in their county: chosen already.
    if let Some(scope) = page.me.scope().filter(|s| s.len() >= 6) {
        values.insert("county_code".into(), json!(&scope[..6]));
    }
    values.insert("stage".into(), json!(Stage::Attracting.as_str()));
    render_form(&state, &page, None, values, Errors::default()).await
}

/// Shows the form again with what was typed and the message beside its field.
async fn refused(
    state: &AppState,
    page: &Page,
    existing: Option<&project::Model>,
    form: &Form,
    e: AppError,
) -> PageResult<Response> {
    let stale = matches!(&e, AppError::Conflict { .. });
    let (status, mut errors) = refusal(e)?;
    let mut values = form.values(MULTI);
    if let (Some(p), true) = (existing, stale) {
        // Saving again is then a conscious overwrite of the other person's change.
        values.insert("version".into(), json!(p.version.to_string()));
        errors.form = Some(format!(
            "保存前该项目已被他人修改（现为第 {} 版，{}）。下面保留了您填写的内容；请与当前内容核对，再次保存将覆盖对方的修改。",
            p.version,
            super::filters::datetime(Some(p.updated_at.to_rfc3339()))
        ));
    }
    let html = render_form(state, page, existing, values, errors).await?;
    Ok((status, html).into_response())
}

async fn create(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    let result = match to_req(&form, false) {
        Ok(req) => write::create(&state.db, &page.me, req).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(created) => {
            flash(&page.session, "项目已保存。").await?;
            Ok(Redirect::to(&format!("/projects/{}", created.id)).into_response())
        }
        Err(e) => refused(&state, &page, None, &form, e).await,
    }
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    let found = projects::load(state.db.conn(), &page.me, id, Access::Write).await?;
    render_form(
        &state,
        &page,
        Some(&found),
        values_of(&found),
        Errors::default(),
    )
    .await
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    projects::load(state.db.conn(), &page.me, id, Access::Write).await?;
    let result = match to_req(&form, true) {
        Ok(req) => write::update(&state.db, &page.me, id, req).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => {
            flash(&page.session, "修改已保存。").await?;
            Ok(Redirect::to(&format!("/projects/{id}")).into_response())
        }
        Err(e) => {
            let current = projects::find(state.db.conn(), id).await?;
            refused(&state, &page, Some(&current), &form, e).await
        }
    }
}
