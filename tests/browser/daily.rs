//! An organizer's day on a phone (390×844): the registry list as cards, the dashboard and a
//! profile page, none of them scrolling sideways.

use serde_json::json;
use xiangxian::domain::Role;

use crate::harness::{self, Browser};
use crate::helpers::spawn_app;

/// The page's width as laid out: more than the window means it scrolls sideways.
async fn scroll_width(b: &Browser) -> i64 {
    b.client
        .execute("return document.documentElement.scrollWidth;", vec![])
        .await
        .expect("measure")
        .as_i64()
        .expect("a number")
}

#[tokio::test]
async fn phone_organizer_pages_do_not_scroll_sideways() {
    let app = spawn_app().await;
    app.create_user("org", Role::Organizer, Some("421222100"))
        .await;
    let admin = app.admin().await;
    let mut first = 0;
    for (i, (name, village, employer)) in [
        ("欧阳建华", "421222100205", "深圳市信维通信股份有限公司"),
        ("李娟", "421222100201", "长飞光纤光缆股份有限公司"),
        ("王磊", "421222100203", "京东方科技集团股份有限公司"),
    ]
    .into_iter()
    .enumerate()
    {
        let r = admin
            .post(
                "/api/v1/profiles",
                json!({"name": name, "hometown_code": village, "employer": employer,
                       "title": "研发总监", "expertise": "LED背光模组、液晶显示屏驱动电路设计",
                       "chains": ["terminal.components", "display.backlight"], "intents": ["invest"]}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        if i == 0 {
            first = r.body["id"].as_i64().unwrap();
        }
    }
    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.window(390, 844).await;
    b.sign_in("org").await;

    b.wait_for_text("/profiles?q=LED", "#result-count", "3")
        .await;
    b.find("#profile-table .person-row").await;
    let width = scroll_width(&b).await;
    b.screenshot("phone-registry-list").await;
    assert!(width <= 390, "registry list is {width} px wide");
    // Cards: the header row is hidden, each person is a block.
    let head_shown = b
        .client
        .execute(
            "return getComputedStyle(document.querySelector('#profile-table thead')).display;",
            vec![],
        )
        .await
        .expect("style");
    assert_eq!(head_shown, json!("none"));
    b.scroll_to("#profile-table").await;
    b.screenshot("phone-registry-cards").await;

    b.open("/").await;
    b.find("#kpi-month-profiles").await;
    let width = scroll_width(&b).await;
    b.screenshot("phone-dashboard").await;
    assert!(width <= 390, "dashboard is {width} px wide");

    b.open(&format!("/profiles/{first}")).await;
    b.find("main h1").await;
    let width = scroll_width(&b).await;
    b.screenshot("phone-profile").await;
    assert!(width <= 390, "profile page is {width} px wide");
    b.close().await;
}
