use serde_json::json;
use xiangxian::domain::Role;

use crate::helpers::spawn_app;

#[tokio::test]
async fn organizers_record_associations_by_level_in_their_scope() {
    let app = spawn_app().await;
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let village = org.post("/api/v1/associations", json!({"region_code": "421222100201", "name": "城东社区乡贤会", "head": "刘建国", "member_count": 23, "founded_on": "2023-05-04"})).await;
    assert_eq!(village.status, 201, "{}", village.text);
    assert_eq!(village.body["kind"], "village_association");
    assert_eq!(village.body["kind_label"], "乡贤会");
    let township = org
        .post(
            "/api/v1/associations",
            json!({"region_code": "421222100", "name": "隽水镇乡贤联谊会"}),
        )
        .await;
    assert_eq!(township.body["kind_label"], "乡贤联谊会");
    let dup = org
        .post(
            "/api/v1/associations",
            json!({"region_code": "421222100201", "name": "又一个"}),
        )
        .await;
    assert_eq!(dup.status, 409);
    let outside = org
        .post(
            "/api/v1/associations",
            json!({"region_code": "421223100201", "name": "别处"}),
        )
        .await;
    assert_eq!(outside.status, 403);
    let county = org
        .post(
            "/api/v1/associations",
            json!({"region_code": "421222", "name": "县级"}),
        )
        .await;
    assert_eq!(county.status, 400);
    assert_eq!(county.body["error"]["field"], "region_code");
    let list = org.get("/api/v1/associations").await;
    assert_eq!(list.body["total"], 2);
    let id = village.body["id"].as_i64().unwrap();
    let edited = org
        .patch(
            &format!("/api/v1/associations/{id}"),
            json!({"member_count": 30}),
        )
        .await;
    assert_eq!(edited.body["member_count"], 30);
    assert_eq!(
        org.delete(&format!("/api/v1/associations/{id}"))
            .await
            .status,
        204
    );
    assert_eq!(org.get("/api/v1/associations").await.body["total"], 1);
}

#[tokio::test]
async fn coverage_adds_up_across_levels() {
    let app = spawn_app().await;
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    for (code, name) in [
        ("421222100201", "A"),
        ("421222100205", "B"),
        ("421222100", "隽水镇乡贤联谊会"),
    ] {
        assert_eq!(
            org.post(
                "/api/v1/associations",
                json!({"region_code": code, "name": name})
            )
            .await
            .status,
            201
        );
    }
    for (i, village) in ["421222100201", "421222100201", "421222100203"]
        .iter()
        .enumerate()
    {
        let r = org.post("/api/v1/profiles", json!({"name": format!("乡贤{}", ["甲", "乙", "丙"][i]), "hometown_code": village, "consent_match": i == 0})).await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let admin = app.admin().await;
    let city = admin.get("/api/v1/stats/coverage?region=4212").await;
    assert_eq!(city.status, 200, "{}", city.text);
    assert_eq!(city.body["total"], 6);
    assert_eq!(city.body["region"]["villages"], 1096);
    assert_eq!(city.body["region"]["townships"], 89);
    assert_eq!(city.body["region"]["profiles"], 3);
    let sum = |rows: &serde_json::Value, key: &str| {
        rows["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[key].as_u64().unwrap())
            .sum::<u64>()
    };
    for key in [
        "villages",
        "villages_with_association",
        "townships",
        "townships_with_association",
        "villages_without_profiles",
        "profiles",
        "consented",
    ] {
        assert_eq!(
            sum(&city.body, key),
            city.body["region"][key].as_u64().unwrap(),
            "{key}"
        );
    }
    let county = admin.get("/api/v1/stats/coverage?region=421222").await;
    let tc = city.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "421222")
        .unwrap()
        .clone();
    for key in [
        "villages",
        "villages_with_association",
        "townships_with_association",
        "villages_without_profiles",
        "profiles",
        "consented",
    ] {
        assert_eq!(sum(&county.body, key), tc[key].as_u64().unwrap(), "{key}");
    }
    assert_eq!(tc["villages_with_association"], 2);
    assert_eq!(tc["townships_with_association"], 1);
    assert_eq!(tc["consented"], 1);
    let township = admin.get("/api/v1/stats/coverage?region=421222100").await;
    let v201 = township.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "421222100201")
        .unwrap()
        .clone();
    assert_eq!(v201["profiles"], 2);
    assert_eq!(v201["villages_without_profiles"], 0);
    assert_eq!(
        tc["villages_without_profiles"].as_u64().unwrap(),
        tc["villages"].as_u64().unwrap() - 2
    );
    // An organizer sees their own area and nothing beyond it.
    assert_eq!(
        org.get("/api/v1/stats/coverage").await.body["region"]["code"],
        "421222100"
    );
    assert_eq!(
        org.get("/api/v1/stats/coverage?region=421223").await.status,
        404
    );
}
