//! Honest match lists and what the score rewards: exact totals past any candidate pool,
//! paging, filters, need fit (a junior below a senior, a donor below an investor), and the
//! outcome report of shortlisted entries.

use serde_json::{Value, json};
use xiangxian::auth::CurrentUser;
use xiangxian::domain::Role;
use xiangxian::service::profile::{ProfileReq, input, write};

use crate::fixtures::{TONGCHENG, create_project, shortlist};
use crate::helpers::{Client, TestApp, spawn_app};
use crate::matching::{create, ids, matches_with, person};
use crate::search::settled_get;

async fn project_id(admin: &Client) -> i64 {
    create_project(admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap_or_default()
}

/// `n` alike people of the wireless-charging trade, loaded through the profile service in
/// one transaction (much faster than `n` API calls); `each(i)` changes person `i`.
async fn load_people(app: &TestApp, n: usize, each: impl Fn(usize) -> Value) -> Vec<i64> {
    let actor = CurrentUser::system("test");
    let txn = app.db.write().await.expect("transaction");
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let digits: String = i
            .to_string()
            .chars()
            .map(|d| {
                "零一二三四五六七八九"
                    .chars()
                    .nth(d as usize - '0' as usize)
                    .unwrap_or('零')
            })
            .collect();
        let mut body = person(&format!("乡贤{digits}"), each(i));
        body["mobile"] = json!(format!("139{:08}", i));
        let req: ProfileReq = serde_json::from_value(body).expect("a profile request");
        let fields = input::validate(&*txn, req).await.expect("valid");
        out.push(
            write::insert(&*txn, &actor, fields, None)
                .await
                .expect("insert")
                .id,
        );
    }
    txn.commit().await.expect("commit");
    out
}

/// Drains the index and checks it holds `n` people.
async fn settled(app: &TestApp, admin: &Client, n: usize) {
    let r = settled_get(app, admin, "/api/v1/profiles?per_page=1").await;
    assert_eq!(r.body["total"], n, "{}", r.text);
}

#[tokio::test]
async fn the_total_counts_every_person_who_matched_past_the_candidate_pool() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let n = 530;
    load_people(&app, n, |_| json!({})).await;
    settled(&app, &admin, n).await;
    let project = project_id(&admin).await;
    let r = admin
        .get(&format!("/api/v1/projects/{project}/matches?per_page=5"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["total"], n, "{}", r.body["total"]);
    assert_eq!(ids(&r.body).len(), 5);
    // The last page, past the first 500, still has its people.
    let last = admin
        .get(&format!(
            "/api/v1/projects/{project}/matches?per_page=100&page=6"
        ))
        .await;
    assert_eq!(last.status, 200, "{}", last.text);
    assert_eq!(last.body["total"], n);
    assert_eq!(ids(&last.body).len(), 30);
}

#[tokio::test]
async fn pages_walk_the_whole_list_once_and_limit_still_works() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let n = 23;
    let people = load_people(&app, n, |i| json!({"birth_year": 1970 + i})).await;
    settled(&app, &admin, n).await;
    let project = project_id(&admin).await;
    let mut seen = Vec::new();
    for page in 1..=3 {
        let r = admin
            .get(&format!(
                "/api/v1/projects/{project}/matches?page={page}&per_page=10"
            ))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.body["total"], n);
        assert_eq!(ids(&r.body).len(), if page < 3 { 10 } else { 3 });
        seen.extend(ids(&r.body));
    }
    let mut sorted = seen.clone();
    sorted.sort_unstable();
    let mut expected = people.clone();
    expected.sort_unstable();
    assert_eq!(sorted, expected, "every person once");
    let by_limit = admin
        .get(&format!("/api/v1/projects/{project}/matches?limit=10"))
        .await;
    assert_eq!(ids(&by_limit.body), seen[..10].to_vec());
    let beyond = admin
        .get(&format!(
            "/api/v1/projects/{project}/matches?page=9&per_page=10"
        ))
        .await;
    assert_eq!(beyond.status, 200);
    assert_eq!(
        (beyond.body["total"].clone(), ids(&beyond.body).len()),
        (json!(n), 0)
    );
    for bad in [
        "page=0",
        "per_page=101",
        "limit=0",
        "region=通城",
        "verified=maybe",
        "intent=gamble",
    ] {
        let r = admin
            .get(&format!("/api/v1/projects/{project}/matches?{bad}"))
            .await;
        assert_eq!(r.status, 400, "{bad}: {}", r.text);
    }
}

