//! The pages of 乡贤社团 and the 创业服务中心: a township organizer registers a
//! 同乡会 and adds a member found by name; a founder files on the phone page,
//! county staff act from the queue with a note, the founder rates.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use xiangxian::domain::Role;

use crate::fixtures::{create_profile, registered_founder};
use crate::helpers::spawn_app;
use crate::page_client::{Browser, signed_in, text_of};

#[tokio::test]
async fn an_organizer_registers_a_hometown_association_and_adds_a_member_found_by_name() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let person = create_profile(&admin, "钟雨桐", true, true).await;
    app.index_settled().await;
    let b = signed_in(&app, "org_jsz", Role::Organizer, Some("421222100")).await;
    let list = b.get("/organizations").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.html.contains("id=\"organization-form\""),
        "{}",
        list.html
    );
    let bad = b
        .post(
            "/organizations",
            &list.csrf(),
            &[
                ("name", "隽水镇在汉同乡会"),
                ("kind", ""),
                ("region_code", "421222100"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(!text_of(&bad.html, "kind-error").is_empty(), "{}", bad.html);
    let made = b
        .post(
            "/organizations",
            &list.csrf(),
            &[
                ("name", "隽水镇在汉同乡会"),
                ("kind", "hometown"),
                ("region_code", "421222100"),
                ("founded_on", "2018-05-01"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.html);
    let detail_path = made.location().to_owned();
    let found = b.get(&format!("{detail_path}?name=钟雨桐")).await;
    assert!(
        found.html.contains(&format!("member-add-{person}")),
        "{}",
        found.html
    );
    let id = detail_path.trim_start_matches("/organizations/").to_owned();
    let added = b
        .post(
            &format!("/organizations/{id}/members"),
            &found.csrf(),
            &[
                ("profile_id", &person.to_string()),
                ("role", "secretary"),
                ("since", ""),
                ("name", "钟雨桐"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.html);
    let shown = b.get(&detail_path).await;
    assert!(shown.html.contains(&format!("member-{person}")));
    assert!(shown.html.contains("秘书长"));
    let twice = b
        .post(
            &format!("/organizations/{id}/members"),
            &found.csrf(),
            &[("profile_id", &person.to_string()), ("role", "member")],
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.html.contains("已是"), "{}", twice.html);
}

#[tokio::test]
async fn a_founder_files_on_the_page_staff_act_with_a_note_and_the_founder_rates() {
    let app = spawn_app().await;
    registered_founder(&app, "huangxl", "黄小龙").await;
    let founder = Browser::sign_in(&app, "huangxl").await;
    let staff = signed_in(&app, "tc_staff", Role::Staff, Some("421222")).await;
    let form = founder.get("/service").await;
    assert_eq!(form.status, StatusCode::OK);
    let short = founder
        .post(
            "/service",
            &form.csrf(),
            &[("kind", "policy"), ("summary", "问")],
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(!text_of(&short.html, "summary-error").is_empty());
    let filed = founder
        .post(
            "/service",
            &form.csrf(),
            &[
                ("kind", "social_insurance"),
                ("summary", "从深圳回乡创业，社保关系需要转回通城"),
            ],
        )
        .await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.html);
    let path = filed.location().to_owned();

    let queue = staff.get("/service").await;
    assert!(queue.html.contains("社保接续") && queue.html.contains("黄小龙"));
    let page = staff.get(&path).await;
    assert!(page.html.contains("id=\"act-form\""), "{}", page.html);
    let accepted = staff
        .post(
            &path,
            &page.csrf(),
            &[("status", "accepted"), ("note", "已联系县社保局")],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.html);
    let page = staff.get(&path).await;
    let resolved = staff
        .post(
            &path,
            &page.csrf(),
            &[("status", "resolved"), ("note", "已办结转移手续")],
        )
        .await;
    assert_eq!(resolved.status, StatusCode::SEE_OTHER);

    let mine = founder.get(&path).await;
    assert!(mine.html.contains("已办结转移手续"));
    assert!(mine.html.contains("id=\"rate-form\""), "{}", mine.html);
    let bad = founder.post(&path, &mine.csrf(), &[("rating", "9")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        !text_of(&bad.html, "rating-error").is_empty(),
        "{}",
        bad.html
    );
    let rated = founder.post(&path, &mine.csrf(), &[("rating", "4")]).await;
    assert_eq!(rated.status, StatusCode::SEE_OTHER);
    assert!(founder.get(&path).await.html.contains("4 分"));
}
