//! `/profiles/{id}`: one profile of the caller's area for organizers, staff
//! and administrators — masked contacts and the audited reveal,
//! verification, consent, claim codes and deletion. The list is in
//! `profile_list`.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::{Value, context};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;

use super::csrf::Form;
use super::forms::{Errors, refusal};
use super::render::{Page, PageResult, flash};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProfileAction};
use crate::domain::{Role, Stage};
use crate::entity::{profile, user};
use crate::error::AppResult;
use crate::service::profile::{self as profiles, ProfileView, claim, write};
use crate::service::project::{self, ProjectFilter};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/profiles/{id}", get(show))
        .route("/profiles/{id}/reveal", post(reveal))
        .route("/profiles/{id}/verify", post(verify))
        .route("/profiles/{id}/consent", post(consent))
        .route("/profiles/{id}/claim-code", post(claim_code))
        .route("/profiles/{id}/delete", post(delete))
}

/// What the caller may do with this profile, asked of the policy one action at a time.
#[derive(Serialize)]
struct Can {
    edit: bool,
    verify: bool,
    reveal: bool,
    consent: bool,
    issue_claim: bool,
    delete: bool,
}

fn can(me: &CurrentUser, p: &profile::Model) -> Can {
    let may = |a| policy::profile(me, p, a).is_ok();
    Can {
        edit: may(ProfileAction::Edit),
        verify: may(ProfileAction::Verify),
        reveal: may(ProfileAction::Reveal),
        consent: may(ProfileAction::Consent),
        issue_claim: may(ProfileAction::IssueClaim) && p.owner_user_id.is_none(),
        delete: may(ProfileAction::Delete),
    }
}

/// Display names of the people who recorded consent and verified.
async fn names_of(
    conn: &impl ConnectionTrait,
    ids: &[Option<i64>],
) -> AppResult<Vec<Option<String>>> {
    let wanted: Vec<i64> = ids.iter().flatten().copied().collect();
    let found: Vec<(i64, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(wanted))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(ids
        .iter()
        .map(|id| id.and_then(|id| found.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone())))
        .collect())
}

/// Renders one profile; `revealed` carries contacts just revealed for a purpose.
pub async fn show_page(
    state: &AppState,
    page: &Page,
    id: i64,
    revealed: Option<Value>,
    errors: Errors,
    typed: Value,
) -> PageResult<Html<String>> {
    let found = profiles::find_live(state.db.conn(), id).await?;
    policy::profile(&page.me, &found, ProfileAction::Read)?;
    let can = can(&page.me, &found);
    let own = found.owner_user_id == Some(page.me.id());
    let names = names_of(state.db.conn(), &[found.consent_by, found.verified_by]).await?;
    let projects = shortlist_choices(state, page, &found).await?;
    let view = ProfileView::new(found, &state.regions, own);
    page.render(
        state,
        "profiles/show.html",
        context! {
            p => view, can, own, revealed, errors, values => typed, projects,
            consent_by_name => names[0].clone(), verified_by_name => names[1].clone(),
        },
    )
    .await
}

/// The open projects (招引中 · 洽谈中) of the caller's scope this person
/// could be put forward for: staff and administrators, consenting listed
/// profiles only (the pipeline service refuses the others anyway).
async fn shortlist_choices(
    state: &AppState,
    page: &Page,
    p: &profile::Model,
) -> PageResult<Vec<Value>> {
    let staff = policy::require_role(&page.me, &[Role::Admin, Role::Staff]).is_ok();
    if !staff || !p.listed || !p.consent_match {
        return Ok(Vec::new());
    }
    let (_, items) =
        project::list(state.db.conn(), &page.me, &ProjectFilter::default(), 1, 100).await?;
    let open = [Stage::Attracting.as_str(), Stage::Negotiating.as_str()];
    Ok(items
        .into_iter()
        .filter(|p| open.contains(&p.stage.as_str()))
        .map(|p| context! { id => p.id, title => p.title })
        .collect())
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    show_page(&state, &page, id, None, Errors::default(), context! {}).await
}

async fn reveal(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let purpose = form.text("purpose");
    match write::reveal(&state.db, &page.me, id, &purpose).await {
        Ok(p) => {
            let revealed =
                context! { mobile => p.mobile, wechat => p.wechat, email => p.email, purpose };
            Ok(show_page(
                &state,
                &page,
                id,
                Some(revealed),
                Errors::default(),
                context! {},
            )
            .await?
            .into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let html = show_page(&state, &page, id, None, errors, context! { purpose }).await?;
            Ok((status, html).into_response())
        }
    }
}

fn back_to(id: i64) -> Response {
    Redirect::to(&format!("/profiles/{id}")).into_response()
}

async fn verify(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    write::verify(&state.db, &page.me, id).await?;
    state.search_nudge();
    flash(&page.session, "已标记为核实，核实日期为今天。").await?;
    Ok(back_to(id))
}

async fn consent(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let yes = form.get("consent_match") == Some("yes");
    match write::consent(&state.db, &page.me, id, yes, form.opt("basis")).await {
        Ok(_) => {
            state.search_nudge();
            flash(
                &page.session,
                if yes {
                    "已记录：本人同意对接。"
                } else {
                    "已记录：不同意对接。"
                },
            )
            .await?;
            Ok(back_to(id))
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let typed = context! { basis => form.text("basis") };
            let html = show_page(&state, &page, id, None, errors, typed).await?;
            Ok((status, html).into_response())
        }
    }
}

async fn claim_code(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    let (code, expires_at) = claim::issue(&state.db, &page.me, id).await?;
    let found = profiles::find_live(state.db.conn(), id).await?;
    // Shown once, in this response only: the code is never put in a URL or stored in clear.
    Ok((
        StatusCode::CREATED,
        page.render(
            &state,
            "profiles/claim_code.html",
            context! { id, name => found.name, code, expires_at, days => claim::VALID_DAYS },
        )
        .await?,
    )
        .into_response())
}

async fn delete(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    write::delete(&state.db, &page.me, id).await?;
    state.search_nudge();
    flash(&page.session, "档案已删除。").await?;
    Ok(Redirect::to("/profiles").into_response())
}
