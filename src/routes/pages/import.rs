//! `/profiles/import`: organizers (and administrators) upload the Excel or
//! CSV sheet of their area through `service::import`, first as a check that
//! writes nothing if they like, and read the row report as tables: errors
//! with row, column and reason; duplicates with a link to the profile that
//! already exists; counts and warnings.

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use minijinja::{Value, context};

use super::csrf::Upload;
use super::forms::{Errors, refusal};
use super::render::{Page, PageResult};
use crate::auth::policy;
use crate::domain::Role;
use crate::service::import::{self, ImportOptions};
use crate::spreadsheet;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/profiles/import",
        get(form)
            .post(upload)
            // Room for the largest sheet the reader accepts, plus the multipart envelope.
            .layer(DefaultBodyLimit::max(spreadsheet::MAX_BYTES + 64 * 1024)),
    )
}

const IMPORTERS: &[Role] = &[Role::Admin, Role::Organizer];

/// What to do with the sheet, as the radio buttons name it.
fn options(mode: &str) -> ImportOptions {
    match mode {
        "all" => ImportOptions {
            dry_run: false,
            valid_rows_only: false,
        },
        "valid" => ImportOptions {
            dry_run: false,
            valid_rows_only: true,
        },
        // Anything else only checks: writing must be a deliberate choice.
        _ => ImportOptions {
            dry_run: true,
            valid_rows_only: false,
        },
    }
}

async fn render(
    state: &AppState,
    page: &Page,
    mode: &str,
    report: Option<Value>,
    filename: Option<String>,
    errors: Errors,
) -> PageResult<Html<String>> {
    page.render(
        state,
        "profiles/import.html",
        context! {
            mode, report, filename, errors,
            max_mb => spreadsheet::MAX_BYTES / 1024 / 1024,
            scope_label => page.me.scope().map(|c| state.regions.local_name(c)),
        },
    )
    .await
}

async fn form(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    policy::require_role(&page.me, IMPORTERS)?;
    render(&state, &page, "check", None, None, Errors::default()).await
}

async fn upload(State(state): State<AppState>, page: Page, upload: Upload) -> PageResult<Response> {
    policy::require_role(&page.me, IMPORTERS)?;
    let mode = upload.form.get("mode").unwrap_or("check").to_owned();
    let Some((filename, bytes)) = upload.file else {
        let errors = Errors::field("file", "请选择要上传的 Excel（.xlsx）或 CSV 文件");
        let html = render(&state, &page, &mode, None, None, errors).await?;
        return Ok((StatusCode::BAD_REQUEST, html).into_response());
    };
    let result = import::import(
        &state.db,
        &page.me,
        &state.regions,
        &bytes,
        &filename,
        options(&mode),
    )
    .await;
    match result {
        Ok(report) => {
            if report.written {
                state.search_nudge();
            }
            let report = Value::from_serialize(&report);
            let html = render(
                &state,
                &page,
                &mode,
                Some(report),
                Some(filename),
                Errors::default(),
            )
            .await?;
            Ok(html.into_response())
        }
        // An unreadable file is told beside the file field, so another can be chosen.
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let errors = match errors.form {
                Some(message) => Errors::field("file", &message),
                None => errors,
            };
            let html = render(&state, &page, &mode, None, Some(filename), errors).await?;
            Ok((status, html).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_explicit_choice_writes() {
        assert!(options("check").dry_run);
        assert!(options("").dry_run);
        assert!(options("bogus").dry_run);
        assert!(!options("all").dry_run && !options("all").valid_rows_only);
        assert!(!options("valid").dry_run && options("valid").valid_rows_only);
    }
}
