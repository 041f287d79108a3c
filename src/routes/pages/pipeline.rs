//! `/pipeline`: 对接 for staff and administrators — every conversation with a
//! shortlisted person, grouped by where it stands, stalled ones marked; one
//! entry with its contact log, the status changes it allows next, and the
//! form to log a contact. All through `service::pipeline`.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::{Value, context};
use serde::Deserialize;

use super::csrf::Form;
use super::forms::{Errors, choices, refusal};
use super::render::{Page, PageResult, flash};
use super::{matches, projects};
use crate::auth::policy::Access;
use crate::domain::{ContactChannel, PipelineStatus, Role};
use crate::service::matching::outcome::Scorer;
use crate::service::pipeline::write::{self, ContactReq, PipelineUpdateReq, ShortlistReq};
use crate::service::pipeline::{self, PipelineFilter};
use crate::service::project::{self, ProjectFilter};
use crate::service::{fields, notice, user};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/pipeline", get(board).post(shortlist))
        .route("/pipeline/{id}", get(show))
        .route("/pipeline/{id}/status", post(change_status))
        .route("/pipeline/{id}/contacts", post(add_contact))
        .route("/pipeline/{id}/assign", post(assign))
}

/// How many entries one column of the board shows.
const PER_COLUMN: u64 = 50;

#[derive(Debug, Default, Deserialize)]
struct BoardQuery {
    project: Option<String>,
    /// `yes`: only the stalled entries.
    stalled: Option<String>,
    /// `yes`: only the entries whose 下次跟进日期 has come.
    due: Option<String>,
}

async fn board(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<BoardQuery>,
) -> PageResult<Html<String>> {
    let conn = state.db.conn();
    let project_filter = q.project.filter(|p| !p.trim().is_empty());
    let stalled_only = q.stalled.as_deref() == Some("yes");
    let due_only = q.due.as_deref() == Some("yes");
    let mut columns = Vec::new();
    let mut total = 0;
    let mut stalled_total = 0;
    let mut due_total = 0;
    let mut hidden = 0;
    for status in PipelineStatus::ALL {
        let filter = PipelineFilter {
            project: project_filter.clone(),
            status: Some(status.as_str().to_owned()),
            stalled: stalled_only.then(|| "true".to_owned()),
            due: due_only.then(|| "true".to_owned()),
            ..Default::default()
        };
        let listed = pipeline::list_counted(conn, &page.me, &filter, 1, PER_COLUMN).await?;
        let count = listed.total;
        let items = pipeline::views(conn, listed.items).await?;
        total += count;
        hidden += listed.hidden;
        stalled_total += items.iter().filter(|e| e.stalled).count();
        due_total += items.iter().filter(|e| e.follow_up_due).count();
        columns.push(context! {
            code => status.as_str(), label => status.label(), count, items,
            more => count > PER_COLUMN,
        });
    }
    // The project picker offers the projects of the caller's scope.
    let (_, choices) = project::list(conn, &page.me, &ProjectFilter::default(), 1, 100).await?;
    let projects: Vec<Value> = choices
        .into_iter()
        .map(|p| context! { id => p.id.to_string(), title => p.title })
        .collect();
    page.render(
        &state,
        "pipeline/board.html",
        context! {
            columns, total, stalled_total, due_total, projects, stalled_only, due_only, hidden,
            today => fields::today().to_string(),
            project => project_filter, stall_days => pipeline::STALL_DAYS,
        },
    )
    .await
}

/// One entry, its log and its forms; `errors` and `typed` re-show a refused form.
async fn show_page(
    state: &AppState,
    page: &Page,
    id: i64,
    errors: Errors,
    typed: Value,
) -> PageResult<Html<String>> {
    let conn = state.db.conn();
    let (entry, found) = pipeline::load(conn, &page.me, id, Access::Read).await?;
    let can_write = project::may_write(&page.me, &found);
    let contacts = pipeline::contacts(conn, entry.id).await?;
    let history = pipeline::status_history(conn, entry.id).await?;
    // Who follows the entry, and whom it may be handed to.
    let assignee = match entry.assigned_to {
        Some(uid) => user::find(conn, uid).await.ok().map(|u| user_label(&u)),
        None => None,
    };
    let assignees: Vec<Value> = if can_write {
        write::assignees(conn, &found)
            .await?
            .iter()
            .map(|u| context! { id => u.id, label => user_label(u), current => Some(u.id) == entry.assigned_to })
            .collect()
    } else {
        Vec::new()
    };
    // Opening the entry answers the notice of its assignment.
    notice::mark_read_by_link(conn, page.me.id(), &format!("/pipeline/{id}")).await?;
    let e = pipeline::views(conn, vec![entry]).await?.into_iter().next();
    let next: Vec<Value> = e
        .as_ref()
        .map(|e| e.next_statuses.clone())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|code| PipelineStatus::parse(code).ok())
        .map(|s| context! { code => s.as_str(), label => s.label(), drop => s == PipelineStatus::Dropped })
        .collect();
    page.render(
        state,
        "pipeline/show.html",
        context! {
            e, contacts, history, next, can_write, errors, values => typed, assignee, assignees,
            today => fields::today().to_string(),
            channels => choices(ContactChannel::ALL, ContactChannel::as_str, ContactChannel::label),
            stall_days => pipeline::STALL_DAYS,
        },
    )
    .await
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    show_page(&state, &page, id, Errors::default(), context! {}).await
}

