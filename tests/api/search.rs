use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::helpers::{Client, Resp, TestApp, spawn_app, spawn_second_instance};

const VILLAGE: &str = "421222100201";

/// `path` once every write so far has reached `app`'s search index.
pub async fn settled_get(app: &TestApp, c: &Client, path: &str) -> Resp {
    app.index_settled().await;
    let r = c.get(path).await;
    assert_eq!(r.status, 200, "{path}: {}", r.text);
    r
}

fn ids(body: &Value) -> Vec<i64> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

async fn seed(org: &Client) -> Vec<i64> {
    let people = [
        json!({"name": "张伟", "hometown_code": VILLAGE, "employer": "深圳市信维通信股份有限公司", "title": "研发总监",
               "expertise": "无线充电线圈、模组封装", "chains": ["terminal.components"], "intents": ["invest"], "mobile": "13812345678", "consent_match": true}),
        json!({"name": "李娟", "hometown_code": "421222100203", "employer": "长飞光纤光缆", "title": "总工程师",
               "expertise": "光纤预制棒产线设计", "chains": ["optical.fiber"], "intents": ["tech"]}),
        json!({"name": "王磊", "hometown_code": "421222101200", "employer": "海康威视", "title": "工程师",
               "expertise": "智能安防摄像头", "chains": ["software.security"], "verified": null}),
    ];
    let mut out = Vec::new();
    for mut p in people {
        p.as_object_mut().unwrap().retain(|_, v| !v.is_null());
        let r = org.post("/api/v1/profiles", p).await;
        assert_eq!(r.status, 201, "{}", r.text);
        out.push(r.body["id"].as_i64().unwrap());
    }
    out
}

#[tokio::test]
async fn chinese_words_pinyin_and_initials_find_people() {
    let app = spawn_app().await;
    let org = app.admin().await;
    let ids_ = seed(&org).await;
    let r = settled_get(&app, &org, "/api/v1/profiles?q=光纤预制棒").await;
    assert_eq!(ids(&r.body), vec![ids_[1]]);
    let hl = r.body["items"][0]["highlights"].to_string();
    assert!(hl.contains("<em>"), "{hl}");
    for q in ["zhangwei", "zw", "张伟", "信维通信", "无线充电"] {
        let r = org.get(&format!("/api/v1/profiles?q={q}")).await;
        assert_eq!(ids(&r.body), vec![ids_[0]], "{q}: {}", r.text);
    }
}

