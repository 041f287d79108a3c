//! A session that ends while someone fills in a form (issue 12): the form's post leads to
//! the login page saying 登录已过期, and after signing in again the page comes back with
//! what was typed (kept in the tab by `draft.js`, never on the server).

use std::time::Duration;

use sea_orm::{EntityTrait, PaginatorTrait};
use xiangxian::domain::Role;
use xiangxian::entity::{project, session};

use crate::fixtures::TONGCHENG;
use crate::harness;
use crate::helpers::spawn_app_with;

/// The idle timeout of this test: short, so the session ends while the form is open.
const IDLE: Duration = Duration::from_secs(3);

#[tokio::test]
async fn a_form_typed_when_the_session_ended_comes_back_after_signing_in_again() {
    let app = spawn_app_with(|c| c.session_idle = IDLE).await;
    app.create_user("tc_staff", Role::Staff, Some(TONGCHENG))
        .await;
    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.window(390, 844).await;
    // Straight to the form through the login page, so the idle time starts there.
    b.open("/projects/new").await;
    sign_in_here(&b).await;
    assert_eq!(b.path().await, "/projects/new");
    b.fill("#title", TITLE).await;
    b.choose("#segment", "optical.fiber").await;
    b.fill("#investment_wan", "12000").await;
    b.click("#need-capital").await;
    b.fill("#target_companies", "长飞光纤，亨通光电").await;
    b.choose("#county_code", TONGCHENG).await;
    b.fill("#park", "通城高新区").await;

    // The clerk is away longer than the idle timeout, then presses 保存.
    tokio::time::sleep(IDLE + Duration::from_millis(1000)).await;
    b.submit("#project-submit").await;
    assert_eq!(b.path().await, "/login");
    let said = b.text("#session-expired").await;
    assert!(said.contains("登录已过期"), "{said}");
    b.screenshot("session-expired-login").await;
    // The draft is in the browser only: no project, and no session row holds it.
    let conn = app.db.conn();
    assert_eq!(project::Entity::find().count(conn).await.unwrap(), 0);
    for row in session::Entity::find().all(conn).await.unwrap() {
        assert!(
            !format!("{row:?}").contains(TITLE),
            "a draft in a session row"
        );
    }

    sign_in_here(&b).await;
    assert_eq!(b.path().await, "/projects/new");
    b.find("#draft-restored").await;
    assert_eq!(value(&b, "#title").await, TITLE);
    assert_eq!(value(&b, "#segment").await, "optical.fiber");
    assert_eq!(value(&b, "#investment_wan").await, "12000");
    assert_eq!(value(&b, "#target_companies").await, "长飞光纤，亨通光电");
    assert_eq!(value(&b, "#county_code").await, TONGCHENG);
    assert_eq!(value(&b, "#park").await, "通城高新区");
    let capital = b.find("#need-capital").await;
    assert!(
        capital.is_selected().await.unwrap_or(false),
        "need capital ticked"
    );
    b.scroll_to("#draft-restored").await;
    b.screenshot("session-expired-draft-restored").await;
    b.close().await;
}

const TITLE: &str = "光纤预制棒扩产项目";

/// Signs in on the login page the browser is on; it then goes where the page says.
async fn sign_in_here(b: &harness::Browser) {
    b.fill("#username", "tc_staff").await;
    b.fill("#password", crate::helpers::PASSWORD).await;
    b.submit("#login-submit").await;
    b.find("#who-name").await;
}

/// What a form field holds now (its property, not the attribute it was served with).
async fn value(b: &harness::Browser, css: &str) -> String {
    b.find(css)
        .await
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}
