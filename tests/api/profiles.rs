use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::helpers::{Client, TestApp, spawn_app};

/// 通城县 隽水镇 and two of its villages; 崇阳县 for "elsewhere".
const TOWNSHIP: &str = "421222100";
const VILLAGE: &str = "421222100201";
const OTHER_TOWNSHIP_VILLAGE: &str = "421223100201";

pub fn zhang_wei() -> Value {
    json!({"name": "张伟", "gender": "male", "birth_year": 1978,
        "hometown_code": VILLAGE, "residence_code": "440305",
        "employer": "深圳市信维通信股份有限公司", "title": "研发总监", "education": "master",
        "chains": ["terminal.components"], "expertise": "无线充电线圈、模组封装",
        "bio": "通城隽水人，在深圳从事无线充电模组研发十五年",
        "intents": ["invest", "tech"], "capital_range": "5m_20m",
        "mobile": "+86 138 1234 5678", "wechat": "zhangwei_sz", "email": "zw@example.com",
        "consent_match": true, "consent_basis": "书面同意书", "listed": true, "tier": "key", "tags": ["深圳咸宁商会"]})
}

pub async fn organizer(app: &TestApp) -> Client {
    app.login_as("org_jsz", Role::Organizer, Some(TOWNSHIP))
        .await
}

async fn create(c: &Client, body: Value) -> Value {
    let r = c.post("/api/v1/profiles", body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

async fn profile_count(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    xiangxian::entity::profile::Entity::find()
        .count(app.db.conn())
        .await
        .unwrap()
}

#[tokio::test]
async fn organizer_creates_a_profile_with_every_field_and_contacts_come_back_masked() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let p = create(&org, zhang_wei()).await;
    assert_eq!(p["name"], "张伟");
    assert_eq!(p["county_code"], "421222");
    assert!(
        p["hometown"].as_str().unwrap().starts_with("通城县隽水镇"),
        "{}",
        p["hometown"]
    );
    assert_eq!(p["residence"], "广东省深圳市南山区");
    assert_eq!(p["mobile"], "138****5678");
    assert_eq!(p["contacts_masked"], true);
    assert_eq!(p["consent_match"], true);
    assert_eq!(p["consent_basis"], "书面同意书");
    assert!(p["consent_at"].is_string());
    assert_eq!(p["capital_range"], "5m_20m");
    assert_eq!(p["version"], 1);
    let shown = org.get(&format!("/api/v1/profiles/{}", p["id"])).await;
    assert!(!shown.text.contains("13812345678"));
    assert!(!shown.text.contains("zhangwei_sz"));
}

#[tokio::test]
async fn each_bad_field_is_400_naming_it_and_nothing_is_saved() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let cases: Vec<(&str, Value)> = vec![
        ("name", json!("")),
        ("name", json!("张\u{0}伟")),
        ("hometown_code", json!("421222")),
        ("hometown_code", json!("421222100999")),
        ("hometown_code", json!("110101001001")),
        ("residence_code", json!("4403")),
        ("residence_code", json!("999999")),
        ("chains", json!(["optical.lasers"])),
        ("mobile", json!("12345")),
        ("email", json!("not-an-email")),
        ("wechat", json!("微信 号")),
        ("birth_year", json!(1800)),
        ("gender", json!("x")),
        ("capital_range", json!("lots")),
        ("intents", json!(["gamble"])),
        ("bio", json!("长".repeat(2001))),
    ];
    for (field, value) in cases {
        let mut body = zhang_wei();
        body[field] = value.clone();
        let r = org.post("/api/v1/profiles", body).await;
        assert_eq!(r.status, 400, "{field}={value}: {}", r.text);
        assert_eq!(
            r.body["error"]["field"], field,
            "{field}={value}: {}",
            r.text
        );
    }
    let mut unknown = zhang_wei();
    unknown["verified"] = json!(true);
    let r = org.post("/api/v1/profiles", unknown).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["error"]["field"], "verified");
    assert_eq!(profile_count(&app).await, 0);
}