#[tokio::test]
async fn filters_facets_and_region_subtrees() {
    let app = spawn_app().await;
    let org = app.admin().await;
    let ids_ = seed(&org).await;
    let all = settled_get(&app, &org, "/api/v1/profiles").await;
    assert_eq!(all.body["total"], 3, "{}", all.text);
    assert_eq!(all.body["facets"]["county"]["421222"], 3);
    assert_eq!(all.body["facets"]["chain"]["optical.fiber"], 1);
    let township = org.get("/api/v1/profiles?region=421222100").await;
    assert_eq!(township.body["total"], 2);
    let chain = org.get("/api/v1/profiles?chain=optical").await;
    assert_eq!(ids(&chain.body), vec![ids_[1]]);
    let intent = org.get("/api/v1/profiles?intent=invest").await;
    assert_eq!(ids(&intent.body), vec![ids_[0]]);
    let paged = org.get("/api/v1/profiles?per_page=2&page=2").await;
    assert_eq!(paged.body["total"], 3);
    assert_eq!(paged.body["items"].as_array().unwrap().len(), 1);
    for bad in [
        "chain=lasers",
        "intent=gamble",
        "capital=lots",
        "region=12ab",
        "per_page=1000",
        "page=0",
        "verified=maybe",
    ] {
        assert_eq!(
            org.get(&format!("/api/v1/profiles?{bad}")).await.status,
            400,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn hostile_query_strings_never_fail() {
    let app = spawn_app().await;
    let org = app.admin().await;
    seed(&org).await;
    let long = "光".repeat(1000);
    for q in [
        "\"unbalanced",
        "AND OR NOT",
        "*",
        "a:b",
        "((((",
        "😀🎉",
        "'; DROP TABLE profiles; --",
        &long,
        "\\",
        "%00",
    ] {
        let r = org
            .http
            .get(format!("{}/api/v1/profiles", app.base))
            .query(&[("q", q)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{q}");
    }
}

#[tokio::test]
async fn unlisted_and_out_of_scope_profiles_never_appear_and_contacts_stay_masked() {
    let app = spawn_app().await;
    let org = app.admin().await;
    seed(&org).await;
    let hidden = org.post("/api/v1/profiles", json!({"name": "隐名者", "hometown_code": VILLAGE, "listed": false, "expertise": "无线充电"})).await;
    assert_eq!(hidden.status, 201);
    let r = settled_get(&app, &org, "/api/v1/profiles?q=无线充电").await;
    assert_eq!(r.body["total"], 1, "{}", r.text);
    assert!(!r.text.contains("隐名者"));
    assert!(!r.text.contains("13812345678"));
    let elsewhere = app.login_as("cy_staff", Role::Staff, Some("421223")).await;
    assert_eq!(elsewhere.get("/api/v1/profiles").await.body["total"], 0);
    let wide = elsewhere.get("/api/v1/profiles?region=421222").await;
    assert_eq!(wide.body["total"], 0);
    let founder = app.login_as("someone", Role::Founder, None).await;
    assert_eq!(founder.get("/api/v1/profiles").await.status, 403);
}

#[tokio::test]
async fn edits_and_deletes_reach_search_promptly() {
    let app = spawn_app().await;
    let org = app.admin().await;
    let ids_ = seed(&org).await;
    let all = settled_get(&app, &org, "/api/v1/profiles").await;
    assert_eq!(all.body["total"], 3, "{}", all.text);
    let r = org
        .patch(
            &format!("/api/v1/profiles/{}", ids_[2]),
            json!({"version": 1, "expertise": "工业互联网平台"}),
        )
        .await;
    assert_eq!(r.status, 200);
    let found = settled_get(&app, &org, "/api/v1/profiles?q=工业互联网").await;
    assert_eq!(ids(&found.body), vec![ids_[2]]);
    assert_eq!(
        org.delete(&format!("/api/v1/profiles/{}", ids_[2]))
            .await
            .status,
        204
    );
    let gone = settled_get(&app, &org, "/api/v1/profiles?q=工业互联网").await;
    assert_eq!(gone.body["total"], 0);
}

#[tokio::test]
async fn a_deleted_or_corrupted_index_folder_is_rebuilt_from_the_database() {
    let app = spawn_app().await;
    let org = app.admin().await;
    seed(&org).await;
    let names = xiangxian::service::region::RegionNames::load(app.db.conn())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    let fresh = xiangxian::search::Search::open(&index_dir).unwrap();
    assert_eq!(fresh.index.last_change_id(), None);
    let n = xiangxian::search::rebuild(&app.db, &fresh, &names, |_| {})
        .await
        .unwrap();
    assert_eq!(n, 3);
    assert!(fresh.index.last_change_id().is_some());
    drop(fresh);
    std::fs::write(index_dir.join("meta.json"), b"{ this is not json").unwrap();
    let reopened = xiangxian::search::Search::open(&index_dir).unwrap();
    assert_eq!(reopened.index.doc_count(), 0);
    xiangxian::search::rebuild(&app.db, &reopened, &names, |_| {})
        .await
        .unwrap();
    let mut in_index = reopened.index.ids_and_versions().unwrap();
    in_index.sort();
    assert_eq!(in_index.len(), 3);
}

#[tokio::test]
async fn the_indexer_resumes_from_the_commit_payload() {
    let app = spawn_app().await;
    let org = app.admin().await;
    seed(&org).await;
    let names = xiangxian::service::region::RegionNames::load(app.db.conn())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let search = xiangxian::search::Search::open(&dir.path().join("index")).unwrap();
    let applied = xiangxian::search::catch_up(&app.db, &search, &names)
        .await
        .unwrap();
    assert!(applied >= 3);
    let last = search.index.last_change_id();
    drop(search);
    org.post(
        "/api/v1/profiles",
        json!({"name": "新来者", "hometown_code": VILLAGE}),
    )
    .await;
    let search = xiangxian::search::Search::open(&dir.path().join("index")).unwrap();
    assert_eq!(search.index.last_change_id(), last);
    let more = xiangxian::search::catch_up(&app.db, &search, &names)
        .await
        .unwrap();
    assert_eq!(more, 1, "only the new change is applied");
    assert_eq!(search.index.doc_count(), 4);
}

#[tokio::test]
async fn a_write_on_one_instance_reaches_the_index_of_another() {
    let first = spawn_app().await;
    let second = spawn_second_instance(&first).await;
    let admin = first.admin().await;
    let other = second.login("admin", crate::helpers::PASSWORD).await;
    let r = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "双实例", "hometown_code": VILLAGE, "expertise": "光模块封装"}),
        )
        .await;
    assert_eq!(r.status, 201);
    // The change queue is in the shared database: the second instance applies it to its own index.
    let found = settled_get(&second, &other, "/api/v1/profiles?q=光模块").await;
    assert_eq!(found.body["total"], 1);
}

#[tokio::test]
async fn ready_means_migrated_and_caught_up() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    admin
        .post(
            "/api/v1/profiles",
            json!({"name": "就绪", "hometown_code": VILLAGE}),
        )
        .await;
    app.index_settled().await;
    let ready = app.client().get("/readyz").await;
    assert_eq!(ready.status, 200, "{}", ready.text);
    assert_eq!(ready.body["search_index"], true);
    assert_eq!(ready.body["pending_changes"], 0);
}

/// A full rebuild reads only some columns of the indexable rows, while the indexer reads
/// whole rows change by change: both must give the same documents, down to what matching
/// reads of a candidate (scoring attributes, employer keys).
#[tokio::test]
async fn a_rebuilt_index_holds_the_same_documents_as_one_kept_up_by_the_indexer() {
    let app = spawn_app().await;
    let org = app.admin().await;
    let ids_ = seed(&org).await;
    let unlisted = org
        .post(
            "/api/v1/profiles",
            json!({"name": "赵敏", "hometown_code": VILLAGE, "listed": false,
                   "employer": "海康威视", "consent_match": true}),
        )
        .await;
    assert_eq!(unlisted.status, 201, "{}", unlisted.text);
    assert_eq!(
        org.delete(&format!("/api/v1/profiles/{}", ids_[1]))
            .await
            .status,
        204
    );
    let names = xiangxian::service::region::RegionNames::load(app.db.conn())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let kept_up = xiangxian::search::Search::open(&dir.path().join("a")).unwrap();
    xiangxian::search::catch_up(&app.db, &kept_up, &names)
        .await
        .unwrap();
    let rebuilt = xiangxian::search::Search::open(&dir.path().join("b")).unwrap();
    let n = xiangxian::search::rebuild(&app.db, &rebuilt, &names, |_| {})
        .await
        .unwrap();
    assert_eq!(n, 2);
    let mut a = kept_up.index.ids_and_versions().unwrap();
    let mut b = rebuilt.index.ids_and_versions().unwrap();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    assert_eq!(
        b.iter().map(|p| p.0).collect::<Vec<_>>(),
        vec![ids_[0], ids_[2]]
    );
    let query = search_index::MatchQuery {
        text: "无线充电模组与智能安防摄像头".into(),
        segment: Some("terminal.components".into()),
        limit: 10,
        employer_keys: xiangxian::service::matching::company::target_keys(&["海康威视".into()]),
        employer_limit: 10,
    };
    let of = |s: &xiangxian::search::Search| {
        let mut c = s.index.match_candidates(&query).unwrap();
        c.sort_by_key(|c| c.id);
        c
    };
    let (from_indexer, from_rebuild) = (of(&kept_up), of(&rebuilt));
    assert_eq!(from_indexer, from_rebuild);
    // 王磊 of 海康威视 gave no consent: never a candidate, whatever the employer.
    assert_eq!(
        from_rebuild.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![ids_[0]]
    );
    assert_eq!(from_rebuild[0].attrs.employer, "深圳市信维通信股份有限公司");
    assert_eq!(from_rebuild[0].attrs.chains, vec!["terminal.components"]);
}
