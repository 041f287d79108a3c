//! `POST /profiles/batch`: the registry list's ticked people, 批量核实, 导出所选 or 加入对接
//! (a project chosen by its name). The services decide each record, all or nothing; a
//! refusal comes back on the list with the filters kept.

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;

use minijinja::context;
use minijinja::value::Value;

use super::csrf::Form;
use super::forms::refusal;
use super::profile_list::{ListQuery, render};
use super::render::{Page, PageError, PageResult, flash};
use crate::domain::Stage;
use crate::error::AppError;
use crate::service::matching::outcome::Scorer;
use crate::service::pipeline::batch;
use crate::service::profile::batch as profiles;
use crate::service::project::{self, ProjectFilter};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/profiles/batch", post(act))
}

/// The list the batch came from (its filters, as the form carried them).
fn back(form: &Form) -> ListQuery {
    form.get("back")
        .and_then(|q| serde_urlencoded::from_str::<ListQuery>(q).ok())
        .unwrap_or_default()
}

fn list_address(query: &ListQuery) -> String {
    match serde_urlencoded::to_string(query).unwrap_or_default() {
        q if q.is_empty() => "/profiles".into(),
        q => format!("/profiles?{q}"),
    }
}

/// The open projects (招引中 · 洽谈中) the caller works on, by title, for 加入对接; none for
/// those who do not work on projects.
pub(super) async fn projects(state: &AppState, page: &Page) -> PageResult<Vec<Value>> {
    if !project::works_on_projects(&page.me) {
        return Ok(Vec::new());
    }
    let (_, items) =
        project::list(state.db.conn(), &page.me, &ProjectFilter::default(), 1, 200).await?;
    let open = [Stage::Attracting.as_str(), Stage::Negotiating.as_str()];
    Ok(items
        .into_iter()
        .filter(|p| open.contains(&p.stage.as_str()))
        .map(|p| context! { id => p.id, title => p.title })
        .collect())
}

async fn act(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    let query = back(&form);
    let done = match form.get("action").unwrap_or("") {
        "verify" => verify(&state, &page, &form).await,
        "export" => export(&state, &page, &form).await,
        "pipeline" => pipeline(&state, &page, &form).await,
        _ => {
            Err(AppError::invalid("action", "请选择要做的事：批量核实、导出所选或加入对接").into())
        }
    };
    match done {
        Ok(Some(file)) => Ok(file),
        Ok(None) => Ok(Redirect::to(&list_address(&query)).into_response()),
        Err(PageError::App(e)) => {
            let (status, errors) = refusal(e)?;
            let mut page_again = render(&state, &page, query, errors).await?;
            *page_again.status_mut() = status;
            Ok(page_again)
        }
        Err(other) => Err(other),
    }
}

async fn verify(state: &AppState, page: &Page, form: &Form) -> PageResult<Option<Response>> {
    let ids = profiles::ids(&form.all("id"))?;
    let changed = profiles::verify(&state.db, &page.me, &ids).await?;
    let before = ids.len() as u64 - changed;
    let note = if before > 0 {
        format!("已核实 {changed} 人（另 {before} 人此前已核实），核实日期为今天。")
    } else {
        format!("已核实 {changed} 人，核实日期为今天。")
    };
    flash(&page.session, &note).await?;
    Ok(None)
}

async fn export(state: &AppState, page: &Page, form: &Form) -> PageResult<Option<Response>> {
    let ids = profiles::ids(&form.all("id"))?;
    let bytes = profiles::export(&state.db, &page.me, &state.regions, &ids).await?;
    let date = crate::service::fields::today();
    Ok(Some(crate::routes::download::xlsx(
        bytes,
        &format!("乡贤名册-所选-{date}.xlsx"),
        &format!("xiangxian-selected-{date}.xlsx"),
    )))
}

async fn pipeline(state: &AppState, page: &Page, form: &Form) -> PageResult<Option<Response>> {
    let ids = profiles::ids(&form.all("id"))?;
    let project: i64 = form
        .opt("project")
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| AppError::invalid("project", "请选择要加入对接的项目"))?;
    let scorer = Scorer {
        search: Some(&state.search),
        weights: &state.config.match_weights,
    };
    let done = batch::shortlist_many(&state.db, &page.me, project, &ids, scorer).await?;
    let mut note = format!("已把 {} 人加入对接名单，状态为“推荐”。", done.added);
    if done.already > 0 {
        note.push_str(&format!("另 {} 人已在该项目的对接名单中。", done.already));
    }
    flash(&page.session, &note).await?;
    Ok(None)
}