#[tokio::test]
async fn names_with_middle_dots_are_accepted() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let p = create(
        &org,
        json!({"name": "阿依古丽•买买提", "hometown_code": VILLAGE}),
    )
    .await;
    assert_eq!(p["name"], "阿依古丽·买买提");
}

#[tokio::test]
async fn organizer_cannot_create_outside_scope_or_read_another_townships_profile() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let mut outside = zhang_wei();
    outside["hometown_code"] = json!(OTHER_TOWNSHIP_VILLAGE);
    let r = org.post("/api/v1/profiles", outside).await;
    assert_eq!(r.status, 403, "{}", r.text);

    let other = app
        .login_as("org_cy", Role::Organizer, Some("421223100"))
        .await;
    let theirs = create(
        &other,
        json!({"name": "李娟", "hometown_code": OTHER_TOWNSHIP_VILLAGE}),
    )
    .await;
    let id = theirs["id"].as_i64().unwrap();
    assert_eq!(org.get(&format!("/api/v1/profiles/{id}")).await.status, 404);
    let edit = org
        .patch(
            &format!("/api/v1/profiles/{id}"),
            json!({"version": 1, "title": "x"}),
        )
        .await;
    assert_eq!(edit.status, 404);
    assert_eq!(
        org.delete(&format!("/api/v1/profiles/{id}")).await.status,
        404
    );
    let denied = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|(a, _, _)| a == "denied")
        .count();
    assert!(denied >= 4, "refusals are audited: {denied}");
}

#[tokio::test]
async fn staff_read_and_verify_in_their_county_but_do_not_edit() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let p = create(&org, zhang_wei()).await;
    let id = p["id"].as_i64().unwrap();
    let staff = app.login_as("tc_staff", Role::Staff, Some("421222")).await;
    assert_eq!(
        staff.get(&format!("/api/v1/profiles/{id}")).await.status,
        200
    );
    let edit = staff
        .patch(
            &format!("/api/v1/profiles/{id}"),
            json!({"version": 1, "title": "总经理"}),
        )
        .await;
    assert_eq!(edit.status, 403);
    let verified = staff
        .post(&format!("/api/v1/profiles/{id}/verify"), json!({}))
        .await;
    assert_eq!(verified.status, 200, "{}", verified.text);
    assert_eq!(verified.body["verified"], true);
    assert!(verified.body["last_confirmed_at"].is_string());
    let elsewhere = app.login_as("cy_staff", Role::Staff, Some("421223")).await;
    assert_eq!(
        elsewhere
            .get(&format!("/api/v1/profiles/{id}"))
            .await
            .status,
        404
    );
    assert_eq!(
        elsewhere
            .post(&format!("/api/v1/profiles/{id}/verify"), json!({}))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn a_stale_version_is_409_and_changes_nothing() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let id = create(&org, zhang_wei()).await["id"].as_i64().unwrap();
    let first = org
        .patch(
            &format!("/api/v1/profiles/{id}"),
            json!({"version": 1, "title": "总经理"}),
        )
        .await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(first.body["version"], 2);
    let stale = org
        .patch(
            &format!("/api/v1/profiles/{id}"),
            json!({"version": 1, "title": "技术员"}),
        )
        .await;
    assert_eq!(stale.status, 409);
    assert_eq!(stale.error_code(), "stale_version");
    let now = org.get(&format!("/api/v1/profiles/{id}")).await;
    assert_eq!(now.body["title"], "总经理");
    let missing = org
        .patch(&format!("/api/v1/profiles/{id}"), json!({"title": "x"}))
        .await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.body["error"]["field"], "version");
}

#[tokio::test]
async fn of_two_simultaneous_updates_with_the_same_version_exactly_one_wins() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let other_tab = app.login("org_jsz", crate::helpers::PASSWORD).await;
    let id = create(&org, zhang_wei()).await["id"].as_i64().unwrap();
    let path = format!("/api/v1/profiles/{id}");
    let (a, b) = tokio::join!(
        org.patch(&path, json!({"version": 1, "title": "总经理"})),
        other_tab.patch(&path, json!({"version": 1, "title": "首席专家"})),
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{} / {}", a.text, b.text);
    let winner = if a.status == 200 { &a } else { &b };
    assert_eq!(org.get(&path).await.body["title"], winner.body["title"]);
}

