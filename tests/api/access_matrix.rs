//! Every route of `/api/v1` × every role: each gets exactly the status it
//! should on a record of founder A / village X. The table must list every
//! route the API registers (read from `src/routes/api`), so a new route
//! without a row fails here.
//!
//! Columns, in order: anonymous, founder A, founder B (same village),
//! organizer of village X, organizer of village Y (another township), staff of
//! another county, operator of the incubator A applied to, operator of another
//! incubator, administrator.
#![allow(clippy::unwrap_used)] // a test should fail loudly

mod events;
mod organizations;
pub mod routes;
mod subsidy;
pub mod world;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::Value;

use crate::helpers::{Client, PASSWORD, spawn_app};
use world::{
    FOUNDER_A_MASKED, FOUNDER_A_MOBILE, FOUNDER_A_NAME, ROLES, VILLAGE_X, World, username,
};

/// What a cell sends.
#[derive(Clone, Copy)]
enum Body {
    None,
    /// JSON where `"$name"` strings are placeholders (see [`World::resolve`]),
    /// `"$version"` the target's current version, `"$username"` a new
    /// username, `"$password"` the test password.
    Json(&'static str),
    /// A CSV file uploaded as multipart.
    Csv(&'static str),
}

pub(crate) struct Row {
    pub(crate) method: &'static str,
    /// The route as registered.
    pub(crate) route: &'static str,
    /// What `{id}` / `{code}` stands for: a placeholder name or a literal.
    target: &'static str,
    query: &'static str,
    body: Body,
    /// A new session for each cell (sign-in, sign-out, registration change the session).
    fresh_session: bool,
    /// Remove village X's association first (creating one must be possible).
    clear_associations: bool,
    expect: [u16; 9],
}

const fn row(method: &'static str, route: &'static str, expect: [u16; 9]) -> Row {
    Row {
        method,
        route,
        target: "",
        query: "",
        body: Body::None,
        fresh_session: false,
        clear_associations: false,
        expect,
    }
}

impl Row {
    const fn on(mut self, target: &'static str) -> Self {
        self.target = target;
        self
    }
    const fn json(mut self, body: &'static str) -> Self {
        self.body = Body::Json(body);
        self
    }
    const fn query(mut self, query: &'static str) -> Self {
        self.query = query;
        self
    }
    const fn fresh_session(mut self) -> Self {
        self.fresh_session = true;
        self
    }
}

/// Everyone (anonymous included) gets `s`.
const fn all(s: u16) -> [u16; 9] {
    [s; 9]
}
/// Anonymous 401, everyone signed in `s`.
const fn signed_in(s: u16) -> [u16; 9] {
    [401, s, s, s, s, s, s, s, s]
}
/// Anonymous 401, administrators `s`, everyone else `other`.
const fn admin_only(s: u16, other: u16) -> [u16; 9] {
    [401, other, other, other, other, other, other, other, s]
}

const PROJECT: &str = r#"{"title": "光纤预制棒扩产", "segment": "optical.fiber", "description": "扩产",
    "needs": ["capital"], "county_code": "421222", "investment_wan": 5000, "stage": "attracting"}"#;
const INCUBATOR: &str = r#"{"name": "隽水创业孵化基地", "kind": "startup_base", "level": "municipal",
    "county_code": "421222", "park": "", "address": "隽水镇 1 号", "chains": ["software"]}"#;
const OPENING: &str = r#"{"kind": "office", "title": "独立办公室", "area_m2": 40, "units": 2,
    "monthly_rent": 1200, "available_from": "2026-12-01", "chains": [], "subsidy_eligible": false}"#;
const CSV: &str = "姓名,籍贯地区代码\n新导入乡贤,421222100201\n";

pub(crate) fn table() -> Vec<Row> {
    events::rows().into_iter().chain(base_table()).collect()
}

