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
use serde::Deserialize;

use super::forms::Errors;
use super::render::{Page, PageResult};
use crate::domain::PipelineStatus;
use crate::service::matching::score::Parts;
use crate::service::matching::{MatchItem, MatchWeights};
use crate::service::pipeline::{self, PipelineFilter};
use crate::service::profile::view::{MaskedContacts, masked_contacts_of};
use crate::service::project::matches::Engine;
use crate::service::project::{self, ProjectView};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/projects/{id}/matches", get(show))
}

/// How many people the page shows first, and with 显示更多.
pub const FIRST: usize = 20;
const MORE: usize = 60;

#[derive(Debug, Default, Deserialize)]
struct MatchesQuery {
    limit: Option<String>,
}

/// The parts of a score in the order of their default weights, with the
/// clerk's word for each and the most it can add.
fn part_rows(parts: &Parts, w: &MatchWeights) -> Vec<Value> {
    [
        ("text", "专长相关", parts.text, w.text),
        ("chain", "产业链", parts.chain, w.chain),
        ("intent", "回归意向", parts.intent, w.intent),
        ("hometown", "籍贯", parts.hometown, w.hometown),
        ("employer", "招商对象", parts.employer, w.employer),
        ("capital", "投资能力", parts.capital, w.capital),
        ("standing", "影响力", parts.standing, w.standing),
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

/// The page; `errors` shows a refused 加入对接 above the list.
pub async fn show_page(
    state: &AppState,
    page: &Page,
    id: i64,
    limit: usize,
    errors: Errors,
) -> PageResult<Html<String>> {
    let conn = state.db.conn();
    let weights = state.config.match_weights;
    let engine = Engine {
        search: &state.search,
        names: &state.regions,
        weights: &weights,
    };
    let (found, list) = project::matches::people_for(conn, engine, &page.me, id, limit).await?;
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
            item_view(i + 1, m, &weights, entry, masked)
        })
        .collect();
    let p = ProjectView::new(found, &state.regions);
    page.render(
        state,
        "projects/matches.html",
        context! {
            p, items, errors, can_shortlist,
            total => list.total, shown, outside_scope => list.outside_scope,
            more => (list.total as usize > shown && limit < MORE).then_some(MORE),
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
    let limit = q
        .limit
        .as_deref()
        .and_then(|l| l.parse::<usize>().ok())
        .map(|l| l.clamp(1, MORE))
        .unwrap_or(FIRST);
    show_page(&state, &page, id, limit, Errors::default()).await
}
