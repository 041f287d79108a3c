//! Creating and editing a profile: `/profiles/new`, `/profiles/{id}/edit`
//! (organizers, administrators) and `/me/edit` (the person themself), all
//! through `service::profile::write` like the JSON API.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use serde_json::{Map, Value, json};

use super::csrf::Form;
use super::forms::{Errors, chain_groups, choices, code, number, refusal, split_tags};
use super::regions::township_groups;
use super::render::{Page, PageResult, flash};
use crate::domain::{CapitalRange, Education, Gender, Intent, Tier};
use crate::entity::json_list::from_json_list;
use crate::entity::profile;
use crate::error::{AppError, AppResult};
use crate::service::profile::view::masked_contacts;
use crate::service::profile::{self as profiles, ProfileAction, ProfileReq, me, write};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/profiles/new", get(new_form).post(create))
        .route("/profiles/{id}/edit", get(edit_form).post(update))
        .route("/me/edit", get(my_form).post(my_update))
}

/// Who is filling the form in, which decides the fields shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Create,
    /// An organizer or administrator editing: contacts stay masked, blank keeps them.
    Edit,
    /// The person themself: full contacts, no tier.
    Own,
}

const MULTI: &[&str] = &["chains", "intents"];

/// Reads the form into the API's request, decoding the codes of the selects.
fn to_req(form: &Form, mode: Mode) -> AppResult<ProfileReq> {
    let contact = |name: &str| match mode {
        Mode::Edit => form.opt(name),
        Mode::Create | Mode::Own => Some(form.text(name)),
    };
    let intents = form
        .all("intents")
        .iter()
        .map(|i| Intent::parse(i).map_err(|m| AppError::invalid("intents", m)))
        .collect::<AppResult<Vec<_>>>()?;
    Ok(ProfileReq {
        name: Some(form.text("name")),
        gender: code("gender", form.opt("gender"), Gender::parse)?,
        birth_year: number(
            "birth_year",
            form.opt("birth_year"),
            "请填写四位数字年份，如 1978",
        )?,
        hometown_code: form.opt("hometown_code"),
        residence_code: Some(form.text("residence_code")),
        employer: Some(form.text("employer")),
        title: Some(form.text("title")),
        education: code("education", form.opt("education"), Education::parse)?,
        chains: Some(form.all("chains")),
        expertise: Some(form.text("expertise")),
        bio: Some(form.text("bio")),
        intents: Some(intents),
        capital_range: code(
            "capital_range",
            form.opt("capital_range"),
            CapitalRange::parse,
        )?,
        mobile: contact("mobile"),
        wechat: contact("wechat"),
        email: contact("email"),
        // Consent changes carry who and when; on edit they go through the consent switch.
        consent_match: (mode == Mode::Create && form.checked("consent_match")).then_some(true),
        consent_basis: (mode == Mode::Create)
            .then(|| form.opt("consent_basis"))
            .flatten(),
        listed: Some(form.checked("listed")),
        tier: match mode {
            Mode::Own => None,
            _ => code("tier", form.opt("tier"), Tier::parse)?,
        },
        tags: Some(split_tags(&form.text("tags"))),
        version: match mode {
            Mode::Create => None,
            _ => number("version", form.opt("version"), "版本号有误，请刷新页面")?,
        },
        force: (mode == Mode::Create).then(|| form.get("force") == Some("yes")),
    })
}

/// The form's values from a stored profile.
fn values_of(p: &profile::Model, mode: Mode) -> Map<String, Value> {
    let (mobile, wechat, email) = match mode {
        Mode::Own => (
            p.mobile.clone().map(String::from),
            p.wechat.clone().map(String::from),
            p.email.clone().map(String::from),
        ),
        _ => (None, None, None),
    };
    let mut v = Map::new();
    let mut put = |k: &str, val: Value| {
        v.insert(k.to_owned(), val);
    };
    put("name", json!(p.name));
    put("gender", json!(p.gender));
    put("birth_year", json!(p.birth_year.map(|y| y.to_string())));
    put("hometown_code", json!(p.hometown_code));
    put("residence_code", json!(p.residence_code));
    put("employer", json!(p.employer));
    put("title", json!(p.title));
    put("education", json!(p.education));
    put("chains", json!(from_json_list(&p.chains)));
    put("expertise", json!(p.expertise));
    put("bio", json!(p.bio));
    put("intents", json!(from_json_list(&p.intents)));
    put("capital_range", json!(p.capital_range));
    put("mobile", json!(mobile));
    put("wechat", json!(wechat));
    put("email", json!(email));
    put("listed", json!(if p.listed { "on" } else { "" }));
    put("tier", json!(p.tier));
    put("tags", json!(from_json_list(&p.tags).join("，")));
    put("version", json!(p.version.to_string()));
    v
}

