//! Every page route × every role (issue 11): the pages decide nothing themselves, so each
//! answers exactly as the services' policy says — the same world as the JSON API's access
//! matrix (founder A of village X, an organizer of X and of another township, staff of
//! another county, the operators, an administrator). The table must list every route the
//! pages register (read from `src/routes/pages`), so a new page without a row fails here.
//!
//! Redirects are left visible: 303 to `/login` for anonymous visitors, and the 303 of a
//! form that was accepted. Forms are posted the way a browser posts them, with the
//! session's CSRF token and this site's `Origin`; most carry no fields, so a role that may
//! act gets the form back with its errors (400) where a role that may not gets 403/404.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::collections::BTreeSet;
use std::path::Path;

mod events;

use crate::access_matrix::routes::registrations;
use crate::access_matrix::world::{ROLES, World, username};
use crate::helpers::spawn_app;
use crate::page_client::Browser;

mod second_edition;

struct PageRow {
    method: &'static str,
    route: &'static str,
    /// What `{id}` stands for: a placeholder of [`World::resolve`] or a literal.
    target: &'static str,
    fields: &'static [(&'static str, &'static str)],
    /// A new browser for each cell (signing in and out change the session).
    fresh: bool,
    expect: [u16; 9],
}

const fn get(route: &'static str, expect: [u16; 9]) -> PageRow {
    PageRow {
        method: "GET",
        route,
        target: "",
        fields: &[],
        fresh: false,
        expect,
    }
}

const fn post(route: &'static str, expect: [u16; 9]) -> PageRow {
    PageRow {
        method: "POST",
        ..get(route, expect)
    }
}

impl PageRow {
    const fn on(mut self, target: &'static str) -> Self {
        self.target = target;
        self
    }
    const fn fresh(mut self) -> Self {
        self.fresh = true;
        self
    }
}

/// Every signed-in role gets `s`; anonymous visitors are sent to sign in.
const fn signed_in(s: u16) -> [u16; 9] {
    [303, s, s, s, s, s, s, s, s]
}

fn table() -> Vec<PageRow> {
    base_table().into_iter().chain(events::rows()).collect()
}

