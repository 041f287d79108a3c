//! `GET /api/v1/projects/{id}/matches`: one crafted case per score part (two people alike
//! but for that part), exclusions, explanations, pipeline load, ties, limits and access.

use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{CHONGYANG, TONGCHENG, create_project, project_body, shortlist};
use crate::helpers::{Client, TestApp, spawn_app};
use crate::search::settled_get;

/// A consented, listed person of 通城县 working on wireless-charging modules; `changes`
/// replaces fields.
pub fn person(name: &str, changes: Value) -> Value {
    let mut body = json!({
        "name": name, "hometown_code": "421222100201", "chains": ["terminal.components"],
        "expertise": "无线充电接收端模组研发", "employer": "深圳某电子有限公司", "title": "工程师",
        "intents": ["invest", "tech"], "capital_range": "20m_100m", "tier": "normal",
        "consent_match": true, "listed": true, "mobile": "13812345678"
    });
    if let (Some(base), Some(extra)) = (body.as_object_mut(), changes.as_object()) {
        for (k, v) in extra {
            base.insert(k.clone(), v.clone());
        }
    }
    body
}

pub async fn create(admin: &Client, mut body: Value) -> i64 {
    // The same made-up person many times over: not a duplicate by mistake.
    body["force"] = serde_json::json!(true);
    let r = admin.post("/api/v1/profiles", body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_i64().unwrap_or_default()
}

pub fn ids(body: &Value) -> Vec<i64> {
    body["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["profile_id"].as_i64()).collect())
        .unwrap_or_default()
}

/// The project's matches once the index holds every write, asserting that each of `want` is among them.
pub async fn matches_with(app: &TestApp, client: &Client, project: i64, want: &[i64]) -> Value {
    let path = format!("/api/v1/projects/{project}/matches?limit=100");
    let r = settled_get(app, client, &path).await;
    assert!(
        want.iter().all(|w| ids(&r.body).contains(w)),
        "{want:?} not all matched: {}",
        r.text
    );
    r.body
}

fn item(body: &Value, id: i64) -> Value {
    body["items"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["profile_id"] == id))
        .cloned()
        .unwrap_or(Value::Null)
}

/// Two people alike but for `a` and `b`: returns the matches of the standard project, after
/// asserting that the first ranks above the second and scores more on `part`.
async fn first_beats_second(part: &str, a: Value, b: Value) -> Value {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (ida, idb) = (
        create(&admin, person("甲", a)).await,
        create(&admin, person("乙", b)).await,
    );
    let project = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap_or_default();
    let body = matches_with(&app, &admin, project, &[ida, idb]).await;
    let order = ids(&body);
    let pos = |id| order.iter().position(|x| *x == id).unwrap_or(usize::MAX);
    assert!(pos(ida) < pos(idb), "{part}: {}", body);
    let (pa, pb) = (item(&body, ida), item(&body, idb));
    assert!(
        pa["parts"][part].as_f64() > pb["parts"][part].as_f64(),
        "{part}: {pa} vs {pb}"
    );
    body
}

#[tokio::test]
async fn closer_expertise_ranks_higher_on_text() {
    first_beats_second(
        "text",
        json!({}),
        json!({"expertise": "表面贴装工艺与来料检验"}),
    )
    .await;
}

#[tokio::test]
async fn same_segment_ranks_above_same_chain() {
    let body =
        first_beats_second("chain", json!({}), json!({"chains": ["terminal.devices"]})).await;
    let reasons = body["items"][0]["reasons"].to_string();
    assert!(reasons.contains("与项目同一细分领域"), "{reasons}");
}

#[tokio::test]
async fn hometown_in_the_projects_county_ranks_higher_and_says_so() {
    let body = first_beats_second(
        "hometown",
        json!({"hometown_code": "421222100"}),
        json!({"hometown_code": "421223104"}),
    )
    .await;
    let reasons = body["items"][0]["reasons"].to_string();
    assert!(
        reasons.contains("籍贯通城县隽水镇，与项目同县"),
        "{reasons}"
    );
    let other = body["items"][1]["reasons"].to_string();
    assert!(other.contains("籍贯崇阳县白霓镇"), "{other}");
}

#[tokio::test]
async fn a_target_company_employee_ranks_higher_as_an_introduction_path() {
    let body = first_beats_second(
        "employer",
        json!({"employer": "深圳市信维通信股份有限公司"}),
        json!({}),
    )
    .await;
    let reasons = body["items"][0]["reasons"].to_string();
    assert!(reasons.contains("任职于招商对象企业信维通信"), "{reasons}");
}

#[tokio::test]
async fn capital_fit_counts_for_a_project_that_needs_capital() {
    let body = first_beats_second(
        "capital",
        json!({"capital_range": "over_100m"}),
        json!({"capital_range": "none"}),
    )
    .await;
    assert!(
        body["items"][1]["missing"]
            .to_string()
            .contains("无投资意向")
    );
}

#[tokio::test]
async fn capital_is_ignored_when_the_project_needs_none() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let a = create(&admin, person("甲", json!({"capital_range": "none"}))).await;
    let mut p = project_body(TONGCHENG);
    p["needs"] = json!(["tech"]);
    let r = admin.post("/api/v1/projects", p).await;
    let project = r.body["id"].as_i64().unwrap_or_default();
    let body = matches_with(&app, &admin, project, &[a]).await;
    assert_eq!(body["items"][0]["parts"]["capital"], 0.0);
    assert!(
        !body["items"][0]["missing"]
            .to_string()
            .contains("无投资意向")
    );
}

