//! `/profiles`: the registry of the caller's area, searched through the index
//! (`service::profile::search::search_profiles`) — words, pinyin, filters, counts per
//! chain and county beside the filters, highlighted matches, pages, and an
//! Excel export of the same filtered list.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use minijinja::context;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::forms::{Errors, chain_groups, choices, refusal};
use super::regions::{counties, township_groups};
use super::render::{Page, PageResult};
use crate::domain::{CapitalRange, Intent, Role, taxonomy};
use crate::service::export::ProfileFilter;
use crate::service::organization;
use crate::service::profile;
use crate::service::profile::search::{SearchItem, search_profiles};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/profiles", get(list))
}

const PER_PAGE: u64 = 20;

/// The list's filters as the query string carries them: codes, words and
/// yes/no only — never a person's data, so the address can be shared.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ListQuery {
    #[serde(default, skip_serializing_if = "blank")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub chain: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub intent: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub capital: Option<String>,
    /// `yes` or `no`.
    #[serde(default, skip_serializing_if = "blank")]
    pub verified: Option<String>,
    /// `yes`: only records not confirmed for over a year.
    #[serde(default, skip_serializing_if = "blank")]
    pub stale: Option<String>,
    /// An organisation's id: only its members.
    #[serde(default, skip_serializing_if = "blank")]
    pub org: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub page: Option<String>,
}

fn blank(v: &Option<String>) -> bool {
    v.as_deref().is_none_or(|s| s.trim().is_empty())
}

fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

impl ListQuery {
    /// The filters in the search service's terms.
    fn to_filter(&self, page: u64) -> ProfileFilter {
        ProfileFilter {
            q: given(&self.q),
            region: given(&self.region),
            chain: given(&self.chain),
            intent: given(&self.intent),
            capital: given(&self.capital),
            verified: match self.verified.as_deref() {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                _ => None,
            },
            stale: (self.stale.as_deref() == Some("yes")).then_some(true),
            // Not a number: no such organisation, so nobody (the service's 404 would hide the page).
            org: given(&self.org).map(|o| o.parse().unwrap_or(0)),
            page: Some(page),
            per_page: Some(PER_PAGE),
        }
    }

    /// This list's query string with `key` set to `value` (or removed when
    /// empty), back on the first page.
    fn with(&self, key: &str, value: &str) -> String {
        let mut next = Self {
            page: None,
            ..self.clone()
        };
        let slot = match key {
            "chain" => &mut next.chain,
            "region" => &mut next.region,
            _ => return encode(&next),
        };
        *slot = (!value.is_empty()).then(|| value.to_owned());
        encode(&next)
    }
}

fn encode<T: Serialize>(v: &T) -> String {
    serde_urlencoded::to_string(v).unwrap_or_default()
}

/// The query of `GET /api/v1/profiles/export`: the same filters, no paging
/// (the export takes the whole filtered list).
fn export_query(f: &ProfileFilter) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (k, v) in [
        ("q", &f.q),
        ("region", &f.region),
        ("chain", &f.chain),
        ("intent", &f.intent),
        ("capital", &f.capital),
    ] {
        if let Some(v) = v {
            pairs.push((k, v.clone()));
        }
    }
    if let Some(v) = f.verified {
        pairs.push(("verified", v.to_string()));
    }
    if let Some(v) = f.stale {
        pairs.push(("stale", v.to_string()));
    }
    if let Some(v) = f.org {
        pairs.push(("org", v.to_string()));
    }
    encode(&pairs)
}

/// One row of the results: no contacts at all; highlight fragments come
/// escaped from the index, with `<em>` around the matched words.
#[derive(Serialize)]
struct Row {
    id: i64,
    name: String,
    name_html: Option<String>,
    hometown: String,
    employer: String,
    title: String,
    tier: String,
    verified: bool,
    consent_match: bool,
    chains: Vec<String>,
    snippets: Vec<Value>,
}

fn field_label(field: &str) -> &'static str {
    match field {
        "expertise" => "专长",
        "employer" => "单位",
        "title" => "职务",
        "bio" => "简介",
        _ => "",
    }
}

impl From<SearchItem> for Row {
    fn from(i: SearchItem) -> Self {
        let mut name_html = None;
        let mut snippets = Vec::new();
        for h in i.highlights {
            match (h.field.as_str(), field_label(&h.field)) {
                ("name", _) => name_html = Some(h.fragment),
                (_, "") => {}
                (_, label) => snippets.push(json!({"label": label, "html": h.fragment})),
            }
        }
        Self {
            id: i.id,
            name: i.name,
            name_html,
            hometown: i.hometown,
            employer: i.employer,
            title: i.title,
            tier: i.tier,
            verified: i.verified,
            consent_match: i.consent_match,
            chains: i.chains,
            snippets,
        }
    }
}