#[tokio::test]
async fn reveal_needs_a_purpose_gives_the_full_contacts_and_is_audited() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let id = create(&org, zhang_wei()).await["id"].as_i64().unwrap();
    let no_purpose = org
        .post(
            &format!("/api/v1/profiles/{id}/reveal"),
            json!({"purpose": ""}),
        )
        .await;
    assert_eq!(no_purpose.status, 400);
    assert_eq!(no_purpose.body["error"]["field"], "purpose");
    let r = org
        .post(
            &format!("/api/v1/profiles/{id}/reveal"),
            json!({"purpose": "项目对接联系"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["mobile"], "13812345678");
    assert_eq!(r.body["wechat"], "zhangwei_sz");
    let reveals: Vec<_> = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|(a, _, _)| a == "reveal")
        .collect();
    assert_eq!(reveals.len(), 1);
    // A purpose text without a code is taken as `other`.
    assert_eq!(reveals[0].2, "其他：项目对接联系");
    let founder = app.login_as("someone", Role::Founder, None).await;
    assert_eq!(
        founder
            .post(
                &format!("/api/v1/profiles/{id}/reveal"),
                json!({"purpose": "好奇"})
            )
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn the_audit_log_never_holds_a_full_phone_number() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let id = create(&org, zhang_wei()).await["id"].as_i64().unwrap();
    org.patch(
        &format!("/api/v1/profiles/{id}"),
        json!({"version": 1, "mobile": "13998765432"}),
    )
    .await;
    let admin = app.admin().await;
    let log = admin.get("/api/v1/audit?per_page=100").await;
    assert!(!log.text.contains("13812345678"));
    assert!(!log.text.contains("13998765432"));
    assert!(log.text.contains("139****5432"));
}

#[tokio::test]
async fn unlisted_profiles_open_for_the_organizer_but_not_for_staff() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let mut body = zhang_wei();
    body["listed"] = json!(false);
    let id = create(&org, body).await["id"].as_i64().unwrap();
    assert_eq!(org.get(&format!("/api/v1/profiles/{id}")).await.status, 200);
    let staff = app.login_as("tc_staff", Role::Staff, Some("421222")).await;
    assert_eq!(
        staff.get(&format!("/api/v1/profiles/{id}")).await.status,
        404
    );
    let admin = app.admin().await;
    assert_eq!(
        admin.get(&format!("/api/v1/profiles/{id}")).await.status,
        200
    );
}

#[tokio::test]
async fn consent_is_recorded_with_who_when_and_basis_and_withdrawn_in_one_step() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let mut body = zhang_wei();
    body["consent_match"] = json!(false);
    body.as_object_mut().unwrap().remove("consent_basis");
    let id = create(&org, body).await["id"].as_i64().unwrap();
    let given = org
        .post(
            &format!("/api/v1/profiles/{id}/consent"),
            json!({"consent_match": true, "basis": "电话确认"}),
        )
        .await;
    assert_eq!(given.status, 200, "{}", given.text);
    assert_eq!(given.body["consent_match"], true);
    // The basis is kept as its code (电话 → phone).
    assert_eq!(given.body["consent_basis"], "phone");
    assert!(given.body["consent_by"].is_i64());
    let withdrawn = org
        .post(
            &format!("/api/v1/profiles/{id}/consent"),
            json!({"consent_match": false}),
        )
        .await;
    assert_eq!(withdrawn.body["consent_match"], false);
}

