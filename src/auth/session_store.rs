//! tower-sessions store on the application database, so sessions survive
//! restarts and every instance behind a load balancer sees the same ones.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use tower_sessions::SessionStore;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};

use crate::db::Db;
use crate::entity::session;

/// The session key holding the signed-in user's id.
pub const USER_ID: &str = "uid";
/// The session key holding the user's auth epoch when the session was made.
pub const EPOCH: &str = "epoch";
/// The session key holding the CSRF token of the HTML forms (see `routes::pages::csrf`).
pub const CSRF: &str = "csrf";
/// The session key holding when the user signed in (Unix milliseconds).
pub const AUTH_AT: &str = "auth_at";
/// The session key holding when the session last served a request (Unix
/// milliseconds), refreshed at most every [`refresh_every`].
pub const SEEN_AT: &str = "seen_at";

/// How often `seen_at` (and with it the row's expiry) is written: a tenth of
/// the idle timeout, at most once a minute, so a busy page is not a write per request.
fn refresh_every(idle: std::time::Duration) -> i64 {
    let ms = i64::try_from((idle / 10).as_millis()).unwrap_or(i64::MAX);
    ms.min(60_000)
}

/// Ends a signed-in session that has been idle longer than `config.session_idle`
/// or signed in longer than `config.session_max` (the row itself also expires
/// after the idle time, see `app::router`); keeps an active one alive.
pub async fn check_age(
    session: &tower_sessions::Session,
    config: &crate::config::Config,
) -> std::result::Result<(), crate::error::AppError> {
    use crate::error::AppError;
    let now = Utc::now().timestamp_millis();
    let auth_at: i64 = session.get(AUTH_AT).await.ok().flatten().unwrap_or(0);
    let seen_at: i64 = session.get(SEEN_AT).await.ok().flatten().unwrap_or(0);
    let max = i64::try_from(config.session_max.as_millis()).unwrap_or(i64::MAX);
    let idle = i64::try_from(config.session_idle.as_millis()).unwrap_or(i64::MAX);
    if now - auth_at > max || now - seen_at > idle {
        // Best effort: the row is gone soon anyway (expiry, purge).
        let _ = session.flush().await;
        return Err(AppError::Unauthorized);
    }
    if now - seen_at >= refresh_every(config.session_idle) {
        session
            .insert(SEEN_AT, now)
            .await
            .map_err(crate::auth::login::session_error)?;
    }
    Ok(())
}

/// The store: rows expire `idle` after the session last refreshed `seen_at`,
/// and never later than `max` after sign-in, whatever the cookie says (the
/// cookie itself lasts until the browser closes, so that a page can tell a
/// visitor whose session ended from one who never signed in).
#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: Db,
    idle: std::time::Duration,
    max: std::time::Duration,
}

impl DbSessionStore {
    pub fn new(db: Db, idle: std::time::Duration, max: std::time::Duration) -> Self {
        Self { db, idle, max }
    }

    /// When the row of `record` stops being valid.
    fn expires_at(&self, record: &Record) -> DateTime<Utc> {
        let millis = |key: &str| record.data.get(key).and_then(|v| v.as_i64());
        let span = |d: std::time::Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        let end = match (millis(SEEN_AT), millis(AUTH_AT)) {
            (Some(seen), Some(auth)) => Some(
                seen.saturating_add(span(self.idle))
                    .min(auth.saturating_add(span(self.max))),
            ),
            _ => None,
        };
        end.and_then(DateTime::from_timestamp_millis)
            .unwrap_or_else(|| to_chrono(record.expiry_date))
    }

    /// Deletes the rows of ended sessions; run every few minutes by `app::build`.
    pub async fn purge_expired(db: &Db) -> std::result::Result<u64, sea_orm::DbErr> {
        let txn = db.write().await?;
        let gone = session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lte(Utc::now()))
            .exec(&*txn)
            .await?
            .rows_affected;
        txn.commit().await?;
        Ok(gone)
    }

    /// Ends every session of a user (password change, account closed).
    pub async fn delete_for_user(
        conn: &impl sea_orm::ConnectionTrait,
        user_id: i64,
        keep: Option<&str>,
    ) -> std::result::Result<(), sea_orm::DbErr> {
        let mut delete = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
        if let Some(keep) = keep {
            delete = delete.filter(session::Column::Id.ne(keep));
        }
        delete.exec(conn).await.map(|_| ())
    }
}

/// The store's error type holds only text, so an outage is marked in it for
/// [`is_outage`] to find: a page then answers 503, not 500.
const OUTAGE_MARK: &str = "[database unavailable] ";

fn backend(err: sea_orm::DbErr) -> Error {
    if crate::error::is_unavailable(&err) {
        Error::Backend(format!("{OUTAGE_MARK}{err}"))
    } else {
        Error::Backend(err.to_string())
    }
}

/// Whether a session error came from a database outage.
pub fn is_outage(err: &tower_sessions::session::Error) -> bool {
    err.to_string().contains(OUTAGE_MARK)
}

fn to_chrono(t: time::OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(t.unix_timestamp(), t.nanosecond()).unwrap_or_else(Utc::now)
}

fn to_model(record: &Record, expires_at: DateTime<Utc>) -> Result<session::ActiveModel> {
    let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
    Ok(session::ActiveModel {
        id: Set(record.id.to_string()),
        data: Set(data),
        user_id: Set(record.data.get(USER_ID).and_then(|v| v.as_i64())),
        expires_at: Set(expires_at),
    })
}

#[async_trait]
impl SessionStore for DbSessionStore {
    /// A new session never overwrites another: on a clash of ids (128 random
    /// bits, so in practice never) it draws a new one. Without this,
    /// tower-sessions falls back to `save` and warns on every sign-in.
    async fn create(&self, record: &mut Record) -> Result<()> {
        loop {
            let txn = self.db.write().await.map_err(backend)?;
            let inserted = session::Entity::insert(to_model(record, self.expires_at(record))?)
                .on_conflict(
                    OnConflict::column(session::Column::Id)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(&*txn)
                .await
                .map_err(backend)?;
            txn.commit().await.map_err(backend)?;
            if inserted == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let model = to_model(record, self.expires_at(record))?;
        let txn = self.db.write().await.map_err(backend)?;
        session::Entity::insert(model)
            .on_conflict(
                OnConflict::column(session::Column::Id)
                    .update_columns([
                        session::Column::Data,
                        session::Column::UserId,
                        session::Column::ExpiresAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&*txn)
            .await
            .map_err(backend)?;
        txn.commit().await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let Some(row) = session::Entity::find_by_id(id.to_string())
            .one(self.db.conn())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        if row.expires_at <= Utc::now() {
            return Ok(None);
        }
        let data = serde_json::from_str(&row.data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(row.expires_at.timestamp())
            .map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        let txn = self.db.write().await.map_err(backend)?;
        session::Entity::delete_by_id(id.to_string())
            .exec(&*txn)
            .await
            .map_err(backend)?;
        txn.commit().await.map_err(backend)
    }
}
