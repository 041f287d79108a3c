//! The records the access matrix acts on, and the people who act: founder A
//! of village X with a profile, a token, an application, a pipeline entry;
//! village X's association; a project and an incubator of X's county.

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{
    TONGCHENG, create_incubator, create_opening, create_project, desk, operator,
};
use crate::helpers::{Client, PASSWORD, TestApp};

/// Village X (通城县隽水镇) and village Y (通城县 another township, 七里村).
pub const VILLAGE_X: &str = "421222100201";
pub const VILLAGE_Y: &str = "421222101200";
/// Another county (崇阳县).
pub const OTHER_COUNTY: &str = "421223";

pub const FOUNDER_A_NAME: &str = "欧阳明珠";
pub const FOUNDER_A_MOBILE: &str = "13971112345";
pub const FOUNDER_A_MASKED: &str = "139****2345";

/// Column order of every row of the matrix.
pub const ROLES: [&str; 9] = [
    "anonymous",
    "founder_a",
    "founder_b",
    "organizer_x",
    "organizer_y",
    "staff_other_county",
    "operator",
    "operator_other",
    "admin",
];

pub struct World {
    pub app: TestApp,
    /// One signed-in client per role, in [`ROLES`] order (anonymous first).
    pub clients: Vec<Client>,
    pub admin: usize,
    pub user_a: i64,
    pub profile_a: i64,
    /// An organizer's draft in village X that nobody has claimed.
    pub profile_x: i64,
    pub project: i64,
    pub pipeline: i64,
    pub incubator: i64,
    pub opening: i64,
    pub application: i64,
}

/// Usernames of the signed-in roles (index 0, anonymous, has none).
pub fn username(role: usize) -> Option<&'static str> {
    ROLES.get(role).filter(|_| role > 0).copied()
}

async fn register(app: &TestApp, username: &str, name: &str, mobile: &str) -> (Client, Value) {
    let c = app.client();
    let r = c
        .post(
            "/api/v1/auth/register",
            json!({"username": username, "password": PASSWORD, "name": name,
                   "hometown_code": VILLAGE_X, "mobile": mobile}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "register: {}", r.text);
    (c, r.body)
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("no id in {v}"))
}

impl World {
    pub async fn build(app: TestApp) -> World {
        let anonymous = app.client();
        let (founder_a, reg_a) =
            register(&app, "founder_a", FOUNDER_A_NAME, FOUNDER_A_MOBILE).await;
        let (founder_b, _) = register(&app, "founder_b", "司马青山", "13971116789").await;
        let organizer_x = app
            .login_as("organizer_x", Role::Organizer, Some(VILLAGE_X))
            .await;
        let organizer_y = app
            .login_as("organizer_y", Role::Organizer, Some(VILLAGE_Y))
            .await;
        let staff = app
            .login_as("staff_other_county", Role::Staff, Some(OTHER_COUNTY))
            .await;
        let admin = app.login_as("admin", Role::Admin, None).await;
        let incubator = create_incubator(&admin, "通城高新区众创空间", TONGCHENG).await;
        let other_incubator = create_incubator(&admin, "崇阳县创业孵化基地", OTHER_COUNTY).await;
        let op = operator(&app, "operator", incubator).await;
        let op_other = operator(&app, "operator_other", other_incubator).await;
        let opening = id(&create_opening(&admin, incubator, desk(50)).await);
        let applied = founder_a
            .post(
                &format!("/api/v1/openings/{opening}/applications"),
                json!({"plan": "无线充电模组小试线", "team_size": 3}),
            )
            .await;
        assert_eq!(applied.status, 201, "apply: {}", applied.text);
        let profile_a = id(&reg_a["profile"]);
        // Founder A has an account: only they decide their consent.
        let consent = founder_a
            .post(
                &format!("/api/v1/profiles/{profile_a}/consent"),
                json!({"consent_match": true}),
            )
            .await;
        assert_eq!(consent.status, 200, "consent: {}", consent.text);
        // A self-registered profile is listed once verified (issue 12).
        let verified = admin
            .post(&format!("/api/v1/profiles/{profile_a}/verify"), json!({}))
            .await;
        assert_eq!(verified.status, 200, "verify: {}", verified.text);
        let project = id(&create_project(&admin, TONGCHENG).await);
        let shortlisted = crate::fixtures::shortlist(&admin, project, profile_a).await;
        assert_eq!(shortlisted.status, 201, "shortlist: {}", shortlisted.text);
        let profile_x = new_profile(&admin, "村里待认领").await;
        let clients = vec![
            anonymous,
            founder_a,
            founder_b,
            organizer_x,
            organizer_y,
            staff,
            op,
            op_other,
            admin,
        ];
        World {
            user_a: id(&reg_a["user"]),
            profile_a,
            profile_x,
            project,
            pipeline: id(&shortlisted.body),
            incubator,
            opening,
            application: id(&applied.body),
            clients,
            admin: ROLES.len() - 1,
            app,
        }
    }

    pub fn admin(&self) -> &Client {
        &self.clients[self.admin]
    }

