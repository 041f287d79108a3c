//! The server-rendered pages: sign-in, CSRF, forms that keep what was typed,
//! masked contacts and the audited reveal, founders' own pages, admin pages.

use reqwest::StatusCode;
use xiangxian::domain::Role;

use crate::helpers::{PASSWORD, spawn_app};
use crate::page_client::{Browser, organizer_creates_profile, signed_in};

#[tokio::test]
async fn the_dashboard_without_a_session_redirects_to_login() {
    let app = spawn_app().await;
    let r = Browser::new(&app).get("/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login");
    let r = Browser::new(&app).get("/profiles/7").await;
    assert_eq!(r.location(), "/login?next=/profiles/7");
}

#[tokio::test]
async fn login_page_is_in_chinese_with_a_csrf_token_and_no_caching() {
    let app = spawn_app().await;
    let r = Browser::new(&app).get("/login").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.html.contains("登录乡贤通"));
    assert_eq!(r.csrf().len(), 64);
    assert_eq!(r.headers["cache-control"], "no-store");
    let csp = r.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(
        !r.html.contains(" style=\""),
        "no inline styles under the CSP"
    );
}

#[tokio::test]
async fn signing_in_through_the_form_shows_the_dashboard_with_name_and_role() {
    let app = spawn_app().await;
    app.create_user("tc_staff", Role::Staff, Some("421222"))
        .await;
    let b = Browser::new(&app);
    let before = b.get("/login").await.csrf();
    let r = b
        .post(
            "/login",
            &before,
            &[("username", "tc_staff"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.location(), "/");
    let r = b.get("/").await;
    assert_ne!(r.csrf(), before, "signing in replaces the CSRF token");
    assert_eq!(r.status, StatusCode::OK, "{}", r.html);
    // minijinja escapes "/" as &#x2f; in HTML text.
    assert!(r.html.contains("县&#x2f;区&#x2f;市工作人员"), "{}", r.html);
    assert!(r.html.contains("通城县乡贤工作概况"));
    assert!(r.html.contains("id=\"chart-data\""));
    // Staff see no user management in their menu.
    assert!(!r.html.contains("/admin/users"));
    let logins: Vec<_> = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|a| a.0 == "login")
        .collect();
    assert_eq!(logins.len(), 1);
}

#[tokio::test]
async fn a_wrong_password_shows_the_form_again_with_the_username_kept() {
    let app = spawn_app().await;
    app.create_user("real_user", Role::Founder, None).await;
    let b = Browser::new(&app);
    let r = b
        .submit(
            "/login",
            "/login",
            &[("username", "real_user"), ("password", "not the password")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.html.contains("用户名或密码不正确"));
    assert!(r.html.contains("value=\"real_user\""));
    assert!(!r.html.contains("not the password"));
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused_with_a_friendly_page() {
    let app = spawn_app().await;
    app.create_user("someone", Role::Admin, None).await;
    let b = Browser::new(&app);
    b.get("/login").await;
    let r = b
        .post(
            "/login",
            "",
            &[("username", "someone"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.html.contains("页面已过期"), "{}", r.html);
    // A token from another session is as good as none.
    let other = Browser::new(&app).get("/login").await.csrf();
    let r = b
        .post(
            "/login",
            &other,
            &[("username", "someone"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_form_posted_from_another_site_is_refused() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let token = b.get("/profiles/new").await.csrf();
    let r = b
        .http
        .post(format!("{}/profiles/new", b.base))
        .header("origin", "http://evil.example")
        .form(&[
            ("_csrf", token.as_str()),
            ("name", "张伟"),
            ("hometown_code", "421222100001"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("页面已过期"));
}

#[tokio::test]
async fn a_refused_profile_form_keeps_what_was_typed_and_names_the_field() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let r = b
        .submit(
            "/profiles/new",
            "/profiles/new",
            &[
                ("name", "李娜"),
                ("hometown_code", "421222100002"),
                ("mobile", "12345"),
                ("employer", "京东方科技集团"),
                ("chains", "display.lcd"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.html.contains("id=\"mobile-error\""), "{}", r.html);
    assert!(r.html.contains("value=\"12345\""));
    assert!(r.html.contains("value=\"李娜\""));
    assert!(r.html.contains("value=\"京东方科技集团\""));
    assert!(
        r.html
            .contains("value=\"display.lcd\" id=\"chain-display-lcd\" checked")
    );
}

#[tokio::test]
async fn the_profile_page_masks_the_phone_until_a_purpose_is_given() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let id = organizer_creates_profile(&b).await;
    let page = b.get(&format!("/profiles/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("138****5678"), "{}", page.html);
    assert!(!page.html.contains("13812345678"));
    assert_eq!(page.headers["cache-control"], "no-store");
    assert!(page.html.contains("无线充电和电子元器件"));

    let no_purpose = b
        .post(
            &format!("/profiles/{id}/reveal"),
            &page.csrf(),
            &[("purpose", "")],
        )
        .await;
    assert_eq!(no_purpose.status, StatusCode::BAD_REQUEST);
    assert!(no_purpose.html.contains("id=\"purpose-error\""));
    assert!(!no_purpose.html.contains("13812345678"));

    let revealed = b
        .post(
            &format!("/profiles/{id}/reveal"),
            &page.csrf(),
            &[("purpose", "项目对接联系")],
        )
        .await;
    // POST-redirect-GET: the contacts show on the page it redirects to, once.
    assert_eq!(revealed.status, StatusCode::SEE_OTHER);
    let revealed = b.get(&format!("/profiles/{id}")).await;
    assert!(revealed.html.contains("13812345678"));
    let reveals: Vec<_> = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|a| a.0 == "reveal")
        .collect();
    assert_eq!(reveals.len(), 1);
    assert_eq!(reveals[0].2, "其他：项目对接联系");
}

#[tokio::test]
async fn a_profile_outside_the_scope_answers_a_not_found_page() {
    let app = spawn_app().await;
    let org = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let id = organizer_creates_profile(&org).await;
    let other = signed_in(&app, "org2", Role::Organizer, Some("421202001")).await;
    let r = other.get(&format!("/profiles/{id}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.html.contains("找不到该页面或记录"));
    let mine = org.settled_get(&app, "/profiles").await;
    assert!(mine.html.contains("张伟"));
    let list = other.get("/profiles").await;
    assert!(!list.html.contains("张伟"));
}

#[tokio::test]
async fn an_organizer_verifies_edits_and_records_consent() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let id = organizer_creates_profile(&b).await;
    let show = format!("/profiles/{id}");
    let r = b
        .submit(&show, &format!("/profiles/{id}/verify"), &[])
        .await;
    assert_eq!(r.location(), show);
    let edit = b.get(&format!("/profiles/{id}/edit")).await;
    assert!(edit.html.contains("name=\"version\" value=\"2\""));
    assert!(
        !edit.html.contains("13812345678"),
        "contacts stay masked on the edit form"
    );
    let r = b
        .post(
            &format!("/profiles/{id}/edit"),
            &edit.csrf(),
            &[
                ("name", "张伟"),
                ("hometown_code", "421222100001"),
                ("title", "研发总监"),
                ("version", "2"),
                ("listed", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    let r = b
        .submit(
            &show,
            &format!("/profiles/{id}/consent"),
            &[("consent_match", "yes"), ("basis", "电话确认")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = b.get(&show).await;
    assert!(page.html.contains("研发总监"));
    assert!(page.html.contains("已核实"));
    assert!(page.html.contains("本人同意被推荐对接"));
    // The basis is recorded as its code and shown as its label.
    assert!(page.html.contains("方式：电话"));
    assert!(
        page.html.contains("138****5678"),
        "a blank contact on edit keeps the old one"
    );
}

#[tokio::test]
async fn a_claim_code_is_shown_once_and_the_founder_claims_with_it() {
    let app = spawn_app().await;
    let org = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let id = organizer_creates_profile(&org).await;
    let r = org
        .submit(
            &format!("/profiles/{id}"),
            &format!("/profiles/{id}/claim-code"),
            &[],
        )
        .await;
    // Redirected to the page that shows it once; a refresh finds it gone.
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    assert_eq!(r.location(), format!("/profiles/{id}/claim-code"));
    let r = org.follow(r).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["cache-control"], "no-store");
    let again = org.get(&format!("/profiles/{id}/claim-code")).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(again.location(), format!("/profiles/{id}"));
    assert!(
        org.get(&format!("/profiles/{id}"))
            .await
            .html
            .contains("认领码只显示一次")
    );
    let marker = "id=\"claim-code\">";
    let start = r.html.find(marker).unwrap() + marker.len();
    let code = r.html[start..start + 10].to_owned();

    // The person registered with the record's mobile: the claim needs no approval.
    let registered = app
        .client()
        .post(
            "/api/v1/auth/register",
            serde_json::json!({"username": "zhangwei", "password": crate::helpers::PASSWORD,
                "name": "张伟", "hometown_code": "421222100001", "mobile": "13812345678"}),
        )
        .await;
    assert_eq!(
        registered.status,
        StatusCode::CREATED,
        "{}",
        registered.text
    );
    let founder = crate::page_client::Browser::sign_in(&app, "zhangwei").await;
    let bad = founder
        .submit("/claim", "/claim", &[("code", "AAAAAAAAAA")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.html.contains("id=\"code-error\""));
    let ok = founder.submit("/claim", "/claim", &[("code", &code)]).await;
    assert_eq!(ok.location(), "/me", "{}", ok.html);
    let me = founder.get("/me").await;
    assert!(me.html.contains("认领成功"));
    assert!(
        me.html.contains("13812345678"),
        "the person sees their own full number"
    );
}

#[tokio::test]
async fn a_founder_registers_sets_privacy_exports_and_deletes() {
    let app = spawn_app().await;
    let b = Browser::new(&app);
    let form = b.get("/register").await;
    assert!(form.html.contains("乡贤注册"));
    assert!(form.html.contains("隽水镇"));
    let mismatch = b
        .post(
            "/register",
            &form.csrf(),
            &[
                ("name", "黄小龙"),
                ("hometown_code", "421224100001"),
                ("username", "huangxl"),
                ("password", "回乡创业-2026-ok"),
                ("password2", "different"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::BAD_REQUEST);
    assert!(mismatch.html.contains("id=\"password2-error\""));
    assert!(mismatch.html.contains("value=\"黄小龙\""));
    let r = b
        .post(
            "/register",
            &mismatch.csrf(),
            &[
                ("name", "黄小龙"),
                ("hometown_code", "421224100001"),
                ("mobile", "13907151234"),
                ("username", "huangxl"),
                ("password", "回乡创业-2026-ok"),
                ("password2", "回乡创业-2026-ok"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/me", "{}", r.html);
    let me = b.get("/me").await;
    assert!(me.html.contains("13907151234"));

    let r = b
        .submit(
            "/me/privacy",
            "/me/privacy/consent",
            &[("consent_match", "yes")],
        )
        .await;
    assert_eq!(r.location(), "/me/privacy");
    let privacy = b.get("/me/privacy").await;
    assert!(privacy.html.contains("已记录：您同意被推荐对接"));
    assert!(privacy.html.contains("撤回同意"));

    let export = b.submit("/me", "/me/export", &[]).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(
        export.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let data: serde_json::Value = serde_json::from_str(&export.html).unwrap();
    assert_eq!(data["profiles"][0]["mobile"], "13907151234");

    let wrong = b
        .submit("/me/delete", "/me/delete", &[("confirm", "好的")])
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.html.contains("id=\"confirm-error\""));
    let done = b
        .submit("/me/delete", "/me/delete", &[("confirm", "确认注销")])
        .await;
    // Redirected to a page that needs no session: a refresh does not post again.
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location(), "/me/deleted");
    let done = b.follow(done).await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.html.contains("账号已注销"));
    assert_eq!(b.get("/me").await.location(), "/login?next=/me");
}

#[tokio::test]
async fn pages_refuse_roles_that_may_not_use_them() {
    let app = spawn_app().await;
    let staff = signed_in(&app, "staff", Role::Staff, Some("421222")).await;
    let r = staff.get("/admin/users").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.html.contains("无权访问"));
    let founder = signed_in(&app, "founder", Role::Founder, None).await;
    assert_eq!(founder.get("/profiles").await.status, StatusCode::FORBIDDEN);
    assert_eq!(founder.get("/").await.location(), "/me");
    let denied = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|a| a.0 == "denied")
        .count();
    assert!(denied >= 2);
}

#[tokio::test]
async fn an_administrator_creates_disables_and_resets_a_user() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin", Role::Admin, None).await;
    let r = admin
        .submit(
            "/admin/users",
            "/admin/users",
            &[
                ("username", "tc_org"),
                ("display_name", "李组织"),
                ("password", "通城-组织者-2026"),
                ("role", "organizer"),
                ("scope", "421222"),
            ],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::BAD_REQUEST,
        "a county is not an organizer's scope"
    );
    assert!(r.html.contains("id=\"scope-error\""));
    assert!(r.html.contains("value=\"tc_org\""));
    let r = admin
        .submit(
            "/admin/users",
            "/admin/users",
            &[
                ("username", "tc_org"),
                ("display_name", "李组织"),
                ("password", "通城-组织者-2026"),
                ("role", "organizer"),
                ("scope", "421222100"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    let user_page = r.location().to_owned();
    let r = admin
        .submit(
            &user_page,
            &format!("{user_page}/disabled"),
            &[("disabled", "true")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(admin.get(&user_page).await.html.contains("已停用"));
    let r = admin
        .submit(
            &user_page,
            &format!("{user_page}/password"),
            &[("password", "123")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.html.contains("id=\"password-error\""));
    let audit = admin.get("/admin/audit?action=create&entity=user").await;
    assert_eq!(audit.status, StatusCode::OK);
    assert!(audit.html.contains("新建"));
    assert!(audit.html.contains("共 "));
}

#[tokio::test]
async fn an_organizer_registers_an_association_and_sees_coverage() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let r = b
        .submit(
            "/associations",
            "/associations",
            &[
                ("region_code", "421222100001"),
                ("name", "雁塔社区乡贤会"),
                ("member_count", "十二"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.html.contains("id=\"member_count-error\""));
    let r = b
        .submit(
            "/associations",
            "/associations",
            &[
                ("region_code", "421222100001"),
                ("name", "雁塔社区乡贤会"),
                ("member_count", "12"),
                ("founded_on", "2023-03-15"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/associations");
    let list = b.get("/associations").await;
    assert!(list.html.contains("雁塔社区乡贤会"));
    let coverage = b.get("/coverage").await;
    assert_eq!(coverage.status, StatusCode::OK);
    assert!(
        coverage.html.contains("100.0%"),
        "the village with its 乡贤会 is covered"
    );
}

#[tokio::test]
async fn static_files_and_the_vendored_chart_library_are_served() {
    let app = spawn_app().await;
    let b = Browser::new(&app);
    let css = b.get("/static/css/app.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(
        css.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert_eq!(
        b.get("/static/vendor/echarts/echarts.min.js").await.status,
        StatusCode::OK
    );
    assert_eq!(
        b.get("/static/vendor/echarts/LICENSE").await.status,
        StatusCode::OK
    );
    assert_eq!(b.get("/static/nope.js").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let r = b.submit("/", "/logout", &[]).await;
    assert_eq!(r.location(), "/login");
    assert_eq!(b.get("/").await.location(), "/login");
}

#[tokio::test]
async fn the_dashboard_counts_fresh_profiles_as_confirmed_not_stale() {
    let app = spawn_app().await;
    let org = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    organizer_creates_profile(&org).await;
    let admin = app.admin().await;
    let r = admin.get("/api/v1/stats/coverage?region=421222").await;
    assert_eq!(r.body["region"]["profiles"], 1);
    assert_eq!(r.body["region"]["stale"], 0, "{}", r.text);
    let dash = org.get("/").await;
    assert!(dash.html.contains("乡贤工作概况"));
    assert!(dash.html.contains("无线充电和电子元器件") || dash.html.contains("智能终端元器件"));
}

#[tokio::test]
async fn the_profile_list_filters_by_village_verification_and_pages_through_search() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let first = organizer_creates_profile(&b).await;
    let r = b
        .submit(
            "/profiles/new",
            "/profiles/new",
            &[
                ("name", "李娜"),
                ("hometown_code", "421222100002"),
                ("listed", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    b.submit(
        &format!("/profiles/{first}"),
        &format!("/profiles/{first}/verify"),
        &[],
    )
    .await;

    // The list comes from the search index, which applies writes a moment later.
    let all = b.settled_get(&app, "/profiles?verified=yes").await;
    assert!(all.html.contains("张伟"), "{}", all.html);
    let all = b.get("/profiles").await;
    assert!(all.html.contains("张伟") && all.html.contains("李娜"));
    assert!(all.html.contains("共 2 条"));
    let village = b.get("/profiles?region=421222100002").await;
    assert!(village.html.contains("李娜") && !village.html.contains("张伟"));
    let verified = b.get("/profiles?verified=yes").await;
    assert!(verified.html.contains("张伟") && !verified.html.contains("李娜"));
    let beyond = b.get("/profiles?page=2").await;
    assert!(beyond.html.contains("没有符合条件的档案"));
    // A region outside the scope narrows to nothing; it never widens the list.
    let outside = b.get("/profiles?region=421202").await;
    assert!(outside.html.contains("没有符合条件的档案"));
}

#[tokio::test]
async fn a_founder_edits_their_own_profile_with_full_contacts_and_no_tier() {
    let app = spawn_app().await;
    let b = Browser::new(&app);
    let r = b
        .submit(
            "/register",
            "/register",
            &[
                ("name", "黄小龙"),
                ("hometown_code", "421224100001"),
                ("mobile", "13907151234"),
                ("username", "huangxl"),
                ("password", "回乡创业-2026-ok"),
                ("password2", "回乡创业-2026-ok"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/me");
    let form = b.get("/me/edit").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.html.contains("value=\"13907151234\""),
        "the person sees their own number"
    );
    assert!(!form.html.contains("name=\"tier\""));
    let r = b
        .post(
            "/me/edit",
            &form.csrf(),
            &[
                ("name", "黄小龙"),
                ("hometown_code", "421224100001"),
                ("mobile", "13907151234"),
                ("employer", "深圳市某电子公司"),
                ("chains", "optical.fiber"),
                ("intents", "startup"),
                ("version", "1"),
                ("listed", "on"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/me", "{}", r.html);
    let me = b.get("/me").await;
    assert!(me.html.contains("深圳市某电子公司"));
    assert!(me.html.contains("光纤光缆"));
    assert!(me.html.contains("返乡创业"));
    // A stale version is refused on the form, keeping what was typed.
    let stale = b
        .post(
            "/me/edit",
            &me.csrf(),
            &[
                ("name", "黄小龙"),
                ("hometown_code", "421224100001"),
                ("title", "总经理"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.html.contains("已被他人修改"));
    assert!(stale.html.contains("value=\"总经理\""));
}

#[tokio::test]
async fn an_unknown_address_answers_a_page_and_an_unknown_api_path_json() {
    let app = spawn_app().await;
    let b = Browser::new(&app);
    let page = b.get("/no-such-page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.html.contains("找不到该页面"));
    let api = app.client().get("/api/v1/no-such-thing").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.error_code(), "not_found");
}
