//! 乡贤社团: CRUD in scope, members once each and only visible ones, the
//! registry filtered by organisation, the profile page listing its organisations.

use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{TONGCHENG_VILLAGE, create_profile};
use crate::helpers::{Client, spawn_app};

/// A listed, consenting profile in `village`, created by an administrator.
async fn person(admin: &Client, name: &str, village: &str) -> i64 {
    let r = admin
        .post(
            "/api/v1/profiles",
            json!({"name": name, "hometown_code": village, "consent_match": true,
                   "consent_basis": "written", "listed": true, "force": true}),
        )
        .await;
    assert_eq!(r.status, 201, "profile: {}", r.text);
    r.body["id"].as_i64().unwrap()
}

async fn organization(c: &Client, body: Value) -> i64 {
    let r = c.post("/api/v1/organizations", body).await;
    assert_eq!(r.status, 201, "organization: {}", r.text);
    r.body["id"].as_i64().unwrap()
}

#[tokio::test]
async fn organizer_of_another_township_cannot_read_or_edit_an_organisation() {
    let app = spawn_app().await;
    let jsz = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let mss = app
        .login_as("org_mss", Role::Organizer, Some("421222101"))
        .await;
    let id = organization(
        &jsz,
        json!({"kind": "hometown", "name": "隽水镇在汉同乡会", "region_code": "421222100"}),
    )
    .await;
    let missing = mss.get("/api/v1/organizations/999999").await;
    for r in [
        mss.get(&format!("/api/v1/organizations/{id}")).await,
        mss.patch(
            &format!("/api/v1/organizations/{id}"),
            json!({"name": "改名"}),
        )
        .await,
        mss.delete(&format!("/api/v1/organizations/{id}")).await,
        mss.get(&format!("/api/v1/organizations/{id}/members"))
            .await,
    ] {
        assert_eq!(r.status, 404, "{}", r.text);
        assert_eq!(
            r.text, missing.text,
            "out of scope must look like not found"
        );
    }
    // Another county's staff: the same.
    let cy = app.login_as("cy_staff", Role::Staff, Some("421223")).await;
    let r = cy.get(&format!("/api/v1/organizations/{id}")).await;
    assert_eq!(r.text, missing.text);
    // Nor in the list.
    let list = mss.get("/api/v1/organizations").await;
    assert_eq!(list.body["total"], 0, "{}", list.text);
}

