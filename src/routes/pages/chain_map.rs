//! `/chains/map`: 产业链招商图谱 for staff and administrators — the map of
//! `service::chain_map` as an ECharts tree, and the same numbers as a table
//! (phones, screen readers, no JavaScript), each linking to the filtered
//! registry or project list.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use minijinja::context;
use serde_json::{Value, json};

use super::render::{Page, PageResult};
use crate::service::chain_map::{self, ChainMap};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/chains/map", get(show))
}

/// The tree ECharts draws: chains → segments → what each holds.
fn tree(map: &ChainMap) -> Value {
    let children: Vec<Value> = map
        .chains
        .iter()
        .map(|c| {
            let segments: Vec<Value> = c
                .segments
                .iter()
                .map(|s| {
                    let mut parts = vec![
                        json!({"name": format!("项目 {}（在谈 {}）", s.projects.total, s.projects.under_way()),
                               "link": format!("/projects?chain={}", s.code)}),
                        json!({"name": format!("乡贤 {}（核实 {}，有投资意向 {}）", s.people.all, s.people.verified, s.people.invest),
                               "link": format!("/profiles?chain={}", s.code)}),
                        json!({"name": format!("本地企业 {}", s.local_companies.len())}),
                    ];
                    if !s.gap_labels.is_empty() {
                        parts.push(json!({"name": format!("短板：{}", s.gap_labels.join("；")), "gap": true}));
                    }
                    json!({"name": s.name, "gap": !s.gaps.is_empty(), "children": parts,
                           "collapsed": true})
                })
                .collect();
            json!({"name": c.name, "children": segments})
        })
        .collect();
    json!({"name": "电子信息产业", "children": children})
}

async fn show(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    let map = chain_map::build(state.db.conn(), &state.search, &page.me).await?;
    let chart = tree(&map);
    page.render(&state, "chains/map.html", context! { map, chart })
        .await
}