#[tokio::test]
async fn the_intent_the_project_needs_ranks_higher() {
    let body = first_beats_second(
        "intent",
        json!({"intents": ["tech"]}),
        json!({"intents": ["donate"]}),
    )
    .await;
    assert!(body["items"][0]["reasons"].to_string().contains("技术合作"));
    assert!(body["items"][1]["missing"].to_string().contains("回归意向"));
}

#[tokio::test]
async fn tier_and_seniority_rank_higher_on_standing() {
    let body = first_beats_second(
        "standing",
        json!({"tier": "renowned", "title": "总经理"}),
        json!({"tier": "normal", "title": "技术员"}),
    )
    .await;
    assert!(
        body["items"][0]["reasons"]
            .to_string()
            .contains("知名乡贤，现任总经理")
    );
}

#[tokio::test]
async fn a_verified_profile_ranks_higher_and_an_unverified_one_is_missing_it() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let a = create(&admin, person("甲", json!({}))).await;
    let b = create(&admin, person("乙", json!({}))).await;
    // The later id is verified: verification must beat the id order.
    let v = admin
        .post(&format!("/api/v1/profiles/{b}/verify"), json!({}))
        .await;
    assert_eq!(v.status, 200, "{}", v.text);
    let project = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap_or_default();
    let path = format!("/api/v1/projects/{project}/matches");
    let r = settled_get(&app, &admin, &path).await;
    assert_eq!(ids(&r.body), vec![b, a], "{}", r.text);
    assert!(
        r.body["items"][0]["reasons"]
            .to_string()
            .contains("档案已核实")
    );
    assert!(r.body["items"][1]["missing"].to_string().contains("未核实"));
}