#[tokio::test]
async fn city_level_organisations_are_kept_by_city_staff_and_read_below() {
    let app = spawn_app().await;
    let city = app.login_as("city_staff", Role::Staff, Some("4212")).await;
    let tc = app.login_as("tc_staff", Role::Staff, Some("421222")).await;
    let jsz = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let refused = tc
        .post(
            "/api/v1/organizations",
            json!({"kind": "chamber", "name": "深圳咸宁商会", "region_code": "4212"}),
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    let id = organization(
        &city,
        json!({"kind": "chamber", "name": "深圳咸宁商会", "region_code": "4212",
               "founded_on": "2015-08-08", "note": "异地商会"}),
    )
    .await;
    let shown = tc.get(&format!("/api/v1/organizations/{id}")).await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    assert_eq!(shown.body["kind_label"], "商会");
    assert_eq!(shown.body["region"], "咸宁市");
    // Read from below, changed only by the city.
    let edit = tc
        .patch(
            &format!("/api/v1/organizations/{id}"),
            json!({"note": "改"}),
        )
        .await;
    assert_eq!(edit.status, 403, "{}", edit.text);
    assert_eq!(jsz.get("/api/v1/organizations").await.body["total"], 1);
    // County staff keep their county's; an organizer their township's.
    organization(
        &tc,
        json!({"kind": "council", "name": "通城县乡贤理事会", "region_code": "421222"}),
    )
    .await;
    let township = organization(
        &jsz,
        json!({"kind": "hometown", "name": "隽水镇在深同乡会", "region_code": "421222100"}),
    )
    .await;
    let county_by_organizer = jsz
        .post(
            "/api/v1/organizations",
            json!({"kind": "council", "name": "县级", "region_code": "421222"}),
        )
        .await;
    assert_eq!(county_by_organizer.status, 403);
    let stale = jsz
        .patch(
            &format!("/api/v1/organizations/{township}"),
            json!({"name": "隽水镇驻深圳同乡会", "version": 7}),
        )
        .await;
    assert_eq!(stale.status, 409, "{}", stale.text);
    let edited = jsz
        .patch(
            &format!("/api/v1/organizations/{township}"),
            json!({"name": "隽水镇驻深圳同乡会", "version": 1}),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    assert_eq!(edited.body["version"], 2);
    let deleted = jsz
        .delete(&format!("/api/v1/organizations/{township}"))
        .await;
    assert_eq!(deleted.status, 204);
    assert_eq!(tc.get("/api/v1/organizations").await.body["total"], 2);
    assert_eq!(
        crate::service_requests::audited(&app, "delete", "organization").await,
        1
    );
    assert_eq!(
        crate::service_requests::audited(&app, "create", "organization").await,
        3
    );
}

#[tokio::test]
async fn bad_organisation_input_names_the_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for (body, field) in [
        (
            json!({"kind": "club", "name": "某某会", "region_code": "4212"}),
            "kind",
        ),
        (
            json!({"kind": "chamber", "name": "", "region_code": "4212"}),
            "name",
        ),
        (
            json!({"kind": "chamber", "name": "某某会", "region_code": "421222100201"}),
            "region_code",
        ),
        (
            json!({"kind": "chamber", "name": "某某会", "region_code": "4212", "founded_on": "2999-01-01"}),
            "founded_on",
        ),
    ] {
        let r = admin.post("/api/v1/organizations", body).await;
        assert_eq!(r.status, 400, "{}", r.text);
        assert_eq!(r.body["error"]["field"], field, "{}", r.text);
    }
    let list = admin.get("/api/v1/organizations").await;
    assert_eq!(list.body["total"], 0, "nothing half-written");
}

#[tokio::test]
async fn members_are_added_once_listed_in_scope_and_removed() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let city = app.login_as("city_staff", Role::Staff, Some("4212")).await;
    let cy = app.login_as("cy_staff", Role::Staff, Some("421223")).await;
    let tc_person = person(&admin, "周志远", TONGCHENG_VILLAGE).await;
    let cy_person = person(&admin, "黎晓燕", "421223100001").await;
    let id = organization(
        &city,
        json!({"kind": "doctoral", "name": "咸宁市博士联谊会", "region_code": "4212"}),
    )
    .await;
    let path = format!("/api/v1/organizations/{id}/members");
    let added = city
        .post(
            &path,
            json!({"profile_id": tc_person, "role": "president", "since": "2020-01-01"}),
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.text);
    assert_eq!(added.body["role_label"], "会长");
    let again = city.post(&path, json!({"profile_id": tc_person})).await;
    assert_eq!(again.status, 409, "{}", again.text);
    let bad_role = city
        .post(&path, json!({"profile_id": cy_person, "role": "boss"}))
        .await;
    assert_eq!(bad_role.body["error"]["field"], "role");
    assert_eq!(
        city.post(&path, json!({"profile_id": cy_person}))
            .await
            .status,
        201
    );
    // 崇阳县's staff see only their own person among the members.
    let seen = cy.get(&path).await;
    assert_eq!(seen.body["total"], 1, "{}", seen.text);
    assert_eq!(seen.body["items"][0]["name"], "黎晓燕");
    assert!(!seen.text.contains("周志远"));
    assert_eq!(city.get(&path).await.body["total"], 2);
    assert_eq!(
        city.get(&format!("/api/v1/organizations/{id}")).await.body["member_count"],
        2
    );
    // A profile the caller cannot read cannot be added (looks missing).
    let jsz = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let township = organization(
        &jsz,
        json!({"kind": "hometown", "name": "隽水镇同乡会", "region_code": "421222100"}),
    )
    .await;
    let foreign = jsz
        .post(
            &format!("/api/v1/organizations/{township}/members"),
            json!({"profile_id": cy_person}),
        )
        .await;
    assert_eq!(foreign.status, 404, "{}", foreign.text);
    let removed = city.delete(&format!("{path}/{tc_person}")).await;
    assert_eq!(removed.status, 204);
    let gone = city.delete(&format!("{path}/{tc_person}")).await;
    assert_eq!(gone.status, 404);
    assert_eq!(city.get(&path).await.body["total"], 1);
}

