//! `/projects/{id}/matches`: 匹配人选 for a project — the people the matching
//! engine proposes (the same call as `GET /api/v1/projects/{id}/matches`),
//! best first, each with the named parts of the score drawn as small bars,
//! the reasons and what is missing in Chinese, how many conversations the
//! person is already in, and a 加入对接 button posting to `/pipeline`
//! (see `pipeline::shortlist`); people already shortlisted show 已在对接.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::routing::get;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::forms::{Errors, nonblank, page_number};
use super::render::{Page, PageResult};
use crate::auth::policy::ProfileAction;
use crate::domain::{Intent, PipelineStatus};
use crate::service::export::ProfileFilter;
use crate::service::matching::score::Parts;
use crate::service::matching::{self, MatchItem, MatchWeights};
use crate::service::pipeline::{self, PipelineFilter};
use crate::service::profile;
use crate::service::profile::search::search_profiles;
use crate::service::profile::view::{MaskedContacts, masked_contacts_of};
use crate::service::project::matches::Engine;
use crate::service::project::{self, ProjectView};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects/{id}/matches", get(show))
        .route("/profiles/{id}/matches", get(for_person))
}

#[derive(Debug, Default, Deserialize)]
struct PersonMatchesQuery {
    page: Option<String>,
}

/// `/profiles/{id}/matches`: 推荐项目 for one person (staff and admins) — the open projects
/// ranked for them with the same parts as the people for a project, best first, a page at a
/// time (the same call as `GET /api/v1/profiles/{id}/matches`).
async fn for_person(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(q): Query<PersonMatchesQuery>,
) -> PageResult<Html<String>> {
    project::require_works_on_projects(&page.me)?;
    let conn = state.db.conn();
    let found = profile::load(conn, &page.me, id, ProfileAction::Read).await?;
    let weights = state.config.match_weights;
    let engine = Engine {
        search: &state.search,
        names: &state.regions,
        weights: &weights,
    };
    let wanted = matching::MatchPage {
        page: usize::try_from(page_number(q.page.as_deref())).unwrap_or(1),
        per_page: FIRST,
        filter: matching::MatchFilter::default(),
    };
    let list = project::matches::projects_for(conn, engine, &page.me, id, &wanted).await?;
    let first = wanted.offset();
    let items: Vec<Value> = list
        .items
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            context! {
                rank => first + i + 1, project_id => m.project_id, title => m.title,
                score => round1(m.score), parts => part_rows(&m.parts, &weights),
                reasons => m.reasons, missing => m.missing, county => m.county,
                stage => m.stage, segment => m.segment,
            }
        })
        .collect();
    let pages = (list.total as usize).div_ceil(FIRST).max(1);
    page.render(
        &state,
        "profiles/matches.html",
        context! {
            person => context! { id => found.id, name => found.name, title => found.title,
                employer => found.employer },
            items, total => list.total, notice => list.notice,
            current => wanted.page, pages, query_base => "",
        },
    )
    .await
}

/// How many people a page shows.
pub const FIRST: usize = 20;
/// People found by name for 加入对接.
const NAME_HITS: u64 = 10;

/// The page's query: the page, the filters, and a name to find someone to shortlist.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct MatchesQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    #[serde(skip_serializing)]
    pub page: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intent: Option<String>,
    #[serde(skip_serializing)]
    pub name: Option<String>,
}

impl MatchesQuery {
    /// The page and filters; a hand-edited URL with an unreadable filter shows everyone.
    fn match_page(&self) -> matching::MatchPage {
        let per_page = self
            .limit
            .as_deref()
            .and_then(|l| l.parse::<usize>().ok())
            .map_or(FIRST, |l| l.clamp(1, matching::MAX_LIMIT));
        let q = matching::MatchQuery {
            region: nonblank(self.region.as_deref()),
            verified: nonblank(self.verified.as_deref()),
            intent: nonblank(self.intent.as_deref()),
            ..Default::default()
        };
        let filter = q.page().map(|p| p.filter).unwrap_or_default();
        matching::MatchPage {
            page: usize::try_from(page_number(self.page.as_deref())).unwrap_or(1),
            per_page,
            filter,
        }
    }
}

