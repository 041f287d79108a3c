//! A clerk's day: search that forgives (LED, 长飞, 石泉村, 光钎), stale records listed, the
//! person's own edit counting as a confirmation, and the edges that used to break.

use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};
use xiangxian::domain::Role;
use xiangxian::entity::profile;

use crate::helpers::{TestApp, spawn_app};
use crate::page_client::signed_in;
use crate::search::settled_get;

fn ids(body: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = body["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["id"].as_i64()).collect())
        .unwrap_or_default();
    ids.sort_unstable();
    ids
}

async fn confirmed_long_ago(app: &TestApp, id: i64) {
    let row = profile::Entity::find_by_id(id)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap();
    let two_years_ago = Utc::now() - Duration::days(730);
    let mut m: profile::ActiveModel = row.into();
    m.last_confirmed_at = Set(Some(two_years_ago));
    m.created_at = Set(two_years_ago);
    m.update(app.db.conn()).await.unwrap();
}

#[tokio::test]
async fn search_finds_latin_words_company_starts_and_villages_and_suggests_on_a_typo() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut made = Vec::new();
    for p in [
        json!({"name": "周杰", "hometown_code": "421222100205", "expertise": "LED照明灯具"}),
        json!({"name": "吴磊", "hometown_code": "421222100201", "employer": "长飞光纤", "expertise": "光纤预制棒"}),
        json!({"name": "郑爽", "hometown_code": "421222100201", "expertise": "液晶显示屏驱动"}),
    ] {
        let r = admin.post("/api/v1/profiles", p).await;
        assert_eq!(r.status, 201, "{}", r.text);
        made.push(r.body["id"].as_i64().unwrap());
    }
    let all = settled_get(&app, &admin, "/api/v1/profiles").await;
    assert_eq!(all.body["total"], 3, "{}", all.text);
    for (q, want) in [
        ("LED", vec![made[0]]),
        ("长飞", vec![made[1]]),
        ("液晶屏", vec![made[2]]),
        ("石泉村", vec![made[0]]),
        ("石泉", vec![made[0]]),
    ] {
        let r = admin.get(&format!("/api/v1/profiles?q={q}")).await;
        assert_eq!(r.status, 200, "{q}: {}", r.text);
        assert_eq!(ids(&r.body), want, "{q}: {}", r.text);
        assert!(r.body["suggestion"].is_null(), "{q}: {}", r.text);
    }
    let typo = admin.get("/api/v1/profiles?q=光钎").await;
    assert_eq!(typo.body["total"], 0, "{}", typo.text);
    assert_eq!(typo.body["suggestion"], "光纤", "{}", typo.text);

    // The registry page offers it as a link.
    let b = signed_in(&app, "clerk", Role::Admin, None).await;
    let page = b.get("/profiles?q=%E5%85%89%E9%92%8E").await;
    assert_eq!(page.status, 200);
    assert!(page.html.contains("您是不是要找"), "{}", page.html);
    assert!(
        page.html
            .contains("href=\"/profiles?q=%E5%85%89%E7%BA%A4\""),
        "{}",
        page.html
    );
}

#[tokio::test]
async fn stale_lists_only_records_not_confirmed_for_a_year_in_the_callers_scope() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut made = Vec::new();
    for (name, village) in [
        ("老王", "421222100201"),
        ("小李", "421222100203"),
        ("外县", "421281001001"),
    ] {
        let r = admin
            .post(
                "/api/v1/profiles",
                json!({"name": name, "hometown_code": village}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        made.push(r.body["id"].as_i64().unwrap());
    }
    confirmed_long_ago(&app, made[0]).await;
    confirmed_long_ago(&app, made[2]).await;
    let org = app
        .login_as("org", Role::Organizer, Some("421222100"))
        .await;
    let r = org.get("/api/v1/profiles?stale=true").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["total"], 1, "{}", r.text);
    assert_eq!(ids(&r.body), vec![made[0]]);
    let all = admin.get("/api/v1/profiles?stale=true").await;
    assert_eq!(ids(&all.body), vec![made[0], made[2]], "{}", all.text);

    let b = signed_in(&app, "org2", Role::Organizer, Some("421222100")).await;
    let page = b.get("/profiles?stale=yes").await;
    assert_eq!(page.status, 200);
    assert!(
        page.html.contains("老王") && !page.html.contains("小李"),
        "{}",
        page.html
    );
}

