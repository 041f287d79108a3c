//! Project stages: 招引中 → 洽谈中 → 已签约 → 已落地 one step at a time, to 已搁置
//! from any but 已落地 and back only to where it was; refused moves name
//! `stage` and the moves allowed; two moves from the same state, one wins.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{TONGCHENG, create_project};
use crate::helpers::{Client, spawn_app};

/// Moves project `id` to `stage` from the version it has now.
async fn move_to(staff: &Client, id: i64, stage: &str) -> crate::helpers::Resp {
    let now = staff.get(&format!("/api/v1/projects/{id}")).await;
    let version = now.body["version"].as_i64().unwrap();
    staff
        .patch(
            &format!("/api/v1/projects/{id}"),
            json!({"stage": stage, "version": version}),
        )
        .await
}

/// A new project of 通城县 walked to `stage` along the allowed moves.
async fn project_at(staff: &Client, path: &[&str]) -> i64 {
    let id = create_project(staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    for stage in path {
        let r = move_to(staff, id, stage).await;
        assert_eq!(r.status, StatusCode::OK, "to {stage}: {}", r.text);
    }
    id
}

fn path_to(stage: &str) -> Vec<&'static str> {
    let forward = ["negotiating", "signed", "landed"];
    match stage {
        "attracting" => vec![],
        "negotiating" => forward[..1].to_vec(),
        "signed" => forward[..2].to_vec(),
        "landed" => forward.to_vec(),
        _ => vec!["shelved"],
    }
}

#[tokio::test]
async fn every_allowed_move_succeeds_and_every_other_is_refused_naming_the_allowed() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let all = ["attracting", "negotiating", "signed", "landed", "shelved"];
    // from → (allowed moves, what the refusal says may be done from there).
    let rules: [(&str, &[&str], &str); 4] = [
        (
            "attracting",
            &["negotiating", "shelved"],
            "当前只能改为：洽谈中、已搁置",
        ),
        (
            "negotiating",
            &["signed", "shelved"],
            "当前只能改为：已签约、已搁置",
        ),
        (
            "signed",
            &["landed", "shelved"],
            "当前只能改为：已落地、已搁置",
        ),
        ("landed", &[], "已落地是最终阶段，不能再改"),
    ];
    for (from, allowed, says) in rules {
        for to in all.iter().filter(|to| **to != from) {
            let id = project_at(&staff, &path_to(from)).await;
            let r = move_to(&staff, id, to).await;
            if allowed.contains(to) {
                assert_eq!(r.status, StatusCode::OK, "{from} → {to}: {}", r.text);
                assert_eq!(r.body["stage"], *to);
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::BAD_REQUEST,
                    "{from} → {to}: {}",
                    r.text
                );
                assert_eq!(r.body["error"]["field"], "stage");
                let message = r.body["error"]["message"].as_str().unwrap();
                assert!(message.contains(says), "{from} → {to}: {message}");
                let shown = staff.get(&format!("/api/v1/projects/{id}")).await;
                assert_eq!(shown.body["stage"], from, "a refused move changes nothing");
            }
        }
    }
}

#[tokio::test]
async fn a_shelved_project_goes_back_only_to_the_stage_it_was_shelved_from() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let id = project_at(&staff, &["negotiating", "signed", "shelved"]).await;
    let shown = staff.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(shown.body["next_stages"], json!(["signed"]));
    for wrong in ["attracting", "negotiating", "landed"] {
        let r = move_to(&staff, id, wrong).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{wrong}: {}", r.text);
        let label = match wrong {
            "attracting" => "招引中",
            "negotiating" => "洽谈中",
            _ => "已落地",
        };
        let message = r.body["error"]["message"].as_str().unwrap();
        assert!(
            message.ends_with(&format!(
                "项目不能从“已搁置”改为“{label}”；当前只能改为：已签约"
            )),
            "{message}"
        );
    }
    let back = move_to(&staff, id, "signed").await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text);
    assert_eq!(back.body["next_stages"], json!(["landed", "shelved"]));
    // Shelved again from 已签约 and back: the round trip works twice.
    assert_eq!(move_to(&staff, id, "shelved").await.status, StatusCode::OK);
    assert_eq!(move_to(&staff, id, "signed").await.status, StatusCode::OK);
    let landed = move_to(&staff, id, "landed").await;
    assert_eq!(landed.status, StatusCode::OK);
    assert!(landed.body["landed_at"].is_string());
    assert_eq!(landed.body["next_stages"], json!([]));
}

