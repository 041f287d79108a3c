use crate::helpers::spawn_app;

#[tokio::test]
async fn xianning_has_six_counties_89_townships_and_1096_villages() {
    let app = spawn_app().await;
    let c = app.client();
    let counties = c.get("/api/v1/regions?parent=4212").await;
    assert_eq!(counties.status, 200);
    assert_eq!(counties.body["total"], 6);
    let names: Vec<&str> = counties.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["咸安区", "嘉鱼县", "通城县", "崇阳县", "通山县", "赤壁市"]
    );

    let mut townships = 0;
    let mut villages = 0;
    for county in counties.body["items"].as_array().unwrap() {
        let t = c
            .get(&format!(
                "/api/v1/regions?parent={}",
                county["code"].as_str().unwrap()
            ))
            .await;
        townships += t.body["total"].as_u64().unwrap();
        for township in t.body["items"].as_array().unwrap() {
            assert_eq!(township["level"], "township");
            let v = c
                .get(&format!(
                    "/api/v1/regions?parent={}",
                    township["code"].as_str().unwrap()
                ))
                .await;
            villages += v.body["total"].as_u64().unwrap();
        }
    }
    assert_eq!(townships, 89);
    assert_eq!(villages, 1096);
}

#[tokio::test]
async fn a_village_comes_with_its_path_up_to_the_province() {
    let app = spawn_app().await;
    let r = app.client().get("/api/v1/regions/421222100201").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["level"], "village");
    let path: Vec<&str> = r.body["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(path, ["42", "4212", "421222", "421222100"]);
    assert_eq!(r.body["path"][0]["name"], "湖北省");
    assert_eq!(r.body["path"][2]["name"], "通城县");
}

#[tokio::test]
async fn counties_of_all_china_are_loaded_for_residence() {
    let app = spawn_app().await;
    let r = app.client().get("/api/v1/regions/440305").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["name"], "南山区");
    let beijing = app.client().get("/api/v1/regions?parent=1101").await;
    assert_eq!(beijing.body["total"], 16);
}

#[tokio::test]
async fn unknown_code_is_404_and_malformed_is_400() {
    let app = spawn_app().await;
    let c = app.client();
    for unknown in ["421299", "421222999", "421222100999"] {
        let r = c.get(&format!("/api/v1/regions/{unknown}")).await;
        assert_eq!(r.status, 404, "{unknown}");
        assert_eq!(r.error_code(), "not_found");
    }
    for bad in ["abc", "4212221", "42122210020x", "%E5%92%B8"] {
        let r = c.get(&format!("/api/v1/regions/{bad}")).await;
        assert_eq!(r.status, 400, "{bad}");
        assert_eq!(r.body["error"]["field"], "code");
    }
    assert_eq!(c.get("/api/v1/regions?parent=12ab").await.status, 400);
    assert_eq!(c.get("/api/v1/regions?parent=421299").await.status, 404);
}

#[tokio::test]
async fn taxonomy_has_five_chains_and_fourteen_segments() {
    let app = spawn_app().await;
    let r = app.client().get("/api/v1/chains").await;
    assert_eq!(r.status, 200);
    let chains = r.body["items"].as_array().unwrap();
    assert_eq!(chains.len(), 5);
    let segments: usize = chains
        .iter()
        .map(|c| c["segments"].as_array().unwrap().len())
        .sum();
    assert_eq!(segments, 14);
    assert_eq!(chains[3]["segments"][0]["code"], "optical.fiber");
    assert_eq!(chains[3]["segments"][0]["name"], "光纤光缆");
}
