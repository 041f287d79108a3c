//! Organizers and administrators in a real browser: a profile created
//! through the form appears in the searched list; a wrong phone number is
//! told beside its field; the import page; the audit log.

use xiangxian::domain::Role;

use crate::harness;
use crate::helpers::spawn_app;

#[tokio::test]
async fn an_organizer_creates_a_profile_and_finds_it_in_the_list() {
    let app = spawn_app().await;
    app.create_user("org", Role::Organizer, Some("421222100"))
        .await;
    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.sign_in("org").await;
    b.screenshot("organizer-dashboard").await;

    b.open("/profiles/new").await;
    b.fill("#name", "张伟").await;
    // region-picker.js turns the village list into township → village selects.
    b.choose("#hometown_code-township", "421222100").await;
    b.choose("#hometown_code-village", "421222100201").await;
    b.fill("#employer", "深圳市信维通信股份有限公司").await;
    b.fill("#title", "研发总监").await;
    b.click("#chain-terminal-components").await;
    b.click("#intent-invest").await;
    // A phone number the service refuses: the message stands beside the field.
    b.fill("#mobile", "12345").await;
    b.submit("#profile-submit").await;
    let error = b.text("#mobile-error").await;
    assert!(error.contains("手机"), "{error}");
    let beside = b
        .find(".field.has-error #mobile-error")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert_eq!(
        beside, error,
        "the message is inside the mobile field's box"
    );
    assert_eq!(
        b.find("#name")
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .as_deref(),
        Some("张伟"),
        "what was typed stays"
    );
    b.scroll_to("#mobile-error").await;
    b.screenshot("profile-form-error").await;

    b.fill("#mobile", "138 1234 5678").await;
    b.submit("#profile-submit").await;
    b.find("#masked-mobile").await;
    assert!(b.path().await.starts_with("/profiles/"));
    assert!(b.text("#flash").await.contains("已保存"));

    let list = b.wait_for_text("/profiles", "main", "张伟").await;
    assert!(list.contains("张伟") && list.contains("研发总监"), "{list}");
    b.fill("#f-q", "zhangwei").await;
    b.submit("#filter-submit").await;
    let found = b.text("#profile-table").await;
    assert!(found.contains("张伟"), "pinyin finds the name: {found}");
    assert!(
        b.text("#facet-chain")
            .await
            .contains("无线充电和电子元器件")
    );
    b.screenshot("profile-list-search").await;

    // A sheet with one good row, one bad phone and a likely duplicate of 张伟, checked only.
    let sheet = tempfile::Builder::new()
        .suffix(".csv")
        .tempfile()
        .expect("temp sheet");
    std::fs::write(
        sheet.path(),
        "姓名,县（市、区）,乡镇（街道）,村（社区）,手机号\n\
         王建华,通城县,隽水镇,利和村,13900001111\n\
         赵六,通城县,隽水镇,利和村,123\n\
         张伟,通城县,隽水镇,利和村,13700000000\n",
    )
    .expect("write sheet");
    b.open("/profiles/import").await;
    b.find("#import-form").await;
    b.screenshot("profile-import").await;
    let path = sheet.path().to_string_lossy().into_owned();
    b.find("#file")
        .await
        .send_keys(&path)
        .await
        .expect("choose file");
    b.submit("#import-submit").await;
    assert!(b.text("#import-errors").await.contains("手机号"));
    assert!(b.text("#import-duplicates").await.contains("张伟"));
    b.scroll_to("#import-report").await;
    b.screenshot("profile-import-report").await;

    // The list on a phone.
    b.window(390, 844).await;
    b.open("/profiles").await;
    b.find("#profile-filters").await;
    b.screenshot("profile-list-phone").await;
    b.close().await;
}

#[tokio::test]
async fn an_administrator_sees_the_audit_log() {
    let app = spawn_app().await;
    app.create_user("admin", Role::Admin, None).await;
    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.sign_in("admin").await;
    b.open("/admin/audit").await;
    let log = b.text("#audit-table").await;
    assert!(log.contains("登录"), "the sign-in is logged: {log}");
    assert!(log.contains("admin"));
    b.screenshot("admin-audit").await;
    b.close().await;
}
