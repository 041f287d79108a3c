//! `/openings`: 孵化空间 for founders (and anyone signed in) — search by
//! county, chain, kind, area and rent, each opening with the 专栏4-2 subsidy
//! it would earn per year for 3 years; one opening with the apply form.
//! Posting, changing and withdrawing openings is in `opening_form`.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::csrf::Form;
use super::forms::{Errors, chain_groups, choices, nonblank, number, refusal};
use super::regions::counties;
use super::render::{Page, PageResult, flash};
use crate::domain::{ApplicationStatus, OpeningKind, Role};
use crate::service::application::{self, ApplicationFilter, write::ApplyReq};
use crate::service::opening::{self, OpeningFilter, OpeningView};
use crate::service::subsidy::OtherFees;
use crate::service::{incubator, matching, subsidy};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openings", get(search))
        .route("/openings/{id}", get(show))
        .route("/openings/{id}/apply", post(apply))
}

const PER_PAGE: u64 = 20;
/// Openings recommended above the search.
const RECOMMENDED: usize = 4;

/// The search's filters as the query string carries them.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
struct SearchQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    county: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min_area: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_rent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    page: Option<String>,
}

async fn search(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<SearchQuery>,
) -> PageResult<Response> {
    let current = super::forms::page_number(q.page.as_deref());
    let q = SearchQuery {
        q: nonblank(q.q.as_deref()),
        county: nonblank(q.county.as_deref()),
        chain: nonblank(q.chain.as_deref()),
        kind: nonblank(q.kind.as_deref()),
        min_area: nonblank(q.min_area.as_deref()),
        max_rent: nonblank(q.max_rent.as_deref()),
        page: None,
    };
    let filter = OpeningFilter {
        q: q.q.clone(),
        county: q.county.clone(),
        chain: q.chain.clone(),
        kind: q.kind.clone(),
        min_area: q.min_area.clone(),
        max_rent: q.max_rent.clone(),
        page: None,
        per_page: None,
    };
    let conn = state.db.conn();
    let (status, total, items, errors) =
        match opening::search(conn, &filter, current, PER_PAGE).await {
            Ok((total, rows)) => {
                let items = opening::views(conn, rows, &state.regions).await?;
                (StatusCode::OK, total, items, Errors::default())
            }
            Err(e) => {
                let (status, errors) = refusal(e)?;
                (status, 0, Vec::new(), errors)
            }
        };
    // A founder first sees the openings ranked for them (the same call as
    // GET /api/v1/openings/recommended), on the first page of an unfiltered search.
    let is_founder = page.me.is(Role::Founder);
    let unfiltered = q.q.is_none()
        && q.county.is_none()
        && q.chain.is_none()
        && q.kind.is_none()
        && q.min_area.is_none()
        && q.max_rent.is_none();
    let (recommended, recommended_total) = if is_founder && unfiltered && current == 1 {
        let ranked = matching::recommend_openings(
            conn,
            &state.regions,
            &state.config.opening_weights,
            &page.me,
            RECOMMENDED,
        )
        .await?;
        (Some(ranked.items), ranked.total)
    } else {
        (None, 0)
    };
    let html = page
        .render(
            &state,
            "openings/list.html",
            context! {
                items, total, current, errors,
                pages => total.div_ceil(PER_PAGE).max(1),
                query_base => serde_urlencoded::to_string(&q).unwrap_or_default(),
                filter => q,
                counties => counties(conn, "").await?,
                chains => chain_groups(),
                kinds => choices(OpeningKind::ALL, OpeningKind::as_str, OpeningKind::label),
                is_founder,
                recommended,
                recommended_total,
            },
        )
        .await?;
    Ok((status, html).into_response())
}

/// Re-estimates `estimate` (an opening in the scheme) with the other monthly fees typed
/// on the page; a fee that is not a sum goes into `errors` under its field, and the answer
/// is then 400.
pub(super) fn with_other_fees(
    estimate: &mut Option<subsidy::Estimate>,
    monthly_rent: f64,
    fees: &OtherFees,
    errors: &mut Errors,
) -> PageResult<StatusCode> {
    if estimate.is_none() || !fees.given() {
        return Ok(StatusCode::OK);
    }
    match subsidy::at_rent_and_fees(monthly_rent, fees) {
        Ok(e) => {
            *estimate = Some(e);
            Ok(StatusCode::OK)
        }
        Err(e) => {
            let (status, refused) = refusal(e)?;
            errors.fields.extend(refused.fields);
            Ok(status)
        }
    }
}

/// One opening with its subsidy (at the other fees typed, if any), the founder's own
/// application to it if any, and the apply form; `errors` and `typed` re-show a refused form.
async fn show_page(
    state: &AppState,
    page: &Page,
    id: i64,
    mut errors: Errors,
    typed: Value,
    fees: &OtherFees,
) -> PageResult<(StatusCode, Html<String>)> {
    let conn = state.db.conn();
    let found = opening::find_live(conn, id).await?;
    let inc = incubator::find(conn, found.incubator_id).await?;
    let can_edit = incubator::may_write(&page.me, &inc);
    let mut o = OpeningView::new(found, Some(&inc), &state.regions);
    let rent = o.monthly_rent;
    let status = with_other_fees(&mut o.subsidy_estimate, rent, fees, &mut errors)?;
    let is_founder = page.me.is(Role::Founder);
    let mine = if is_founder {
        let filter = ApplicationFilter {
            opening: Some(id.to_string()),
            ..Default::default()
        };
        let (_, rows) = application::list(conn, &page.me, &filter, 1, 20).await?;
        application::views(conn, rows, &state.regions).await?
    } else {
        Vec::new()
    };
    let active = mine
        .iter()
        .any(|a| a.status != ApplicationStatus::Rejected.as_str());
    let html = page
        .render(
            state,
            "openings/show.html",
            context! {
                o, mine, can_edit, errors, values => typed,
                can_apply => is_founder && !active,
                rate_percent => subsidy::RATE_PERCENT,
                fees => Value::from_serialize(fees), rent,
            },
        )
        .await?;
    Ok((status, html))
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(fees): Query<OtherFees>,
) -> PageResult<Response> {
    let shown = show_page(&state, &page, id, Errors::default(), context! {}, &fees).await?;
    Ok(shown.into_response())
}

async fn apply(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let req = || -> crate::error::AppResult<ApplyReq> {
        Ok(ApplyReq {
            plan: Some(form.text("plan")),
            team_size: super::forms::head_count("team_size", form.opt("team_size"))?,
            area_needed_m2: number(
                "area_needed_m2",
                form.opt("area_needed_m2"),
                "请填写所需面积（平方米，数字）",
            )?,
        })
    };
    let result = match req() {
        Ok(req) => application::write::apply(&state.db, &page.me, id, req).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(created) => {
            flash(&page.session, "申请已提交，请留意审核结果通知。").await?;
            Ok(Redirect::to(&format!("/applications/{}", created.id)).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let typed = Value::from_serialize(form.values(&[]));
            let (_, html) =
                show_page(&state, &page, id, errors, typed, &OtherFees::default()).await?;
            Ok((status, html).into_response())
        }
    }
}