#[tokio::test]
async fn unlisted_unconsented_deleted_and_withdrawn_people_never_appear() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let perfect = json!({"tier": "renowned", "title": "总经理", "employer": "信维通信"});
    let with = |k: &str, v: Value| {
        let mut b = person("完美", perfect.clone());
        b[k] = v;
        b
    };
    let unlisted = create(&admin, with("listed", json!(false))).await;
    let unconsented = create(&admin, with("consent_match", json!(false))).await;
    let deleted = create(&admin, with("tier", json!("renowned"))).await;
    let withdrawn = create(&admin, with("tier", json!("renowned"))).await;
    let control = create(&admin, person("对照", json!({}))).await;
    let project = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap_or_default();
    matches_with(&app, &admin, project, &[control, deleted, withdrawn]).await;
    // Both take effect at once, whether or not the index has caught up.
    let d = admin.delete(&format!("/api/v1/profiles/{deleted}")).await;
    assert_eq!(d.status, 204, "{}", d.text);
    let w = admin
        .post(
            &format!("/api/v1/profiles/{withdrawn}/consent"),
            json!({"consent_match": false}),
        )
        .await;
    assert_eq!(w.status, 200, "{}", w.text);
    let r = admin
        .get(&format!("/api/v1/projects/{project}/matches?limit=100"))
        .await;
    assert_eq!(ids(&r.body), vec![control], "{}", r.text);
    assert_eq!(r.body["total"], 1);
    for hidden in [unlisted, unconsented, deleted, withdrawn] {
        assert!(!ids(&r.body).contains(&hidden));
    }
}

#[tokio::test]
async fn explanations_are_chinese_and_contacts_never_appear() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let a = create(
        &admin,
        person(
            "张伟",
            json!({"wechat": "zw_wx", "email": "zw@example.com"}),
        ),
    )
    .await;
    let project = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap_or_default();
    let body = matches_with(&app, &admin, project, &[a]).await;
    let it = &body["items"][0];
    for key in [
        "profile_id",
        "name",
        "score",
        "parts",
        "reasons",
        "missing",
        "active_asks",
    ] {
        assert!(!it[key].is_null(), "{key} missing: {it}");
    }
    for part in [
        "text", "chain", "hometown", "employer", "capital", "intent", "standing", "verified",
    ] {
        assert!(it["parts"][part].is_number(), "{part}: {it}");
    }
    let sum: f64 = it["parts"]
        .as_object()
        .map(|o| o.values().filter_map(Value::as_f64).sum())
        .unwrap_or_default();
    assert!(
        (sum - it["score"].as_f64().unwrap_or_default()).abs() < 0.011,
        "{it}"
    );
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for reason in it["reasons"].as_array().into_iter().flatten() {
        assert!(cjk(reason.as_str().unwrap_or_default()), "{reason}");
    }
    assert!(it["reasons"].to_string().contains("无线充电"), "{it}");
    let text = body.to_string();
    for secret in [
        "13812345678",
        "138****5678",
        "zw_wx",
        "zw@example.com",
        "mobile",
        "wechat",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}

#[tokio::test]
async fn active_asks_count_the_persons_open_conversations() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let a = create(&admin, person("甲", json!({}))).await;
    let first = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap_or_default();
    let second = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap_or_default();
    assert_eq!(shortlist(&admin, first, a).await.status, 201);
    let body = matches_with(&app, &admin, second, &[a]).await;
    assert_eq!(item(&body, a)["active_asks"], 1);
}

#[tokio::test]
async fn equal_people_come_out_in_profile_id_order_every_time() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut made = Vec::new();
    for name in ["甲", "乙", "丙"] {
        made.push(create(&admin, person(name, json!({}))).await);
    }
    let project = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap_or_default();
    let body = matches_with(&app, &admin, project, &made).await;
    assert_eq!(ids(&body), made);
    let scores: Vec<&Value> = body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| &i["score"])
        .collect();
    assert!(scores.windows(2).all(|w| w[0] == w[1]), "{scores:?}");
    let again = admin
        .get(&format!("/api/v1/projects/{project}/matches"))
        .await;
    assert_eq!(ids(&again.body), made);
}