#[rustfmt::skip]
fn base_table() -> Vec<Row> {
    //                                                            anon  A    B    orgX orgY stafO op   opO  admin
    let mut rows = vec![
        row("POST", "/auth/login", all(200)).fresh_session()
            .json(r#"{"username": "founder_a", "password": "$password"}"#),
        row("POST", "/auth/logout", signed_in(204)).fresh_session(),
        row("GET", "/auth/me", signed_in(200)),
        row("POST", "/auth/password", signed_in(400))
            .json(r#"{"current": "not the password", "new": "another good pass 2026"}"#),
        row("POST", "/auth/register", all(201)).fresh_session()
            .json(r#"{"username": "$username", "password": "$password", "name": "新来乡贤", "hometown_code": "421222100201"}"#),
        row("POST", "/tokens", signed_in(201)).json(r#"{"name": "matrix"}"#),
        row("GET", "/tokens", signed_in(200)),
        row("DELETE", "/tokens/{id}", [401, 204, 404, 404, 404, 404, 404, 404, 404]).on("fresh_token_a"),
        row("POST", "/users", admin_only(201, 403))
            .json(r#"{"username": "$username", "password": "$password", "role": "founder"}"#),
        row("GET", "/users", admin_only(200, 403)),
        row("PATCH", "/users/{id}", admin_only(200, 403)).on("user_a").json(r#"{"display_name": "欧阳"}"#),
        row("GET", "/regions", all(200)).query("parent=421222100"),
        row("GET", "/regions/{code}", all(200)).on(VILLAGE_X),
        row("GET", "/regions/{code}/register-qr", [401, 404, 404, 200, 404, 404, 404, 404, 200]).on(VILLAGE_X),
        row("GET", "/chains", all(200)),
        row("GET", "/subsidy/estimate", all(200)).query("rent=300&months=12"),
        row("GET", "/audit", admin_only(200, 403)),
        row("GET", "/notices", signed_in(200)),
        row("GET", "/stats/coverage", [401, 403, 403, 200, 200, 200, 403, 403, 200]),
        // Profiles.
        row("POST", "/profiles", [401, 403, 403, 201, 403, 403, 403, 403, 201])
            .json(r#"{"name": "新乡贤", "hometown_code": "421222100201", "force": true}"#),
        row("GET", "/profiles", [401, 403, 403, 200, 200, 200, 403, 403, 200]),
        row("GET", "/profiles/{id}", [401, 200, 404, 200, 404, 404, 404, 404, 200]).on("profile_a"),
        row("PATCH", "/profiles/{id}", [401, 200, 404, 200, 404, 404, 404, 404, 200]).on("profile_a")
            .json(r#"{"version": "$version", "employer": "信维通信"}"#),
        row("DELETE", "/profiles/{id}", [401, 204, 404, 204, 404, 404, 404, 404, 204]).on("fresh_profile_a"),
        row("POST", "/profiles/{id}/verify", [401, 403, 404, 200, 404, 404, 404, 404, 200]).on("profile_a"),
        row("POST", "/profiles/{id}/reveal", [401, 403, 404, 200, 404, 404, 404, 404, 200]).on("profile_a")
            .json(r#"{"purpose": "项目对接联系"}"#),
        // Founder A has an account: only they change their consent.
        row("POST", "/profiles/{id}/consent", [401, 200, 404, 403, 404, 404, 404, 404, 403]).on("profile_a")
            .json(r#"{"consent_match": true}"#),
        // Into an account whose mobile differs: waits for a county staff member (202).
        row("POST", "/profiles/{id}/merge", [401, 403, 404, 202, 404, 404, 404, 404, 202]).on("fresh_profile_a")
            .json(r#"{"into": "$fresh_profile"}"#),
        row("POST", "/profiles/{id}/claim-code", [401, 403, 403, 201, 404, 403, 403, 403, 201]).on("profile_x"),
        row("GET", "/profiles/duplicates", [401, 403, 403, 200, 200, 200, 403, 403, 200]),
        row("GET", "/transfers", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
        row("POST", "/transfers/{id}/approve", [401, 403, 403, 403, 403, 404, 403, 403, 404]).on("999999"),
        row("POST", "/transfers/{id}/reject", [401, 403, 403, 403, 403, 404, 403, 403, 404]).on("999999"),
        row("POST", "/profiles/claim", [401, 400, 400, 403, 403, 403, 403, 403, 403])
            .json(r#"{"code": "ABCDE23456"}"#),
        Row { body: Body::Csv(CSV), ..row("POST", "/profiles/import", [401, 403, 403, 200, 200, 200, 403, 403, 200]).query("dry_run=true") },
        row("GET", "/profiles/{id}/matches", [401, 200, 404, 200, 404, 404, 404, 404, 200]).on("profile_a"),
        row("GET", "/profiles/import/template", [401, 403, 403, 200, 200, 200, 403, 403, 200]),
        Row { body: Body::Csv(CSV), ..row("POST", "/profiles/import/preview", [401, 403, 403, 201, 201, 201, 403, 403, 201]) },
        // No stage 0: the importers are told it does not exist, the others that they may not import.
        row("POST", "/profiles/import/{id}/confirm", [401, 403, 403, 404, 404, 404, 403, 403, 404]),
        row("GET", "/profiles/export", [401, 403, 403, 200, 200, 200, 403, 403, 200]),
        row("GET", "/me/export", signed_in(200)),
        // Associations of village X.
        Row { clear_associations: true, ..row("POST", "/associations", [401, 403, 403, 201, 403, 403, 403, 403, 201])
            .json(r#"{"region_code": "421222100201", "name": "城东社区乡贤会"}"#) },
        row("GET", "/associations", [401, 403, 403, 200, 200, 200, 403, 403, 200]),
        row("PATCH", "/associations/{id}", [401, 404, 404, 200, 404, 404, 404, 404, 200]).on("association")
            .json(r#"{"head": "李会长"}"#),
        row("DELETE", "/associations/{id}", [401, 404, 404, 204, 404, 404, 404, 404, 204]).on("association"),
        // Projects of X's county and their pipeline.
        row("POST", "/projects", admin_only(201, 403)).json(PROJECT),
        // Everyone signed in may list projects: the public summaries, and staff their scope's.
        row("GET", "/projects", signed_in(200)),
        row("GET", "/projects/{id}", admin_only(200, 404)).on("project"),
        row("PATCH", "/projects/{id}", admin_only(200, 404)).on("project")
            .json(r#"{"version": "$version", "stage": "negotiating"}"#),
        row("GET", "/projects/{id}/matches", admin_only(200, 404)).on("project"),
        row("POST", "/projects/{id}/pipeline", admin_only(201, 404)).on("project")
            .json(r#"{"profile_id": "$fresh_profile"}"#),
        row("POST", "/projects/{id}/collaboration-requests", admin_only(201, 404)).on("project")
            .json(r#"{}"#),
        row("GET", "/collaboration-requests", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
        row("POST", "/collaboration-requests/{id}/accept", signed_in(404)).on("999999"),
        row("POST", "/collaboration-requests/{id}/decline", signed_in(404)).on("999999"),
        row("GET", "/pipeline", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
        row("GET", "/matching/report", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
        row("GET", "/pipeline/{id}", admin_only(200, 404)).on("pipeline"),
        row("PATCH", "/pipeline/{id}", admin_only(200, 404)).on("pipeline").json(r#"{"note": "已电话沟通"}"#),
        row("POST", "/pipeline/{id}/contacts", admin_only(201, 404)).on("pipeline")
            .json(r#"{"channel": "phone", "summary": "电话沟通投资意向"}"#),
        // Incubators, openings, applications.
        row("POST", "/incubators", admin_only(201, 403)).json(INCUBATOR),
        row("GET", "/incubators", signed_in(200)),
        row("GET", "/incubators/{id}", signed_in(200)).on("incubator"),
        row("PATCH", "/incubators/{id}", [401, 403, 403, 403, 403, 403, 200, 403, 200]).on("incubator")
            .json(r#"{"address": "隽水镇玉立大道 2 号"}"#),
        row("POST", "/incubators/{id}/openings", [401, 403, 403, 403, 403, 403, 201, 403, 201]).on("incubator")
            .json(OPENING),
        row("GET", "/openings", signed_in(200)),
        row("GET", "/openings/{id}", signed_in(200)).on("opening"),
        row("GET", "/openings/recommended", [401, 200, 200, 403, 403, 403, 403, 403, 403]),
        row("PATCH", "/openings/{id}", [401, 403, 403, 403, 403, 403, 200, 403, 200]).on("opening")
            .json(r#"{"monthly_rent": 280}"#),
        row("DELETE", "/openings/{id}", [401, 403, 403, 403, 403, 403, 204, 403, 204]).on("fresh_opening"),
        row("POST", "/openings/{id}/applications", [401, 201, 201, 403, 403, 403, 403, 403, 403]).on("fresh_opening")
            .json(r#"{"plan": "物联网网关", "team_size": 2}"#),
        row("GET", "/applications", [401, 200, 200, 403, 403, 200, 200, 200, 200]),
        row("GET", "/applications/{id}", [401, 200, 404, 404, 404, 404, 200, 404, 200]).on("application"),
        row("PATCH", "/applications/{id}", [401, 403, 404, 404, 404, 404, 200, 404, 200]).on("fresh_application")
            .json(r#"{"status": "reviewing"}"#),
        // Enterprises and subsidy claims (founder A's enterprise, in X's county).
        row("POST", "/enterprises", [401, 201, 404, 403, 403, 403, 403, 403, 403])
            .json(r#"{"name": "通城县云帆电子有限公司", "credit_code": "91421222MA4F3K2L3M", "first_business": true, "application_id": "$subsidy_accepted_application"}"#),
        row("GET", "/enterprises", [401, 200, 200, 403, 403, 200, 403, 403, 200]),
        row("POST", "/subsidy/claims", [401, 201, 404, 404, 404, 404, 404, 404, 403])
            .json(r#"{"enterprise_id": "$subsidy_enterprise", "month": "2023-06", "property": 800, "sanitation": 100, "rent": 6000, "utilities": 1100}"#),
        row("GET", "/subsidy/claims", [401, 200, 200, 403, 403, 200, 403, 403, 200]),
        row("PATCH", "/subsidy/claims/{id}", [401, 403, 404, 404, 404, 404, 404, 404, 200]).on("subsidy_fresh_claim")
            .json(r#"{"status": "approved", "note": "票据齐全"}"#),
        row("GET", "/subsidy/ledger/{enterprise_id}", [401, 200, 404, 404, 404, 404, 404, 404, 200]).on("subsidy_enterprise"),
        row("GET", "/subsidy/report", [401, 403, 403, 403, 403, 403, 403, 403, 200]).query("county=421222&month=2026-01"),
        // 以商招商, 招商图谱, 优秀乡贤企业: staff and administrators.
        row("POST", "/referrals", [401, 403, 403, 403, 403, 404, 403, 403, 201])
            .json(r#"{"project_id": "$project", "company": "平安电工"}"#),
        row("GET", "/referrals", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
        row("GET", "/chains/map", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
        row("GET", "/awards", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
        row("GET", "/awards/export", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
    ];
    rows.extend(organizations::rows());
    // Last: founders close their accounts.
    rows.push(row("DELETE", "/me", [401, 204, 204, 403, 403, 403, 403, 403, 403]));
    rows
}

static USERNAMES: AtomicU32 = AtomicU32::new(0);

/// Replaces the placeholders of a JSON body.
async fn fill(world: &World, body: &str, table: &str, target: i64) -> Value {
    let mut value: Value = serde_json::from_str(body).expect("row body is JSON");
    let Some(object) = value.as_object_mut() else {
        return value;
    };
    for (_, v) in object.iter_mut() {
        let Some(name) = v
            .as_str()
            .and_then(|s| s.strip_prefix('$'))
            .map(str::to_owned)
        else {
            continue;
        };
        *v = match name.as_str() {
            "version" => world.version(table, target).await.into(),
            "password" => PASSWORD.into(),
            "username" => format!("matrix{}", USERNAMES.fetch_add(1, Ordering::SeqCst)).into(),
            other => world.resolve(other).await.into(),
        };
    }
    value
}

/// The client of `role` for one cell.
async fn client_for(world: &World, role: usize, fresh: bool) -> Option<Client> {
    if !fresh {
        return None;
    }
    Some(match username(role) {
        None => world.app.client(),
        Some(name) => world.app.login(name, PASSWORD).await,
    })
}

/// Sends one cell's request as `role`; the status and body it got.
pub(crate) async fn run_cell(world: &World, row: &Row, role: usize) -> (u16, String) {
    if row.clear_associations {
        world.clear_associations().await;
    }
    let rsvp_link = world.rsvp_link_for(row.route).await;
    let target = if row.target.chars().all(|c| c.is_ascii_digit()) || !rsvp_link.is_empty() {
        row.target.parse().unwrap_or(0)
    } else {
        world.resolve(row.target).await
    };
    let mut path = format!("/api/v1{}", row.route)
        .replace("{id}", &target.to_string())
        .replace("{enterprise_id}", &target.to_string())
        .replace(
            "{profile_id}",
            &world.member_for(row.route).await.to_string(),
        )
        .replace("{code}", row.target)
        .replace("{token}", &rsvp_link);
    if !row.query.is_empty() {
        path = format!("{path}?{}", row.query);
    }
    let fresh = client_for(world, role, row.fresh_session).await;
    let c = fresh.as_ref().unwrap_or(&world.clients[role]);
    let method: reqwest::Method = row.method.parse().unwrap();
    let mut req = c.raw(method, &path).await;
    req = match row.body {
        Body::None => req,
        Body::Json(text) => {
            let table = ["projects", "events"]
                .into_iter()
                .find(|t| row.route.starts_with(&format!("/{t}")))
                .unwrap_or("profiles");
            req.json(&fill(world, text, table, target).await)
        }
        Body::Csv(text) => {
            let part = reqwest::multipart::Part::bytes(text.as_bytes().to_vec()).file_name("x.csv");
            req.multipart(reqwest::multipart::Form::new().part("file", part))
        }
    };
    let r = c.send(req).await;
    (r.status.as_u16(), r.text)
}

#[tokio::test]
async fn every_route_answers_every_role_exactly_as_the_policy_says() {
    let world = World::build(spawn_app().await).await;
    let table = table();
    let listed: BTreeSet<(String, String)> = table
        .iter()
        .map(|r| (r.method.to_owned(), format!("/api/v1{}", r.route)))
        .collect();
    assert_eq!(listed.len(), table.len(), "a route is listed twice");
    let registered = routes::api_routes();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the access matrix: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "rows for routes that do not exist: {stale:?}"
    );

    let mut wrong = Vec::new();
    for row in &table {
        for (role, &expected) in row.expect.iter().enumerate() {
            let (status, text) = run_cell(&world, row, role).await;
            if status != expected {
                let text: String = text.chars().take(160).collect();
                wrong.push(format!(
                    "{} {} as {}: {status}, expected {expected} — {text}",
                    row.method, row.route, ROLES[role]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cells differ:\n{}",
        wrong.len(),
        table.len() * ROLES.len(),
        wrong.join("\n")
    );
}

/// Founder B — and the others with no business with A — walk every id of
/// every readable route and every list: no body names founder A or shows A's
/// mobile, even masked.
#[tokio::test]
async fn walking_ids_never_shows_founder_a_to_those_outside() {
    let world = World::build(spawn_app().await).await;
    let gets: Vec<String> = routes::api_routes()
        .into_iter()
        .filter(|(m, _)| m == "GET")
        .map(|(_, p)| p)
        .collect();
    let outsiders = [2, 4, 5, 7]; // founder B, organizer Y, other county's staff, other operator
    // Every id any table has handed out, and a few beyond.
    let max_id = world.max_id().await + 3;
    let mut requests = 0;
    for role in outsiders {
        let c = &world.clients[role];
        for route in &gets {
            let paths: Vec<String> = if route.contains("{id}") {
                (1..=max_id)
                    .map(|i| route.replace("{id}", &i.to_string()))
                    .collect()
            } else if route.contains("{code}") {
                vec![route.replace("{code}", VILLAGE_X)]
            } else {
                vec![route.clone(), format!("{route}?q={FOUNDER_A_NAME}")]
            };
            for path in paths {
                let path = path.trim_start_matches("/api/v1").to_owned();
                let r = c.get(&format!("/api/v1{path}")).await;
                requests += 1;
                assert!(r.status != 500, "{} {path}: 500", ROLES[role]);
                for secret in [FOUNDER_A_NAME, FOUNDER_A_MOBILE, FOUNDER_A_MASKED] {
                    assert!(
                        !r.text.contains(secret),
                        "{} sees {secret} at {path}: {}",
                        ROLES[role],
                        r.text
                    );
                }
            }
        }
    }
    assert!(requests > 400, "only {requests} requests");
}
