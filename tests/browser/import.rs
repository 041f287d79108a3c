//! An organizer on a phone imports a township clerk's sheet as kept (the
//! two-row-header list saved as an old .xls): the preview, one column's
//! mapping changed and the preview changing with it, 确认导入, and the people
//! in the registry. Every page fits the phone's width.

use sea_orm::EntityTrait;
use xiangxian::domain::Role;
use xiangxian::entity::profile;

use crate::harness::{self, Browser};
use crate::helpers::spawn_app;

const SHEET: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/import_sheets/f_jsz_two_row_header.xls"
);

/// The page is no wider than the phone: nothing scrolls sideways.
async fn fits_the_phone(b: &Browser, page: &str) {
    let width = b
        .client
        .execute("return document.documentElement.scrollWidth", vec![])
        .await
        .expect("scrollWidth");
    let width = width.as_u64().unwrap_or(u64::MAX);
    assert!(width <= 390, "{page} is {width}px wide on a 390px phone");
}

/// The 现居地 cell of the preview's first row (张建国).
async fn first_residence(b: &Browser) -> String {
    b.text("#import-preview tbody tr:first-child td:nth-child(9)")
        .await
}

#[tokio::test]
async fn an_organizer_on_a_phone_previews_remaps_and_imports_a_clerks_sheet() {
    let app = spawn_app().await;
    app.create_user("org", Role::Organizer, Some("421222100"))
        .await;
    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.window(390, 844).await;
    b.sign_in("org").await;

    b.open("/profiles/import").await;
    b.find("#import-form").await;
    fits_the_phone(&b, "the upload form").await;
    b.screenshot("import-phone-form").await;
    b.find("#file")
        .await
        .send_keys(SHEET)
        .await
        .expect("choose file");
    b.submit("#import-submit").await;

    // The preview: the people as parsed, the out-of-scope row said, nothing written.
    let preview = b.text("#import-preview").await;
    assert!(preview.contains("张建国"), "{preview}");
    assert!(
        preview.contains("研发总监"),
        "employer and title split: {preview}"
    );
    assert!(
        b.text("#import-errors")
            .await
            .contains("不在您的管辖范围内")
    );
    assert!(b.text("#import-outcome").await.contains("尚未写入"));
    let before = first_residence(&b).await;
    assert!(!before.is_empty(), "现居地 read before the change");
    assert_eq!(
        profile::Entity::find()
            .all(app.db.conn())
            .await
            .unwrap()
            .len(),
        0
    );
    fits_the_phone(&b, "the preview").await;
    b.screenshot("import-phone-preview").await;
    b.scroll_to("#import-preview").await;
    b.screenshot("import-phone-preview-rows").await;

    // The clerk does not want 现居地 (column H) imported.
    b.scroll_to("#mapping-0").await;
    b.screenshot("import-phone-mapping").await;
    b.choose("#map-0-7", "").await;
    b.submit("#remap-0").await;
    let after = first_residence(&b).await;
    assert_eq!(after, "", "现居地 was {before:?}, now ignored");
    let selected = b.find("#map-0-7").await.prop("value").await.ok().flatten();
    assert_eq!(selected.as_deref(), Some(""), "the new mapping is kept");
    fits_the_phone(&b, "the preview after the change").await;
    b.scroll_to("#import-preview").await;
    b.screenshot("import-phone-remapped").await;

    // 确认导入: the valid rows (the default when some are rejected).
    b.submit("#import-confirm").await;
    let outcome = b.text("#import-outcome").await;
    assert!(
        outcome.contains("已导入") || outcome.contains("已写入"),
        "{outcome}"
    );
    fits_the_phone(&b, "the import result").await;
    b.screenshot("import-phone-done").await;

    let stored = profile::Entity::find().all(app.db.conn()).await.unwrap();
    assert_eq!(
        stored.len(),
        16,
        "16 people, the out-of-scope one not written"
    );
    let zhang = stored.iter().find(|p| p.name == "张建国").expect("张建国");
    assert_eq!(zhang.hometown_code, "421222100203");
    assert_eq!(zhang.title, "研发总监");
    assert_eq!(zhang.residence_code, None, "现居地 was not imported");
    assert!(
        stored
            .iter()
            .all(|p| p.hometown_code.starts_with("421222100"))
    );
    let list = b.wait_for_text("/profiles", "main", "张建国").await;
    assert!(list.contains("张建国"), "{list}");
    fits_the_phone(&b, "the registry list").await;
    b.screenshot("import-phone-registry").await;
    b.close().await;
}
