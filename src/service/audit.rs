//! The append-only audit log: every write, reveal, export, login and refusal.
//! All audit rows are written here and nowhere else.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Deserialize;
use serde_json::Value;

use crate::entity::audit_event;

/// Who is acting, from where: carried into every service call that writes.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub client_addr: String,
}

impl Ctx {
    /// The command line acting on the operator's behalf.
    pub fn system(what: &str) -> Self {
        Self {
            actor_id: None,
            actor_name: format!("system:{what}"),
            client_addr: "local".into(),
        }
    }
}

/// The actions the audit log knows.
pub mod action {
    pub const LOGIN: &str = "login";
    pub const LOGIN_FAILED: &str = "login_failed";
    pub const LOGOUT: &str = "logout";
    pub const CREATE: &str = "create";
    pub const UPDATE: &str = "update";
    pub const DELETE: &str = "delete";
    pub const REVEAL: &str = "reveal";
    pub const EXPORT: &str = "export";
    pub const IMPORT: &str = "import";
    pub const DENIED: &str = "denied";
}

/// One event to append.
#[derive(Debug, Default)]
pub struct Event {
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub detail: String,
}

impl Event {
    pub fn new(action: &'static str, entity: &'static str, id: impl ToString) -> Self {
        Self {
            action,
            entity,
            entity_id: Some(id.to_string()),
            ..Default::default()
        }
    }

    pub fn before(mut self, value: Value) -> Self {
        self.before = Some(value);
        self
    }

    pub fn after(mut self, value: Value) -> Self {
        self.after = Some(value);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

/// Appends one event, inside the caller's transaction when there is one.
pub async fn record(conn: &impl ConnectionTrait, ctx: &Ctx, event: Event) -> Result<(), DbErr> {
    record_many(conn, ctx, vec![event]).await
}

/// Appends many events of one actor in one statement (bulk writes such as an import).
pub async fn record_many(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    events: Vec<Event>,
) -> Result<(), DbErr> {
    if events.is_empty() {
        return Ok(());
    }
    let at = Utc::now();
    let rows = events.into_iter().map(|event| audit_event::ActiveModel {
        at: Set(at),
        actor_id: Set(ctx.actor_id),
        actor_name: Set(ctx.actor_name.clone()),
        action: Set(event.action.to_owned()),
        entity: Set(event.entity.to_owned()),
        entity_id: Set(event.entity_id),
        before: Set(event.before.map(|v| v.to_string())),
        after: Set(event.after.map(|v| v.to_string())),
        detail: Set(event.detail.chars().take(500).collect()),
        client_addr: Set(ctx.client_addr.clone()),
        ..Default::default()
    });
    audit_event::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// Filters of `GET /api/v1/audit`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub entity: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::instant::from")]
    pub from: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "crate::extract::instant::to")]
    pub to: Option<DateTime<Utc>>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// One page of events, newest first, with the total.
pub async fn list(
    conn: &impl ConnectionTrait,
    filter: &AuditFilter,
    page: u64,
    per_page: u64,
) -> Result<(u64, Vec<audit_event::Model>), DbErr> {
    let mut query = audit_event::Entity::find();
    if let Some(actor) = filter.actor.as_deref().filter(|a| !a.is_empty()) {
        query = match actor.parse::<i64>() {
            Ok(id) => query.filter(audit_event::Column::ActorId.eq(id)),
            Err(_) => query.filter(audit_event::Column::ActorName.eq(actor)),
        };
    }
    if let Some(action) = filter.action.as_deref().filter(|a| !a.is_empty()) {
        query = query.filter(audit_event::Column::Action.eq(action));
    }
    if let Some(entity) = filter.entity.as_deref().filter(|a| !a.is_empty()) {
        query = query.filter(audit_event::Column::Entity.eq(entity));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_event::Column::At.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_event::Column::At.lte(to));
    }
    let total = query.clone().count(conn).await?;
    let items = query
        .order_by_desc(audit_event::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(conn)
        .await?;
    Ok((total, items))
}