/// Renders the form with everything its selects and checkboxes offer.
async fn render_form(
    state: &AppState,
    page: &Page,
    mode: Mode,
    existing: Option<&profile::Model>,
    mut values: Map<String, Value>,
    errors: Errors,
) -> PageResult<Html<String>> {
    for list in MULTI {
        values.entry(*list).or_insert_with(|| json!([]));
    }
    // Founders may come from anywhere in the city; others choose inside their scope.
    let prefix = match mode {
        Mode::Own => String::new(),
        _ => page.me.list_scope().unwrap_or_default(),
    };
    let groups = township_groups(state.db.conn(), &prefix, &state.regions).await?;
    let chains = chain_groups();
    let masked = existing.map(|p| {
        let (m, w, e) = masked_contacts(p);
        json!({"mobile": m, "wechat": w, "email": e})
    });
    let residence_name = values
        .get("residence_code")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .map(|c| state.regions.full_name(c));
    let (action, title) = match (mode, existing) {
        (Mode::Own, _) => ("/me/edit".to_owned(), "修改我的档案".to_owned()),
        (Mode::Edit, Some(p)) => (
            format!("/profiles/{}/edit", p.id),
            format!("修改档案：{}", p.name),
        ),
        _ => ("/profiles/new".to_owned(), "新建乡贤档案".to_owned()),
    };
    let mode_name = match mode {
        Mode::Create => "create",
        Mode::Edit => "edit",
        Mode::Own => "own",
    };
    page.render(
        state,
        "profiles/form.html",
        context! {
            mode => mode_name, action, title, values, errors, masked, residence_name,
            id => existing.map(|p| p.id),
            hometown_groups => groups, chains,
            genders => choices(Gender::ALL, Gender::as_str, Gender::label),
            educations => choices(Education::ALL, Education::as_str, Education::label),
            tiers => choices(Tier::ALL, Tier::as_str, Tier::label),
            intents => choices(Intent::ALL, Intent::as_str, Intent::label),
            capitals => choices(CapitalRange::ALL, CapitalRange::as_str, CapitalRange::label),
        },
    )
    .await
}

async fn new_form(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    write::may_create(&page.me)?;
    let mut values = Map::new();
    values.insert("listed".into(), json!("on"));
    values.insert("form_token".into(), json!(new_form_token(&page).await?));
    render_form(&state, &page, Mode::Create, None, values, Errors::default()).await
}

/// Shows the form again with what was typed and the message beside the field.
async fn refused(
    state: &AppState,
    page: &Page,
    mode: Mode,
    existing: Option<&profile::Model>,
    form: &Form,
    e: AppError,
) -> PageResult<Response> {
    let (status, errors) = refusal(e)?;
    let mut values = form.values(MULTI);
    if let (Some(p), Mode::Edit | Mode::Own) = (existing, mode) {
        // A stale edit shows the current version, so saving again is a conscious overwrite.
        values.insert("version".into(), json!(p.version.to_string()));
    }
    let html = render_form(state, page, mode, existing, values, errors).await?;
    Ok((status, html).into_response())
}

/// One-time tokens of the new-profile forms this session was given, each with
/// the id of the profile it created (0 while unused): submitting the same form
/// twice (a double click, a resend after a slow answer) creates one record.
const FORM_TOKENS: &str = "profile_form_tokens";

type FormTokens = std::collections::BTreeMap<String, i64>;

async fn new_form_token(page: &Page) -> PageResult<String> {
    use rand::Rng;
    let token: String = rand::rng()
        .sample_iter(rand::distr::Alphanumeric)
        .take(24)
        .map(char::from)
        .collect();
    let mut tokens: FormTokens = page.session.get(FORM_TOKENS).await?.unwrap_or_default();
    while tokens.len() >= 20 {
        let Some(first) = tokens.keys().next().cloned() else {
            break;
        };
        tokens.remove(&first);
    }
    tokens.insert(token.clone(), 0);
    page.session.insert(FORM_TOKENS, &tokens).await?;
    Ok(token)
}