#[tokio::test]
async fn filters_give_exact_totals_for_the_county_verification_and_intent() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    // 12 people: a third from 崇阳, half with investment intent only, a quarter verified.
    let people = load_people(&app, 12, |i| {
        let mut c = json!({});
        if i % 3 == 0 {
            c["hometown_code"] = json!("421223100201");
        }
        if i % 2 == 0 {
            c["intents"] = json!(["invest"]);
        } else {
            c["intents"] = json!(["tech"]);
        }
        c
    })
    .await;
    let actor = CurrentUser::system("test");
    for id in people.iter().step_by(4) {
        write::verify(&app.db, &actor, *id).await.expect("verify");
    }
    settled(&app, &admin, 12).await;
    let verified = admin.get("/api/v1/profiles?per_page=1&verified=true").await;
    assert_eq!(verified.body["total"], 3, "{}", verified.text);
    let project = project_id(&admin).await;
    let total = async |q: &str| {
        let r = admin
            .get(&format!("/api/v1/projects/{project}/matches?{q}"))
            .await;
        assert_eq!(r.status, 200, "{q}: {}", r.text);
        (r.body["total"].as_u64().unwrap_or(99), ids(&r.body).len())
    };
    assert_eq!(total("").await, (12, 12));
    assert_eq!(total("region=本县").await, (8, 8));
    assert_eq!(total("region=421223").await, (4, 4));
    assert_eq!(total("intent=invest").await, (6, 6));
    assert_eq!(total("verified=true").await, (3, 3));
    // Odd i (tech), not 崇阳 (i % 3 != 0), not verified (i % 4 != 0): 1, 5, 7, 11.
    assert_eq!(
        total("verified=false&region=本县&intent=tech").await,
        (4, 4)
    );
    assert_eq!(total("region=本县&per_page=5&page=2").await, (8, 3));
}

#[tokio::test]
async fn a_senior_of_the_segment_outranks_a_junior_with_closer_words() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let junior = create(
        &admin,
        person(
            "甲",
            json!({"title": "技术员", "capital_range": "under_1m",
                "expertise": "无线充电接收端模组生产线 无线充电接收端模组研发 年产模组"}),
        ),
    )
    .await;
    let senior = create(
        &admin,
        person(
            "乙",
            json!({"title": "事业部总经理", "capital_range": "20m_100m"}),
        ),
    )
    .await;
    let chief = create(&admin, person("丙", json!({"title": "总工程师"}))).await;
    let project = project_id(&admin).await;
    let body = matches_with(&app, &admin, project, &[junior, senior, chief]).await;
    let order = ids(&body);
    let pos = |id| order.iter().position(|x| *x == id).unwrap_or(usize::MAX);
    assert!(pos(senior) < pos(junior), "{body}");
    assert!(pos(chief) < pos(junior), "{body}");
    let first = &body["items"][0];
    assert!(first["parts"]["need"].as_f64() > Some(10.0), "{first}");
}

#[tokio::test]
async fn a_donor_ranks_below_an_investor_and_the_reason_names_the_need() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let donor = create(
        &admin,
        person(
            "甲",
            json!({"intents": ["donate"], "capital_range": "over_100m"}),
        ),
    )
    .await;
    let investor = create(
        &admin,
        person(
            "乙",
            json!({"intents": ["invest"], "capital_range": "20m_100m"}),
        ),
    )
    .await;
    let project = project_id(&admin).await;
    let body = matches_with(&app, &admin, project, &[donor, investor]).await;
    assert_eq!(ids(&body), vec![investor, donor], "{body}");
    let (inv, don) = (&body["items"][0], &body["items"][1]);
    assert_eq!(don["parts"]["capital"], 0.0);
    assert_eq!(don["parts"]["need"], 0.0);
    let reasons = inv["reasons"].to_string();
    assert!(
        reasons.contains("项目需要资金：有投资意向，可投资金额2000万–1亿元，与项目投资额3亿元相称"),
        "{reasons}"
    );
    assert!(
        don["missing"].to_string().contains("捐资助学不计为投资"),
        "{don}"
    );
    // Same words, same segment: the donor keeps only half of the trade parts.
    let half = |item: &Value, part: &str| item["parts"][part].as_f64().unwrap_or(-1.0);
    assert!(
        (half(don, "chain") - half(inv, "chain") / 2.0).abs() < 0.011,
        "{body}"
    );
    assert!(
        (half(don, "text") - half(inv, "text") / 2.0).abs() < 0.011,
        "{body}"
    );
}

