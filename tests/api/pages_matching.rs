//! The pages of issue #6: a project's 匹配人选 with the parts of each score
//! and a one-click 加入对接, openings recommended to a founder with the
//! subsidy estimate, the dashboard's county map data, incubators listed,
//! created and edited, and pipeline entries handed to another member of staff.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{
    TONGCHENG, create_incubator, create_opening, create_project, desk, operator, registered_founder,
};
use crate::helpers::{PASSWORD, spawn_app};
use crate::matching::{create, matches_with, person};
use crate::page_client::{Browser, signed_in, text_of};

/// The HTML of the element with `id`, up to the first `</{tag}>` after it.
fn block(html: &str, id: &str, tag: &str) -> String {
    let Some(at) = html.find(&format!("id=\"{id}\"")) else {
        return String::new();
    };
    let rest = &html[at..];
    let end = rest.find(&format!("</{tag}>")).unwrap_or(rest.len());
    rest[..end].to_owned()
}

#[tokio::test]
async fn staff_read_why_each_person_is_proposed_and_shortlist_with_one_click() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let zhang = create(
        &admin,
        person(
            "张伟",
            json!({"employer": "深圳市信维通信股份有限公司", "title": "研发总监",
                             "tier": "key"}),
        ),
    )
    .await;
    let li = create(&admin, person("李娟", json!({"chains": ["display.lcd"]}))).await;
    let b = signed_in(&app, "tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let staff = app.login("tc_staff", PASSWORD).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .expect("project id");
    matches_with(&app, &staff, project, &[zhang, li]).await;

    let path = format!("/projects/{project}/matches");
    let page = b.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let html = &page.html;
    assert!(!html.contains("即将上线"));
    // The best first, each with the named parts of the score and the reasons.
    let (at_zhang, at_li) = (
        html.find(&format!("id=\"match-{zhang}\""))
            .expect("张伟 listed"),
        html.find(&format!("id=\"match-{li}\""))
            .expect("李娟 listed"),
    );
    assert!(
        at_zhang < at_li,
        "张伟 works at a target company and ranks first"
    );
    for words in [
        "专长相关",
        "产业链",
        "招商对象",
        "推荐理由",
        "与项目同一细分领域",
    ] {
        assert!(html.contains(words), "{words}");
    }
    assert!(
        html.contains("任职于招商对象企业信维通信"),
        "the reason in words"
    );
    assert!(html.contains("bar-fill w-"), "each part is a small bar");
    assert!(
        !html.contains("13812345678"),
        "no full phone number on the list"
    );
    assert!(
        html.contains("138****5678"),
        "the masked one, as everywhere"
    );

    // 加入对接 comes back to the list, where the person now shows 已在对接.
    let zhang_text = zhang.to_string();
    let fields = [
        ("project", project.to_string()),
        ("profile_id", zhang_text.clone()),
        ("from", "matches".to_owned()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = b.post("/pipeline", &page.csrf(), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    assert_eq!(r.location(), format!("{path}#match-{zhang}"));
    let after = b.get(&path).await;
    assert!(after.html.contains("已在对接"));
    assert!(after.html.contains(&format!("id=\"shortlist-{li}\"")));
    assert!(!after.html.contains(&format!("id=\"shortlist-{zhang}\"")));
    let board = b.get(&format!("/pipeline?project={project}")).await;
    assert!(block(&board.html, "col-recommended", "section").contains("张伟"));

    // Twice is refused in words on the same page.
    let again = b.post("/pipeline", &after.csrf(), &fields).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(text_of(&again.html, "form-error").contains("已在本项目的对接名单中"));
    assert!(again.html.contains("匹配人选"));
}

#[tokio::test]
async fn organizers_cannot_open_a_projects_matches() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let project = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .expect("project id");
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let r = b.get(&format!("/projects/{project}/matches")).await;
    assert!(r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn founders_see_recommended_openings_with_the_subsidy_estimate() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let inc = create_incubator(&admin, "通城众创空间", TONGCHENG).await;
    let mut desk = desk(5);
    desk["monthly_rent"] = json!(1500);
    create_opening(&admin, inc, desk).await;
    registered_founder(&app, "huangxl", "黄小龙").await;
    let b = Browser::sign_in(&app, "huangxl").await;
    let page = b.get("/openings").await;
    let block = block(&page.html, "recommended-openings", "section");
    assert!(
        block.contains("为您推荐") && block.contains("通城众创空间"),
        "{block}"
    );
    // 1500 × 40% × 12 = 7200 a year, 21600 for 3 years.
    assert!(
        block.contains("7200 元") && block.contains("21600 元"),
        "{block}"
    );
    assert!(block.contains("位于您的家乡通城县"), "{block}");
    // A filtered search is just the search.
    let filtered = b.get("/openings?kind=desk").await;
    assert!(!filtered.html.contains("id=\"recommended-openings\""));
    // Staff see the search only.
    let staff = signed_in(&app, "tc_staff", Role::Staff, Some(TONGCHENG)).await;
    assert!(!staff.get("/openings").await.html.contains("为您推荐"));
}

#[tokio::test]
async fn the_city_dashboard_carries_the_six_counties_for_the_map() {
    let app = spawn_app().await;
    let b = signed_in(&app, "city_staff", Role::Staff, Some("4212")).await;
    let page = b.get("/").await;
    assert!(page.html.contains("id=\"chart-map\""));
    let island = text_of(&page.html, "chart-data");
    let data: Value = serde_json::from_str(&island).expect("data island");
    let codes: Vec<&str> = data["map"]["counties"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        ["421202", "421221", "421222", "421223", "421224", "421281"]
    );
    // The boundaries are served from this site, with the same codes.
    let geo = reqwest::get(format!("{}/static/geo/xianning-421200.json", app.base))
        .await
        .expect("geo");
    assert_eq!(geo.status(), StatusCode::OK);
    let geo: Value = geo.json().await.expect("GeoJSON");
    let ids: Vec<&str> = geo["features"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["properties"]["adcode"].as_str())
        .collect();
    assert_eq!(ids, codes);
    // A county's staff see their townships: no county map.
    let county = signed_in(&app, "tc_staff", Role::Staff, Some(TONGCHENG)).await;
    assert!(!county.get("/").await.html.contains("id=\"chart-map\""));
}

#[tokio::test]
async fn staff_list_and_create_incubators_and_operators_edit_their_own() {
    let app = spawn_app().await;
    let b = signed_in(&app, "tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let list = b.get("/incubators").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.html.contains("还没有登记孵化载体"));
    // A missing name is told beside its field.
    let refused = b
        .submit(
            "/incubators/new",
            "/incubators/new",
            &[
                ("name", ""),
                ("kind", "maker_space"),
                ("county_code", TONGCHENG),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.html);
    assert!(refused.html.contains("name-error"));
    let created = b
        .submit(
            "/incubators/new",
            "/incubators/new",
            &[
                ("name", "通城县返乡创业孵化基地"),
                ("kind", "startup_base"),
                ("level", "municipal"),
                ("county_code", TONGCHENG),
                ("park", "通城高新区"),
                ("chains", "software.iot"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.html);
    let id: i64 = created
        .location()
        .strip_prefix("/incubators/")
        .and_then(|i| i.parse().ok())
        .expect("incubator page");
    assert!(
        b.get("/incubators")
            .await
            .html
            .contains("通城县返乡创业孵化基地")
    );
    // Outside the staff's county is refused.
    let outside = b
        .submit(
            "/incubators/new",
            "/incubators/new",
            &[
                ("name", "崇阳孵化器"),
                ("kind", "incubator"),
                ("county_code", "421223"),
            ],
        )
        .await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);

    // The operator changes the address; the county stays.
    operator(&app, "op_tc", id).await;
    let op = Browser::sign_in(&app, "op_tc").await;
    let form = op.get(&format!("/incubators/{id}/edit")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.html.contains("county-fixed"));
    let saved = op
        .post(
            &format!("/incubators/{id}/edit"),
            &form.csrf(),
            &[
                ("version", "1"),
                ("name", "通城县返乡创业孵化基地"),
                ("kind", "startup_base"),
                ("level", "municipal"),
                ("park", "通城高新区"),
                ("address", "隽水镇玉立大道 8 号"),
                ("chains", "software.iot"),
                ("county_code", "421223"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    assert_eq!(saved.location(), "/incubator");
    let mine = op.get("/incubator").await;
    assert!(mine.html.contains("隽水镇玉立大道 8 号") && mine.html.contains("通城县"));
    // Another incubator's form is not theirs.
    let admin = app.admin().await;
    let other = create_incubator(&admin, "崇阳孵化器", "421223").await;
    let r = op.get(&format!("/incubators/{other}/edit")).await;
    assert!(r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_pipeline_entry_is_handed_to_another_member_of_staff_from_its_page() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let person = create(&admin, person("张伟", json!({}))).await;
    let b = signed_in(&app, "tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let colleague = app
        .create_user("tc_staff2", Role::Staff, Some(TONGCHENG))
        .await;
    app.create_user("cy_staff", Role::Staff, Some("421223"))
        .await;
    let staff = app.login("tc_staff", PASSWORD).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .expect("project id");
    let entry = crate::fixtures::shortlist(&staff, project, person)
        .await
        .body["id"]
        .as_i64()
        .expect("entry id");
    let path = format!("/pipeline/{entry}");
    let page = b.get(&path).await;
    let form = block(&page.html, "assign-form", "form");
    assert!(form.contains("tc_staff2"), "{form}");
    assert!(
        !form.contains("cy_staff"),
        "only staff of the project's county: {form}"
    );
    let r = b
        .post(
            &format!("{path}/assign"),
            &page.csrf(),
            &[("assigned_to", &colleague.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    assert!(text_of(&b.get(&path).await.html, "assignee").contains("tc_staff2"));
    let other = Browser::sign_in(&app, "tc_staff2").await;
    assert!(other.get("/notices").await.html.contains("指派给您"));
}

#[tokio::test]
async fn staff_find_a_person_by_name_filter_the_list_and_see_a_persons_projects() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let zhang = create(&admin, person("张伟", json!({"title": "总经理"}))).await;
    let b = signed_in(&app, "tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let staff = app.login("tc_staff", PASSWORD).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .expect("project id");
    matches_with(&app, &staff, project, &[zhang]).await;
    // 加入对接 by name: the hit carries its own button, no id to type.
    let found = b
        .get(&format!(
            "/projects/{project}/matches?name=%E5%BC%A0%E4%BC%9F"
        ))
        .await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.html);
    assert!(
        found
            .html
            .contains(&format!("id=\"name-shortlist-{zhang}\"")),
        "{}",
        found.html
    );
    // A filter nobody passes: an honest zero.
    let none = b
        .get(&format!("/projects/{project}/matches?region=421223"))
        .await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(!none.html.contains(&format!("id=\"match-{zhang}\"")));
    assert!(none.html.contains("id=\"no-matches\""));
    // The person's own ranked projects, with the same parts.
    let theirs = b.get(&format!("/profiles/{zhang}/matches")).await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.html);
    assert!(
        theirs
            .html
            .contains(&format!("id=\"project-match-{project}\""))
    );
    assert!(theirs.html.contains("满足项目需求"));
}
