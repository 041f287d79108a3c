//! `/admin/audit`: the audit log for administrators in words (records named,
//! changes as Chinese fields before and after), filtered by actor, action,
//! entity and a date range (Beijing days), sign-ins hidden on request, newest
//! first, paged; `/admin/audit/export` the same selection as xlsx.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::routing::get;
use chrono::{NaiveDate, TimeZone};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::render::{Page, PageResult};
use crate::domain::labels::{action_label, entity_label};
use crate::error::AppError;
use crate::routes::download;
use crate::service::audit::export;
use crate::service::audit::readable::readable;
use crate::service::audit::{self, AuditFilter};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/audit", get(list))
        .route("/admin/audit/export", get(export))
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
    /// The tick box "不看登录记录": present (`1`) when ticked.
    hide_logins: Option<String>,
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

impl AuditQuery {
    /// The service's filter: days as Beijing instants, blanks as absent.
    fn filter(&self) -> Result<AuditFilter, AppError> {
        let nonempty = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        Ok(AuditFilter {
            actor: nonempty(&self.actor),
            action: nonempty(&self.action),
            entity: nonempty(&self.entity),
            from: nonempty(&self.from)
                .map(|d| day_start("from", &d, false))
                .transpose()?,
            // `to` is inclusive of the whole day: events before the next day's start.
            to: nonempty(&self.to)
                .map(|d| day_start("to", &d, true))
                .transpose()?,
            hide_logins: Some(nonempty(&self.hide_logins).is_some()),
            page: None,
            per_page: None,
        })
    }
}

/// The record kinds the filter offers, in the order a clerk looks for them.
const ENTITIES: &[&str] = &[
    "profile",
    "user",
    "project",
    "pipeline_entry",
    "pipeline_contact",
    "incubator",
    "opening",
    "application",
    "enterprise",
    "subsidy_claim",
    "association",
    "organization",
    "organization_member",
    "referral",
    "event",
    "service_request",
    "claim_code",
    "api_token",
    "audit_event",
    "request",
];

async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<AuditQuery>,
) -> PageResult<Html<String>> {
    let filter = q.filter()?;
    let current = super::forms::page_number(q.page.as_deref());
    let (total, events) =
        audit::read(state.db.conn(), &page.me, &filter, current, PER_PAGE).await?;
    let events: Vec<_> = events.iter().map(|e| readable(e, &state.regions)).collect();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let query_base =
        serde_urlencoded::to_string(AuditQuery { page: None, ..q }).unwrap_or_default();
    let form: AuditQuery = serde_urlencoded::from_str(&query_base).unwrap_or_default();
    let actions: Vec<_> = ACTIONS
        .iter()
        .map(|a| context! { code => a, label => action_label(a) })
        .collect();
    let entities: Vec<_> = ENTITIES
        .iter()
        .map(|e| context! { code => e, label => entity_label(e) })
        .collect();
    page.render(
        &state,
        "admin/audit.html",
        context! { events, total, current, pages, query_base, filter => form, actions, entities },
    )
    .await
}

/// The selection of the page as a file: 审计日志-2026-12-07.xlsx.
async fn export(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<AuditQuery>,
) -> PageResult<Response> {
    let filter = q.filter()?;
    let bytes = export::audit_xlsx(state.db.conn(), &page.me, &state.regions, &filter).await?;
    let date = crate::service::fields::today();
    Ok(download::xlsx(
        bytes,
        &format!("审计日志-{date}.xlsx"),
        &format!("audit-{date}.xlsx"),
    ))
}