fn base_table() -> Vec<PageRow> {
    //                                           anon  A    B    orgX orgY stafO op   opO  admin
    let mut rows = vec![
        get("/static/{*path}", [200; 9]).on("css/app.css"),
        get("/login", [200, 303, 303, 303, 303, 303, 303, 303, 303]),
        post("/login", [401, 401, 401, 401, 401, 401, 401, 401, 401]).fresh(),
        get("/register", [200; 9]),
        post("/register", [400; 9]).fresh(),
        // 扫码登记: the village's public page, its poster, the organizer's queue.
        get("/register/{village}", [200; 9]).on("421222100201"),
        post("/register/{village}", [400; 9])
            .on("421222100201")
            .fresh(),
        get(
            "/regions/{village}/poster",
            [303, 404, 404, 200, 404, 404, 404, 404, 200],
        )
        .on("421222100201"),
        get(
            "/register-queue",
            [303, 403, 403, 200, 200, 200, 403, 403, 200],
        ),
        post(
            "/register-queue/{id}/accept",
            [303, 404, 404, 404, 404, 404, 404, 404, 404],
        )
        .on("999999"),
        post(
            "/register-queue/{id}/reject",
            [303, 404, 404, 404, 404, 404, 404, 404, 404],
        )
        .on("999999"),
        get("/claim", signed_in(200)),
        post("/claim", [303, 400, 400, 403, 403, 403, 403, 403, 403]),
        get("/password", signed_in(200)),
        post("/password", signed_in(400)),
        post("/logout", signed_in(303)).fresh(),
        get("/", [303, 303, 303, 200, 200, 200, 303, 303, 200]),
        get("/coverage", [303, 403, 403, 200, 200, 200, 403, 403, 200]),
        // Freshness: the list in the caller's scope, 请本人确认 on a record the caller may
        // verify (out of scope: the same 404 as a missing one, `freshness` tests), the
        // person's link page and
        // the unsubscribe link (unknown links: 404 for everyone).
        get("/freshness", [303, 403, 403, 200, 200, 200, 403, 403, 200]),
        // Nothing ticked: the page comes back with its note for those who may ask.
        post(
            "/freshness/request",
            [303, 403, 403, 303, 303, 303, 403, 403, 303],
        ),
        post(
            "/freshness/{id}/request",
            [303, 403, 404, 303, 404, 404, 404, 404, 303],
        )
        .on("profile_a"),
        get("/confirm/{token}", [404; 9]),
        post("/confirm/{token}", [404; 9]),
        get("/unsubscribe/{profile}/{channel}/{token}", [404; 9]),
        post("/unsubscribe/{profile}/{channel}/{token}", [404; 9]),
        get("/notices", signed_in(200)),
        post("/notices/read", signed_in(303)),
        get(
            "/notices/{id}/open",
            [303, 303, 303, 303, 303, 303, 303, 303, 303],
        )
        .on("999999"),
        // Profiles.
        get("/profiles", [303, 403, 403, 200, 200, 200, 403, 403, 200]),
        // The list's batch (批量核实 · 导出所选 · 加入对接): nothing ticked is told on the list.
        post(
            "/profiles/batch",
            [303, 403, 403, 400, 400, 400, 403, 403, 400],
        ),
        get(
            "/profiles/new",
            [303, 403, 403, 200, 200, 403, 403, 403, 200],
        ),
        post("/profiles/new", signed_in(400)),
        get(
            "/profiles/import",
            [303, 403, 403, 200, 200, 200, 403, 403, 200],
        ),
        post("/profiles/import", signed_in(400)),
        get(
            "/profiles/{id}",
            [303, 200, 404, 200, 404, 404, 404, 404, 200],
        )
        .on("profile_a"),
        get(
            "/profiles/{id}/edit",
            [303, 200, 404, 200, 404, 404, 404, 404, 200],
        )
        .on("profile_a"),
        post(
            "/profiles/{id}/edit",
            [303, 400, 404, 400, 404, 404, 404, 404, 400],
        )
        .on("profile_a"),
        // The person sees their own contacts; a reveal is for others.
        post(
            "/profiles/{id}/reveal",
            [303, 403, 404, 400, 404, 404, 404, 404, 400],
        )
        .on("profile_a"),
        post(
            "/profiles/{id}/verify",
            [303, 403, 404, 303, 404, 404, 404, 404, 303],
        )
        .on("profile_a"),
        post(
            "/profiles/{id}/consent",
            // Founder A has an account: only they decide (Trust rules).
            [303, 303, 404, 403, 404, 404, 404, 404, 403],
        )
        .on("profile_a"),
        post(
            "/profiles/{id}/claim-code",
            // Roles that never issue codes are refused as a role, whatever the id.
            [303, 403, 403, 303, 404, 403, 403, 403, 303],
        )
        .on("profile_x"),
        // The code's page, opened with no code waiting: back to the profile it belongs to.
        get(
            "/profiles/{id}/claim-code",
            [303, 404, 404, 303, 404, 404, 404, 404, 303],
        )
        .on("profile_x")
        .fresh(),
        post(
            "/profiles/{id}/delete",
            [303, 303, 404, 303, 404, 404, 404, 404, 303],
        )
        .on("fresh_profile_a"),
        // Associations.
        get(
            "/associations",
            [303, 403, 403, 200, 200, 200, 403, 403, 200],
        ),
        post(
            "/associations",
            [303, 403, 403, 400, 400, 400, 403, 403, 400],
        ),
        get(
            "/associations/{id}/edit",
            [303, 403, 403, 200, 404, 403, 403, 403, 200],
        )
        .on("association"),
        post(
            "/associations/{id}/edit",
            [303, 404, 404, 400, 404, 404, 404, 404, 400],
        )
        .on("association"),
        post(
            "/associations/{id}/delete",
            [303, 404, 404, 303, 404, 404, 404, 404, 303],
        )
        .on("association"),
        // Projects, matches and the pipeline.
        get("/projects", signed_in(200)),
        get(
            "/projects/new",
            [303, 403, 403, 403, 403, 200, 403, 403, 200],
        ),
        post("/projects/new", signed_in(400)),
        get(
            "/projects/{id}",
            [303, 404, 404, 404, 404, 404, 404, 404, 200],
        )
        .on("project"),
        get(
            "/projects/{id}/edit",
            [303, 404, 404, 404, 404, 404, 404, 404, 200],
        )
        .on("project"),
        post(
            "/projects/{id}/edit",
            [303, 404, 404, 404, 404, 404, 404, 404, 400],
        )
        .on("project"),
        // 以商招商: staff who may change the project; a form without a referrer is refused.
        post(
            "/projects/{id}/referrals",
            [303, 403, 403, 403, 403, 404, 403, 403, 400],
        )
        .on("project"),
        get("/chains/map", [303, 403, 403, 403, 403, 200, 403, 403, 200]),
        get("/awards", [303, 403, 403, 403, 403, 200, 403, 403, 200]),
        get(
            "/projects/{id}/matches",
            [303, 404, 404, 404, 404, 404, 404, 404, 200],
        )
        .on("project"),
        post(
            "/projects/{id}/collaboration-requests",
            [303, 404, 404, 404, 404, 404, 404, 404, 303],
        )
        .on("project"),
        get(
            "/collaboration-requests",
            [303, 403, 403, 403, 403, 200, 403, 403, 200],
        ),
        post(
            "/collaboration-requests/{id}/accept",
            [303, 404, 404, 404, 404, 404, 404, 404, 404],
        )
        .on("999999"),
        post(
            "/collaboration-requests/{id}/decline",
            [303, 404, 404, 404, 404, 404, 404, 404, 404],
        )
        .on("999999"),
        get("/pipeline", [303, 403, 403, 403, 403, 200, 403, 403, 200]),
        post("/pipeline", signed_in(400)),
        get(
            "/pipeline/{id}",
            [303, 404, 404, 404, 404, 404, 404, 404, 200],
        )
        .on("pipeline"),
        post(
            "/pipeline/{id}/status",
            [303, 404, 404, 404, 404, 404, 404, 404, 400],
        )
        .on("pipeline"),
        post(
            "/pipeline/{id}/contacts",
            [303, 404, 404, 404, 404, 404, 404, 404, 400],
        )
        .on("pipeline"),
        post(
            "/pipeline/{id}/assign",
            [303, 404, 404, 404, 404, 404, 404, 404, 400],
        )
        .on("pipeline"),
        // Incubators, openings, applications.
        get("/incubator", [303, 403, 403, 403, 403, 403, 200, 200, 403]),
        get("/incubators", [303, 403, 403, 403, 403, 200, 403, 403, 200]),
        get(
            "/incubators/new",
            [303, 403, 403, 403, 403, 200, 403, 403, 200],
        ),
        post(
            "/incubators/new",
            [303, 403, 403, 403, 403, 400, 403, 403, 400],
        ),
        get("/incubators/{id}", signed_in(200)).on("incubator"),
        get(
            "/incubators/{id}/edit",
            [303, 403, 403, 403, 403, 403, 200, 403, 200],
        )
        .on("incubator"),
        post(
            "/incubators/{id}/edit",
            [303, 403, 403, 403, 403, 403, 400, 403, 400],
        )
        .on("incubator"),
        get(
            "/incubators/{id}/openings/new",
            [303, 403, 403, 403, 403, 403, 200, 403, 200],
        )
        .on("incubator"),
        post(
            "/incubators/{id}/openings/new",
            [303, 403, 403, 403, 403, 403, 400, 403, 400],
        )
        .on("incubator"),
        get("/openings", signed_in(200)),
        get("/openings/{id}", signed_in(200)).on("opening"),
        get(
            "/openings/{id}/edit",
            [303, 403, 403, 403, 403, 403, 200, 403, 200],
        )
        .on("opening"),
        post(
            "/openings/{id}/edit",
            [303, 403, 403, 403, 403, 403, 400, 403, 400],
        )
        .on("opening"),
        post(
            "/openings/{id}/apply",
            [303, 400, 400, 403, 403, 403, 403, 403, 403],
        )
        .on("opening"),
        post(
            "/openings/{id}/delete",
            [303, 403, 403, 403, 403, 403, 303, 403, 303],
        )
        .on("fresh_opening"),
        get(
            "/applications",
            [303, 200, 200, 403, 403, 200, 200, 200, 200],
        ),
        get(
            "/applications/{id}",
            [303, 200, 404, 404, 404, 404, 200, 404, 200],
        )
        .on("application"),
        post(
            "/applications/{id}/decide",
            [303, 400, 404, 404, 404, 404, 400, 404, 400],
        )
        .on("application"),
        // 撤回 is the applicant's own: those who read it but did not send it are refused.
        post(
            "/applications/{id}/withdraw",
            [303, 303, 404, 404, 404, 404, 403, 404, 403],
        )
        .on("fresh_application"),
        // Administration.
        get(
            "/admin/users",
            [303, 403, 403, 403, 403, 403, 403, 403, 200],
        ),
        post(
            "/admin/users",
            [303, 403, 403, 403, 403, 403, 403, 403, 400],
        ),
        get(
            "/admin/users/{id}",
            [303, 403, 403, 403, 403, 403, 403, 403, 200],
        )
        .on("user_a"),
        post(
            "/admin/users/{id}/disabled",
            [303, 403, 403, 403, 403, 403, 403, 403, 303],
        )
        .on("user_a"),
        post(
            "/admin/users/{id}/password",
            [303, 403, 403, 403, 403, 403, 403, 403, 400],
        )
        .on("user_a"),
        get(
            "/admin/audit",
            [303, 403, 403, 403, 403, 403, 403, 403, 200],
        ),
        get(
            "/admin/audit/export",
            [303, 403, 403, 403, 403, 403, 403, 403, 200],
        ),
        // A founder's own pages; last, founders close their accounts.
        get("/me", [303, 200, 200, 403, 403, 403, 403, 403, 403]),
        get("/me/edit", [303, 200, 200, 403, 403, 403, 403, 403, 403]),
        post("/me/edit", [303, 400, 400, 403, 403, 403, 403, 403, 403]),
        get("/me/privacy", [303, 200, 200, 403, 403, 403, 403, 403, 403]),
        post(
            "/me/privacy/listed",
            [303, 303, 303, 403, 403, 403, 403, 403, 403],
        ),
        post(
            "/me/privacy/consent",
            [303, 303, 303, 403, 403, 403, 403, 403, 403],
        ),
        // A form without a channel: the person gets the field named, others no form at all.
        post(
            "/me/privacy/notices",
            [303, 400, 400, 403, 403, 403, 403, 403, 403],
        ),
        post("/me/export", signed_in(200)),
        get("/me/delete", [303, 200, 200, 403, 403, 403, 403, 403, 403]),
        post("/me/delete", [303, 400, 400, 403, 403, 403, 403, 403, 403]),
        get("/me/deleted", [200; 9]),
        // Pages added with the import preview, transfers, duplicates and the reverse matches.
        get("/licences", signed_in(200)),
        get(
            "/profiles/duplicates",
            [303, 403, 403, 200, 200, 200, 403, 403, 200],
        ),
        get(
            "/profiles/import/{id}",
            [303, 403, 403, 404, 404, 404, 403, 403, 404],
        )
        .on("999999"),
        get(
            "/profiles/import/{id}/rejected",
            [303, 403, 403, 404, 404, 404, 403, 403, 404],
        )
        .on("999999"),
        post(
            "/profiles/import/{id}/confirm",
            [303, 403, 403, 404, 404, 404, 403, 403, 404],
        )
        .on("999999"),
        post(
            "/profiles/import/{id}/mapping",
            [303, 403, 403, 404, 404, 404, 403, 403, 404],
        )
        .on("999999"),
        get(
            "/profiles/{id}/matches",
            [303, 403, 403, 403, 403, 404, 403, 403, 200],
        )
        .on("profile_a"),
        post(
            "/profiles/{id}/merge",
            [303, 403, 404, 400, 404, 404, 404, 404, 400],
        )
        .on("profile_a"),
        get("/transfers", [303, 403, 403, 403, 403, 200, 403, 403, 200]),
        // 返乡创业补贴: the page shows each role its part (a founder's claims and ledger,
        // county staff's queue, nothing for others); a form without its fields is refused
        // as bad input before any record is looked up.
        get("/subsidy", signed_in(200)),
        post("/subsidy/claims", signed_in(400)),
        post("/subsidy/claims/{id}/decide", signed_in(400)).on("999999"),
        post(
            "/transfers/{id}/approve",
            [303, 403, 403, 403, 403, 404, 403, 403, 404],
        )
        .on("999999"),
        post(
            "/transfers/{id}/reject",
            [303, 403, 403, 403, 403, 404, 403, 403, 404],
        )
        .on("999999"),
    ];
    rows.extend(second_edition::rows());
    rows
}

