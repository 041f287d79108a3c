//! A founder's own pages: `/me` (the profile, full contacts), `/me/privacy`
//! (listed and consent switches), `/me/export` (a JSON download) and
//! `/me/delete` (erase the record and close the account, after confirming).

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;

use super::csrf::Form;
use super::forms::{Errors, refusal};
use super::render::{Page, PageResult, flash, render_template};
use crate::error::AppError;
use crate::service::profile::{
    self as profiles, ProfileAction, ProfileReq, ProfileView, consent, me, transfer, write,
};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(show))
        .route("/me/privacy", get(privacy))
        .route("/me/privacy/listed", post(set_listed))
        .route("/me/privacy/consent", post(set_consent))
        .route("/me/privacy/notices", post(set_notices))
        .route("/me/export", post(export))
        .route("/me/delete", get(confirm_delete).post(delete))
        .route("/me/deleted", get(deleted))
}

async fn show(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    let view = me::own_profile(state.db.conn(), &page.me)
        .await?
        .map(|p| ProfileView::for_viewer(p, &page.me, &state.regions));
    let pending = transfer::pending_for_account(state.db.conn(), &page.me).await?;
    page.render(&state, "me/index.html", context! { p => view, pending })
        .await
}

async fn privacy_page(state: &AppState, page: &Page, errors: Errors) -> PageResult<Html<String>> {
    let id = me::own_profile_id(&page.me)?;
    let p = profiles::load(state.db.conn(), &page.me, id, ProfileAction::Read).await?;
    let opted_out = crate::service::notify::optout::own(state.db.conn(), &page.me).await?;
    page.render(
        state,
        "me/privacy.html",
        context! { p => ProfileView::for_viewer(p, &page.me, &state.regions), errors, opted_out },
    )
    .await
}

async fn privacy(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    privacy_page(&state, &page, Errors::default()).await
}

async fn set_listed(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    let id = me::own_profile_id(&page.me)?;
    let current = profiles::load(state.db.conn(), &page.me, id, ProfileAction::Edit).await?;
    let listed = form.get("listed") == Some("yes");
    let req = ProfileReq {
        listed: Some(listed),
        version: Some(current.version),
        ..Default::default()
    };
    match write::update(&state.db, &page.me, id, req).await {
        Ok(_) => {
            let msg = if listed {
                "已设为公开：组织者和工作人员可以查到您的档案。"
            } else {
                "已设为不公开：您的档案不会出现在任何查询和匹配中。"
            };
            flash(&page.session, msg).await?;
            Ok(Redirect::to("/me/privacy").into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            Ok((status, privacy_page(&state, &page, errors).await?).into_response())
        }
    }
}

async fn set_consent(
    State(state): State<AppState>,
    page: Page,
    form: Form,
) -> PageResult<Response> {
    let id = me::own_profile_id(&page.me)?;
    let yes = form.get("consent_match") == Some("yes");
    match consent::record(&state.db, &page.me, id, yes, None, None).await {
        Ok(_) => {
            let msg = if yes {
                "已记录：您同意被推荐对接。可随时撤回。"
            } else {
                "已撤回同意：今后不会再把您推荐给项目。"
            };
            flash(&page.session, msg).await?;
            Ok(Redirect::to("/me/privacy").into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            Ok((status, privacy_page(&state, &page, errors).await?).into_response())
        }
    }
}

/// E-mail or SMS notices on or off.
async fn set_notices(
    State(state): State<AppState>,
    page: Page,
    form: Form,
) -> PageResult<Response> {
    let channel = form.text("channel");
    let receive = form.get("receive") == Some("yes");
    match crate::service::notify::optout::set_own(&state.db, &page.me, &channel, receive).await {
        Ok(()) => {
            let word = crate::service::notify::optout::label(&channel);
            let msg = if receive {
                format!("已恢复接收{word}通知。")
            } else {
                format!("已退订{word}通知。")
            };
            flash(&page.session, &msg).await?;
            Ok(Redirect::to("/me/privacy").into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            Ok((status, privacy_page(&state, &page, errors).await?).into_response())
        }
    }
}

/// Everything held about the caller, as a file to keep (POST: nothing personal in a URL, and audited).
/// With `lang=zh` the keys are Chinese words, for the person to read.
async fn export(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    let data = me::export(&state.db, &page.me).await?;
    let zh = form.opt("lang").as_deref() == Some("zh");
    let data = if zh {
        crate::service::personal_data::chinese(data)
    } else {
        crate::service::personal_data::readable(data)
    };
    let body = serde_json::to_vec_pretty(&data).map_err(|e| AppError::Internal(e.into()))?;
    let (name, fallback) = if zh {
        ("我的数据-乡贤通.json", "xiangxian-my-data-zh.json")
    } else {
        ("xiangxian-my-data.json", "xiangxian-my-data.json")
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&crate::routes::download::attachment(name, fallback))
                    .map_err(|e| AppError::Internal(e.into()))?,
            ),
        ],
        body,
    )
        .into_response())
}

/// The words the person types to confirm; a tick box alone is too easy to hit on a phone.
const CONFIRM_WORDS: &str = "确认注销";

async fn confirm_delete(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    me::guard(&page.me)?;
    page.render(
        &state,
        "me/delete.html",
        context! { words => CONFIRM_WORDS },
    )
    .await
}

async fn delete(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    me::guard(&page.me)?;
    if form.text("confirm").trim() != CONFIRM_WORDS {
        let errors = Errors::field("confirm", &format!("请输入“{CONFIRM_WORDS}”四个字以确认"));
        let typed = form.text("confirm");
        let html = page
            .render(
                &state,
                "me/delete.html",
                context! { words => CONFIRM_WORDS, errors, typed },
            )
            .await?;
        return Ok((StatusCode::BAD_REQUEST, html).into_response());
    }
    me::erase(&state.db, &page.me).await?;
    page.session.flush().await?;
    Ok(Redirect::to("/me/deleted").into_response())
}

/// Where an erased account lands: a page that needs no session (the session is gone).
async fn deleted() -> PageResult<Html<String>> {
    Ok(Html(render_template("me/deleted.html", context! {})?))
}
