//! Staff in a real browser: a masked phone until it is revealed for a
//! purpose; a project, a person put forward and the 对接 board; the
//! dashboard's charts drawn from their data islands.

use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{TONGCHENG, TONGCHENG_VILLAGE, create_project, shortlist};
use crate::harness;
use crate::helpers::{Client, PASSWORD, spawn_app};

#[tokio::test]
async fn staff_see_a_masked_phone_until_they_reveal_it_with_a_purpose() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let r = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "李娟", "hometown_code": TONGCHENG_VILLAGE, "mobile": "13812345678",
                   "consent_match": true, "chains": ["optical.fiber"], "employer": "长飞光纤光缆"}),
        )
        .await;
    let id = r.body["id"].as_i64().expect("profile id");
    app.create_user("tc_staff", Role::Staff, Some(TONGCHENG))
        .await;
    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.sign_in("tc_staff").await;
    b.open(&format!("/profiles/{id}")).await;
    let masked = b.text("#masked-mobile").await;
    assert_eq!(masked, "138****5678");
    b.fill("#purpose", "项目对接联系").await;
    b.submit("#reveal-submit").await;
    assert_eq!(b.text("#revealed-mobile").await, "13812345678");
    b.screenshot("staff-profile-revealed").await;
    b.close().await;
}

#[tokio::test]
async fn staff_put_a_person_forward_and_follow_the_board() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let r = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "张伟", "hometown_code": TONGCHENG_VILLAGE, "consent_match": true,
                   "chains": ["terminal.components"], "intents": ["invest"]}),
        )
        .await;
    let person = r.body["id"].as_i64().expect("profile id");
    app.create_user("tc_staff", Role::Staff, Some(TONGCHENG))
        .await;
    let colleague = app
        .create_user("tc_staff2", Role::Staff, Some(TONGCHENG))
        .await;
    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.sign_in("tc_staff").await;
    b.open("/projects/new").await;
    b.fill("#title", "无线充电接收端模组生产线").await;
    b.choose("#segment", "terminal.components").await;
    b.fill("#investment_wan", "30000").await;
    b.click("#need-capital").await;
    b.fill("#target_companies", "信维通信，领益智造").await;
    b.submit("#project-submit").await;
    b.find("#project-matches").await;
    b.screenshot("project-show").await;

    b.open(&format!("/profiles/{person}")).await;
    let select = b.find("#shortlist-project option:nth-child(2)").await;
    let value = select
        .attr("value")
        .await
        .ok()
        .flatten()
        .expect("a project");
    b.choose("#shortlist-project", &value).await;
    b.submit("#shortlist-submit").await;
    assert_eq!(b.text("#current-status").await, "推荐");
    b.submit("#to-contacted").await;
    assert_eq!(b.text("#current-status").await, "已联系");
    b.choose("#channel", "phone").await;
    b.fill("#summary", "电话沟通，约下周面谈").await;
    b.submit("#contact-submit").await;
    assert!(b.text("#contact-log").await.contains("约下周面谈"));
    // Handed to a colleague of the same county.
    b.choose("#assigned_to", &colleague.to_string()).await;
    b.submit("#assign-submit").await;
    assert!(b.text("#assignee").await.contains("tc_staff2"));
    b.screenshot("pipeline-entry").await;

    b.open("/pipeline").await;
    assert!(b.text("#col-contacted").await.contains("张伟"));
    b.screenshot("pipeline-board").await;
    b.close().await;
}

/// Registers a 乡贤会 in the first `n` villages of `county`.
async fn found_associations(admin: &Client, county: &str, n: usize) {
    let mut made = 0;
    let towns = admin.get(&format!("/api/v1/regions?parent={county}")).await;
    for town in towns.body["items"].as_array().into_iter().flatten() {
        let code = town["code"].as_str().unwrap_or_default();
        let villages = admin.get(&format!("/api/v1/regions?parent={code}")).await;
        for v in villages.body["items"].as_array().into_iter().flatten() {
            if made == n {
                return;
            }
            let r = admin
                .post(
                    "/api/v1/associations",
                    json!({"region_code": v["code"], "name": format!("{}乡贤会", v["name"].as_str().unwrap_or_default())}),
                )
                .await;
            assert_eq!(r.status, 201, "{}", r.text);
            made += 1;
        }
    }
}