#[tokio::test]
async fn an_edit_that_keeps_the_stage_is_not_a_move() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let id = project_at(&staff, &["negotiating", "signed", "landed"]).await;
    let r = move_to(&staff, id, "landed").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let jobs = staff
        .patch(
            &format!("/api/v1/projects/{id}"),
            json!({"jobs": 250, "version": r.body["version"]}),
        )
        .await;
    assert_eq!(jobs.status, StatusCode::OK, "{}", jobs.text);
    assert_eq!(jobs.body["jobs"], 250);
    assert_eq!(jobs.body["stage"], "landed");
}

#[tokio::test]
async fn of_two_moves_from_the_same_version_exactly_one_is_written() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let other = app
        .login_as("tc_staff2", Role::Staff, Some(TONGCHENG))
        .await;
    let id = project_at(&staff, &["negotiating"]).await;
    let version = staff.get(&format!("/api/v1/projects/{id}")).await.body["version"].clone();
    let path = format!("/api/v1/projects/{id}");
    let (a, b) = tokio::join!(
        staff.patch(&path, json!({"stage": "signed", "version": version})),
        other.patch(&path, json!({"stage": "shelved", "version": version})),
    );
    let statuses = [a.status, b.status];
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{} / {}",
        a.text,
        b.text
    );
    let loser = if a.status == StatusCode::OK { &b } else { &a };
    assert_eq!(loser.status, StatusCode::CONFLICT);
    assert_eq!(loser.error_code(), "stale_version");
    let winner: &Value = if a.status == StatusCode::OK {
        &a.body
    } else {
        &b.body
    };
    let shown = staff.get(&path).await;
    assert_eq!(shown.body["stage"], winner["stage"]);
    assert_eq!(shown.body["version"], winner["version"]);
}

#[tokio::test]
async fn jobs_outside_the_limit_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let id = project_at(&staff, &[]).await;
    for bad in [json!(-1), json!(100_001)] {
        let r = staff
            .patch(
                &format!("/api/v1/projects/{id}"),
                json!({"jobs": bad, "version": 1}),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
        assert_eq!(r.body["error"]["field"], "jobs");
    }
}

#[tokio::test]
async fn the_edit_page_offers_only_the_moves_allowed_from_here() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let id = project_at(&staff, &["negotiating", "signed"]).await;
    let page = staff.get(&format!("/projects/{id}/edit")).await;
    assert_eq!(page.status, StatusCode::OK);
    let select = page
        .text
        .split("<select id=\"stage\"")
        .nth(1)
        .and_then(|s| s.split("</select>").next())
        .unwrap()
        .to_owned();
    for offered in ["value=\"signed\"", "value=\"landed\"", "value=\"shelved\""] {
        assert!(select.contains(offered), "{offered} in {select}");
    }
    for refused in [
        "value=\"attracting\"",
        "value=\"negotiating\"",
        "value=\"\"",
    ] {
        assert!(!select.contains(refused), "{refused} in {select}");
    }
    assert!(page.text.contains("当前可改为：已落地、已搁置"));
    let landed = project_at(&staff, &["negotiating", "signed", "landed"]).await;
    let page = staff.get(&format!("/projects/{landed}/edit")).await;
    assert!(page.text.contains("已落地是最终阶段，不能再改。"));
}
