//! Batch select on the registry list (issue 16): 批量核实, 导出所选 and 加入对接 for the
//! ticked people, decided per record by the services, all or nothing: one id out of the
//! caller's scope (or missing) refuses the whole batch with the 404 of a missing record,
//! naming nobody. The attacks an insider would try: an organizer verifying another
//! village's person, staff exporting another county's people with a forged id list, and
//! an out-of-scope person slipped into a project's 对接.

use reqwest::StatusCode;
use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::{CHONGYANG, TONGCHENG, TONGCHENG_VILLAGE, create_project};
use crate::helpers::{Client, TestApp, spawn_app};
use crate::page_client::{Browser, Page, signed_in};

/// The first village of `county`.
async fn a_village_of(admin: &Client, county: &str) -> String {
    let towns = admin.get(&format!("/api/v1/regions?parent={county}")).await;
    let town = towns.body["items"][0]["code"].as_str().unwrap().to_owned();
    let villages = admin.get(&format!("/api/v1/regions?parent={town}")).await;
    villages.body["items"][0]["code"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn person(admin: &Client, name: &str, village: &str) -> i64 {
    let r = admin
        .post(
            "/api/v1/profiles",
            json!({"name": name, "hometown_code": village, "consent_match": true,
                   "chains": ["terminal.components"], "intents": ["invest"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_i64().unwrap()
}

async fn batch(b: &Browser, action: &str, ids: &[i64], extra: &[(&str, &str)]) -> Page {
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    let mut fields: Vec<(&str, &str)> = vec![("action", action), ("back", "verified=no")];
    fields.extend(ids.iter().map(|i| ("id", i.as_str())));
    fields.extend_from_slice(extra);
    b.submit("/profiles", "/profiles/batch", &fields).await
}

async fn verified(app: &TestApp, id: i64) -> bool {
    use sea_orm::EntityTrait;
    xiangxian::entity::profile::Entity::find_by_id(id)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap()
        .verified
}

/// Audit events of `action` on `entity` (for `entity_id`, when given).
async fn audited(app: &TestApp, action: &str, entity: &str, id: Option<i64>) -> usize {
    use sea_orm::EntityTrait;
    xiangxian::entity::audit_event::Entity::find()
        .all(app.db.conn())
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action && e.entity == entity)
        .filter(|e| id.is_none_or(|i| e.entity_id.as_deref() == Some(i.to_string().as_str())))
        .count()
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    &html[start
        ..html[start..]
            .find("</main>")
            .map_or(html.len(), |e| start + e)]
}

#[tokio::test]
async fn an_organizer_batch_verifies_their_village_and_cannot_slip_in_another_village() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let zhang = person(&admin, "张伟", TONGCHENG_VILLAGE).await;
    let li = person(&admin, "李娟", TONGCHENG_VILLAGE).await;
    let other = person(&admin, "王磊", "421222100203").await;
    let org = signed_in(
        &app,
        "org_village",
        Role::Organizer,
        Some(TONGCHENG_VILLAGE),
    )
    .await;
    // The list offers the boxes and the buttons.
    let list = org.get("/profiles").await;
    assert!(list.html.contains(&format!("id=\"pick-{zhang}\"")));
    assert!(list.html.contains("id=\"batch-verify\""));
    assert!(list.html.contains("全选本页"));

    // Another village's person in the batch: nothing is verified, and the answer is the
    // one of a record that does not exist.
    let forged = batch(&org, "verify", &[zhang, li, other], &[]).await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
    assert!(!forged.html.contains("王磊") && !forged.html.contains(&other.to_string()));
    let missing = batch(&org, "verify", &[zhang, 999_999], &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(main_of(&forged.html), main_of(&missing.html));
    assert!(!verified(&app, zhang).await, "all or nothing");
    assert!(!verified(&app, other).await);

    // Nobody ticked: told what to do, on the list.
    let none = batch(&org, "verify", &[], &[]).await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST, "{}", none.html);
    assert!(none.html.contains("请先勾选要处理的乡贤"));

    // Their own two: verified, each audited, back to the list as it was filtered.
    let done = batch(&org, "verify", &[zhang, li], &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert_eq!(done.location(), "/profiles?verified=no");
    assert!(verified(&app, zhang).await && verified(&app, li).await);
    for id in [zhang, li] {
        assert_eq!(
            audited(&app, "update", "profile", Some(id)).await,
            1,
            "each audited"
        );
    }
    assert_eq!(audited(&app, "update", "profile", Some(other)).await, 0);
    assert!(org.get("/profiles").await.html.contains("已核实 2 人"));
}

#[tokio::test]
async fn staff_export_the_ticked_people_but_not_another_countys_with_a_forged_list() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let chongyang_village = a_village_of(&admin, CHONGYANG).await;
    let theirs = person(&admin, "赵敏", &chongyang_village).await;
    let ours = person(&admin, "张伟", TONGCHENG_VILLAGE).await;
    let staff = signed_in(&app, "cy_staff", Role::Staff, Some(CHONGYANG)).await;

    let forged = batch(&staff, "export", &[theirs, ours], &[]).await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
    assert!(forged.headers.get("content-disposition").is_none());
    assert!(!forged.html.contains("张伟"));

    let file = batch(&staff, "export", &[theirs], &[]).await;
    assert_eq!(file.status, StatusCode::OK);
    let disposition = file.headers["content-disposition"].to_str().unwrap();
    let today = xiangxian::service::fields::today();
    let name = format!("乡贤名册-所选-{today}.xlsx");
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    assert!(disposition.contains(&encoded), "{disposition}");
    assert_eq!(
        audited(&app, "export", "profile", None).await,
        1,
        "only the allowed export happened"
    );
}

#[tokio::test]
async fn adding_to_a_project_refuses_the_batch_with_an_out_of_scope_person() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let chongyang_village = a_village_of(&admin, CHONGYANG).await;
    let zhang = person(&admin, "张伟", TONGCHENG_VILLAGE).await;
    let li = person(&admin, "李娟", "421222100203").await;
    let outsider = person(&admin, "赵敏", &chongyang_village).await;
    let shy = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "孙丽", "hometown_code": TONGCHENG_VILLAGE, "consent_match": false}),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    app.create_user("tc_staff", Role::Staff, Some(TONGCHENG))
        .await;
    let api = app.login("tc_staff", crate::helpers::PASSWORD).await;
    let project = create_project(&api, TONGCHENG).await;
    let project_id = project["id"].as_i64().unwrap().to_string();
    let title = project["title"].as_str().unwrap().to_owned();
    let staff = Browser::sign_in(&app, "tc_staff").await;
    // The project is chosen by its name.
    let list = staff.get("/profiles").await;
    assert!(
        list.html.contains(&format!(">{title}</option>")),
        "{}",
        list.html
    );

    let entries = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            use sea_orm::{EntityTrait, PaginatorTrait};
            xiangxian::entity::pipeline_entry::Entity::find()
                .count(db.conn())
                .await
                .unwrap()
        }
    };
    let with = [("project", project_id.as_str())];
    let forged = batch(&staff, "pipeline", &[zhang, outsider], &with).await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
    assert!(!forged.html.contains("赵敏"));
    assert_eq!(entries(&app).await, 0, "all or nothing");

    // Someone who has not agreed to be contacted: named, the batch refused.
    let refused = batch(&staff, "pipeline", &[zhang, shy], &with).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.html);
    assert!(refused.html.contains("孙丽"), "{}", refused.html);
    assert_eq!(entries(&app).await, 0);

    let no_project = batch(&staff, "pipeline", &[zhang], &[]).await;
    assert!(no_project.html.contains("请选择要加入对接的项目"));

    let done = batch(&staff, "pipeline", &[zhang, li], &with).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert_eq!(entries(&app).await, 2);
    let again = batch(&staff, "pipeline", &[zhang], &with).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        entries(&app).await,
        2,
        "no second entry for the same person"
    );
    assert!(
        staff
            .get("/profiles")
            .await
            .html
            .contains("已在该项目的对接名单中")
    );
    assert_eq!(
        audited(&app, "create", "pipeline_entry", None).await,
        2,
        "each entry audited"
    );
}