#[tokio::test]
async fn the_dashboard_draws_its_charts_from_numbers() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut people = Vec::new();
    for (name, chain) in [("张伟", "terminal.components"), ("李娟", "optical.fiber")] {
        let r = admin
            .post(
                "/api/v1/profiles",
                json!({"name": name, "hometown_code": TONGCHENG_VILLAGE, "chains": [chain],
                       "residence_code": "440305", "consent_match": true}),
            )
            .await;
        people.push(r.body["id"].as_i64().expect("profile id"));
    }
    // 乡贤会 in some villages of three counties: the map has shades to show.
    for (county, n) in [(TONGCHENG, 60), ("421202", 25), ("421281", 6)] {
        found_associations(&admin, county, n).await;
    }
    app.create_user("city_staff", Role::Staff, Some("4212"))
        .await;
    let staff = app.login("city_staff", PASSWORD).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .expect("project id");
    // Two people put forward: the 对接 chart has something to draw.
    for person in people {
        let r = shortlist(&staff, project, person).await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.sign_in("city_staff").await;
    b.window(1280, 2400).await;
    // At the city level the map and one table carry coverage and counties (no bar charts of
    // the same numbers).
    for chart in [
        "#chart-chains",
        "#chart-cities",
        "#chart-pipeline",
        "#chart-projects",
    ] {
        // ECharts draws into a canvas inside the container.
        b.find(&format!("{chart} canvas")).await;
    }
    let island = b
        .find("#chart-data")
        .await
        .prop("textContent")
        .await
        .ok()
        .flatten()
        .expect("data island");
    let data: Value = serde_json::from_str(&island).expect("JSON data island");
    let count = |key: &str| -> u64 {
        data[key]
            .as_array()
            .map(|a| a.iter().filter_map(|c| c["count"].as_u64()).sum())
            .unwrap_or(0)
    };
    assert_eq!(count("chains"), 2, "{data}");
    assert_eq!(count("projects"), 1);
    assert_eq!(count("pipeline"), 2, "{data}");
    // Coverage is the map's and the table's at city level, not a third chart's.
    assert!(data["coverage"].is_null(), "{data}");
    // The county map: drawn from the boundaries file with the six counties' numbers.
    b.find("#chart-map[data-counties=\"6\"] canvas").await;
    assert!(b.text("#coverage-table").await.contains("通城县"));
    b.screenshot("dashboard").await;
    b.window(1280, 900).await;
    b.scroll_to("#coverage-map").await;
    b.screenshot("dashboard-map").await;
    // Hovering a county shows its numbers (the tooltip, as a pointer would raise it).
    b.client
        .execute(
            "var c = echarts.getInstanceByDom(document.getElementById('chart-map'));\
             c.dispatchAction({type: 'showTip', seriesIndex: 0, name: '通城县'});",
            vec![],
        )
        .await
        .expect("show the tooltip");
    b.screenshot("dashboard-map-tooltip").await;
    b.window(1280, 2400).await;
    b.window(1280, 900).await;
    b.scroll_to("#pipeline-by-stage").await;
    b.screenshot("dashboard-projects-pipeline").await;
    b.window(390, 844).await;
    b.open("/").await;
    b.find("#chart-map canvas").await;
    b.screenshot("dashboard-phone").await;
    b.find("#chart-map[data-counties=\"6\"] canvas").await;
    b.scroll_to("#chart-map").await;
    b.screenshot("dashboard-map-phone").await;
    b.close().await;
}

#[tokio::test]
async fn staff_register_an_incubator_from_the_list() {
    let app = spawn_app().await;
    app.create_user("tc_staff", Role::Staff, Some(TONGCHENG))
        .await;
    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.sign_in("tc_staff").await;
    b.open("/incubators").await;
    b.submit("#new-incubator").await;
    b.fill("#name", "通城县返乡创业孵化基地").await;
    b.choose("#kind", "startup_base").await;
    b.choose("#level", "municipal").await;
    b.choose("#county_code", TONGCHENG).await;
    b.fill("#park", "通城高新区").await;
    b.click("#chain-software-iot").await;
    b.screenshot("incubator-form").await;
    b.submit("#incubator-submit").await;
    assert!(b.text("#flash").await.contains("孵化载体已建立"));
    b.submit("#edit-incubator").await;
    b.fill("#address", "隽水镇玉立大道 8 号").await;
    b.submit("#incubator-submit").await;
    assert!(b.text("main").await.contains("隽水镇玉立大道 8 号"));
    b.open("/incubators").await;
    assert!(
        b.text("#incubator-table")
            .await
            .contains("通城县返乡创业孵化基地")
    );
    b.screenshot("incubator-list").await;
    b.close().await;
}
