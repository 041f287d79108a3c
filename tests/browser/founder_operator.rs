//! A founder and an operator in a real browser: the operator posts a desk,
//! the founder registers, finds it with its subsidy, applies and sees the
//! application; the operator accepts it; the founder sees the decision.

use xiangxian::domain::Role;
use xiangxian::service::audit::Ctx;
use xiangxian::service::user::{self, CreateUserReq};

use crate::fixtures::{TONGCHENG, create_incubator};
use crate::harness;
use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test]
async fn a_founder_applies_for_an_opening_and_the_operator_accepts() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let inc = create_incubator(&admin, "通城县众创空间", TONGCHENG).await;
    let req = CreateUserReq {
        username: "op_tc".into(),
        password: PASSWORD.into(),
        role: Role::Operator,
        scope: None,
        incubator_id: Some(inc),
        display_name: None,
    };
    user::create(&app.db, &Ctx::system("test"), req)
        .await
        .expect("operator");
    let Some(b) = harness::open(&app).await else {
        return;
    };

    // The operator posts a desk.
    b.sign_in("op_tc").await;
    assert_eq!(b.path().await, "/incubator");
    b.submit("#new-opening").await;
    b.choose("#kind", "desk").await;
    b.fill("#title", "开放工位").await;
    b.fill("#area_m2", "6").await;
    b.fill("#units", "2").await;
    b.fill("#monthly_rent", "1500").await;
    b.click("#chain-software-iot").await;
    b.screenshot("opening-form").await;
    b.submit("#opening-submit").await;
    assert!(b.text("#opening-table").await.contains("开放工位"));
    b.screenshot("operator-incubator").await;
    b.sign_out().await;

    // A founder registers and finds it, with the subsidy per year.
    b.submit("#register-link").await;
    b.fill("#name", "黄小龙").await;
    b.choose("#hometown_code-township", "421222100").await;
    b.choose("#hometown_code-village", "421222100201").await;
    b.fill("#username", "huangxl").await;
    b.fill("#password", PASSWORD).await;
    b.fill("#password2", PASSWORD).await;
    b.submit("#register-submit").await;
    b.find("#who-name").await;
    b.open("/openings").await;
    b.choose("#f-kind", "desk").await;
    b.fill("#f-max-rent", "2000").await;
    b.submit("#filter-submit").await;
    let list = b.text("#opening-list").await;
    assert!(
        list.contains("开放工位") && list.contains("7200 元"),
        "{list}"
    );
    b.screenshot("founder-openings").await;

    // Applying: a wrong team size is told beside its field, then it goes through.
    b.submit("#opening-list a").await;
    b.fill("#plan", "做物联网网关，已有样机").await;
    b.fill("#team_size", "0").await;
    b.submit("#apply-submit").await;
    assert!(b.text("#team_size-error").await.contains("团队人数"));
    b.fill("#team_size", "3").await;
    b.submit("#apply-submit").await;
    assert_eq!(b.text("#application-status").await, "已提交");
    b.open("/applications").await;
    assert!(b.text("#application-table").await.contains("开放工位"));
    b.screenshot("founder-applications").await;
    b.sign_out().await;

    // The operator accepts it.
    b.sign_in("op_tc").await;
    b.open("/applications").await;
    assert!(b.text("#application-table").await.contains("黄小龙"));
    b.screenshot("operator-applications").await;
    // 录用 asks first.
    b.submit("button[value=\"accepted\"]").await;
    assert!(b.text("#decide-confirm h1").await.contains("确认录用"));
    b.screenshot("operator-confirm-accept").await;
    b.submit("#confirm-decide").await;
    b.find("#flash").await;
    assert!(b.text("#application-table").await.contains("已录用"));
    b.sign_out().await;

    // The founder sees the decision, with a notice.
    b.sign_in("huangxl").await;
    assert!(b.text("#notices-badge").await.contains('1'));
    b.open("/notices").await;
    b.submit("#notices a").await;
    assert_eq!(b.text("#application-status").await, "已录用");
    b.screenshot("founder-application-accepted").await;
    b.close().await;
}
