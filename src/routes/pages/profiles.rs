//! `/profiles`: the registry of the caller's area for organizers, staff and
//! administrators — the list, one profile with masked contacts, the audited
//! reveal, verification, consent and claim codes.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::{Value, context};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};

use super::csrf::Form;
use super::forms::{Errors, refusal};
use super::regions::township_groups;
use super::render::{Page, PageResult, flash};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProfileAction};
use crate::entity::{profile, user};
use crate::error::AppResult;
use crate::service::profile::{self as profiles, ProfileView, claim, write};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/profiles", get(list))
        .route("/profiles/{id}", get(show))
        .route("/profiles/{id}/reveal", post(reveal))
        .route("/profiles/{id}/verify", post(verify))
        .route("/profiles/{id}/consent", post(consent))
        .route("/profiles/{id}/claim-code", post(claim_code))
        .route("/profiles/{id}/delete", post(delete))
}

const PER_PAGE: u64 = 20;

/// The list's filters, as the query string carries them (codes and yes/no only).
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ListFilter {
    pub region: Option<String>,
    pub verified: Option<String>,
    pub consent: Option<String>,
    pub page: Option<String>,
}

fn yes_no(v: Option<&str>) -> Option<bool> {
    match v {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    }
}

/// Profiles of the caller's scope, most recently changed first, for the
/// organizer's list. A stand-in until the search service lands: the lead
/// replaces it with the search service (same filters, plus full text).
pub async fn recent_profiles_in_scope(
    conn: &impl ConnectionTrait,
    me: &CurrentUser,
    filter: &ListFilter,
    page: u64,
    per_page: u64,
) -> AppResult<(u64, Vec<profile::Model>)> {
    let scope = policy::profile_list(me)?;
    let mut query = profile::Entity::find()
        .filter(profile::Column::HometownCode.starts_with(&scope.prefix))
        .filter(profile::Column::DeletedAt.is_null());
    if scope.listed_only {
        query = query.filter(profile::Column::Listed.eq(true));
    }
    // A region outside the scope narrows to nothing rather than widening it.
    if let Some(region) = filter.region.as_deref().filter(|r| !r.is_empty()) {
        query = query.filter(profile::Column::HometownCode.starts_with(region));
    }
    if let Some(v) = yes_no(filter.verified.as_deref()) {
        query = query.filter(profile::Column::Verified.eq(v));
    }
    if let Some(c) = yes_no(filter.consent.as_deref()) {
        query = query.filter(profile::Column::ConsentMatch.eq(c));
    }
    let total = query.clone().count(conn).await?;
    let items = query
        .order_by_desc(profile::Column::UpdatedAt)
        .order_by_desc(profile::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(conn)
        .await?;
    Ok((total, items))
}

/// One row of the list: no contacts at all.
#[derive(Serialize)]
struct Row {
    id: i64,
    name: String,
    hometown: String,
    employer: String,
    title: String,
    tier: String,
    verified: bool,
    consent_match: bool,
    listed: bool,
    claimed: bool,
    updated_at: chrono::DateTime<chrono::Utc>,
}

async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(filter): Query<ListFilter>,
) -> PageResult<Html<String>> {
    let scope = policy::profile_list(&page.me)?;
    let current = filter
        .page
        .as_deref()
        .and_then(|p| p.parse::<u64>().ok())
        .filter(|p| (1..=100_000).contains(p))
        .unwrap_or(1);
    let (total, items) =
        recent_profiles_in_scope(state.db.conn(), &page.me, &filter, current, PER_PAGE).await?;
    let rows: Vec<Row> = items
        .into_iter()
        .map(|p| Row {
            hometown: state.regions.local_name(&p.hometown_code),
            claimed: p.owner_user_id.is_some(),
            id: p.id,
            name: p.name,
            employer: p.employer,
            title: p.title,
            tier: p.tier,
            verified: p.verified,
            consent_match: p.consent_match,
            listed: p.listed,
            updated_at: p.updated_at,
        })
        .collect();
    let groups = township_groups(state.db.conn(), &scope.prefix, &state.regions).await?;
    let pages = total.div_ceil(PER_PAGE).max(1);
    let query_base = serde_urlencoded::to_string(ListFilter {
        page: None,
        ..filter
    })
    .unwrap_or_default();
    let can_create = policy::require_role(
        &page.me,
        &[crate::domain::Role::Admin, crate::domain::Role::Organizer],
    )
    .is_ok();
    page.render(
        &state,
        "profiles/list.html",
        context! {
            rows, total, current, pages, query_base, can_create,
            filter => Value::from_serialize(filter_for_view(&query_base)),
            groups,
        },
    )
    .await
}

/// The filter values for the form, read back from the cleaned query string.
fn filter_for_view(query: &str) -> ListFilter {
    serde_urlencoded::from_str(query).unwrap_or_default()
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
    let view = ProfileView::new(found, &state.regions, own);
    page.render(
        state,
        "profiles/show.html",
        context! {
            p => view, can, own, revealed, errors, values => typed,
            consent_by_name => names[0].clone(), verified_by_name => names[1].clone(),
        },
    )
    .await
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
