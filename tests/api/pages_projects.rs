//! Staff pages: the 项目库 (list, form, stale edits), a project with its 对接
//! entries and the 匹配人选 slot, the pipeline board with stalled entries,
//! status buttons and the contact log, and the dashboard's counts.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use xiangxian::domain::Role;

use crate::fixtures::{TONGCHENG, create_profile};
use crate::helpers::{TestApp, spawn_app};
use crate::page_client::{Browser, signed_in, text_of};

const PROJECT: &[(&str, &str)] = &[
    ("title", "无线充电接收端模组生产线"),
    ("segment", "terminal.components"),
    ("description", "年产 3000 万套无线充电接收端模组"),
    ("needs", "capital"),
    ("needs", "tech"),
    ("county_code", TONGCHENG),
    ("park", "通城高新区"),
    ("investment_wan", "30,000"),
    ("stage", "attracting"),
    ("target_companies", "信维通信，领益智造"),
];

/// Staff of 通城县 creates the project through the form; returns its id.
async fn staff_creates_project(b: &Browser) -> i64 {
    let r = b.submit("/projects/new", "/projects/new", PROJECT).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    r.location()
        .strip_prefix("/projects/")
        .and_then(|id| id.parse().ok())
        .expect("redirect to the new project")
}

async fn staff(app: &TestApp) -> Browser {
    signed_in(app, "tc_staff", Role::Staff, Some(TONGCHENG)).await
}

#[tokio::test]
async fn staff_create_a_project_and_find_it_in_the_library() {
    let app = spawn_app().await;
    let b = staff(&app).await;
    let id = staff_creates_project(&b).await;
    let show = b.get(&format!("/projects/{id}")).await;
    assert!(show.html.contains("无线充电接收端模组生产线"));
    assert!(show.html.contains("30000 万元") && show.html.contains("信维通信"));
    assert!(
        show.html
            .contains(&format!("href=\"/projects/{id}/matches\""))
    );
    let list = b.get("/projects?chain=terminal&stage=attracting").await;
    assert!(list.html.contains(&format!("href=\"/projects/{id}\"")));
    let other = b.get("/projects?stage=landed").await;
    assert!(other.html.contains("没有符合条件的项目"));
    // 匹配人选 with nobody to propose says so and where to look instead.
    let m = b.get(&format!("/projects/{id}/matches")).await;
    assert_eq!(m.status, StatusCode::OK);
    assert!(
        text_of(&m.html, "no-matches").contains("暂无匹配人选"),
        "{}",
        m.html
    );
}