#[tokio::test]
async fn the_outcome_report_counts_shortlisted_entries_by_score_band() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let strong = create(
        &admin,
        person("甲", json!({"title": "总经理", "tier": "renowned"})),
    )
    .await;
    let weak = create(
        &admin,
        person(
            "乙",
            json!({"intents": ["donate"], "chains": [], "title": "助理",
            "expertise": "行政", "hometown_code": "421223100201"}),
        ),
    )
    .await;
    let other = create(&admin, person("丙", json!({}))).await;
    let project = project_id(&admin).await;
    // The weak one shares nothing with the project: not even a candidate, yet shortlisted.
    matches_with(&app, &admin, project, &[strong, other]).await;
    let entry = |r: crate::helpers::Resp| {
        assert_eq!(r.status, 201, "{}", r.text);
        r.body["id"].as_i64().unwrap_or_default()
    };
    let e_strong = entry(shortlist(&admin, project, strong).await);
    let e_weak = entry(shortlist(&admin, project, weak).await);
    entry(shortlist(&admin, project, other).await);
    for status in ["contacted", "negotiating", "signed", "landed"] {
        let r = admin
            .patch(
                &format!("/api/v1/pipeline/{e_strong}"),
                json!({"status": status}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let r = admin
        .patch(
            &format!("/api/v1/pipeline/{e_weak}"),
            json!({"status": "dropped"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let report = staff.get("/api/v1/matching/report").await;
    assert_eq!(report.status, 200, "{}", report.text);
    let bands = report.body["bands"].as_array().cloned().unwrap_or_default();
    let sum = |key: &str| bands.iter().filter_map(|b| b[key].as_u64()).sum::<u64>();
    assert_eq!(
        (
            sum("shortlisted"),
            sum("landed"),
            sum("dropped"),
            sum("open"),
            sum("signed")
        ),
        (3, 1, 1, 1, 0),
        "{}",
        report.text
    );
    assert_eq!(report.body["unscored"], 0);
    // The landed person scored higher than the dropped one, and sits in a higher band.
    let band_of = |key: &str| bands.iter().position(|b| b[key].as_u64() == Some(1));
    assert!(band_of("landed") < band_of("dropped"), "{}", report.text);
    // Staff of another county see none of these entries; founders and organizers nothing.
    let other = app.login_as("cy_staff", Role::Staff, Some("421223")).await;
    let theirs = other.get("/api/v1/matching/report").await;
    assert_eq!(theirs.status, 200);
    let shortlisted: u64 = theirs.body["bands"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["shortlisted"].as_u64())
        .sum();
    assert_eq!(shortlisted, 0, "{}", theirs.text);
    let organizer = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    assert_eq!(organizer.get("/api/v1/matching/report").await.status, 403);
}

#[tokio::test]
async fn a_person_s_projects_page_through_with_the_same_parts() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let who = create(&admin, person("甲", json!({}))).await;
    for _ in 0..3 {
        project_id(&admin).await;
    }
    let path = format!("/api/v1/profiles/{who}/matches?per_page=2&page=2");
    let r = settled_get(&app, &admin, &path).await;
    assert_eq!(r.body["total"], 3, "{}", r.text);
    assert_eq!(r.body["items"].as_array().map(Vec::len), Some(1));
    assert!(
        r.body["items"][0]["parts"]["need"].is_number(),
        "{}",
        r.text
    );
}
