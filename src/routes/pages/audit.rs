//! `/admin/audit`: the audit log for administrators, filtered by actor,
//! action, entity and a date range (Beijing days), newest first, paged.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use chrono::{NaiveDate, TimeZone};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::filters::action_label;
use super::render::{Page, PageResult};
use crate::error::AppError;
use crate::service::audit::{self, AuditFilter};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/audit", get(list))
}

const PER_PAGE: u64 = 50;

const ACTIONS: &[&str] = &[
    "login",
    "login_failed",
    "logout",
    "create",
    "update",
    "delete",
    "reveal",
    "transfer",
    "export",
    "import",
    "denied",
];

/// The filter form as typed: dates are days, not instants.
#[derive(Debug, Default, Deserialize, Serialize)]
struct AuditQuery {
    actor: Option<String>,
    action: Option<String>,
    entity: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<String>,
}

/// The start of a Beijing day, or of the day after (for `to`), in UTC.
fn day_start(
    field: &str,
    raw: &str,
    next: bool,
) -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, "日期格式应为 2026-11-27"))?;
    let day = if next {
        day.succ_opt().unwrap_or(day)
    } else {
        day
    };
    let offset = chrono::FixedOffset::east_opt(8 * 3600)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("offset")))?;
    offset
        .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok_or_else(|| AppError::invalid(field, "日期无效"))
}

async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<AuditQuery>,
) -> PageResult<Html<String>> {
    let nonempty = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let filter = AuditFilter {
        actor: nonempty(&q.actor),
        action: nonempty(&q.action),
        entity: nonempty(&q.entity),
        from: nonempty(&q.from)
            .map(|d| day_start("from", &d, false))
            .transpose()?,
        // `to` is inclusive of the whole day: events before the next day's start.
        to: nonempty(&q.to)
            .map(|d| day_start("to", &d, true))
            .transpose()?,
        page: None,
        per_page: None,
    };
    let current = super::forms::page_number(q.page.as_deref());
    let (total, events) =
        audit::read(state.db.conn(), &page.me, &filter, current, PER_PAGE).await?;
    let pages = total.div_ceil(PER_PAGE).max(1);
    let query_base =
        serde_urlencoded::to_string(AuditQuery { page: None, ..q }).unwrap_or_default();
    let form: AuditQuery = serde_urlencoded::from_str(&query_base).unwrap_or_default();
    let actions: Vec<_> = ACTIONS
        .iter()
        .map(|a| context! { code => a, label => action_label(a) })
        .collect();
    page.render(
        &state,
        "admin/audit.html",
        context! { events, total, current, pages, query_base, filter => form, actions },
    )
    .await
}
