//! What the need part rewards, worded as county staff read a list: another trade's strong
//! words below the segment's expert, money without a link to the chain said so, and capital
//! in proportion meaning a tenth of the investment whatever its size (the rules and
//! `tests/matching_eval_blind/rubric.md`).

use serde_json::json;

use crate::fixtures::{TONGCHENG, create_project, project_body};
use crate::helpers::spawn_app;
use crate::matching::{create, ids, matches_with, person};

async fn project_id(admin: &crate::helpers::Client) -> i64 {
    create_project(admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap_or_default()
}

#[tokio::test]
async fn an_expert_of_another_trade_ranks_below_one_of_the_segment_despite_more_words() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    // A medical-device CTO charging implants wirelessly: the project's words, another trade.
    let outsider = create(
        &admin,
        person(
            "甲",
            json!({"title": "CTO", "chains": [], "intents": ["tech"],
                "employer": "深圳某医疗器械有限公司",
                "expertise": "植入式医疗器械无线充电接收端模组 无线充电接收端线圈 无线充电模组"}),
        ),
    )
    .await;
    let insider = create(
        &admin,
        person(
            "乙",
            json!({"title": "研发总监", "intents": ["tech"], "expertise": "手机无线充电接收端研发"}),
        ),
    )
    .await;
    let project = project_id(&admin).await;
    let body = matches_with(&app, &admin, project, &[outsider, insider]).await;
    assert_eq!(ids(&body), vec![insider, outsider], "{body}");
    let need = |i: usize| body["items"][i]["parts"]["need"].as_f64().unwrap_or(-1.0);
    assert!(need(0) > 2.0 * need(1), "{body}");
}

#[tokio::test]
async fn reasons_say_where_money_has_no_link_and_who_can_be_brought_in() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let developer = create(
        &admin,
        person(
            "甲",
            json!({"intents": ["invest"], "chains": [], "capital_range": "over_100m",
                "title": "董事长", "employer": "某房地产开发有限公司",
                "expertise": "房地产开发，关注无线充电产业"}),
        ),
    )
    .await;
    let local = create(&admin, person("乙", json!({"intents": ["tech"]}))).await;
    let project = project_id(&admin).await;
    let body = matches_with(&app, &admin, project, &[developer, local]).await;
    assert_eq!(ids(&body), vec![local, developer], "{body}");
    let (tech, money) = (&body["items"][0], &body["items"][1]);
    assert!(
        money["missing"]
            .to_string()
            .contains("可投资金额1亿元以上，与项目投资额3亿元相称，但与本产业链无直接关联"),
        "{money}"
    );
    assert!(
        tech["reasons"]
            .to_string()
            .contains("项目需要技术：有技术合作意向，从事本细分领域，来自项目所在县"),
        "{tech}"
    );
}

#[tokio::test]
async fn capital_in_proportion_is_a_tenth_of_the_investment_whatever_the_size() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let investor = create(
        &admin,
        person(
            "甲",
            json!({"intents": ["invest"], "capital_range": "5m_20m"}),
        ),
    )
    .await;
    let mut reasons = Vec::new();
    for wan in [20_000, 30_000] {
        let mut body = project_body(TONGCHENG);
        body["investment_wan"] = json!(wan);
        let r = admin.post("/api/v1/projects", body).await;
        assert_eq!(r.status, 201, "{}", r.text);
        let project = r.body["id"].as_i64().unwrap_or_default();
        let found = matches_with(&app, &admin, project, &[investor]).await;
        reasons.push(
            found["items"][0]["reasons"].to_string() + &found["items"][0]["missing"].to_string(),
        );
    }
    assert!(
        reasons[0].contains("可投资金额500万–2000万元，与项目投资额2亿元相称"),
        "{}",
        reasons[0]
    );
    assert!(
        reasons[1].contains("可投资金额500万–2000万元，可参与项目投资额3亿元的部分投资"),
        "{}",
        reasons[1]
    );
}