fn back_to(id: i64) -> Response {
    Redirect::to(&format!("/pipeline/{id}")).into_response()
}

async fn change_status(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let req = PipelineUpdateReq {
        status: form.opt("status"),
        note: form.opt("note"),
        assigned_to: None,
        next_follow_up_on: None,
    };
    match write::update(&state.db, &page.me, id, req).await {
        Ok(updated) => {
            let label = PipelineStatus::parse(&updated.status)
                .map(|s| s.label())
                .unwrap_or_default();
            flash(&page.session, &format!("对接状态已改为“{label}”。")).await?;
            Ok(back_to(id))
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let typed = context! { note => form.text("note") };
            let html = show_page(&state, &page, id, errors, typed).await?;
            Ok((status, html).into_response())
        }
    }
}

/// A user as a choice: the display name, and the sign-in name to tell people apart.
fn user_label(u: &crate::entity::user::Model) -> String {
    let role = Role::parse(&u.role).map(|r| r.label()).unwrap_or_default();
    match u.display_name.trim() {
        name if name.is_empty() || name == u.username => format!("{}（{role}）", u.username),
        name => format!("{name}（{}，{role}）", u.username),
    }
}

/// Hands the entry to another member of staff (who gets a notice).
async fn assign(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let assigned_to = form.opt("assigned_to").and_then(|v| v.parse::<i64>().ok());
    let result = match assigned_to {
        Some(uid) => {
            let req = PipelineUpdateReq {
                status: None,
                note: None,
                assigned_to: Some(uid),
                next_follow_up_on: None,
            };
            write::update(&state.db, &page.me, id, req).await
        }
        None => Err(crate::error::AppError::invalid(
            "assigned_to",
            "请选择负责人",
        )),
    };
    match result {
        Ok(_) => {
            flash(&page.session, "已指派负责人，对方会收到通知。").await?;
            Ok(back_to(id))
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let html = show_page(&state, &page, id, errors, context! {}).await?;
            Ok((status, html).into_response())
        }
    }
}

async fn add_contact(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let req = ContactReq {
        channel: form.text("channel"),
        summary: form.text("summary"),
        at: form.opt("at"),
        status: form.opt("status"),
        // The form shows the day as stored: emptied, it clears it.
        next_follow_up_on: form.get("next_follow_up_on").map(str::to_owned),
    };
    let moved = form.opt("status").is_some();
    match write::add_contact(&state.db, &page.me, id, req).await {
        Ok(_) => {
            let note = if moved {
                "联系记录已保存，状态已更新。"
            } else {
                "联系记录已保存。"
            };
            flash(&page.session, note).await?;
            Ok(back_to(id))
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let typed = Value::from_serialize(form.values(&[]));
            let html = show_page(&state, &page, id, errors, typed).await?;
            Ok((status, html).into_response())
        }
    }
}

/// Puts a person forward for a project (from the project page, its 匹配人选 or the
/// profile page); a refusal is shown on the page it came from, with the name search kept.
async fn shortlist(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    let project_id: i64 = form
        .opt("project")
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| crate::error::AppError::invalid("project", "请选择项目"))?;
    let profile_id = form.opt("profile_id").map(|p| p.parse::<i64>());
    let result = match profile_id {
        Some(Ok(profile_id)) => {
            let scorer = Scorer {
                search: Some(&state.search),
                weights: &state.config.match_weights,
            };
            write::shortlist(
                &state.db,
                &page.me,
                project_id,
                ShortlistReq { profile_id },
                scorer,
            )
            .await
        }
        _ => Err(crate::error::AppError::invalid(
            "profile_id",
            "请填写乡贤档案编号（档案页面网址中的数字）",
        )),
    };
    // From the 匹配人选 page the clerk goes on down the list: back there.
    let from_matches = form.opt("from").as_deref() == Some("matches");
    match result {
        Ok(entry) if from_matches => {
            let name = pipeline::views(state.db.conn(), vec![entry.clone()])
                .await?
                .into_iter()
                .next()
                .map(|v| v.profile_name)
                .unwrap_or_default();
            flash(
                &page.session,
                &format!("已把{name}加入对接名单，状态为“推荐”。"),
            )
            .await?;
            let to = format!("/projects/{project_id}/matches#match-{}", entry.profile_id);
            Ok(Redirect::to(&to).into_response())
        }
        Ok(entry) => {
            flash(&page.session, "已加入对接名单，状态为“推荐”。").await?;
            Ok(back_to(entry.id))
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let html = if from_matches {
                matches::show_page(&state, &page, project_id, matches::FIRST, errors).await?
            } else {
                let name = form.opt("name");
                projects::show_page(&state, &page, project_id, errors, name).await?
            };
            Ok((status, html).into_response())
        }
    }
}