#[tokio::test]
async fn a_drafted_profile_is_claimed_once_with_its_code_and_the_person_sees_it_whole() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let id = create(&org, zhang_wei()).await["id"].as_i64().unwrap();
    let code = org
        .post(&format!("/api/v1/profiles/{id}/claim-code"), json!({}))
        .await;
    assert_eq!(code.status, 201, "{}", code.text);
    let code = code.body["code"].as_str().unwrap().to_owned();

    let founder = app.client();
    let reg = founder
        .post("/api/v1/auth/register", json!({"username": "zhangwei", "password": "我要回家乡创业2026", "name": "张伟", "hometown_code": VILLAGE, "mobile": "13812345678"}))
        .await;
    assert_eq!(reg.status, 201, "{}", reg.text);
    let claimed = founder
        .post(
            "/api/v1/profiles/claim",
            json!({"code": code.to_lowercase()}),
        )
        .await;
    assert_eq!(claimed.status, 200, "{}", claimed.text);
    assert_eq!(claimed.body["id"].as_i64(), Some(id));
    assert_eq!(claimed.body["mobile"], "13812345678");
    assert_eq!(claimed.body["contacts_masked"], false);
    let me = founder.get("/api/v1/auth/me").await;
    assert_eq!(me.body["user"]["profile_id"].as_i64(), Some(id));
    let own = founder.get(&format!("/api/v1/profiles/{id}")).await;
    assert_eq!(own.body["mobile"], "13812345678");

    let again = app.client();
    again.post("/api/v1/auth/register", json!({"username": "imposter", "password": "我也想认领这个档案", "name": "王五", "hometown_code": VILLAGE})).await;
    let reuse = again
        .post("/api/v1/profiles/claim", json!({"code": code}))
        .await;
    assert_eq!(reuse.status, 400, "{}", reuse.text);
    assert_eq!(reuse.body["error"]["field"], "code");
    let notices = org.get("/api/v1/notices").await;
    assert_eq!(notices.body["total"], 1);
    assert_eq!(notices.body["items"][0]["kind"], "profile_claimed");
}

#[tokio::test]
async fn a_founder_exports_everything_then_erases_the_record_and_the_account() {
    let app = spawn_app().await;
    let founder = app.client();
    let reg = founder
        .post("/api/v1/auth/register", json!({"username": "leaving", "password": "离开之前导出数据", "name": "黄小龙", "hometown_code": "421224103201", "mobile": "13907151234"}))
        .await;
    assert_eq!(reg.status, 201, "{}", reg.text);
    let id = reg.body["profile"]["id"].as_i64().unwrap();
    let export = founder.get("/api/v1/me/export").await;
    assert_eq!(export.status, 200);
    assert_eq!(export.body["profiles"][0]["mobile"], "13907151234");
    assert_eq!(export.body["account"]["username"], "leaving");

    assert_eq!(founder.delete("/api/v1/me").await.status, 204);
    assert_eq!(founder.get("/api/v1/auth/me").await.status, 401);
    let admin = app.admin().await;
    assert_eq!(
        admin.get(&format!("/api/v1/profiles/{id}")).await.status,
        404
    );
    use sea_orm::EntityTrait;
    let row = xiangxian::entity::profile::Entity::find_by_id(id)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.mobile, None);
    assert_eq!(row.name, "已注销");
    let login = app
        .client()
        .post(
            "/api/v1/auth/login",
            json!({"username": "leaving", "password": "离开之前导出数据"}),
        )
        .await;
    assert_eq!(login.status, 401);
}

#[tokio::test]
async fn merging_a_duplicate_keeps_everything_in_the_target() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let target = create(&org, json!({"name": "张伟", "hometown_code": VILLAGE, "employer": "信维通信", "chains": ["terminal.components"]})).await;
    let source = create(&org, json!({"name": "张伟", "hometown_code": VILLAGE, "mobile": "13812345678", "chains": ["terminal.devices"], "bio": "在深圳", "force": true})).await;
    let r = org
        .post(
            &format!("/api/v1/profiles/{}/merge", source["id"]),
            json!({"into": target["id"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["employer"], "信维通信");
    assert_eq!(r.body["bio"], "在深圳");
    assert_eq!(r.body["mobile"], "138****5678");
    assert_eq!(
        r.body["chains"],
        json!(["terminal.components", "terminal.devices"])
    );
    assert_eq!(
        org.get(&format!("/api/v1/profiles/{}", source["id"]))
            .await
            .status,
        404
    );
    let self_merge = org
        .post(
            &format!("/api/v1/profiles/{}/merge", target["id"]),
            json!({"into": target["id"]}),
        )
        .await;
    assert_eq!(self_merge.status, 400);
}