#[tokio::test]
async fn a_refused_project_form_names_the_field_and_keeps_what_was_typed() {
    let app = spawn_app().await;
    let b = staff(&app).await;
    let mut fields = PROJECT.to_vec();
    fields.retain(|(k, _)| *k != "segment" && *k != "investment_wan");
    fields.push(("investment_wan", "三万"));
    fields.push(("segment", "terminal.components"));
    let r = b.submit("/projects/new", "/projects/new", &fields).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.html.contains("id=\"investment_wan-error\""), "{}", r.html);
    assert!(r.html.contains("value=\"无线充电接收端模组生产线\""));
    // A county outside the scope is refused outright.
    let mut outside = PROJECT.to_vec();
    outside.retain(|(k, _)| *k != "county_code");
    outside.push(("county_code", "421223"));
    let r = b.submit("/projects/new", "/projects/new", &outside).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_stale_project_edit_keeps_the_typing_and_says_someone_else_saved() {
    let app = spawn_app().await;
    let b = staff(&app).await;
    let id = staff_creates_project(&b).await;
    let edit = format!("/projects/{id}/edit");
    let form = b.get(&edit).await;
    let token = form.csrf();
    let mut mine = PROJECT.to_vec();
    mine.retain(|(k, _)| *k != "title");
    mine.push(("title", "我改的名称"));
    mine.push(("version", "1"));
    // Someone else saves first.
    let mut theirs = PROJECT.to_vec();
    theirs.push(("version", "1"));
    theirs.retain(|(k, _)| *k != "stage");
    theirs.push(("stage", "negotiating"));
    let first = b.post(&edit, &token, &theirs).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.html);
    let stale = b.post(&edit, &token, &mine).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(text_of(&stale.html, "form-error").contains("已被他人修改"));
    assert!(stale.html.contains("value=\"我改的名称\""));
    assert!(stale.html.contains("name=\"version\" value=\"2\""));
    // Saving again is a conscious overwrite and goes through. The stage select now offers
    // only 洽谈中 (current) and the moves from there, so the browser sends 洽谈中.
    assert!(
        stale
            .html
            .contains("<option value=\"negotiating\">洽谈中（当前）</option>")
    );
    let mut again = mine.clone();
    again.retain(|(k, _)| *k != "version" && *k != "stage");
    again.push(("version", "2"));
    again.push(("stage", "negotiating"));
    let ok = b.post(&edit, &token, &again).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_person_is_put_forward_then_moved_along_with_only_the_allowed_steps() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let person = create_profile(&admin, "张伟", true, true).await;
    let b = staff(&app).await;
    let project = staff_creates_project(&b).await;
    // From the profile page: the open projects of the scope.
    let profile_page = b.get(&format!("/profiles/{person}")).await;
    assert!(profile_page.html.contains("列入项目对接"));
    let r = b
        .submit(
            &format!("/profiles/{person}"),
            "/pipeline",
            &[
                ("project", &project.to_string()),
                ("profile_id", &person.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    let entry = r.location().to_owned();
    let show = b.get(&entry).await;
    assert_eq!(text_of(&show.html, "current-status"), "推荐");
    // Only the next step and dropping are offered.
    assert!(show.html.contains("value=\"contacted\""));
    assert!(show.html.contains("value=\"dropped\""));
    assert!(!show.html.contains("value=\"signed\""));
    let moved = b
        .submit(
            &entry,
            &format!("{entry}/status"),
            &[("status", "contacted")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let show = b.get(&entry).await;
    assert_eq!(text_of(&show.html, "current-status"), "已联系");
    assert!(show.html.contains("value=\"negotiating\""));
    // A skipped step posted by hand is refused with the reason beside the buttons.
    let skip = b
        .submit(&entry, &format!("{entry}/status"), &[("status", "landed")])
        .await;
    assert_eq!(skip.status, StatusCode::BAD_REQUEST);
    assert!(skip.html.contains("id=\"status-error\""));
    // The same person twice is refused beside the number on the project page.
    let twice = b
        .submit(
            &format!("/projects/{project}"),
            "/pipeline",
            &[
                ("project", &project.to_string()),
                ("profile_id", &person.to_string()),
            ],
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(text_of(&twice.html, "form-error").contains("已在本项目的对接名单中"));
}

#[tokio::test]
async fn contacts_are_logged_with_errors_beside_their_fields_and_stalled_entries_are_marked() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let person = create_profile(&admin, "张伟", true, true).await;
    let b = staff(&app).await;
    let project = staff_creates_project(&b).await;
    let r = b
        .submit(
            &format!("/projects/{project}"),
            "/pipeline",
            &[
                ("project", &project.to_string()),
                ("profile_id", &person.to_string()),
            ],
        )
        .await;
    let entry = r.location().to_owned();
    let id: i64 = entry.trim_start_matches("/pipeline/").parse().expect("id");
    // Shortlisted 40 days ago and never contacted: stalled.
    let old = Utc::now() - Duration::days(40);
    xiangxian::entity::pipeline_entry::Entity::update_many()
        .col_expr(
            xiangxian::entity::pipeline_entry::Column::CreatedAt,
            sea_orm::sea_query::Expr::value(old),
        )
        .filter(xiangxian::entity::pipeline_entry::Column::Id.eq(id))
        .exec(app.db.conn())
        .await
        .expect("age the entry");
    let board = b.get("/pipeline").await;
    assert!(board.html.contains("board-card stalled"), "{}", board.html);
    assert!(board.html.contains("超过30天未联系"));
    let only = b.get("/pipeline?stalled=yes").await;
    assert!(only.html.contains("张伟"));
    let dash = b.get("/").await;
    assert!(dash.html.contains("id=\"stalled-link\""));

    let empty = b
        .submit(
            &entry,
            &format!("{entry}/contacts"),
            &[("channel", "phone"), ("summary", "")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(
        empty.html.contains("id=\"summary-error\""),
        "{}",
        empty.html
    );
    let future = b
        .submit(
            &entry,
            &format!("{entry}/contacts"),
            &[
                ("channel", "phone"),
                ("summary", "约了面谈"),
                ("at", "2999-01-01"),
            ],
        )
        .await;
    assert!(future.html.contains("id=\"at-error\""));
    assert!(future.html.contains("约了面谈"), "what was typed stays");
    let ok = b
        .submit(
            &entry,
            &format!("{entry}/contacts"),
            &[("channel", "visit"), ("summary", "上门拜访，对项目有兴趣")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let show = b.get(&entry).await;
    assert!(show.html.contains("上门拜访，对项目有兴趣") && show.html.contains("走访"));
    assert!(
        !show.html.contains("id=\"stalled-mark\""),
        "a contact today un-stalls it"
    );
}

#[tokio::test]
async fn the_dashboard_counts_projects_by_chain_and_entries_by_stage_for_staff_only() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let person = create_profile(&admin, "张伟", true, true).await;
    let b = staff(&app).await;
    let project = staff_creates_project(&b).await;
    let r = b
        .submit(
            &format!("/projects/{project}"),
            "/pipeline",
            &[
                ("project", &project.to_string()),
                ("profile_id", &person.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let dash = b.get("/").await;
    assert!(dash.html.contains("id=\"pipeline-by-stage\""));
    assert!(dash.html.contains("id=\"projects-by-chain\""));
    assert!(!dash.html.contains("上线后在此显示"), "no placeholder left");
    let island = dash
        .html
        .split("<script type=\"application/json\" id=\"chart-data\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("data island");
    let data: serde_json::Value = serde_json::from_str(island).expect("json");
    assert_eq!(data["projects"][0]["code"], "terminal");
    assert_eq!(data["projects"][0]["count"], 1);
    assert_eq!(data["pipeline"].as_array().map(Vec::len), Some(6));
    assert_eq!(data["pipeline"][0]["code"], "recommended");
    assert_eq!(data["pipeline"][0]["count"], 1, "{data}");
    let org = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let od = org.get("/").await;
    assert!(!od.html.contains("id=\"projects-by-chain\""));
    // Organizers see the library's public summaries only (none here), never the pipeline.
    let list = org.get("/projects").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.html.contains("id=\"no-projects\""), "{}", list.html);
    assert_eq!(org.get("/pipeline").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn project_forms_refuse_a_missing_csrf_token() {
    let app = spawn_app().await;
    let b = staff(&app).await;
    b.get("/projects/new").await;
    let r = b.post("/projects/new", "forged", PROJECT).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let staff_of_other_county = signed_in(&app, "cy_staff", Role::Staff, Some("421223")).await;
    let id = staff_creates_project(&b).await;
    assert_eq!(
        staff_of_other_county
            .get(&format!("/projects/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_project_page_adds_a_person_to_the_pipeline_found_by_name_not_by_id() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let zhang = create_profile(&admin, "张伟", true, true).await;
    // A namesake who has not agreed to be matched (the same name on purpose).
    let unwilling = crate::matching::create(
        &admin,
        crate::matching::person(
            "张伟",
            serde_json::json!({"consent_match": false, "mobile": "13900000001"}),
        ),
    )
    .await;
    // A namesake of 崇阳县, outside the 通城县 staff member's scope.
    let elsewhere = crate::matching::create(
        &admin,
        crate::matching::person(
            "张伟",
            serde_json::json!({"hometown_code": "421223100201", "mobile": "13900000002"}),
        ),
    )
    .await;
    let all =
        crate::search::settled_get(&app, &admin, "/api/v1/profiles?q=%E5%BC%A0%E4%BC%9F").await;
    assert_eq!(all.body["total"], 3, "{}", all.text);
    let b = staff(&app).await;
    let project = staff_creates_project(&b).await;
    let page = format!("/projects/{project}");
    // No number to type: the name search of the 匹配人选 page.
    let plain = b.get(&page).await;
    assert_eq!(plain.status, StatusCode::OK, "{}", plain.html);
    assert!(plain.html.contains("id=\"name-form\""), "{}", plain.html);
    assert!(!plain.html.contains("乡贤档案编号"));
    let found = b.get(&format!("{page}?name=%E5%BC%A0%E4%BC%9F")).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.html);
    assert!(
        found
            .html
            .contains(&format!("id=\"name-shortlist-{zhang}\"")),
        "{}",
        found.html
    );
    // The namesake outside the scope is not shown, not even by name.
    assert!(
        !found.html.contains(&format!("name-hit-{elsewhere}\"")),
        "{}",
        found.html
    );
    assert!(!found.html.contains("421223100201"));
    // Without consent: found, but no button.
    assert!(found.html.contains(&format!("id=\"name-hit-{unwilling}\"")));
    assert!(
        !found
            .html
            .contains(&format!("id=\"name-shortlist-{unwilling}\""))
    );
    // The hit's button posts the id it carries.
    let r = b
        .submit(
            &format!("{page}?name=%E5%BC%A0%E4%BC%9F"),
            "/pipeline",
            &[
                ("project", &project.to_string()),
                ("profile_id", &zhang.to_string()),
                ("name", "张伟"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    assert!(r.location().starts_with("/pipeline/"), "{}", r.location());
    let listed = b.get(&page).await;
    assert!(
        listed
            .html
            .contains(&format!("<td><a href=\"/profiles/{zhang}\">张伟</a></td>")),
        "{}",
        listed.html
    );
    // Twice: refused on the project page, the search kept.
    let twice = b
        .submit(
            &page,
            "/pipeline",
            &[
                ("project", &project.to_string()),
                ("profile_id", &zhang.to_string()),
                ("name", "张伟"),
            ],
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(text_of(&twice.html, "form-error").contains("已在本项目的对接名单中"));
    assert!(twice.html.contains(&format!("id=\"name-hit-{zhang}\"")));
}
