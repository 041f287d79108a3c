//! Door 1 of the trust rules: a duplicate check that compares a row's contact
//! with a record's is a reveal. Each comparison is audited as `reveal` with
//! the import as purpose and counts toward the caller's daily limit; past the
//! limit the import stops comparing contacts, so the report reads the same
//! whichever mobile was guessed.
//!
//! Everything about the limit is behind [`Budget`]: when
//! `profile::reveal::record` lands, `Budget::take` calls it instead.

use std::collections::HashSet;

use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::auth::CurrentUser;
use crate::entity::audit_event;
use crate::error::AppResult;
use crate::service::audit::{self, Event, action};

/// Reveals a user may make in a day: the configured limit shared with
/// `POST /profiles/{id}/reveal` (`--reveal-daily-limit`).
pub fn daily_limit() -> u64 {
    u64::from(crate::service::profile::reveal::daily_limit())
}

/// The reveals left to this import, and the ones it made.
#[derive(Debug)]
pub struct Budget {
    left: u64,
    unlimited: bool,
    /// Profiles whose contacts an earlier preview of the same upload compared:
    /// comparing them again reveals nothing new.
    covered: HashSet<i64>,
    pub taken: Vec<i64>,
    pub refused: bool,
}

/// The start of today in 咸宁 (UTC+8), as UTC.
fn start_of_day() -> chrono::DateTime<Utc> {
    let local = Utc::now() + Duration::hours(8);
    let midnight = local
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc())
        .unwrap_or(local);
    midnight - Duration::hours(8)
}

impl Budget {
    /// The caller's budget for today. The command line (the system actor) has no limit.
    pub async fn load(
        conn: &impl ConnectionTrait,
        actor: &CurrentUser,
        covered: HashSet<i64>,
    ) -> AppResult<Self> {
        let unlimited = actor.id() == 0;
        let used = if unlimited {
            0
        } else {
            audit_event::Entity::find()
                .filter(audit_event::Column::ActorId.eq(actor.id()))
                .filter(audit_event::Column::Action.eq(action::REVEAL))
                .filter(audit_event::Column::At.gte(start_of_day()))
                .count(conn)
                .await?
        };
        Ok(Self {
            left: daily_limit().saturating_sub(used),
            unlimited,
            covered,
            taken: Vec::new(),
            refused: false,
        })
    }

    /// Whether the contacts of `profile_id` may be compared with a row's.
    pub fn take(&mut self, profile_id: i64) -> bool {
        if self.covered.contains(&profile_id) {
            return true;
        }
        if self.unlimited || self.left > 0 {
            self.left = self.left.saturating_sub(1);
            self.taken.push(profile_id);
            return true;
        }
        self.refused = true;
        false
    }

    /// Audits every comparison made, inside the caller's transaction.
    pub async fn record(
        &self,
        conn: &impl ConnectionTrait,
        actor: &CurrentUser,
        filename: &str,
    ) -> AppResult<()> {
        let events: Vec<Event> = self
            .taken
            .iter()
            .map(|id| {
                Event::new(action::REVEAL, "profile", id)
                    .detail(format!("表格导入查重（比对联系方式）：{filename}"))
            })
            .collect();
        if !events.is_empty() {
            audit::record_many(conn, &actor.ctx(), events).await?;
        }
        Ok(())
    }
}
