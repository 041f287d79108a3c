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

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> Self {
        Self { db }
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

fn backend(err: impl std::fmt::Display) -> Error {
    Error::Backend(err.to_string())
}

fn to_chrono(t: time::OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(t.unix_timestamp(), t.nanosecond()).unwrap_or_else(Utc::now)
}

fn to_model(record: &Record) -> Result<session::ActiveModel> {
    let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
    Ok(session::ActiveModel {
        id: Set(record.id.to_string()),
        data: Set(data),
        user_id: Set(record.data.get(USER_ID).and_then(|v| v.as_i64())),
        expires_at: Set(to_chrono(record.expiry_date)),
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
            let inserted = session::Entity::insert(to_model(record)?)
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
        let model = to_model(record)?;
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
