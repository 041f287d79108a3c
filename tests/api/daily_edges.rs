//! More of issue 16's rough edges, each fixed with its test: the founder withdraws an
//! application , the operator reads who applied without a 404, a space
//! already applied for is not recommended again, a contact without a channel says to choose
//! one, and a logged call may move the 对接 status in the same step.

use reqwest::StatusCode;
use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::{
    TONGCHENG, create_incubator, create_opening, create_profile, create_project, desk, operator,
    registered_founder, shortlist,
};
use crate::helpers::{PASSWORD, spawn_app};
use crate::page_client::Browser;

#[tokio::test]
async fn a_founder_withdraws_and_the_operator_sees_who_applied() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let inc = create_incubator(&admin, "通城县众创空间", TONGCHENG).await;
    let opening = create_opening(&admin, inc, desk(2)).await["id"]
        .as_i64()
        .unwrap();
    let _op = operator(&app, "op_tc", inc).await;
    let founder = registered_founder(&app, "huangxl", "黄小龙").await;
    let path = format!("/api/v1/openings/{opening}/applications");
    let body = json!({"plan": "做物联网网关", "team_size": 2});
    let first = founder.post(&path, body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let id = first.body["id"].as_i64().unwrap();

    // The operator's link leads to the applicant on the application itself.
    let op = Browser::sign_in(&app, "op_tc").await;
    let page = op.get(&format!("/applications/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.html
            .contains("href=\"#applicant\" id=\"applicant-link\""),
        "{}",
        page.html
    );
    assert!(page.html.contains("id=\"applicant-name\">黄小龙<"));
    assert!(
        !page.html.contains("withdraw-submit"),
        "only the applicant withdraws"
    );
    // The operator cannot withdraw it for them.
    let refused = op
        .submit(
            &format!("/applications/{id}"),
            &format!("/applications/{id}/withdraw"),
            &[],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // The founder withdraws; the operator is told; the founder may apply again.
    let me = Browser::sign_in(&app, "huangxl").await;
    let mine = me.get(&format!("/applications/{id}")).await;
    assert!(mine.html.contains("id=\"withdraw-submit\""));
    assert!(mine.html.contains("data-confirm="), "asks first");
    let done = me
        .post(&format!("/applications/{id}/withdraw"), &mine.csrf(), &[])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let after = me.get(&format!("/applications/{id}")).await;
    assert!(after.html.contains("id=\"application-status\">已撤回<"));
    assert!(!after.html.contains("id=\"withdraw-submit\""));
    let twice = me
        .post(&format!("/applications/{id}/withdraw"), &after.csrf(), &[])
        .await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);
    assert!(twice.html.contains("不能撤回"));
    let notices = op.get("/notices").await;
    assert!(notices.html.contains("已由申请人撤回"));
    // One application per founder and opening (a unique index): applying again after
    // withdrawing is refused as a duplicate, not as an active application.
    let again = founder.post(&path, body).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
}

#[tokio::test]
async fn a_space_applied_for_is_not_recommended_again() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let inc = create_incubator(&admin, "通城县众创空间", TONGCHENG).await;
    let opening = create_opening(&admin, inc, desk(2)).await["id"]
        .as_i64()
        .unwrap();
    let founder = registered_founder(&app, "huangxl", "黄小龙").await;
    let ids = |body: &serde_json::Value| -> Vec<i64> {
        body["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| i["opening_id"].as_i64())
            .collect()
    };
    let before = founder.get("/api/v1/openings/recommended").await;
    assert!(ids(&before.body).contains(&opening), "{}", before.text);
    let r = founder
        .post(
            &format!("/api/v1/openings/{opening}/applications"),
            json!({"plan": "做物联网网关", "team_size": 2}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let after = founder.get("/api/v1/openings/recommended").await;
    assert!(!ids(&after.body).contains(&opening), "{}", after.text);
}

#[tokio::test]
async fn a_call_logged_without_a_channel_says_choose_one_and_a_call_can_move_the_status() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let person = create_profile(&admin, "张伟", true, true).await;
    app.create_user("tc_staff", Role::Staff, Some(TONGCHENG))
        .await;
    let api = app.login("tc_staff", PASSWORD).await;
    let project = create_project(&api, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let entry = shortlist(&api, project, person).await.body["id"]
        .as_i64()
        .unwrap();
    let b = Browser::sign_in(&app, "tc_staff").await;
    let path = format!("/pipeline/{entry}");
    let blank = b
        .submit(
            &path,
            &format!("{path}/contacts"),
            &[
                ("channel", ""),
                ("summary", "电话"),
                ("status", "contacted"),
            ],
        )
        .await;
    assert_eq!(blank.status, StatusCode::BAD_REQUEST);
    assert!(blank.html.contains("请选择一项"), "{}", blank.html);
    assert!(!blank.html.contains("“”不是可选值"));
    let moved = b
        .submit(
            &path,
            &format!("{path}/contacts"),
            &[
                ("channel", "phone"),
                ("summary", "电话介绍项目"),
                ("status", "contacted"),
            ],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.html);
    let shown = b.get(&path).await;
    assert!(
        shown.html.contains("id=\"current-status\">已联系<"),
        "{}",
        shown.html
    );
    assert!(shown.html.contains("电话介绍项目"));
    // The status history: shortlisted as 推荐, then moved by the call.
    assert!(
        shown.html.contains("id=\"status-history\""),
        "{}",
        shown.html
    );
    assert!(shown.html.contains("<strong>推荐</strong>"));
    assert!(
        shown.html.contains("推荐 → <strong>已联系</strong>"),
        "{}",
        shown.html
    );
    // The API says the same in one step; a move the board does not allow is refused whole.
    let refused = api
        .post(
            &format!("/api/v1/pipeline/{entry}/contacts"),
            json!({"channel": "phone", "summary": "再次电话", "status": "recommended"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
    let log = api.get(&format!("/api/v1/pipeline/{entry}")).await;
    assert!(!log.text.contains("再次电话"), "{}", log.text);
}