async fn create(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    let token = form.text("form_token");
    let tokens: FormTokens = page.session.get(FORM_TOKENS).await?.unwrap_or_default();
    // A form without a token (a script) still meets the service's duplicate check.
    match tokens
        .get(&token)
        .filter(|_| !token.is_empty())
        .or(token.is_empty().then_some(&0))
    {
        Some(&id) if id > 0 => {
            flash(&page.session, "该表单已提交过，档案已保存。").await?;
            return Ok(Redirect::to(&format!("/profiles/{id}")).into_response());
        }
        Some(_) => {}
        None => {
            let e = AppError::conflict("form_used", "表单已过期或已提交，请检查档案列表后重新填写");
            let mut values = form.values(MULTI);
            values.insert("form_token".into(), json!(new_form_token(&page).await?));
            let (status, errors) = refusal(e)?;
            let html = render_form(&state, &page, Mode::Create, None, values, errors).await?;
            return Ok((status, html).into_response());
        }
    }
    let result = match to_req(&form, Mode::Create) {
        Ok(req) => write::create(&state.db, &page.me, req).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(created) => {
            if !token.is_empty() {
                let mut tokens: FormTokens =
                    page.session.get(FORM_TOKENS).await?.unwrap_or_default();
                tokens.insert(token, created.id);
                page.session.insert(FORM_TOKENS, &tokens).await?;
            }
            flash(&page.session, "档案已保存。").await?;
            Ok(Redirect::to(&format!("/profiles/{}", created.id)).into_response())
        }
        Err(AppError::Duplicate {
            existing_id,
            message,
        }) => {
            let mut values = form.values(MULTI);
            values.insert("show_force".into(), json!(true));
            if let Some(id) = existing_id {
                values.insert("duplicate_id".into(), json!(id));
            }
            let html = render_form(
                &state,
                &page,
                Mode::Create,
                None,
                values,
                Errors::form(message),
            )
            .await?;
            Ok((axum::http::StatusCode::CONFLICT, html).into_response())
        }
        Err(e) => refused(&state, &page, Mode::Create, None, &form, e).await,
    }
}

async fn load_editable(state: &AppState, page: &Page, id: i64) -> PageResult<profile::Model> {
    Ok(profiles::load(state.db.conn(), &page.me, id, ProfileAction::Edit).await?)
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    let found = load_editable(&state, &page, id).await?;
    let mode = if found.owner_user_id == Some(page.me.id()) {
        Mode::Own
    } else {
        Mode::Edit
    };
    render_form(
        &state,
        &page,
        mode,
        Some(&found),
        values_of(&found, mode),
        Errors::default(),
    )
    .await
}

async fn save(
    state: &AppState,
    page: &Page,
    id: i64,
    form: &Form,
    own_page: bool,
) -> PageResult<Response> {
    let found = load_editable(state, page, id).await?;
    let mode = if found.owner_user_id == Some(page.me.id()) {
        Mode::Own
    } else {
        Mode::Edit
    };
    let result = match to_req(form, mode) {
        Ok(req) => write::update(&state.db, &page.me, id, req).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => {
            flash(&page.session, "修改已保存。").await?;
            let to = if own_page {
                "/me".to_owned()
            } else {
                format!("/profiles/{id}")
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let current =
                profiles::load(state.db.conn(), &page.me, id, ProfileAction::Edit).await?;
            refused(state, page, mode, Some(&current), form, e).await
        }
    }
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    form: Form,
) -> PageResult<Response> {
    save(&state, &page, id, &form, false).await
}

/// The founder's own profile id, or a page saying there is none yet.
pub fn my_profile_id(page: &Page) -> PageResult<i64> {
    Ok(me::own_profile_id(&page.me)?)
}

async fn my_form(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    let id = my_profile_id(&page)?;
    let found = load_editable(&state, &page, id).await?;
    render_form(
        &state,
        &page,
        Mode::Own,
        Some(&found),
        values_of(&found, Mode::Own),
        Errors::default(),
    )
    .await
}

async fn my_update(State(state): State<AppState>, page: Page, form: Form) -> PageResult<Response> {
    let id = my_profile_id(&page)?;
    save(&state, &page, id, &form, true).await
}
