//! The daily loops issue 16 names, each in a real browser and each checking what happened,
//! not only that a page loads: an organizer on a phone registers a person, finds them and
//! verifies a batch; a scan of a village's poster lands in the organizer's queue, is
//! verified and found; staff put a person forward by name and log a call that moves the
//! status; the operator opens the applicant from an application; a founder withdraws one.
//! At phone size every page is checked not to scroll sideways.

use serde_json::json;
use xiangxian::domain::Role;
use xiangxian::service::audit::Ctx;
use xiangxian::service::user::{self, CreateUserReq};

use crate::fixtures::{TONGCHENG, TONGCHENG_VILLAGE, create_incubator, create_project};
use crate::harness::{self, Browser};
use crate::helpers::{PASSWORD, spawn_app};

/// Asserts the page does not scroll sideways on a 390 px phone.
async fn fits_390(b: &Browser, what: &str) {
    let width = b
        .client
        .execute("return document.documentElement.scrollWidth;", vec![])
        .await
        .expect("measure")
        .as_i64()
        .expect("a number");
    assert!(width <= 390, "{what} is {width} px wide at 390 px");
}

#[tokio::test]
async fn an_organizer_on_a_phone_registers_a_person_finds_them_and_verifies_a_batch() {
    let app = spawn_app().await;
    app.create_user("org", Role::Organizer, Some("421222100"))
        .await;
    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.window(390, 844).await;
    b.sign_in("org").await;
    fits_390(&b, "the dashboard").await;

    b.open("/profiles/new").await;
    b.fill("#name", "欧阳建华").await;
    b.choose("#hometown_code-township", "421222100").await;
    b.choose("#hometown_code-village", "421222100201").await;
    b.fill("#employer", "长飞光纤光缆股份有限公司").await;
    b.fill("#title", "工艺工程师").await;
    b.fill("#mobile", "139 0000 1111").await;
    fits_390(&b, "the profile form").await;
    b.submit("#profile-submit").await;
    assert!(b.text("#flash").await.contains("已保存"));
    fits_390(&b, "the new profile").await;
    b.screenshot("loop-organizer-phone-saved").await;

    // Found by a company prefix and by pinyin.
    let count = b
        .wait_for_text("/profiles?q=长飞", "#result-count", "找到 1 位")
        .await;
    assert!(count.contains("找到 1 位"), "{count}");
    assert!(b.text("#profile-table").await.contains("欧阳建华"));
    b.fill("#f-q", "ouyangjianhua").await;
    b.submit("#filter-submit").await;
    assert!(b.text("#profile-table").await.contains("欧阳建华"));
    fits_390(&b, "the searched list").await;

    // 全选 and 批量核实 from the list, on the phone.
    b.open("/profiles?verified=no").await;
    b.click("#check-all").await;
    assert!(b.text("#batch-count").await.contains("已选 1 人"));
    fits_390(&b, "the list with the batch bar").await;
    b.screenshot("loop-organizer-phone-batch").await;
    b.submit("#batch-verify").await;
    assert!(b.text("#flash").await.contains("已核实 1 人"));
    assert_eq!(b.path().await, "/profiles");
    let count = b
        .wait_for_text("/profiles?verified=yes", "#result-count", "共 1 位")
        .await;
    assert!(count.contains("共 1 位"), "{count}");
    assert!(b.text("#profile-table").await.contains("欧阳建华"));
    b.close().await;
}

#[tokio::test]
async fn a_scan_of_the_village_poster_registers_a_person_the_organizer_verifies_and_finds() {
    let app = spawn_app().await;
    app.create_user("org", Role::Organizer, Some("421222100"))
        .await;
    let Some(b) = harness::open(&app).await else {
        return;
    };
    // The organizer prints the village's poster: its QR carries the village's page.
    b.sign_in("org").await;
    b.open(&format!("/regions/{TONGCHENG_VILLAGE}/poster"))
        .await;
    let link = b.text("#poster-link").await;
    assert!(
        link.ends_with(&format!("/register/{TONGCHENG_VILLAGE}")),
        "{link}"
    );
    let drawn = b
        .client
        .execute(
            "var i = document.getElementById('poster-qr'); return i.complete && i.naturalWidth > 0;",
            vec![],
        )
        .await
        .expect("qr");
    assert_eq!(drawn, json!(true), "the QR image loads");
    b.screenshot("loop-qr-poster").await;
    b.sign_out().await;

    // A person scans it on a phone and registers.
    b.window(390, 844).await;
    b.open(&format!("/register/{TONGCHENG_VILLAGE}")).await;
    fits_390(&b, "the village's registration page").await;
    b.fill("#name", "胡春生").await;
    b.fill("#mobile", "13912345678").await;
    b.fill("#employer", "深圳华星光电技术有限公司").await;
    b.click("#consent_match").await;
    b.screenshot("loop-qr-register-phone").await;
    b.submit("#village-register-submit").await;
    assert!(b.text("#register-sent").await.contains("已收到"));
    fits_390(&b, "the thanks page").await;

    // The organizer verifies it from the queue on the phone, then finds the person.
    b.sign_in("org").await;
    b.open("/register-queue").await;
    let queue = b.text("#queue-table").await;
    assert!(queue.contains("胡春生"), "{queue}");
    fits_390(&b, "the queue").await;
    b.screenshot("loop-qr-queue-phone").await;
    b.submit("#queue-table button[id^=\"accept-\"]").await;
    assert!(
        b.find("#queue-empty")
            .await
            .is_displayed()
            .await
            .unwrap_or(false)
    );
    let count = b
        .wait_for_text("/profiles?q=胡春生", "#result-count", "找到 1 位")
        .await;
    assert!(count.contains("找到 1 位"), "{count}");
    let row = b.text("#profile-table").await;
    assert!(row.contains("胡春生") && row.contains("已核实"), "{row}");
    fits_390(&b, "the list").await;
    b.screenshot("loop-qr-found-phone").await;
    b.close().await;
}