/// The parts of a score in the order of their default weights, with the
/// clerk's word for each and the most it can add.
fn part_rows(parts: &Parts, w: &MatchWeights) -> Vec<Value> {
    [
        ("text", "专长相关", parts.text, w.text),
        ("need", "满足项目需求", parts.need, w.need),
        ("chain", "产业链", parts.chain, w.chain),
        ("intent", "回归意向", parts.intent, w.intent),
        ("hometown", "籍贯", parts.hometown, w.hometown),
        ("employer", "招商对象", parts.employer, w.employer),
        ("standing", "职务与影响力", parts.standing, w.standing),
        ("capital", "投资能力", parts.capital, w.capital),
        ("verified", "档案核实", parts.verified, w.verified),
    ]
    .into_iter()
    // A part with no weight adds nothing and says nothing.
    .filter(|(_, _, _, max)| *max > 0.0)
    .map(|(code, label, value, max)| {
        // Bars are drawn with classes in steps of 5% (the CSP forbids inline styles).
        let step = ((value / max).clamp(0.0, 1.0) * 20.0).round() as u32 * 5;
        context! { code, label, value => round1(value), max => round1(max), step }
    })
    .collect()
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A person already on this project's list: the entry, and whether it is
/// one of the active conversations `active_asks` counts.
#[derive(Clone, Copy)]
struct Shortlisted {
    entry_id: i64,
    active: bool,
}

/// One person as the page shows them.
fn item_view(
    rank: usize,
    m: MatchItem,
    w: &MatchWeights,
    shortlisted: Option<Shortlisted>,
    contacts: MaskedContacts,
) -> Value {
    let tier = match m.tier.as_str() {
        "renowned" => Some("知名乡贤"),
        "key" => Some("重点乡贤"),
        _ => None,
    };
    context! {
        rank,
        profile_id => m.profile_id,
        name => m.name,
        score => round1(m.score),
        parts => part_rows(&m.parts, w),
        reasons => m.reasons,
        missing => m.missing,
        active_asks => m.active_asks,
        hometown => m.hometown,
        employer => m.employer,
        title => m.title,
        tier,
        verified => m.verified,
        chains => m.chains,
        entry => shortlisted.map(|e| e.entry_id),
        contacts,
        // The conversations of other projects: the ones to coordinate with.
        other_asks => m.active_asks.saturating_sub(u64::from(shortlisted.is_some_and(|e| e.active))),
    }
}

/// The first page; `errors` shows a refused 加入对接 above the list.
pub async fn show_page(
    state: &AppState,
    page: &Page,
    id: i64,
    limit: usize,
    errors: Errors,
) -> PageResult<Html<String>> {
    let q = MatchesQuery {
        limit: Some(limit.to_string()),
        ..Default::default()
    };
    render(state, page, id, &q, errors).await
}

/// People in the caller's scope found by name, to shortlist someone the list does not
/// show (the profile search: the same scope and listing rules as 乡贤档案). The project page
/// uses it too.
pub(super) async fn by_name(state: &AppState, page: &Page, name: &str) -> PageResult<Vec<Value>> {
    let filter = ProfileFilter {
        q: Some(name.to_owned()),
        per_page: Some(NAME_HITS),
        ..Default::default()
    };
    let found = search_profiles(
        state.db.conn(),
        &state.search,
        &state.regions,
        &page.me,
        &filter,
    )
    .await?;
    Ok(found
        .items
        .into_iter()
        .map(|h| {
            context! {
                profile_id => h.id, name => h.name, hometown => h.hometown,
                employer => h.employer, title => h.title, consent => h.consent_match,
            }
        })
        .collect())
}

async fn render(
    state: &AppState,
    page: &Page,
    id: i64,
    q: &MatchesQuery,
    errors: Errors,
) -> PageResult<Html<String>> {
    let conn = state.db.conn();
    let weights = state.config.match_weights;
    let engine = Engine {
        search: &state.search,
        names: &state.regions,
        weights: &weights,
    };
    let wanted = q.match_page();
    let (found, list) = project::matches::people_for(conn, engine, &page.me, id, &wanted).await?;
    let can_shortlist = project::may_write(&page.me, &found);
    // Who is already on this project's list, and under which entry.
    let mut entries: HashMap<i64, Shortlisted> = HashMap::new();
    if can_shortlist {
        let filter = PipelineFilter {
            project: Some(id.to_string()),
            ..Default::default()
        };
        let (_, rows) = pipeline::list(conn, &page.me, &filter, 1, 100).await?;
        entries.extend(rows.into_iter().map(|e| {
            let active =
                PipelineStatus::parse(&e.status).is_ok_and(|s| pipeline::ASKING.contains(&s));
            (
                e.profile_id,
                Shortlisted {
                    entry_id: e.id,
                    active,
                },
            )
        }));
    }
    let shown = list.items.len();
    let first_rank = wanted.offset();
    let name = nonblank(q.name.as_deref());
    let name_hits = match (&name, can_shortlist) {
        (Some(n), true) => by_name(state, page, n).await?,
        _ => Vec::new(),
    };
    // Contacts only masked here; the full ones are an audited reveal on the profile page.
    let ids: Vec<i64> = list.items.iter().map(|m| m.profile_id).collect();
    let contacts = masked_contacts_of(conn, &ids).await?;
    let items: Vec<Value> = list
        .items
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let entry = entries.get(&m.profile_id).copied();
            let masked = contacts.get(&m.profile_id).cloned().unwrap_or_default();
            item_view(first_rank + i + 1, m, &weights, entry, masked)
        })
        .collect();
    let p = ProjectView::new(found, &state.regions);
    let pages = (list.total as usize).div_ceil(wanted.per_page).max(1);
    let intents: Vec<Value> = Intent::ALL
        .iter()
        .map(|i| context! { code => i.as_str(), label => i.label() })
        .collect();
    page.render(
        state,
        "projects/matches.html",
        context! {
            p, items, errors, can_shortlist,
            total => list.total, shown, outside_scope => list.outside_scope,
            first => first_rank + 1,
            current => wanted.page, pages,
            query_base => serde_urlencoded::to_string(q).unwrap_or_default(),
            filter => context! {
                region => q.region.clone().unwrap_or_default(),
                verified => q.verified.clone().unwrap_or_default(),
                intent => q.intent.clone().unwrap_or_default(),
            },
            filtered => !wanted.filter.is_empty(),
            intents, name, name_hits,
            back => format!("/projects/{id}/matches"),
        },
    )
    .await
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(q): Query<MatchesQuery>,
) -> PageResult<Html<String>> {
    render(&state, &page, id, &q, Errors::default()).await
}
