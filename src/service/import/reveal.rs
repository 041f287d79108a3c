//! Door 1 of the trust rules: a duplicate check that compares a row's contact
//! with a record's is a reveal. Each comparison is audited as `reveal` with
//! the import as purpose and counts toward the caller's daily limit; past the
//! limit the import stops comparing contacts, so the report reads the same
//! whichever mobile was guessed.
//!
//! [`Budget`] counts today's reveals and takes the limit from
//! `profile::reveal`, so imports and `POST /profiles/{id}/reveal` spend one
//! allowance; it records an import's reveals in one batch.

use std::collections::HashSet;

use sea_orm::ConnectionTrait;

use crate::auth::CurrentUser;
use crate::entity::profile;
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
            crate::service::profile::reveal::used_today(conn, actor.id()).await?
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
                Event::about::<profile::Model>(action::REVEAL, id)
                    .detail(format!("表格导入查重（比对联系方式）：{filename}"))
            })
            .collect();
        if !events.is_empty() {
            audit::record_many(conn, &actor.ctx(), events).await?;
        }
        Ok(())
    }
}