/// `("GET", "/profiles/{id}")`, … for every page the site registers.
fn page_routes() -> BTreeSet<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes/pages");
    let mut routes = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("src/routes/pages") {
        let file = entry.expect("entry").path();
        if file.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read page module");
        routes.extend(registrations(&text, &file.display().to_string()));
    }
    assert!(routes.len() > 60, "read only {} page routes", routes.len());
    routes
}

/// One browser per role, signed in, with its session's CSRF token.
async fn browsers(world: &World) -> Vec<(Browser, String)> {
    let mut out = Vec::with_capacity(ROLES.len());
    for role in 0..ROLES.len() {
        out.push(browser(world, role).await);
    }
    out
}

async fn browser(world: &World, role: usize) -> (Browser, String) {
    let b = match username(role) {
        None => Browser::new(&world.app),
        Some(name) => Browser::sign_in(&world.app, name).await,
    };
    let form = if role == 0 { "/login" } else { "/password" };
    let token = b.get(form).await.csrf();
    (b, token)
}

async fn run_cell(world: &World, row: &PageRow, role: usize, shared: &(Browser, String)) -> u16 {
    let target = match row.target {
        "" => String::new(),
        t if t.contains('/') || t.chars().all(|c| c.is_ascii_digit()) => t.to_owned(),
        t => world.resolve(t).await.to_string(),
    };
    let path = row
        .route
        .replace("{id}", &target)
        .replace("{village}", &target)
        .replace("{profile_id}", "999999")
        .replace("{*path}", &target)
        .replace("{inv}", "999999")
        .replace("{token}", "unknown-link")
        .replace("{profile}", "999999")
        .replace("{channel}", "email");
    let fresh = if row.fresh {
        Some(browser(world, role).await)
    } else {
        None
    };
    let (b, token) = fresh.as_ref().unwrap_or(shared);
    let page = match row.method {
        "GET" => b.get(&path).await,
        _ => b.post(&path, token, row.fields).await,
    };
    page.status.as_u16()
}

#[tokio::test]
async fn every_page_answers_every_role_exactly_as_the_policy_says() {
    let world = World::build(spawn_app().await).await;
    let table = table();
    let listed: BTreeSet<(String, String)> = table
        .iter()
        .map(|r| (r.method.to_owned(), r.route.to_owned()))
        .collect();
    assert_eq!(listed.len(), table.len(), "a page route is listed twice");
    let registered = page_routes();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(missing.is_empty(), "pages without a row: {missing:?}");
    assert!(
        stale.is_empty(),
        "rows for pages that do not exist: {stale:?}"
    );

    let shared = browsers(&world).await;
    let mut wrong = Vec::new();
    for row in &table {
        let mut got = [0u16; 9];
        for role in 0..ROLES.len() {
            got[role] = run_cell(&world, row, role, &shared[role]).await;
        }
        if got != row.expect {
            wrong.push(format!(
                "{} {} {:?} expected {:?}",
                row.method, row.route, got, row.expect
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} rows differ (columns: {ROLES:?}):\n{}",
        wrong.len(),
        table.len(),
        wrong.join("\n")
    );
}
