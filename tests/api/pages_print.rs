//! 打印 (issue 16): the 名册, a profile's 登记表 and the 对接台账 each have a print button and
//! a printed title with the day, and the print stylesheet leaves the controls off paper.
//! What paper shows is checked in the stylesheet itself: the browser's print preview is not
//! reachable from a test.

use reqwest::StatusCode;
use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::TONGCHENG_VILLAGE;
use crate::helpers::spawn_app;
use crate::page_client::signed_in;

fn today() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8))
        .date_naive()
        .to_string()
}

#[tokio::test]
async fn roster_registration_form_and_pipeline_ledger_print_with_their_title_and_day() {
    let app = spawn_app().await;
    let b = signed_in(&app, "tc_staff", Role::Staff, Some("421222")).await;
    let admin = app.admin().await;
    let created = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "邓志明", "hometown_code": TONGCHENG_VILLAGE, "listed": true}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["id"].as_i64().expect("id");

    for (path, button, title) in [
        ("/profiles".to_owned(), "print-roster", "乡贤名册"),
        (format!("/profiles/{id}"), "print-profile", "乡贤信息登记表"),
        ("/pipeline".to_owned(), "print-pipeline", "对接台账"),
    ] {
        let page = b.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            page.html
                .contains(&format!("data-print hidden id=\"{button}\"")),
            "{path}: a print button, shown by the script"
        );
        assert!(
            page.html
                .contains(&format!("{title}（打印日期 {}）", today())),
            "{path}: the printed title with the day"
        );
    }
}

#[test]
fn the_print_stylesheet_keeps_controls_off_paper_and_shows_the_printed_title() {
    let css = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/web/static/css/app.css"
    ))
    .expect("stylesheet");
    let print = &css[css.find("@media print").expect("a print stylesheet")..];
    let rules = &print[..print.find("@page").expect("a page size")];
    for hidden in [
        ".nav",
        "form",
        ".facets",
        ".pager",
        "[data-print]",
        ".actions",
    ] {
        assert!(
            rules
                .split("display: none")
                .next()
                .unwrap_or("")
                .contains(hidden),
            "{hidden} is not printed"
        );
    }
    assert!(rules.contains(".print-only { display: block"));
    let script =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/web/static/js/app.js"))
            .expect("script");
    assert!(script.contains("window.print()"));
}