    /// The id a placeholder of the matrix stands for, creating fresh records
    /// for the `fresh_*` ones so that every cell acts on a record of its own.
    pub async fn resolve(&self, name: &str) -> i64 {
        match name {
            "profile_a" => self.profile_a,
            "profile_x" => self.profile_x,
            "user_a" => self.user_a,
            "project" => self.project,
            "pipeline" => self.pipeline,
            "incubator" => self.incubator,
            "opening" => self.opening,
            "application" => self.application,
            "association" => self.association().await,
            "fresh_profile" => new_profile(self.admin(), "新建待合并").await,
            "fresh_profile_a" => {
                let id = new_profile(self.admin(), FOUNDER_A_NAME).await;
                self.sql(&format!(
                    "UPDATE profiles SET owner_user_id = {} WHERE id = {id}",
                    self.user_a
                ))
                .await;
                id
            }
            "fresh_opening" => id(&create_opening(self.admin(), self.incubator, desk(5)).await),
            "fresh_application" => {
                let opening = Box::pin(self.resolve("fresh_opening")).await;
                let r = self.clients[1]
                    .post(
                        &format!("/api/v1/openings/{opening}/applications"),
                        json!({"plan": "智能家居网关", "team_size": 2}),
                    )
                    .await;
                assert_eq!(r.status, 201, "apply: {}", r.text);
                id(&r.body)
            }
            "fresh_token_a" => {
                let r = self.clients[1]
                    .post("/api/v1/tokens", json!({"name": "script"}))
                    .await;
                assert_eq!(r.status, 201, "token: {}", r.text);
                id(&r.body)
            }
            other if other.starts_with("subsidy_") => self.resolve_subsidy(other).await,
            "organization" | "fresh_organization" | "fresh_member" | "fresh_service_request" => {
                self.resolve_second_edition(name).await
            }
            other if other.contains("event") => self.resolve_event(other).await,
            other => panic!("unknown placeholder {other}"),
        }
    }

    /// Village X's association, created if the matrix removed it.
    async fn association(&self) -> i64 {
        let r = self
            .admin()
            .get(&format!("/api/v1/associations?region={VILLAGE_X}"))
            .await;
        if let Some(existing) = r.body["items"].as_array().and_then(|items| items.first()) {
            return id(existing);
        }
        let created = self
            .admin()
            .post(
                "/api/v1/associations",
                json!({"region_code": VILLAGE_X, "name": "城东社区乡贤会", "head": "王会长",
                       "member_count": 12, "founded_on": "2024-03-01"}),
            )
            .await;
        assert_eq!(created.status, 201, "association: {}", created.text);
        id(&created.body)
    }

    /// Removes village X's associations, so that creating one can succeed.
    pub async fn clear_associations(&self) {
        self.sql(&format!(
            "DELETE FROM associations WHERE region_code = '{VILLAGE_X}'"
        ))
        .await;
    }

    /// The largest id of any record of the world.
    pub async fn max_id(&self) -> i64 {
        let mut max = 0;
        for table in [
            "users",
            "profiles",
            "api_tokens",
            "associations",
            "projects",
            "pipeline_entries",
            "incubators",
            "openings",
            "applications",
            "notices",
            "claim_codes",
            "organizations",
            "service_requests",
            "events",
            "event_invitations",
        ] {
            let row = self
                .app
                .db
                .conn()
                .query_one_raw(self.stmt(&format!("SELECT CAST(max(id) AS BIGINT) FROM {table}")))
                .await
                .expect("max id")
                .expect("one row");
            max = max.max(
                row.try_get_by_index::<Option<i64>>(0)
                    .ok()
                    .flatten()
                    .unwrap_or(0),
            );
        }
        max
    }

    /// The current version of a profile or project (PATCH must send it).
    pub async fn version(&self, table: &str, id: i64) -> i64 {
        let row = self
            .app
            .db
            .conn()
            .query_one_raw(self.stmt(&format!("SELECT version FROM {table} WHERE id = {id}")))
            .await
            .expect("version query")
            .expect("row exists");
        row.try_get_by_index::<i32>(0)
            .map(i64::from)
            .expect("version")
    }

    async fn sql(&self, sql: &str) {
        self.app
            .db
            .conn()
            .execute_raw(self.stmt(sql))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    fn stmt(&self, sql: &str) -> Statement {
        let backend: DatabaseBackend = self.app.db.backend();
        Statement::from_string(backend, sql.to_owned())
    }
}

/// A listed, consenting profile in village X, created by the administrator
/// (a namesake of an earlier one, each with a mobile of its own).
async fn new_profile(admin: &Client, name: &str) -> i64 {
    static MOBILES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = MOBILES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let r = admin
        .post(
            "/api/v1/profiles",
            json!({"name": name, "hometown_code": VILLAGE_X, "consent_match": true,
                   "consent_basis": "written", "force": true,
                   "listed": true, "chains": ["terminal.components"],
                   "mobile": format!("136{n:08}")}),
        )
        .await;
    assert_eq!(r.status, 201, "profile: {}", r.text);
    id(&r.body)
}
