//! Door 8: erasure reaches everything. After `DELETE /api/v1/me` no table and
//! no audit snapshot holds the person's name or mobile; their 对接 entries are
//! closed and no longer counted; an accepted application's unit is freed.

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::{
    TONGCHENG, TONGCHENG_VILLAGE, create_incubator, create_opening, create_project, desk, shortlist,
};
use crate::helpers::{TestApp, spawn_app};
use crate::trust_transfer::register;

const NAME: &str = "欧阳修远";
const MOBILE: &str = "13812345678";

/// `(table, column)` of every column of every table.
async fn columns(app: &TestApp) -> Vec<(String, String)> {
    let conn = app.db.conn();
    let backend = conn.get_database_backend();
    let mut out = Vec::new();
    if backend == DatabaseBackend::Sqlite {
        let tables = conn
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            ))
            .await
            .expect("tables");
        for t in tables {
            let table: String = t.try_get("", "name").expect("name");
            let cols = conn
                .query_all_raw(Statement::from_string(
                    backend,
                    format!("PRAGMA table_info(\"{table}\")"),
                ))
                .await
                .expect("columns");
            for c in cols {
                out.push((table.clone(), c.try_get("", "name").expect("column")));
            }
        }
    } else {
        let cols = conn
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
                 WHERE table_schema = 'public'",
            ))
            .await
            .expect("columns");
        for c in cols {
            out.push((
                c.try_get("", "t").expect("t"),
                c.try_get("", "c").expect("c"),
            ));
        }
    }
    assert!(out.len() > 50, "found the schema: {out:?}");
    out
}

/// Every `table.column` whose text holds `needle`.
async fn holding(app: &TestApp, needle: &str) -> Vec<String> {
    let conn = app.db.conn();
    let backend = conn.get_database_backend();
    let mut found = Vec::new();
    for (table, column) in columns(app).await {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE '%{needle}%'"
        );
        let row = conn
            .query_one_raw(Statement::from_string(backend, sql))
            .await
            .expect("count")
            .expect("row");
        let n: i64 = row.try_get("", "n").expect("n");
        if n > 0 {
            found.push(format!("{table}.{column}"));
        }
    }
    found
}

#[tokio::test]
async fn after_erasure_no_table_or_audit_snapshot_holds_the_name_or_mobile() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;

    // The person registers; an organizer's earlier record of them is claimed
    // (approved by staff), which retires the self-registration draft.
    let (person, _draft) = register(&app, "ouyang", Some(MOBILE)).await;
    let rec = org
        .post(
            "/api/v1/profiles",
            json!({"name": NAME, "hometown_code": TONGCHENG_VILLAGE, "force": true,
                   "employer": "深圳市信维通信股份有限公司", "bio": "欧阳修远在深圳从事无线充电研发",
                   "birth_year": 1978, "listed": true}),
        )
        .await;
    assert_eq!(rec.status, 201, "{}", rec.text);
    let id = rec.body["id"].as_i64().unwrap();
    let code = org
        .post(&format!("/api/v1/profiles/{id}/claim-code"), json!({}))
        .await
        .body["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let claimed = person
        .post("/api/v1/profiles/claim", json!({"code": code}))
        .await;
    // The draft had the mobile, the record none: no proof, so staff approve.
    assert_eq!(claimed.status, 202, "{}", claimed.text);
    let t = claimed.body["id"].as_i64().unwrap();
    let ok = staff
        .post(&format!("/api/v1/transfers/{t}/approve"), json!({}))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    let mine = person.get(&format!("/api/v1/profiles/{id}")).await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    let edited = person
        .patch(
            &format!("/api/v1/profiles/{id}"),
            json!({"version": mine.body["version"], "mobile": MOBILE, "title": "研发总监"}),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    let consent = person
        .post(
            &format!("/api/v1/profiles/{id}/consent"),
            json!({"consent_match": true}),
        )
        .await;
    assert_eq!(consent.status, 200, "{}", consent.text);

    // A 对接 entry and an accepted application.
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let entry = shortlist(&staff, project, id).await;
    assert_eq!(entry.status, 201, "{}", entry.text);
    let incubator = create_incubator(&admin, "通城众创空间", TONGCHENG).await;
    let opening = create_opening(&admin, incubator, desk(1)).await["id"]
        .as_i64()
        .unwrap();
    let applied = person
        .post(
            &format!("/api/v1/openings/{opening}/applications"),
            json!({"plan": "无线充电模组小试线", "team_size": 3}),
        )
        .await;
    assert_eq!(applied.status, 201, "{}", applied.text);
    let application = applied.body["id"].as_i64().unwrap();
    let accepted = admin
        .patch(
            &format!("/api/v1/applications/{application}"),
            json!({"status": "accepted"}),
        )
        .await;
    assert_eq!(accepted.status, 200, "{}", accepted.text);
    assert!(
        !holding(&app, NAME).await.is_empty(),
        "the name is stored before"
    );

    let erased = person.delete("/api/v1/me").await;
    assert_eq!(erased.status, 204, "{}", erased.text);

    assert_eq!(holding(&app, NAME).await, Vec::<String>::new());
    assert_eq!(holding(&app, MOBILE).await, Vec::<String>::new());
    assert_eq!(holding(&app, "欧阳").await, Vec::<String>::new());
    assert_eq!(holding(&app, "黄小龙").await, Vec::<String>::new());
    let list = staff
        .get(&format!("/api/v1/pipeline?project={project}"))
        .await;
    let e = &list.body["items"][0];
    assert_eq!(e["status"], "dropped", "{}", list.text);
    assert_eq!(e["active_asks"], 0, "{}", list.text);
    let o = admin.get("/api/v1/openings?per_page=100").await;
    let units = o.body["items"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["id"] == opening).cloned())
        .map(|x| x["units_available"].clone());
    assert_eq!(units, Some(json!(1)), "{}", o.text);
    let audit = admin.get("/api/v1/audit?entity=profile&per_page=100").await;
    assert!(
        audit.text.contains("[已删除]"),
        "the events are kept, redacted"
    );
    assert_eq!(person.get("/api/v1/auth/me").await.status, 401);
}