#[tokio::test]
async fn staff_put_a_person_forward_by_name_and_log_a_call_that_moves_the_status() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let r = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "张伟", "hometown_code": TONGCHENG_VILLAGE, "consent_match": true,
                   "chains": ["terminal.components"], "intents": ["invest"]}),
        )
        .await;
    let person = r.body["id"].as_i64().expect("profile id");
    app.create_user("tc_staff", Role::Staff, Some(TONGCHENG))
        .await;
    let api = app.login("tc_staff", PASSWORD).await;
    let project = create_project(&api, TONGCHENG).await["id"]
        .as_i64()
        .expect("project");
    app.index_settled().await;
    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.sign_in("tc_staff").await;
    b.open(&format!("/projects/{project}")).await;
    b.fill("#name", "张伟").await;
    b.submit("#name-submit").await;
    assert!(b.text("#name-hits").await.contains("张伟"));
    b.submit(&format!("#name-shortlist-{person}")).await;
    assert_eq!(b.text("#current-status").await, "推荐");

    // One call logged, and the status moved with it.
    b.choose("#channel", "phone").await;
    b.fill("#summary", "电话介绍项目，对方愿意下周来看厂房")
        .await;
    b.choose("#contact-status", "contacted").await;
    // The person asked to be called back: today, so the board lists it as due.
    let today = xiangxian::service::fields::today().to_string();
    b.set_value("#next_follow_up_on", &today).await;
    b.screenshot("loop-staff-contact-form").await;
    b.submit("#contact-submit").await;
    assert_eq!(b.text("#current-status").await, "已联系");
    assert!(b.text("#flash").await.contains("状态已更新"));
    assert!(b.text("#contact-log").await.contains("愿意下周来看厂房"));
    assert_eq!(b.text("#next-follow-up").await, today);
    assert!(b.text("#due-mark").await.contains("今天请联系"));
    b.screenshot("loop-staff-contact-logged").await;
    b.open("/pipeline?due=yes").await;
    assert!(b.text("#col-contacted").await.contains("张伟"));
    assert!(b.text("#col-contacted").await.contains("待跟进"));
    b.screenshot("loop-staff-due-board").await;
    // Back from the board lands on the entry, not on "Confirm Form Resubmission":
    // the contact form redirected after its post.
    b.back().await;
    assert_eq!(b.text("#current-status").await, "已联系");
    b.close().await;
}

#[tokio::test]
async fn the_operator_opens_the_applicant_and_the_founder_withdraws_on_a_phone() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let inc = create_incubator(&admin, "通城县众创空间", TONGCHENG).await;
    let opening = crate::fixtures::create_opening(&admin, inc, crate::fixtures::desk(3)).await;
    let opening = opening["id"].as_i64().expect("opening");
    user::create(
        &app.db,
        &Ctx::system("test"),
        CreateUserReq {
            username: "op_tc".into(),
            password: PASSWORD.into(),
            role: Role::Operator,
            scope: None,
            incubator_id: Some(inc),
            display_name: None,
        },
    )
    .await
    .expect("operator");
    let founder = crate::fixtures::registered_founder(&app, "huangxl", "黄小龙").await;
    let applied = founder
        .post(
            &format!("/api/v1/openings/{opening}/applications"),
            json!({"plan": "做物联网网关，已有样机", "team_size": 3}),
        )
        .await;
    assert_eq!(applied.status, 201, "{}", applied.text);
    let application = applied.body["id"].as_i64().expect("application");
    let Some(b) = harness::open(&app).await else {
        return;
    };

    // The operator's link to the applicant shows who applied (not a 404).
    b.sign_in("op_tc").await;
    b.open(&format!("/applications/{application}")).await;
    b.click("#applicant-link").await;
    assert_eq!(b.text("#applicant-name").await, "黄小龙");
    let title = b.client.title().await.expect("title");
    assert!(!title.contains("不存在"), "{title}");
    b.screenshot("loop-operator-applicant").await;
    b.sign_out().await;

    // The founder withdraws it on a phone, after confirming.
    b.window(390, 844).await;
    b.sign_in("huangxl").await;
    // First the subsidy with the other monthly fees: 300 rent + 400 fees, 40 %, 36 months.
    b.open(&format!("/openings/{opening}")).await;
    b.fill("#fee-property", "200").await;
    b.fill("#fee-sanitation", "50").await;
    b.fill("#fee-utilities", "150").await;
    b.submit("#subsidy-recalc").await;
    assert_eq!(b.text("#subsidy-total").await, "10080 元");
    fits_390(&b, "the opening with its fees").await;
    b.scroll_to("#subsidy-table").await;
    b.screenshot("loop-founder-subsidy-fees-phone").await;
    b.open(&format!("/applications/{application}")).await;
    fits_390(&b, "the application").await;
    b.click("#withdraw-submit").await;
    b.client
        .accept_alert()
        .await
        .expect("confirm the withdrawal");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while b.text("#application-status").await != "已撤回" {
        assert!(std::time::Instant::now() < deadline, "not withdrawn");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(b.text("#flash").await.contains("申请已撤回"));
    fits_390(&b, "the withdrawn application").await;
    b.screenshot("loop-founder-withdrawn-phone").await;
    b.close().await;
}
