//! Issue #6 in a real browser: staff read why people are proposed for a
//! project and put one forward with one click; a founder sees the openings
//! recommended to them with the subsidy estimate.

use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::{
    TONGCHENG, TONGCHENG_VILLAGE, create_incubator, create_opening, create_project, desk,
    registered_founder,
};
use crate::harness;
use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test]
async fn staff_read_the_reasons_of_the_matches_and_shortlist_one_onto_the_board() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut people = Vec::new();
    for (name, employer, title, chain, tier) in [
        (
            "张伟",
            "深圳市信维通信股份有限公司",
            "研发总监",
            "terminal.components",
            "key",
        ),
        (
            "李娟",
            "武汉某光电有限公司",
            "工程师",
            "terminal.devices",
            "normal",
        ),
        (
            "王强",
            "东莞某科技有限公司",
            "技术员",
            "display.lcd",
            "normal",
        ),
    ] {
        let r = admin
            .post(
                "/api/v1/profiles",
                json!({"name": name, "hometown_code": TONGCHENG_VILLAGE, "employer": employer,
                       "title": title, "chains": [chain], "tier": tier,
                       "expertise": "无线充电接收端模组研发", "intents": ["invest", "tech"],
                       "capital_range": "20m_100m", "mobile": "13812345678",
                       "consent_match": true, "listed": true, "force": true}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        people.push(r.body["id"].as_i64().expect("profile id"));
    }
    app.create_user("tc_staff", Role::Staff, Some(TONGCHENG))
        .await;
    let staff = app.login("tc_staff", PASSWORD).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .expect("project id");
    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.sign_in("tc_staff").await;
    let path = format!("/projects/{project}/matches");
    // The index catches up with the new profiles.
    let list = b.wait_for_text(&path, "main", "王强").await;
    assert!(list.contains("张伟"), "{list}");
    let zhang = people[0];
    let first = b.text("#match-list > li:first-child .match-name").await;
    assert_eq!(first, "张伟");
    let card = b.text(&format!("#match-{zhang}")).await;
    for words in [
        "专长相关",
        "招商对象",
        "推荐理由",
        "任职于招商对象企业",
        "与项目同县",
        "138****5678",
    ] {
        assert!(card.contains(words), "{words}: {card}");
    }
    b.window(1280, 1700).await;
    b.screenshot("project-matches").await;

    b.submit(&format!("#shortlist-{zhang}")).await;
    assert!(b.text("#flash").await.contains("加入对接名单"));
    assert_eq!(
        b.text(&format!("#match-{zhang} .in-pipeline")).await,
        "已在对接"
    );
    assert!(
        b.text(&format!("#match-{zhang} .asks"))
            .await
            .contains("没有其他在谈的对接")
    );
    b.screenshot("project-matches-shortlisted").await;
    b.window(1280, 900).await;
    b.open("/pipeline").await;
    assert!(b.text("#col-recommended").await.contains("张伟"));
    b.screenshot("pipeline-board-from-matches").await;
    b.close().await;
}

#[tokio::test]
async fn a_founder_sees_recommended_openings_with_the_subsidy_estimate() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let home = create_incubator(&admin, "通城县众创空间", TONGCHENG).await;
    let mut opening = desk(4);
    opening["monthly_rent"] = json!(1500);
    create_opening(&admin, home, opening).await;
    let away = create_incubator(&admin, "崇阳县科技企业孵化器", "421223").await;
    let mut office = desk(2);
    office["kind"] = json!("office");
    office["title"] = json!("独立办公室");
    office["area_m2"] = json!(60);
    office["monthly_rent"] = json!(3000);
    office["subsidy_eligible"] = json!(false);
    create_opening(&admin, away, office).await;
    registered_founder(&app, "huangxl", "黄小龙").await;
    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.sign_in("huangxl").await;
    b.open("/openings").await;
    let block = b.text("#recommended-openings").await;
    assert!(block.contains("为您推荐"), "{block}");
    // The home county's desk first, with 1500 × 40% × 12 = 7200 元 a year.
    let first = b
        .text("#recommended-openings .recommended:first-child")
        .await;
    assert!(first.contains("通城县众创空间"), "{first}");
    assert!(
        first.contains("7200 元") && first.contains("21600 元"),
        "{first}"
    );
    assert!(first.contains("位于您的家乡通城县"), "{first}");
    b.screenshot("founder-recommended-openings").await;
    b.close().await;
}
