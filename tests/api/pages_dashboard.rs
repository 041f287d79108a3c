//! The dashboard at a glance (issue 16): a county or township opened on the same page
//! (`/?region=`), decided by the coverage service's scope — another county answers as a
//! region that does not exist — and headline figures with this month's change.

use reqwest::StatusCode;
use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::{CHONGYANG, TONGCHENG, TONGCHENG_VILLAGE};
use crate::helpers::spawn_app;
use crate::page_client::{signed_in, text_of};

/// The HTML from `from` up to the next `to`.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or(html.len());
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[tokio::test]
async fn a_county_clerk_opens_a_township_of_their_county_and_not_another_county() {
    let app = spawn_app().await;
    let city = signed_in(&app, "city_clerk", Role::Staff, Some("4212")).await;
    // The city's table opens a county on the same page.
    let home = city.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.html.contains("href=\"/?region=421222\""),
        "{}",
        home.html
    );
    let county = city.get("/?region=421222").await;
    assert_eq!(county.status, StatusCode::OK);
    assert!(county.html.contains("通城县乡贤工作概况"));
    assert!(county.html.contains("href=\"/?region=421222100\""));
    // Back up to the city, which is the clerk's own dashboard.
    assert!(county.html.contains("id=\"drill-up\""));
    assert!(county.html.contains("href=\"/\" id=\"drill-up\""));

    let clerk = signed_in(&app, "tc_clerk", Role::Staff, Some(TONGCHENG)).await;
    let town = clerk.get("/?region=421222100").await;
    assert_eq!(town.status, StatusCode::OK);
    assert!(town.html.contains("隽水镇乡贤工作概况"), "{}", town.html);
    // Another county, and a county that does not exist: the same answer.
    let other = clerk.get(&format!("/?region={CHONGYANG}")).await;
    let missing = clerk.get("/?region=421299").await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(!other.html.contains("崇阳"), "the refusal names nothing");
    assert_eq!(
        between(&other.html, "<main", "</main>"),
        between(&missing.html, "<main", "</main>")
    );
    // An organizer of a township cannot open its county either.
    let org = signed_in(&app, "jsz_org", Role::Organizer, Some("421222100")).await;
    assert_eq!(
        org.get(&format!("/?region={TONGCHENG}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        org.get("/?region=421222100201").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_headline_figures_carry_this_months_change() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut ids = Vec::new();
    for name in ["张伟", "李娟", "王磊"] {
        let r = admin
            .post(
                "/api/v1/profiles",
                json!({"name": name, "hometown_code": TONGCHENG_VILLAGE}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        ids.push(r.body["id"].as_i64().unwrap());
    }
    let r = admin
        .post(&format!("/api/v1/profiles/{}/verify", ids[0]), json!({}))
        .await;
    assert!(r.status.is_success(), "{}", r.text);
    let clerk = signed_in(&app, "tc_clerk", Role::Staff, Some(TONGCHENG)).await;
    let page = clerk.get("/").await;
    assert_eq!(text_of(&page.html, "kpi-profiles"), "3");
    assert_eq!(text_of(&page.html, "kpi-month-profiles"), "+3 本月");
    assert_eq!(text_of(&page.html, "kpi-verified"), "1");
    assert_eq!(text_of(&page.html, "kpi-month-verified"), "+1 本月");
    assert!(between(&page.html, "id=\"kpis\"", "</section>").contains("乡贤总数"));
    // One coverage table, not three: the county's townships appear once.
    assert_eq!(page.html.matches("id=\"coverage-table\"").count(), 1);
    assert_eq!(page.html.matches(">隽水镇<").count(), 1, "{}", page.html);

    // The city map's legend is Chinese and names the counties of each colour.
    let city = signed_in(&app, "city_clerk", Role::Staff, Some("4212")).await;
    let home = city.get("/").await;
    let legend = between(&home.html, "id=\"map-legend\"", "</ul>");
    assert!(legend.contains("尚无乡贤会"), "{legend}");
    assert!(legend.contains("通城县"), "{legend}");
    assert!(!home.html.contains("npm"), "the caption names no package");
}