#[tokio::test]
async fn the_persons_own_edit_confirms_the_record() {
    let app = spawn_app().await;
    let founder = app.client();
    let reg = founder
        .post("/api/v1/auth/register", json!({"username": "self", "password": "自己改自己的档案", "name": "黄小龙", "hometown_code": "421222100201"}))
        .await;
    assert_eq!(reg.status, 201, "{}", reg.text);
    let id = reg.body["profile"]["id"].as_i64().unwrap();
    confirmed_long_ago(&app, id).await;
    let before = founder.get(&format!("/api/v1/profiles/{id}")).await;
    let r = founder
        .patch(
            &format!("/api/v1/profiles/{id}"),
            json!({"version": before.body["version"], "title": "工程师"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let at: chrono::DateTime<Utc> = r.body["last_confirmed_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(Utc::now() - at < Duration::hours(1), "{at}");
}

#[tokio::test]
async fn api_edges_speak_the_error_shape_and_dates_are_dates() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let wrong = admin
        .send(admin.raw(reqwest::Method::PUT, "/api/v1/profiles").await)
        .await;
    assert_eq!(wrong.status, 405);
    assert_eq!(wrong.error_code(), "method_not_allowed", "{}", wrong.text);

    let day = admin.get("/api/v1/audit?from=2026-12-07").await;
    assert_eq!(day.status, 200, "{}", day.text);
    let bad = admin.get("/api/v1/audit?from=yesterday").await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.body["error"]["field"], "from", "{}", bad.text);
    assert!(!bad.text.contains("premature"), "{}", bad.text);

    admin
        .post(
            "/api/v1/profiles",
            json!({"name": "张伟", "hometown_code": "421222100201"}),
        )
        .await;
    let file = admin.get("/api/v1/profiles/export?region=421222").await;
    assert_eq!(file.status, 200);
    let cd = file.headers["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    let date = xiangxian::service::fields::today();
    // 乡贤名册-通城县-<date>.xlsx
    let want = format!(
        "filename*=UTF-8''%E4%B9%A1%E8%B4%A4%E5%90%8D%E5%86%8C-%E9%80%9A%E5%9F%8E%E5%8E%BF-{date}.xlsx"
    );
    assert!(cd.contains(&want), "{cd}");
}

#[tokio::test]
async fn the_personal_data_download_has_arrays_and_china_time() {
    let app = spawn_app().await;
    let founder = app.client();
    let reg = founder
        .post("/api/v1/auth/register", json!({"username": "mine", "password": "我的数据由我自己做主", "name": "黄小龙", "hometown_code": "421222100201"}))
        .await;
    assert_eq!(reg.status, 201, "{}", reg.text);
    let export = founder.get("/api/v1/me/export").await;
    assert_eq!(export.status, 200);
    let p = &export.body["profiles"][0];
    for key in ["chains", "intents", "tags"] {
        assert!(p[key].is_array(), "{key}: {}", p[key]);
    }
    let created = p["created_at"].as_str().unwrap();
    assert!(created.ends_with("+08:00"), "{created}");
    assert!(
        export.body["exported_at"]
            .as_str()
            .unwrap()
            .ends_with("+08:00")
    );
}

#[tokio::test]
async fn page_edges_answer_with_the_sites_pages() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let abc = b.get("/profiles/abc").await;
    assert_eq!(abc.status, 400);
    assert!(abc.html.contains("<html"), "{}", abc.html);
    assert!(abc.html.contains("网址有误"), "{}", abc.html);
    assert!(!abc.html.contains("Invalid URL"), "{}", abc.html);
    let slash = b.get("/profiles/?q=x").await;
    assert!(slash.status.is_redirection(), "{}", slash.status);
    assert_eq!(slash.location(), "/profiles?q=x");
}

#[tokio::test]
async fn the_registry_list_is_cards_on_a_phone_with_the_organizers_township_chosen() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let id = crate::page_client::organizer_creates_profile(&b).await;
    let list = b.settled_get(&app, "/profiles").await;
    assert_eq!(list.status, 200);
    assert!(list.html.contains("cards-on-phone"), "{}", list.html);
    assert!(list.html.contains("data-label=\"籍贯\""), "{}", list.html);
    assert!(
        list.html.contains(&format!("/profiles/{id}")),
        "{}",
        list.html
    );
    assert!(
        list.html.contains("<option value=\"421222100\" selected>"),
        "the organizer's township is the chosen 籍贯: {}",
        list.html
    );
    let form = b.get("/profiles/new").await;
    let tier = &form.html[form.html.find("id=\"tier\"").expect("tier select")..];
    let tier = &tier[..tier.find("</select>").unwrap()];
    assert_eq!(tier.matches("一般").count(), 1, "{tier}");
}
