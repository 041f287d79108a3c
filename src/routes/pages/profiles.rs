//! `/profiles/{id}`: one profile of the caller's area for organizers, staff
//! and administrators — masked contacts and the audited reveal,
//! verification, consent, claim codes and deletion. The list is in
//! `profile_list`.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::{Value, context};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::csrf::Form;
use super::forms::{Errors, refusal};
use super::render::{Page, PageResult, flash};
use crate::domain::Stage;
use crate::entity::{profile, user};
use crate::error::AppResult;
use crate::service::profile::{
    self as profiles, ProfileAction, ProfileView, claim, consent, merge, reveal, transfer, write,
};
use crate::service::project::{self, ProjectFilter};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/profiles/{id}", get(show))
        .route("/profiles/{id}/reveal", post(reveal_contacts))
        .route("/profiles/{id}/verify", post(verify))
        .route("/profiles/{id}/consent", post(record_consent))
        .route(
            "/profiles/{id}/claim-code",
            get(issued_code).post(claim_code),
        )
        .route("/profiles/{id}/delete", post(delete))
        .route("/profiles/{id}/merge", post(merge_into))
}

/// Display names of the people who recorded consent and verified.
async fn names_of(
    conn: &impl ConnectionTrait,
    ids: &[Option<i64>],
) -> AppResult<Vec<Option<String>>> {
    let wanted: Vec<i64> = ids.iter().flatten().copied().collect();
    let found: Vec<(i64, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(wanted))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(ids
        .iter()
        .map(|id| id.and_then(|id| found.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone())))
        .collect())
}

/// Renders one profile; `revealed` carries contacts just revealed for a purpose.
pub async fn show_page(
    state: &AppState,
    page: &Page,
    id: i64,
    revealed: Option<Value>,
    errors: Errors,
    typed: Value,
) -> PageResult<Html<String>> {
    let found = profiles::load(state.db.conn(), &page.me, id, ProfileAction::Read).await?;
    let can = profiles::allowed(&page.me, &found);
    let own = found.owner_user_id == Some(page.me.id());
    let names = names_of(state.db.conn(), &[found.consent_by, found.verified_by]).await?;
    let projects = shortlist_choices(state, page, &found, can.shortlist).await?;
    // 以商招商: the referrals credited to this person, on projects the caller may read.
    let (credited_total, credited) =
        crate::service::referral::credited_of_profile(state.db.conn(), &page.me, found.id).await?;
    let credited: Vec<Value> = credited
        .into_iter()
        .map(|(r, p)| context! { project_id => p.id, title => p.title, at => r.credited_at })
        .collect();
    let memberships = crate::service::organization::members::of_profile(
        state.db.conn(),
        found.id,
        &state.regions,
    )
    .await?;
    let org_links = crate::service::organization::may_create(&page.me);
    let attendance =
        crate::service::event::checkin::history_unchecked(state.db.conn(), found.id).await?;
    let view = ProfileView::for_viewer(found, &page.me, &state.regions);
    let purposes: Vec<Value> = reveal::purpose_codes()
        .map(|(code, label)| context! { code, label })
        .collect();
    let bases: Vec<Value> = consent::BASES
        .iter()
        .map(|(code, label)| context! { code, label })
        .collect();
    page.render(
        state,
        "profiles/show.html",
        context! {
            p => view, can, own, revealed, errors, values => typed, projects, purposes, bases,
            consent_by_name => names[0].clone(), verified_by_name => names[1].clone(),
            credited, credited_total,
            memberships, org_links,
            attendance => Value::from_serialize(&attendance),
        },
    )
    .await
}

/// The open projects (招引中 · 洽谈中) of the caller's scope this person
/// could be put forward for: staff and administrators, consenting listed
/// profiles only (the pipeline service refuses the others anyway).
async fn shortlist_choices(
    state: &AppState,
    page: &Page,
    p: &profile::Model,
    staff: bool,
) -> PageResult<Vec<Value>> {
    if !staff || !p.listed || !p.consent_match {
        return Ok(Vec::new());
    }
    let (_, items) =
        project::list(state.db.conn(), &page.me, &ProjectFilter::default(), 1, 100).await?;
    let open = [Stage::Attracting.as_str(), Stage::Negotiating.as_str()];
    Ok(items
        .into_iter()
        .filter(|p| open.contains(&p.stage.as_str()))
        .map(|p| context! { id => p.id, title => p.title })
        .collect())
}

/// The session key that lets the next view of a profile show the contacts
/// just revealed, once: the page redirects after the POST, so a refresh does
/// not reveal (and count) twice. The session holds only the id and purpose.
const REVEALED: &str = "revealed_profile";

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    let mut revealed = None;
    if let Some((rid, purpose)) = page.session.get::<(i64, String)>(REVEALED).await?
        && rid == id
    {
        page.session.remove::<(i64, String)>(REVEALED).await?;
        let p = profiles::load(state.db.conn(), &page.me, id, ProfileAction::Reveal).await?;
        revealed =
            Some(context! { mobile => p.mobile, wechat => p.wechat, email => p.email, purpose });
    }
    show_page(&state, &page, id, revealed, Errors::default(), context! {}).await
}