#[tokio::test]
async fn registry_filtered_by_organisation_returns_exactly_its_members_in_scope() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let city = app.login_as("city_staff", Role::Staff, Some("4212")).await;
    let tc = app.login_as("tc_staff", Role::Staff, Some("421222")).await;
    let a = person(&admin, "陈海峰", TONGCHENG_VILLAGE).await;
    let b = person(&admin, "吴丽华", "421222101200").await;
    let c = person(&admin, "邓国强", "421223100001").await;
    let _outsider = person(&admin, "陈海涛", TONGCHENG_VILLAGE).await;
    let id = organization(
        &city,
        json!({"kind": "talent", "name": "咸宁市海内外高层次人才联谊会", "region_code": "4212"}),
    )
    .await;
    for p in [a, b, c] {
        let r = city
            .post(
                &format!("/api/v1/organizations/{id}/members"),
                json!({"profile_id": p}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    app.index_settled().await;
    let ids = |v: &Value| -> Vec<i64> {
        let mut out: Vec<i64> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .collect();
        out.sort_unstable();
        out
    };
    let all = city.get(&format!("/api/v1/profiles?org={id}")).await;
    assert_eq!(all.status, 200, "{}", all.text);
    assert_eq!(ids(&all.body), vec![a, b, c]);
    assert_eq!(all.body["total"], 3);
    let county = tc.get(&format!("/api/v1/profiles?org={id}")).await;
    assert_eq!(
        ids(&county.body),
        vec![a, b],
        "通城县 staff see only 通城县 members"
    );
    let with_text = tc.get(&format!("/api/v1/profiles?org={id}&q=陈海峰")).await;
    assert_eq!(ids(&with_text.body), vec![a]);
    let unknown = tc.get("/api/v1/profiles?org=999999").await;
    assert_eq!(unknown.status, 404);
    // The registry page's filter form offers the organisation and applies it.
    let page = tc.get(&format!("/profiles?org={id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("陈海峰") && page.text.contains("吴丽华"));
    assert!(!page.text.contains("陈海涛"), "not a member");
    assert!(page.text.contains("咸宁市海内外高层次人才联谊会"));
}

#[tokio::test]
async fn the_profile_page_lists_its_organisations() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let p = create_profile(&admin, "胡明轩", true, true).await;
    let id = organization(
        &admin,
        json!({"kind": "chamber", "name": "武汉咸宁商会", "region_code": "4212"}),
    )
    .await;
    let r = admin
        .post(
            &format!("/api/v1/organizations/{id}/members"),
            json!({"profile_id": p, "role": "vice_president"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let of_profile = admin
        .get(&format!("/api/v1/organizations?profile={p}"))
        .await;
    assert_eq!(of_profile.body["total"], 1, "{}", of_profile.text);
    assert_eq!(of_profile.body["items"][0]["name"], "武汉咸宁商会");
    let cy = app.login_as("cy_staff", Role::Staff, Some("421223")).await;
    let hidden = cy.get(&format!("/api/v1/organizations?profile={p}")).await;
    assert_eq!(hidden.status, 404, "a profile out of scope is not found");
    let page = admin.get(&format!("/profiles/{p}")).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("所在乡贤组织"), "{}", page.text);
    assert!(page.text.contains("武汉咸宁商会") && page.text.contains("副会长"));
    let detail = admin.get(&format!("/organizations/{id}")).await;
    assert!(detail.text.contains("胡明轩"));
    let dashboard = admin.get("/").await;
    assert!(dashboard.text.contains("乡贤社团成员"));
}
