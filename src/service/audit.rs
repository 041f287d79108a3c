//! The append-only audit log: every write, reveal, export, login and refusal.
//! All audit rows are written here and nowhere else, each sealed into a hash chain
//! ([`chain`]) in the caller's transaction; snapshots are encrypted at rest.

pub mod archive;
pub mod chain;
pub mod export;
pub mod readable;

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Deserialize;
use serde_json::Value;

use crate::crypto::Sealed;
use crate::entity::audit_event;

/// Who is acting, from where (defined with the actor in `auth`).
pub use crate::auth::Ctx;

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
    /// An e-mail or SMS sent or failed (`service::notify`).
    pub const NOTIFY: &str = "notify";
    /// Personal fields of earlier audit snapshots replaced (erasure).
    pub const REDACT: &str = super::chain::REDACT;
}

/// The members of a before/after snapshot that are stored sealed: the contacts (masked or
/// not) and the capital range, as in their own table. The other members repeat columns
/// their tables keep in clear, so sealing them would protect nothing (docs/performance.md).
/// What the audit log calls itself when an export of it is audited.
pub const ENTITY: &str = "audit_event";

pub const SEALED_FIELDS: &[&str] = &["mobile", "wechat", "email", "capital_range", "contact_note"];

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

    /// An event about row `id` of an audited table, named by its type.
    pub fn about<M: Audited>(action: &'static str, id: impl ToString) -> Self {
        Self::new(action, M::ENTITY, id)
    }

    /// An event about an audited table as a whole (an import, a failed login).
    pub fn about_all<M: Audited>(action: &'static str) -> Self {
        Self {
            action,
            entity: M::ENTITY,
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

/// A record the audit log names and keeps a snapshot of: one place says that a pipeline
/// entry is `"pipeline_entry"` and which of its fields an event keeps.
pub trait Audited {
    /// The `entity` of its events.
    const ENTITY: &'static str;
    /// The `entity_id` of its events.
    fn audit_id(&self) -> i64;
    /// What an event keeps of it, as `before` or `after` (sealed per [`SEALED_FIELDS`]).
    fn snapshot(&self) -> Value;
}

impl Event {
    /// `create` of `m`, with its snapshot as `after`.
    pub fn created<M: Audited>(m: &M) -> Self {
        Self::new(action::CREATE, M::ENTITY, m.audit_id()).after(m.snapshot())
    }

    /// `update` from `before` to `after`, both snapshots kept.
    pub fn updated<M: Audited>(before: &M, after: &M) -> Self {
        Self::new(action::UPDATE, M::ENTITY, before.audit_id())
            .before(before.snapshot())
            .after(after.snapshot())
    }

    /// `delete` of `before`, with its snapshot as `before`.
    pub fn deleted<M: Audited>(before: &M) -> Self {
        Self::new(action::DELETE, M::ENTITY, before.audit_id()).before(before.snapshot())
    }
}

/// Records the creation of `m` ([`Event::created`]).
pub async fn created<M: Audited>(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    m: &M,
) -> Result<(), DbErr> {
    record(conn, ctx, Event::created(m)).await
}

/// Records a change of a record from `before` to `after` ([`Event::updated`]).
pub async fn updated<M: Audited>(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    before: &M,
    after: &M,
) -> Result<(), DbErr> {
    record(conn, ctx, Event::updated(before, after)).await
}

/// Records the deletion of `before` ([`Event::deleted`]).
pub async fn deleted<M: Audited>(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    before: &M,
) -> Result<(), DbErr> {
    record(conn, ctx, Event::deleted(before)).await
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
    // Microseconds: what both databases keep, so the hash of the stored row is the same.
    let at = Utc::now().trunc_subsecs(6);
    let rows = events
        .into_iter()
        .map(|event| audit_event::Model {
            id: 0,
            at,
            actor_id: ctx.actor_id,
            actor_name: ctx.actor_name.clone(),
            action: event.action.to_owned(),
            entity: event.entity.to_owned(),
            entity_id: event.entity_id,
            before: event.before.map(|v| Sealed::json_object(v, SEALED_FIELDS)),
            after: event.after.map(|v| Sealed::json_object(v, SEALED_FIELDS)),
            detail: event.detail.chars().take(500).collect(),
            client_addr: ctx.client_addr.clone(),
            prev_hash: None,
            hash: None,
            snapshot_digest: None,
        })
        .collect();
    chain::append(conn, rows).await
}

/// The text put in place of a redacted personal field.
pub const REDACTED: &str = "[已删除]";

/// Erasure: replaces `fields` (top-level keys of the before/after JSON snapshots) with
/// [`REDACTED`] in the events `ids`, keeping each event and the chain verifiable: the row
/// keeps the digest of its original snapshots in `snapshot_digest` (which the chain's hash
/// covers), and one `redact` event per row, chained like any other, records who redacted
/// it. Rows that hold none of the fields are left alone. Returns how many rows changed.
pub async fn redact(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    ids: &[i64],
    fields: &[&str],
) -> Result<u64, DbErr> {
    let rows = audit_event::Entity::find()
        .filter(audit_event::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    let blank = |snapshot: &Option<Sealed>| -> Option<Option<Sealed>> {
        let mut value: Value = serde_json::from_str(snapshot.as_deref()?).ok()?;
        let object = value.as_object_mut()?;
        let mut changed = false;
        for field in fields {
            if let Some(v) = object.get_mut(*field)
                && !v.is_null()
                && v.as_str() != Some(REDACTED)
            {
                *v = Value::from(REDACTED);
                changed = true;
            }
        }
        changed.then(|| Some(Sealed::json_object(value, SEALED_FIELDS)))
    };
    let mut events = Vec::new();
    for row in rows {
        let (before, after) = (blank(&row.before), blank(&row.after));
        if before.is_none() && after.is_none() {
            continue;
        }
        let digest = row
            .snapshot_digest
            .clone()
            .unwrap_or_else(|| chain::snapshot_digest(row.before.as_deref(), row.after.as_deref()));
        let id = row.id;
        let mut model: audit_event::ActiveModel = row.into();
        if let Some(b) = before {
            model.before = sea_orm::Set(b);
        }
        if let Some(a) = after {
            model.after = sea_orm::Set(a);
        }
        model.snapshot_digest = sea_orm::Set(Some(digest));
        audit_event::Entity::update(model).exec(conn).await?;
        events.push(
            Event::new(action::REDACT, chain::REDACTED_ENTITY, id)
                .detail(format!("脱敏字段：{}", fields.join("、"))),
        );
    }
    let changed = events.len() as u64;
    record_many(conn, ctx, events).await?;
    Ok(changed)
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
    /// Leave out signing in and out (`login`, `login_failed`, `logout`).
    pub hide_logins: Option<bool>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The events `filter` selects, in no order.
fn filtered(filter: &AuditFilter) -> sea_orm::Select<audit_event::Entity> {
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
    if filter.hide_logins == Some(true) {
        let sign_in = crate::domain::labels::SIGN_IN_ACTIONS.iter().copied();
        query = query.filter(audit_event::Column::Action.is_not_in(sign_in));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_event::Column::At.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_event::Column::At.lte(to));
    }
    query
}

/// One page of events, newest first, with the total.
pub async fn list(
    conn: &impl ConnectionTrait,
    filter: &AuditFilter,
    page: u64,
    per_page: u64,
) -> Result<(u64, Vec<audit_event::Model>), DbErr> {
    let query = filtered(filter);
    let total = query.clone().count(conn).await?;
    let items = query
        .order_by_desc(audit_event::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(conn)
        .await?;
    Ok((total, items))
}

/// [`list`] for an actor: the audit log is for administrators only (403 for others).
pub async fn read(
    conn: &impl ConnectionTrait,
    actor: &crate::auth::CurrentUser,
    filter: &AuditFilter,
    page: u64,
    per_page: u64,
) -> crate::error::AppResult<(u64, Vec<audit_event::Model>)> {
    crate::auth::policy::require_role(actor, &[crate::domain::Role::Admin])?;
    Ok(list(conn, filter, page, per_page).await?)
}
