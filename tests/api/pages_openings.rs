//! Operator and founder pages: posting openings, searching them with the
//! subsidy per year, applying (errors beside fields), 我的申请, deciding
//! (with the no-units 409 in words), and notices marked read.

use reqwest::StatusCode;
use xiangxian::domain::Role;
use xiangxian::service::audit::Ctx;
use xiangxian::service::user::{self, CreateUserReq};

use crate::fixtures::{TONGCHENG, TONGCHENG_VILLAGE, create_incubator};
use crate::helpers::{PASSWORD, TestApp, spawn_app};
use crate::page_client::{Browser, text_of};

const DESK: &[(&str, &str)] = &[
    ("kind", "desk"),
    ("title", "开放工位"),
    ("area_m2", "6"),
    ("units", "1"),
    ("monthly_rent", "1500"),
    ("available_from", "2026-12-01"),
    ("chains", "software.iot"),
    ("subsidy_eligible", "on"),
];

/// An incubator in 通城县 and its operator, signed in through the form.
async fn operator(app: &TestApp) -> (Browser, i64) {
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
    (Browser::sign_in(app, "op_tc").await, inc)
}

/// A founder who registered through the form (with a draft profile from 通城县).
async fn founder(app: &TestApp) -> Browser {
    let b = Browser::new(app);
    let r = b
        .submit(
            "/register",
            "/register",
            &[
                ("name", "黄小龙"),
                ("username", "huangxl"),
                ("password", PASSWORD),
                ("password2", PASSWORD),
                ("hometown_code", TONGCHENG_VILLAGE),
                ("mobile", "13907151234"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    b
}

/// The operator posts the desk through the form; returns the opening id.
async fn operator_posts_desk(b: &Browser, inc: i64) -> i64 {
    let new = format!("/incubators/{inc}/openings/new");
    let r = b.submit(&new, &new, DESK).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    assert_eq!(r.location(), "/incubator");
    let home = b.get("/incubator").await;
    let marker = "href=\"/openings/";
    let at = home.html.find(marker).expect("opening listed") + marker.len();
    home.html[at..]
        .split('"')
        .next()
        .and_then(|id| id.parse().ok())
        .expect("opening id")
}

#[tokio::test]
async fn an_operator_posts_edits_and_withdraws_an_opening_with_units_left_shown() {
    let app = spawn_app().await;
    let (op, inc) = operator(&app).await;
    assert_eq!(op.get("/").await.location(), "/incubator");
    let id = operator_posts_desk(&op, inc).await;
    let home = op.get("/incubator").await;
    assert_eq!(text_of(&home.html, &format!("units-{id}")), "1");
    let edit = format!("/openings/{id}/edit");
    let mut more = DESK.to_vec();
    more.retain(|(k, _)| *k != "units");
    more.push(("units", "3"));
    let r = op.submit(&edit, &edit, &more).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    assert_eq!(
        text_of(&op.get("/incubator").await.html, &format!("units-{id}")),
        "3"
    );
    let mut bad = DESK.to_vec();
    bad.retain(|(k, _)| *k != "area_m2");
    bad.push(("area_m2", "很大"));
    let r = op.submit(&edit, &edit, &bad).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.html.contains("id=\"area_m2-error\""));
    let gone = op
        .submit("/incubator", &format!("/openings/{id}/delete"), &[])
        .await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    assert!(
        op.get("/incubator")
            .await
            .html
            .contains("还没有发布孵化空间")
    );
}

#[tokio::test]
async fn a_founder_finds_an_opening_with_the_subsidy_per_year_and_applies() {
    let app = spawn_app().await;
    let (op, inc) = operator(&app).await;
    let id = operator_posts_desk(&op, inc).await;
    let f = founder(&app).await;
    let list = f
        .get("/openings?county=421222&kind=desk&max_rent=2000")
        .await;
    assert!(list.html.contains("开放工位"), "{}", list.html);
    // 1500 元 a month: 40% is 600 元, 7200 元 a year for 3 years.
    assert!(list.html.contains("第 1 年") && list.html.contains("7200 元"));
    assert!(list.html.contains("21600 元"));
    let none = f.get("/openings?max_rent=1000").await;
    assert!(none.html.contains("没有符合条件的空间"));
    let bad = f.get("/openings?min_area=很大").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.html.contains("id=\"min_area-error\""));

    let page = format!("/openings/{id}");
    let apply = format!("/openings/{id}/apply");
    let wrong = f
        .submit(
            &page,
            &apply,
            &[("plan", "做物联网网关"), ("team_size", "0")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(
        wrong.html.contains("id=\"team_size-error\""),
        "{}",
        wrong.html
    );
    assert!(wrong.html.contains("做物联网网关"), "the plan typed stays");
    let ok = f
        .submit(
            &page,
            &apply,
            &[("plan", "做物联网网关"), ("team_size", "3")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.html);
    let mine = f.get("/applications").await;
    assert!(mine.html.contains("我的申请") && mine.html.contains("开放工位"));
    assert!(mine.html.contains("已提交"));
    // Applying twice is refused in words.
    let again = f
        .submit(&page, &apply, &[("plan", "再来一次"), ("team_size", "3")])
        .await;
    assert!(again.status == StatusCode::CONFLICT || !again.html.contains("apply-form"));
}

#[tokio::test]
async fn the_operator_accepts_the_founder_is_told_and_no_units_left_is_said_in_words() {
    let app = spawn_app().await;
    let (op, inc) = operator(&app).await;
    let id = operator_posts_desk(&op, inc).await;
    let f = founder(&app).await;
    let page = format!("/openings/{id}");
    let r = f
        .submit(
            &page,
            &format!("/openings/{id}/apply"),
            &[("plan", "物联网网关"), ("team_size", "3")],
        )
        .await;
    let app_path = r.location().to_owned();
    // A second founder applies too, for the same single unit.
    let api = app.client();
    api.post(
        "/api/v1/auth/register",
        serde_json::json!({"username": "second", "password": PASSWORD, "name": "李四",
                           "hometown_code": TONGCHENG_VILLAGE}),
    )
    .await;
    let second = api
        .post(
            &format!("/api/v1/openings/{id}/applications"),
            serde_json::json!({"plan": "智能安防"}),
        )
        .await;
    assert_eq!(second.status, 201, "{}", second.text);
    let second_id = second.body["id"].as_i64().expect("id");

    let list = op.get("/applications").await;
    assert!(list.html.contains("黄小龙") && list.html.contains("录用"));
    // 录用 asks first: nothing is decided until the second step.
    let ask = op
        .submit(
            "/applications",
            &format!("{app_path}/decide"),
            &[
                ("status", "accepted"),
                ("back", "/applications"),
                ("note", "欢迎入驻"),
            ],
        )
        .await;
    assert_eq!(ask.status, StatusCode::OK, "{}", ask.html);
    assert!(ask.html.contains("确认录用这份申请") && ask.html.contains("这是最后一个单元"));
    assert!(
        ask.html.contains("欢迎入驻"),
        "the note typed is carried over"
    );
    assert!(op.get(&app_path).await.html.contains("已提交"));
    let accept = op
        .submit(
            "/applications",
            &format!("{app_path}/decide"),
            &[
                ("status", "accepted"),
                ("back", "/applications"),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(accept.status, StatusCode::SEE_OTHER, "{}", accept.html);
    assert_eq!(accept.location(), "/applications");

    let full = op
        .submit(
            &format!("/applications/{second_id}"),
            &format!("/applications/{second_id}/decide"),
            &[("status", "accepted"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(full.status, StatusCode::CONFLICT);
    assert!(
        text_of(&full.html, "form-error").contains("已无剩余单元"),
        "{}",
        full.html
    );

    // The founder's notice leads to the application, and opening it marks it read.
    let notices = f.get("/notices").await;
    assert!(notices.html.contains("已录用"), "{}", notices.html);
    assert!(notices.html.contains("id=\"notices-badge\""));
    let shown = f.get(&app_path).await;
    assert_eq!(text_of(&shown.html, "application-status"), "已录用");
    assert!(
        !shown.html.contains("id=\"notices-badge\""),
        "read once opened"
    );
    // Moving in is the one step left.
    let moved = op
        .submit(
            &app_path,
            &format!("{app_path}/decide"),
            &[("status", "moved_in")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    assert!(op.get(&app_path).await.html.contains("申请已办结"));
}

#[tokio::test]
async fn notices_open_through_their_link_and_can_all_be_marked_read() {
    let app = spawn_app().await;
    let (op, inc) = operator(&app).await;
    let id = operator_posts_desk(&op, inc).await;
    let f = founder(&app).await;
    f.submit(
        &format!("/openings/{id}"),
        &format!("/openings/{id}/apply"),
        &[("plan", "物联网网关"), ("team_size", "2")],
    )
    .await;
    let n = op.get("/notices").await;
    assert!(n.html.contains("收到一份新的入驻申请"));
    let marker = "href=\"/notices/";
    let at = n.html.find(marker).expect("notice link") + marker.len();
    let nid: String = n.html[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let opened = op.get(&format!("/notices/{nid}/open")).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    assert!(opened.location().starts_with("/applications/"));
    assert!(
        !op.get("/notices")
            .await
            .html
            .contains("id=\"notices-badge\"")
    );
    // Another user's notice id leads nowhere.
    assert_eq!(
        f.get(&format!("/notices/{nid}/open")).await.location(),
        "/notices"
    );
    let r = op.submit("/notices", "/notices/read", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn founders_cannot_decide_and_operators_cannot_reach_the_project_library() {
    let app = spawn_app().await;
    let (op, _) = operator(&app).await;
    // Operators reach only the library's public summaries (none here), never its pipeline.
    let library = op.get("/projects").await;
    assert_eq!(library.status, StatusCode::OK);
    assert!(
        library.html.contains("id=\"no-projects\""),
        "{}",
        library.html
    );
    assert_eq!(op.get("/pipeline").await.status, StatusCode::FORBIDDEN);
    let f = founder(&app).await;
    assert_eq!(f.get("/incubator").await.status, StatusCode::FORBIDDEN);
    let list = f.get("/applications").await;
    assert!(!list.html.contains("decide-"));
}

#[tokio::test]
async fn the_subsidy_estimate_takes_the_other_monthly_fees_on_the_opening_and_the_application() {
    let app = spawn_app().await;
    let (op, inc) = operator(&app).await;
    let id = operator_posts_desk(&op, inc).await;
    let f = founder(&app).await;
    let page = format!("/openings/{id}");
    // At rent only: 1500 元 a month, 600 元 of it, 21600 元 over 3 years.
    let rent_only = f.get(&page).await;
    assert_eq!(text_of(&rent_only.html, "subsidy-total"), "21600 元");
    assert!(rent_only.html.contains("id=\"subsidy-fees\""));
    // With 300 物业费, 50 卫生费 and 150 水电费: 2000 元, 800 元 a month, 28800 元.
    let all = f
        .get(&format!("{page}?property=300&sanitation=50&utilities=150"))
        .await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(
        text_of(&all.html, "subsidy-total"),
        "28800 元",
        "{}",
        all.html
    );
    assert!(all.html.contains("每月费用 2000 元的40%"));
    assert!(all.html.contains("value=\"300\""), "the fees typed stay");
    // A fee that is not a sum is told beside its field; the estimate stays at rent.
    let bad = f.get(&format!("{page}?utilities=很多")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.html.contains("id=\"utilities-error\""), "{}", bad.html);
    assert_eq!(text_of(&bad.html, "subsidy-total"), "21600 元");

    let applied = f
        .submit(
            &page,
            &format!("{page}/apply"),
            &[("plan", "做物联网网关"), ("team_size", "3")],
        )
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.html);
    let application = applied.location().to_owned();
    let shown = f
        .get(&format!(
            "{application}?property=300&sanitation=50&utilities=150"
        ))
        .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.html);
    assert_eq!(text_of(&shown.html, "subsidy-total"), "28800 元");
    // The operator deciding sees the same arithmetic.
    let theirs = op
        .get(&format!(
            "{application}?property=300&sanitation=50&utilities=150"
        ))
        .await;
    assert_eq!(text_of(&theirs.html, "subsidy-total"), "28800 元");
}
