//! `/profiles/import`: organizers, staff and administrators upload the Excel
//! or CSV sheet of their area through `service::import`. “先检查” keeps the
//! upload server-side and shows a preview (the columns as read, which the
//! clerk may change, the first rows as parsed, every problem with its cell,
//! the counts); 确认导入 then writes what was previewed without a second
//! upload, and the rejected rows download as an xlsx to fix. “全部导入” and
//! “只导入有效行” still write at once.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::{Value, context};

use super::csrf::{Form, Upload};
use super::forms::{Errors, refusal};
use super::render::{Page, PageResult};
use crate::service::import::{self, ImportOptions, ImportReport, stage};
use crate::spreadsheet::{self, Column};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/profiles/import",
            get(form)
                .post(upload)
                // Room for the largest sheet the reader accepts, plus the multipart envelope.
                .layer(DefaultBodyLimit::max(spreadsheet::MAX_BYTES + 64 * 1024)),
        )
        .route("/profiles/import/{id}", get(preview))
        .route("/profiles/import/{id}/mapping", post(remap))
        .route("/profiles/import/{id}/confirm", post(confirm))
        .route("/profiles/import/{id}/rejected", get(rejected))
}

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

/// The import page: the form, and the report of the last run or receipt if any.
#[derive(Default)]
struct Shown {
    report: Option<Value>,
    filename: Option<String>,
    /// A receipt's id, for its rejected rows' download.
    receipt: Option<String>,
}

async fn render(
    state: &AppState,
    page: &Page,
    mode: &str,
    shown: Shown,
    errors: Errors,
) -> PageResult<Html<String>> {
    let Shown {
        report,
        filename,
        receipt,
    } = shown;
    page.render(
        state,
        "profiles/import.html",
        context! {
            mode, report, filename, errors, receipt,
            max_mb => spreadsheet::MAX_BYTES / 1024 / 1024,
            scope_label => page.me.scope().map(|c| state.regions.local_name(c)),
        },
    )
    .await
}

async fn form(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    import::may_import(&page.me)?;
    render(&state, &page, "check", Shown::default(), Errors::default()).await
}

async fn show(state: &AppState, page: &Page, staged: &stage::Staged) -> PageResult<Html<String>> {
    let fields: Vec<Value> = Column::every()
        .map(|c| Value::from_serialize(serde_json::json!({"key": c.key(), "label": c.header()})))
        .collect();
    page.render(
        state,
        "profiles/import_preview.html",
        context! {
            id => staged.id.clone(),
            filename => staged.filename.clone(),
            report => Value::from_serialize(&staged.report),
            expires => (staged.expires_at + chrono::Duration::hours(8)).format("%H:%M").to_string(),
            fields,
        },
    )
    .await
}

async fn upload(State(state): State<AppState>, page: Page, upload: Upload) -> PageResult<Response> {
    let mode = upload.form.get("mode").unwrap_or("check").to_owned();
    let Some((filename, bytes)) = upload.file else {
        import::may_import(&page.me)?;
        let errors = Errors::field("file", "请选择要上传的 Excel（.xlsx、.xls）或 CSV 文件");
        let html = render(&state, &page, &mode, Shown::default(), errors).await?;
        return Ok((StatusCode::BAD_REQUEST, html).into_response());
    };
    let options = options(&mode);
    let result = if options.dry_run {
        stage::create(
            &state.db,
            &page.me,
            &state.regions,
            bytes.to_vec(),
            &filename,
        )
        .await
        .map(Ok)
    } else {
        import::import(
            &state.db,
            &page.me,
            &state.regions,
            &bytes,
            &filename,
            options,
        )
        .await
        .map(Err)
    };
    match result {
        // Redirect after the post: a refresh or the back button shows the page again
        // instead of asking to send the file again.
        Ok(Ok(staged)) => Ok(to_stage(&staged.id)),
        Ok(Err(report)) => outcome(&state, &page, &mode, filename, bytes.to_vec(), report).await,
        // An unreadable file is told beside the file field, so another can be chosen.
        Err(e) => {
            let (status, errors) = refusal(e)?;
            let errors = match errors.form {
                Some(message) => Errors::field("file", &message),
                None => errors,
            };
            let shown = Shown {
                filename: Some(filename),
                ..Default::default()
            };
            let html = render(&state, &page, &mode, shown, errors).await?;
            Ok((status, html).into_response())
        }
    }
}

fn to_stage(id: &str) -> Response {
    Redirect::to(&format!("/profiles/import/{id}")).into_response()
}

/// After an import ran: one that wrote leaves a receipt and redirects to it; one that
/// was held back by bad rows shows them at once (422), with the form to upload again.
async fn outcome(
    state: &AppState,
    page: &Page,
    mode: &str,
    filename: String,
    bytes: Vec<u8>,
    report: ImportReport,
) -> PageResult<Response> {
    if report.written {
        let id = stage::receipt(&state.db, &page.me, &filename, bytes, &report).await?;
        return Ok(to_stage(&id));
    }
    let shown = Shown {
        report: Some(Value::from_serialize(&report)),
        filename: Some(filename),
        receipt: None,
    };
    let html = render(state, page, mode, shown, Errors::default()).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

/// A preview waiting for 确认导入, or the receipt of an import that wrote.
async fn preview(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> PageResult<Html<String>> {
    let staged = stage::show(&state.db, &page.me, &id).await?;
    if staged.imported_at.is_none() {
        return show(&state, &page, &staged).await;
    }
    let mode = if staged.report.rejected > 0 {
        "valid"
    } else {
        "all"
    };
    let shown = Shown {
        report: Some(Value::from_serialize(&staged.report)),
        filename: Some(staged.filename.clone()),
        receipt: Some(staged.id.clone()),
    };
    render(&state, &page, mode, shown, Errors::default()).await
}

/// The mapping form sends `sheet` and one `col_N` per header: a field key, or "" to ignore.
async fn remap(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    form: Form,
) -> PageResult<Response> {
    let sheet: usize = form.get("sheet").and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut changes = BTreeMap::new();
    for (key, value) in form.pairs() {
        if let Some(col) = key.strip_prefix("col_").and_then(|c| c.parse::<u32>().ok()) {
            changes.insert(col, Column::from_key(value));
        }
    }
    stage::remap(&state.db, &page.me, &state.regions, &id, sheet, changes).await?;
    Ok(Redirect::to(&format!("/profiles/import/{id}")).into_response())
}

async fn confirm(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    form: Form,
) -> PageResult<Response> {
    let valid_rows_only = form.get("mode") == Some("valid");
    // The file stays readable for the rejected rows' download until confirm removes it.
    let kept = stage::load(&state.db, &page.me, &id).await?;
    let report = stage::confirm(&state.db, &page.me, &state.regions, &id, valid_rows_only).await?;
    let mode = if valid_rows_only { "valid" } else { "all" };
    outcome(&state, &page, mode, kept.filename, kept.bytes, report).await
}

async fn rejected(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let (_, bytes) = stage::rejected(&state.db, &page.me, &id).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"rejected-rows.xlsx\"",
            ),
        ],
        bytes,
    )
        .into_response())
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
