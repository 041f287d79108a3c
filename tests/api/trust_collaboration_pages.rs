//! 请求协同 in the pages (issue 11, door 5): 通城县 staff see a matched 崇阳县 person only as a
//! count and ask for collaboration with one button; 崇阳县's staff accept it from their list,
//! after which the person is on the project's 对接 list. The requester never sees the name
//! before that, and staff of a third county can neither see nor decide the request.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use xiangxian::domain::Role;

use crate::fixtures::{TONGCHENG, project_body};
use crate::matching::{create, ids, person};
use crate::page_client::signed_in;
use crate::search::settled_get;

/// A village of 崇阳县.
const CHONGYANG_VILLAGE: &str = "421223100001";

#[tokio::test]
async fn staff_ask_for_collaboration_from_the_matches_page_and_the_home_county_accepts() {
    let app = crate::helpers::spawn_app().await;
    let admin = app.admin().await;
    let project = admin
        .post("/api/v1/projects", project_body(TONGCHENG))
        .await;
    assert_eq!(project.status, 201, "{}", project.text);
    let pid = project.body["id"].as_i64().unwrap();
    let near = create(&admin, person("张伟", serde_json::json!({}))).await;
    let far = create(
        &admin,
        person(
            "欧阳明辉",
            serde_json::json!({"hometown_code": CHONGYANG_VILLAGE, "mobile": "13912345678"}),
        ),
    )
    .await;
    let api_tc = app.login_as("tc_api", Role::Staff, Some(TONGCHENG)).await;
    let r = settled_get(
        &app,
        &api_tc,
        &format!("/api/v1/projects/{pid}/matches?limit=100"),
    )
    .await;
    assert!(
        ids(&r.body).contains(&near) && r.body["outside_scope"].as_u64() == Some(1),
        "{}",
        r.text
    );

    // 通城县: the count and the button, never the name.
    let tc = signed_in(&app, "tc_pages", Role::Staff, Some(TONGCHENG)).await;
    let matches = tc.get(&format!("/projects/{pid}/matches")).await;
    assert_eq!(matches.status, StatusCode::OK);
    assert!(
        matches.html.contains("id=\"request-collaboration\""),
        "{}",
        matches.html
    );
    assert!(!matches.html.contains("欧阳明辉"));
    let path = format!("/projects/{pid}/matches");
    let sent = tc
        .submit(
            &path,
            &format!("/projects/{pid}/collaboration-requests"),
            &[],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.html);
    assert_eq!(sent.location(), path);
    let after = tc.get(&path).await;
    assert!(after.html.contains("已请求协同：1 位"), "{}", after.html);
    assert!(!after.html.contains("欧阳明辉"));

    // A third county sees nothing to decide; 崇阳县 sees the person and accepts.
    let xa = signed_in(&app, "xa_pages", Role::Staff, Some("421202")).await;
    let list = xa.get("/collaboration-requests").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.html.contains("欧阳明辉"));
    let cy = signed_in(&app, "cy_pages", Role::Staff, Some("421223")).await;
    let list = cy.get("/collaboration-requests").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.html.contains("欧阳明辉"), "{}", list.html);
    let marker = "action=\"/collaboration-requests/";
    let start = list.html.find(marker).unwrap() + marker.len();
    let rid: String = list.html[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let accept = format!("/collaboration-requests/{rid}/accept");
    let refused = xa.submit("/collaboration-requests", &accept, &[]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let accepted = cy.submit("/collaboration-requests", &accept, &[]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.html);
    let list = cy.get("/collaboration-requests").await;
    assert!(list.html.contains("已同意"), "{}", list.html);

    // Now the person is on the project's 对接 list, and the requester may see them there.
    let board = api_tc.get(&format!("/api/v1/pipeline?project={pid}")).await;
    assert_eq!(board.status, 200, "{}", board.text);
    assert!(
        board.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["profile_id"].as_i64() == Some(far)),
        "{}",
        board.text
    );
}