async fn reveal_contacts(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let purpose_code = form.opt("purpose_code");
    let purpose = form.text("purpose");
    match reveal::reveal(
        &state.db,
        &page.me,
        id,
        purpose_code.as_deref(),
        Some(&purpose),
    )
    .await
    {
        Ok(_) => {
            let shown = match purpose_code.as_deref() {
                Some(code) if code != "other" => reveal::purpose_codes()
                    .find(|(c, _)| *c == code)
                    .map(|(_, l)| l.to_owned())
                    .unwrap_or_default(),
                _ => purpose.trim().to_owned(),
            };
            page.session.insert(REVEALED, (id, shown)).await?;
            Ok(Redirect::to(&format!("/profiles/{id}#contacts")).into_response())
        }
        Err(e @ crate::error::AppError::Limit { .. }) => {
            let status = e.status();
            let errors = Errors::form(e.public_message());
            let typed = context! { purpose, purpose_code };
            let html = show_page(&state, &page, id, None, errors, typed).await?;
            Ok((status, html).into_response())
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let typed = context! { purpose, purpose_code };
            let html = show_page(&state, &page, id, None, errors, typed).await?;
            Ok((status, html).into_response())
        }
    }
}

fn back_to(id: i64) -> Response {
    Redirect::to(&format!("/profiles/{id}")).into_response()
}

async fn verify(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    write::verify(&state.db, &page.me, id).await?;
    flash(&page.session, "已标记为核实，核实日期为今天。").await?;
    Ok(back_to(id))
}

async fn record_consent(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let yes = form.get("consent_match") == Some("yes");
    let basis = form.opt("basis");
    let note = form.opt("note");
    match consent::record(
        &state.db,
        &page.me,
        id,
        yes,
        basis.as_deref(),
        note.as_deref(),
    )
    .await
    {
        Ok(_) => {
            flash(
                &page.session,
                if yes {
                    "已记录：本人同意对接。"
                } else {
                    "已记录：不同意对接。"
                },
            )
            .await?;
            Ok(back_to(id))
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let typed = context! { basis => form.text("basis"), note => form.text("note") };
            let html = show_page(&state, &page, id, None, errors, typed).await?;
            Ok((status, html).into_response())
        }
    }
}

/// The session key holding a code just issued, sealed, until its page shows it once.
const ISSUED_CODE: &str = "issued_claim_code";

/// Issues a code and redirects to the page that shows it: the code waits in the session
/// sealed with the data key (never in a URL or in clear), and the page takes it out.
async fn claim_code(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    let (code, expires_at) = claim::issue(&state.db, &page.me, id).await?;
    let sealed = crate::crypto::keyring()
        .map_err(|e| crate::error::AppError::Internal(e.into()))?
        .seal(&code);
    page.session
        .insert(ISSUED_CODE, (id, sealed, expires_at))
        .await?;
    Ok(Redirect::to(&format!("/profiles/{id}/claim-code")).into_response())
}

/// Shows the code issued a moment ago, once; opened again (refresh, back button) it says
/// so on the profile page, where a new code can be issued.
async fn issued_code(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    let found = profiles::load(state.db.conn(), &page.me, id, ProfileAction::Read).await?;
    type Issued = (i64, String, chrono::DateTime<chrono::Utc>);
    let issued = page.session.remove::<Issued>(ISSUED_CODE).await?;
    let Some((_, sealed, expires_at)) = issued.filter(|(pid, _, _)| *pid == id) else {
        flash(
            &page.session,
            "认领码只显示一次。如需新的认领码，请再点“生成认领码”，之前的随之作废。",
        )
        .await?;
        return Ok(Redirect::to(&format!("/profiles/{id}")).into_response());
    };
    let code = crate::crypto::keyring()
        .and_then(|k| k.open(&sealed))
        .map_err(|e| crate::error::AppError::Internal(e.into()))?;
    let html = page
        .render(
            &state,
            "profiles/claim_code.html",
            context! { id, name => found.name, code, expires_at, days => claim::VALID_DAYS },
        )
        .await?;
    Ok(html.into_response())
}

async fn delete(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    _form: Form,
) -> PageResult<Response> {
    write::delete(&state.db, &page.me, id).await?;
    flash(&page.session, "档案已删除。").await?;
    Ok(Redirect::to("/profiles").into_response())
}

/// Merges this profile into another: done at once, or waiting for a county
/// staff member's approval when it would hand a record to an account.
async fn merge_into(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    let into = form.text("into").trim().parse::<i64>().unwrap_or(0);
    match merge::merge(&state.db, &page.me, id, into).await {
        Ok(transfer::Outcome::Done(p)) => {
            flash(&page.session, "已合并。").await?;
            Ok(Redirect::to(&format!("/profiles/{}", p.id)).into_response())
        }
        Ok(transfer::Outcome::Pending(_)) => {
            flash(
                &page.session,
                "合并会把档案交给一个手机号不一致的账号，已提交县级工作人员审批。",
            )
            .await?;
            Ok(back_to(id))
        }
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let typed = context! { into => form.text("into") };
            let html = show_page(&state, &page, id, None, errors, typed).await?;
            Ok((status, html).into_response())
        }
    }
}