/// Counts beside the filters: per segment (grouped by chain) and per county,
/// each a link that narrows the list to it.
fn facet_view(
    facets: &search_index::Facets,
    query: &ListQuery,
    names: &crate::service::region::RegionNames,
) -> Value {
    let chains: Vec<Value> = crate::domain::CHAINS
        .iter()
        .filter_map(|(_, chain_name, segments)| {
            let items: Vec<Value> = segments
                .iter()
                .filter_map(|(code, name)| {
                    let n = facets.chain.get(*code).copied().filter(|n| *n > 0)?;
                    let active = query.chain.as_deref() == Some(*code);
                    Some(
                        json!({"code": code, "name": name, "count": n, "active": active,
                                "href": format!("/profiles?{}", query.with("chain", code))}),
                    )
                })
                .collect();
            (!items.is_empty()).then(|| json!({"name": chain_name, "items": items}))
        })
        .collect();
    let counties: Vec<Value> = facets
        .county
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(code, n)| {
            let active = query.region.as_deref() == Some(code.as_str());
            json!({"code": code, "name": names.local_name(code), "count": n, "active": active,
                   "href": format!("/profiles?{}", query.with("region", code))})
        })
        .collect();
    json!({"chains": chains, "counties": counties})
}

async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<ListQuery>,
) -> PageResult<Response> {
    render(&state, &page, query, Errors::default()).await
}

/// The list for `query`; `batch_errors`: why the ticked people's batch was refused.
pub(super) async fn render(
    state: &AppState,
    page: &Page,
    query: ListQuery,
    batch_errors: Errors,
) -> PageResult<Response> {
    let scope = profile::list_scope(&page.me)?;
    let current = super::forms::page_number(query.page.as_deref());
    let filter = query.to_filter(current);
    let conn = state.db.conn();
    let found = search_profiles(conn, &state.search, &state.regions, &page.me, &filter).await;
    let (status, result, errors) = match found {
        Ok(v) => (axum::http::StatusCode::OK, Some(v), Errors::default()),
        // A filter the service refuses is shown beside its field, with no results.
        Err(e) => {
            let (status, errors) = refusal(e)?;
            (status, None, errors)
        }
    };
    let total = result.as_ref().map_or(0, |r| r.total as u64);
    // 您是不是要找: the same filters with the corrected words.
    let suggestion = result
        .as_ref()
        .and_then(|r| r.suggestion.clone())
        .map(|text| {
            let next = ListQuery {
                q: Some(text.clone()),
                page: None,
                ..query.clone()
            };
            json!({"text": text, "query": encode(&next)})
        });
    let facets = result
        .as_ref()
        .map(|r| facet_view(&r.facets, &query, &state.regions));
    let rows: Vec<Row> = result
        .map(|r| r.items.into_iter().map(Row::from).collect())
        .unwrap_or_default();
    let searching = filter.q.is_some();
    let query_base = query.with("", "");
    // Unlisted profiles never come back from search; their organizers still
    // need to reach them: listed under the unfiltered list.
    let (unlisted_total, unlisted) = if !query_base.is_empty() {
        (0, Vec::new())
    } else {
        profile::unlisted_in_scope(conn, &page.me, 20).await?
    };
    let unlisted: Vec<Value> = unlisted
        .into_iter()
        .map(|p| json!({"id": p.id, "name": p.name, "hometown": state.regions.local_name(&p.hometown_code)}))
        .collect();
    let county_choices = counties(conn, &scope.prefix).await?;
    let groups = township_groups(conn, &scope.prefix, &state.regions).await?;
    let can_create = profile::write::may_create(&page.me).is_ok();
    let orgs: Vec<Value> = organization::list(conn, &page.me, &Default::default())
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|o| json!({"id": o.id.to_string(), "name": o.name}))
        .collect();
    // An organizer's own township (or village) shows as the chosen 籍贯 when none is chosen:
    // the list is theirs already, the select should say so.
    let region_value = given(&query.region).or_else(|| {
        (page.me.is(Role::Organizer) && scope.prefix.len() >= 9).then(|| scope.prefix.clone())
    });
    let batch_projects = super::profile_batch::projects(state, page).await?;
    let html = page
        .render(
            state,
            "profiles/list.html",
            context! {
                rows, total, current, pages => total.div_ceil(PER_PAGE).max(1),
                query_base,
                export_query => (total > 0).then(|| export_query(&filter)),
                filter => query, facets, errors, searching, can_create, suggestion, region_value,
                unlisted, unlisted_total, orgs, batch_errors, batch_projects,
                may_verify => page.me.role != Role::Founder,
                groups, counties => (county_choices.len() > 1).then_some(county_choices),
                chains => chain_groups(),
                intents => choices(Intent::ALL, Intent::as_str, Intent::label),
                capitals => choices(CapitalRange::ALL, CapitalRange::as_str, CapitalRange::label),
                chain_name => filter.chain.as_deref().and_then(taxonomy::segment_name),
            },
        )
        .await?;
    Ok((status, html).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_link_carries_only_the_filters() {
        let q = ListQuery {
            q: Some("光纤".into()),
            verified: Some("yes".into()),
            page: Some("3".into()),
            ..Default::default()
        };
        let f = q.to_filter(3);
        assert_eq!(
            export_query(&f),
            "q=%E5%85%89%E7%BA%A4&verified=true",
            "no page, no per_page: the export refuses unknown fields"
        );
    }

    #[test]
    fn facet_links_replace_one_filter_and_go_back_to_the_first_page() {
        let q = ListQuery {
            chain: Some("optical".into()),
            intent: Some("invest".into()),
            page: Some("2".into()),
            ..Default::default()
        };
        assert_eq!(
            q.with("chain", "optical.fiber"),
            "chain=optical.fiber&intent=invest"
        );
        assert_eq!(
            q.with("region", "421222"),
            "region=421222&chain=optical&intent=invest"
        );
        assert_eq!(q.with("", ""), "chain=optical&intent=invest");
    }
}
