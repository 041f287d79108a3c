//! `POST /projects/{id}/referrals`: recording who referred a project lead (以商招商)
//! from the project page, through `service::referral` like the JSON API.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;

use super::csrf::Form;
use super::forms::refusal;
use super::projects;
use super::render::{Page, PageResult, flash};
use crate::error::AppError;
use crate::service::referral::{self, ReferralReq};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/projects/{id}/referrals", post(create))
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let profile_id = match form.opt("profile_id").map(|p| p.trim().parse::<i64>()) {
        None => Ok(None),
        Some(Ok(n)) => Ok(Some(n)),
        Some(Err(_)) => Err(AppError::invalid(
            "profile_id",
            "请填写乡贤档案编号（档案页面网址中的数字）",
        )),
    };
    let result = match profile_id {
        Ok(profile_id) => {
            let req = ReferralReq {
                project_id: Some(id),
                profile_id,
                company: form.opt("company"),
                note: form.opt("note"),
            };
            referral::create(&state.db, &page.me, req).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(r) => {
            let message = if r.credited_at.is_some() {
                "引荐已登记；项目已落地，引荐已计入。"
            } else {
                "引荐已登记；项目落地时计入。"
            };
            flash(&page.session, message).await?;
            Ok(Redirect::to(&format!("/projects/{id}#referrals")).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let html = projects::show_page(&state, &page, id, errors, None).await?;
            Ok((status, html).into_response())
        }
    }
}
