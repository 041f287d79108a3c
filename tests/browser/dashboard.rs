//! The dashboard at a glance (issue 16), on the demo data set (3,000 people in the six
//! counties): a map whose colours tell the counties apart with a Chinese legend, a county
//! opened from the map or the table on the same page, headline figures with this month's
//! change, and a page short enough on a phone. The page heights are printed (the report
//! quotes them) and bounded.

use xiangxian::domain::Role;

use crate::harness::{self, Browser};
use crate::helpers::spawn_app;

async fn measure(b: &Browser, what: &str) -> i64 {
    b.client
        .execute(&format!("return document.documentElement.{what};"), vec![])
        .await
        .expect("measure")
        .as_i64()
        .expect("a number")
}

#[tokio::test]
async fn the_dashboard_tells_counties_apart_drills_down_and_stays_short() {
    let app = spawn_app().await;
    xiangxian::demo::load_if_empty(&app.db)
        .await
        .expect("demo data");
    app.create_user("city_clerk", Role::Staff, Some("4212"))
        .await;
    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.sign_in("city_clerk").await;

    // Desktop.
    b.window(1280, 900).await;
    b.open("/").await;
    b.find("#chart-map[data-counties=\"6\"] canvas").await;
    let desktop = measure(&b, "scrollHeight").await;
    eprintln!("dashboard scrollHeight at 1280×900 (demo data, city staff): {desktop} px");
    // The headline figures carry this month's change.
    let kpis = b.text("#kpis").await;
    assert!(kpis.contains("乡贤总数"), "{kpis}");
    assert!(kpis.contains("本月"), "{kpis}");
    // The legend says in Chinese what each colour means; the counties get more than one.
    let legend = b.text("#map-legend").await;
    assert!(legend.contains("覆盖率"), "{legend}");
    let shades = b
        .client
        .execute(
            "return document.querySelectorAll('#map-legend li').length;",
            vec![],
        )
        .await
        .expect("legend");
    assert!(shades.as_i64().unwrap_or(0) >= 2, "{legend}");
    b.window(1280, desktop.clamp(900, 6000) as u32).await;
    b.screenshot("dashboard-glance-desktop").await;
    b.window(1280, 900).await;

    // A county opened from the table: the same page, its townships.
    b.submit("#coverage-table a[href=\"/?region=421222\"]")
        .await;
    assert_eq!(b.path().await, "/");
    assert!(b.text("main h1").await.contains("通城县"));
    let table = b.text("#coverage-table").await;
    assert!(table.contains("隽水镇"), "{table}");
    b.screenshot("dashboard-county-desktop").await;

    // A county opened from the map.
    b.open("/").await;
    b.find("#chart-map[data-counties=\"6\"] canvas").await;
    let old = b.find("html").await;
    // A real click (mouse events at the county's centre, as a finger would give them).
    b.client
        .execute(
            "var el = document.getElementById('chart-map');\
             var c = echarts.getInstanceByDom(el);\
             var p = c.convertToPixel({seriesIndex: 0}, [113.82, 29.67]);\
             var r = el.getBoundingClientRect();\
             var t = el.querySelector('canvas');\
             ['mousemove', 'mousedown', 'mouseup', 'click'].forEach(function (k) {\
               t.dispatchEvent(new MouseEvent(k, {clientX: r.left + p[0], clientY: r.top + p[1], bubbles: true}));\
             });",
            vec![],
        )
        .await
        .expect("click the map");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while old.tag_name().await.is_ok() {
        assert!(
            std::time::Instant::now() < deadline,
            "the map click opened nothing"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let at = b.client.current_url().await.expect("url");
    assert_eq!(at.query(), Some("region=421281"), "{at}");
    assert!(b.text("main h1").await.contains("赤壁市"));

    // A phone.
    b.window(390, 844).await;
    b.open("/").await;
    b.find("#chart-map[data-counties=\"6\"] canvas").await;
    let phone = measure(&b, "scrollHeight").await;
    let width = measure(&b, "scrollWidth").await;
    eprintln!("dashboard scrollHeight at 390×844 (demo data, city staff): {phone} px");
    b.screenshot("dashboard-glance-phone").await;
    b.scroll_to("#coverage-map").await;
    b.screenshot("dashboard-glance-phone-map").await;
    assert!(width <= 390, "dashboard is {width} px wide on a phone");
    b.open("/?region=421222").await;
    b.find("#coverage-table").await;
    let county_phone = measure(&b, "scrollHeight").await;
    eprintln!("county dashboard scrollHeight at 390×844: {county_phone} px");
    assert!(measure(&b, "scrollWidth").await <= 390);
    b.screenshot("dashboard-county-phone").await;
    // The issue measured 4,200 px on a desktop and 7,400 on a phone.
    assert!(desktop <= 3500, "desktop dashboard {desktop} px tall");
    assert!(phone <= 3000, "phone dashboard {phone} px tall");
    b.close().await;
}