#[tokio::test]
async fn limit_cuts_the_page_not_the_total_and_bad_limits_are_400() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let a = create(&admin, person("甲", json!({}))).await;
    let b = create(&admin, person("乙", json!({}))).await;
    let project = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap_or_default();
    matches_with(&app, &admin, project, &[a, b]).await;
    let one = admin
        .get(&format!("/api/v1/projects/{project}/matches?limit=1"))
        .await;
    assert_eq!(one.body["total"], 2);
    assert_eq!(ids(&one.body).len(), 1);
    for bad in ["0", "101", "many"] {
        let r = admin
            .get(&format!("/api/v1/projects/{project}/matches?limit={bad}"))
            .await;
        assert_eq!(r.status, 400, "{bad}: {}", r.text);
        assert_eq!(r.body["error"]["field"], "limit");
    }
    let unknown = admin
        .get(&format!("/api/v1/projects/{project}/matches?top=3"))
        .await;
    assert_eq!(unknown.status, 400);
}

#[tokio::test]
async fn only_staff_who_may_read_the_project_see_its_matches() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap_or_default();
    let path = format!("/api/v1/projects/{project}/matches");
    assert_eq!(staff.get(&path).await.status, 200);
    assert_eq!(admin.get(&path).await.status, 200);
    let other = app.login_as("cy_staff", Role::Staff, Some(CHONGYANG)).await;
    assert_eq!(other.get(&path).await.status, 404);
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    assert_eq!(org.get(&path).await.status, 404);
    assert_eq!(app.client().get(&path).await.status, 401);
    assert_eq!(
        admin.get("/api/v1/projects/999999/matches").await.status,
        404
    );
}

/// The engine scores every candidate on what the index holds and reads only the head of that
/// ranking from the database: a short page must be exactly the head of a long one, with the
/// same scores and the same total, and a target-company employee with nothing else in common
/// must still be found.
#[tokio::test]
async fn a_short_page_is_exactly_the_head_of_the_full_ranking() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let variants = [
        json!({}),
        json!({"chains": ["terminal.devices"]}),
        json!({"hometown_code": "421223100201"}),
        json!({"title": "总经理", "tier": "renowned"}),
        json!({"title": "技术员", "tier": "key"}),
        json!({"intents": ["donate"], "capital_range": "none"}),
        json!({"capital_range": "under_1m"}),
        json!({"expertise": "模组封装与线圈绕线", "bio": "无线充电模组产线负责人"}),
        json!({"employer": "深圳市信维通信股份有限公司"}),
        json!({"employer": "深圳市信维通信股份有限公司", "chains": ["software.iot"],
               "expertise": "财务管理", "intents": [], "capital_range": "none"}),
        json!({"employer": "广东领益智造", "title": "研发总监"}),
    ];
    let mut all = Vec::new();
    // Nothing in common with the project but the county: not a candidate at all. Created
    // first, so it is indexed once the others are (changes are applied in order).
    let stranger = create(
        &admin,
        person(
            "乡贤寅",
            json!({"chains": ["software.iot"], "expertise": "物联网平台"}),
        ),
    )
    .await;
    let names = "甲乙丙丁戊己庚辛壬癸子丑";
    for (name, v) in names.chars().zip(&variants) {
        all.push(create(&admin, person(&format!("乡贤{name}"), v.clone())).await);
    }
    let project = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap_or_default();
    let full = matches_with(&app, &admin, project, &all).await;
    assert!(!ids(&full).contains(&stranger));
    let full_ids = ids(&full);
    assert_eq!(full["total"], all.len());
    for limit in [1usize, 3, 7] {
        let short = admin
            .get(&format!("/api/v1/projects/{project}/matches?limit={limit}"))
            .await;
        assert_eq!(
            ids(&short.body),
            full_ids[..limit].to_vec(),
            "limit {limit}"
        );
        assert_eq!(short.body["total"], full["total"]);
        for (a, b) in short.body["items"]
            .as_array()
            .into_iter()
            .flatten()
            .zip(full["items"].as_array().into_iter().flatten())
        {
            assert_eq!(a["score"], b["score"]);
            assert_eq!(a["parts"], b["parts"]);
        }
    }
    let employee = item(&full, all[9]);
    let weight = xiangxian::service::matching::MatchWeights::default().employer;
    assert_eq!(employee["parts"]["employer"], weight, "{employee}");
}
