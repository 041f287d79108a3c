//! Trust rules for the 项目库 (issue 11): projects are need-to-know, people outside a
//! county's scope appear in its matches only as a count reached through 请求协同, and
//! shortlisting refusals never describe a record the caller cannot read.

use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{TONGCHENG, project_body, registered_founder, shortlist};
use crate::helpers::{Client, spawn_app};
use crate::matching::{create, ids, person};
use crate::search::settled_get;

/// A village of 崇阳县.
const CHONGYANG_VILLAGE: &str = "421223100001";

async fn new_project(client: &Client, changes: Value) -> Value {
    let mut body = project_body(TONGCHENG);
    if let (Some(b), Some(c)) = (body.as_object_mut(), changes.as_object()) {
        for (k, v) in c {
            b.insert(k.clone(), v.clone());
        }
    }
    let r = client.post("/api/v1/projects", body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

#[tokio::test]
async fn a_founder_sees_only_public_project_summaries_in_own_matches_and_the_library() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let secret = new_project(&admin, json!({"title": "无线充电模组扩产项目（内部）"})).await;
    let public = new_project(
        &admin,
        json!({"title": "无线充电接收端模组生产线", "public": true, "investment_wan": 45000,
               "description": "内部备注：已与对方董事长面谈两次",
               "target_companies": ["京东方", "立讯精密"]}),
    )
    .await;
    assert_eq!(public["public"], true, "{public}");
    assert_eq!(secret["public"], false, "{secret}");
    let (secret_id, public_id) = (secret["id"].as_i64(), public["id"].as_i64());

    // A self-registered founder whose record takes part in matching and who works at one
    // of the public project's target companies.
    let founder = registered_founder(&app, "huangxl", "黄小龙").await;
    let me = founder.get("/api/v1/auth/me").await;
    let own = me.body["user"]["profile_id"].as_i64().unwrap_or_default();
    let p = admin.get(&format!("/api/v1/profiles/{own}")).await;
    let r = admin
        .patch(
            &format!("/api/v1/profiles/{own}"),
            json!({"version": p.body["version"], "listed": true,
                   "chains": ["terminal.components"], "expertise": "无线充电接收端模组研发",
                   "employer": "京东方", "title": "研发总监", "intents": ["invest", "tech"],
                   "capital_range": "20m_100m"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // Only the person decides consent once they have an account.
    let r = founder
        .post(
            &format!("/api/v1/profiles/{own}/consent"),
            json!({"consent_match": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let path = format!("/api/v1/profiles/{own}/matches");
    let r = settled_get(&app, &founder, &path).await;
    assert!(
        r.body["items"][0]["parts"]["text"].as_f64() > Some(0.0),
        "{}",
        r.text
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let listed: Vec<Option<i64>> = r.body["items"]
        .as_array()
        .map(|a| a.iter().map(|i| i["project_id"].as_i64()).collect())
        .unwrap_or_default();
    assert_eq!(listed, vec![public_id], "{}", r.text);
    assert_eq!(r.body["total"], 1, "{}", r.text);
    for leak in [
        "45000",
        "4.50亿元",
        "项目投资额",
        "招商对象",
        "京东方",
        "立讯精密",
        "董事长",
    ] {
        assert!(!r.text.contains(leak), "{leak} leaked: {}", r.text);
    }

    // The library: the secret project does not exist, the public one is a summary.
    let r = founder
        .get(&format!(
            "/api/v1/projects/{}",
            secret_id.unwrap_or_default()
        ))
        .await;
    assert_eq!(r.status, 404, "{}", r.text);
    let r = founder
        .get(&format!(
            "/api/v1/projects/{}",
            public_id.unwrap_or_default()
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["title"], "无线充电接收端模组生产线");
    assert_eq!(r.body["park"], "通城高新区");
    for hidden in [
        "investment_wan",
        "target_companies",
        "description",
        "owner_user_id",
    ] {
        assert!(r.body.get(hidden).is_none(), "{hidden}: {}", r.text);
    }
    let r = founder.get("/api/v1/projects").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["total"], 1, "{}", r.text);
    assert_eq!(r.body["items"][0]["id"].as_i64(), public_id);
    assert!(
        !r.text.contains("45000") && !r.text.contains("京东方"),
        "{}",
        r.text
    );

    // Organizers too; staff of the county see it all.
    let organizer = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let r = organizer.get("/api/v1/projects").await;
    assert_eq!(r.body["total"], 1, "{}", r.text);
    assert!(
        r.body["items"][0].get("investment_wan").is_none(),
        "{}",
        r.text
    );
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let r = staff
        .get(&format!(
            "/api/v1/projects/{}",
            public_id.unwrap_or_default()
        ))
        .await;
    assert_eq!(r.body["investment_wan"], 45000, "{}", r.text);
    let r = staff.get("/api/v1/projects").await;
    assert_eq!(r.body["total"], 2, "{}", r.text);
}

#[tokio::test]
async fn county_staff_see_people_of_other_counties_only_as_a_count_and_ask_for_collaboration() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let project = new_project(&admin, json!({})).await;
    let pid = project["id"].as_i64().unwrap_or_default();
    let near = create(&admin, person("张伟", json!({}))).await;
    let far = create(
        &admin,
        person(
            "欧阳明辉",
            json!({"hometown_code": CHONGYANG_VILLAGE, "employer": "崇阳某隐秘电子公司",
                   "mobile": "13912345678"}),
        ),
    )
    .await;
    let tc = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let cy = app.login_as("cy_staff", Role::Staff, Some("421223")).await;

    // Matches: the person of 崇阳县 is counted, never named.
    let path = format!("/api/v1/projects/{pid}/matches?limit=100");
    let r = settled_get(&app, &tc, &path).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(ids(&r.body), vec![near], "{}", r.text);
    assert_eq!(r.body["outside_scope"], 1, "{}", r.text);
    for leak in ["欧阳明辉", "崇阳某隐秘电子公司", "崇阳"] {
        assert!(!r.text.contains(leak), "{leak} leaked: {}", r.text);
    }

    // Shortlisting the unreadable person answers exactly as a missing one.
    let hidden = shortlist(&tc, pid, far).await;
    let missing = shortlist(&tc, pid, 987_654).await;
    assert_eq!(hidden.status, 404, "{}", hidden.text);
    assert_eq!(
        (hidden.status, &hidden.text),
        (missing.status, &missing.text)
    );

    // 请求协同: the requester learns a count; 崇阳县's staff get a notice naming the project.
    let r = tc
        .post(
            &format!("/api/v1/projects/{pid}/collaboration-requests"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["requested"], 1, "{}", r.text);
    assert!(!r.text.contains("欧阳明辉"), "{}", r.text);
    let notices = cy.get("/api/v1/notices").await;
    assert!(
        notices.text.contains("无线充电接收端模组生产线"),
        "{}",
        notices.text
    );
    let inbox = cy.get("/api/v1/collaboration-requests").await;
    assert_eq!(inbox.status, 200, "{}", inbox.text);
    assert_eq!(inbox.body["items"][0]["profile_id"].as_i64(), Some(far));
    let rid = inbox.body["items"][0]["id"].as_i64().unwrap_or_default();
    // Nobody else sees or decides it.
    let mine = tc.get("/api/v1/collaboration-requests").await;
    assert!(!mine.text.contains("欧阳明辉"), "{}", mine.text);
    let r = tc
        .post(
            &format!("/api/v1/collaboration-requests/{rid}/accept"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.text);

    // Accepted: the person is on the project's 对接 list.
    let r = cy
        .post(
            &format!("/api/v1/collaboration-requests/{rid}/accept"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["status"], "accepted");
    let r = tc.get(&format!("/api/v1/pipeline?project={pid}")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let on_list: Vec<Option<i64>> = r.body["items"]
        .as_array()
        .map(|a| a.iter().map(|i| i["profile_id"].as_i64()).collect())
        .unwrap_or_default();
    assert_eq!(on_list, vec![Some(far)], "{}", r.text);
}

#[tokio::test]
async fn a_shortlist_refusal_never_describes_a_profile_the_caller_cannot_read() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let project = new_project(&admin, json!({})).await;
    let pid = project["id"].as_i64().unwrap_or_default();
    let unlisted = create(&admin, person("李娟", json!({"listed": false}))).await;
    let tc = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let r = shortlist(&tc, pid, unlisted).await;
    let missing = shortlist(&tc, pid, 987_654).await;
    assert_eq!(r.status, 404, "{}", r.text);
    assert!(!r.text.contains("listed"), "{}", r.text);
    assert!(!r.text.contains(&unlisted.to_string()), "{}", r.text);
    assert_eq!(r.text, missing.text);
}
