//! The outbox: xAPI statements waiting for the organisation's LRS, and what became of them.
//!
//! A finished attempt queues its statements in the same transaction that records it
//! ([`super::Store::record_finished`]); the LRS sender (`crate::lrs`) takes them from here
//! oldest first and marks them sent only after the LRS has accepted them. Everything the
//! sender knows lives in these rows, so a restart or a crash at any moment loses nothing:
//! what was not marked sent is sent again, and its stable id lets the LRS recognise it.
//!
//! Refresher answers have their own outbox, `refresher_outbox` (its rows name a refresher,
//! not an attempt); everything here treats the two as one queue: pending statements are
//! taken from the attempts' outbox first, then from the refreshers', a statement id is
//! marked in whichever holds it, and the counts cover both.
//!
//! A row is in one of three states, told apart by the existing columns:
//! - **sent**: `sent_at` is set;
//! - **rejected**: not sent, `last_error` set and `next_try_at` empty: the LRS refused this
//!   statement itself, so it is not tried again until someone asks
//!   ([`Store::retry_rejected_statements`]);
//! - **pending**: everything else, including statements whose last try failed for a
//!   passing reason (`last_error` and `next_try_at` both set).

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::params;
use uuid::Uuid;

use super::{FILE_NAME, Opened, Result, Store, StoreError, ts};

/// `WHERE` clause of rejected rows.
const REJECTED: &str = "sent_at IS NULL AND last_error IS NOT NULL AND next_try_at IS NULL";

/// Up to `?1` pending statements, oldest first.
pub(crate) const PENDING_STATEMENTS: &str = "SELECT statement_id, statement, tries FROM outbox
     WHERE sent_at IS NULL AND (last_error IS NULL OR next_try_at IS NOT NULL)
     ORDER BY created_at, rowid LIMIT ?1";
/// Up to `?1` pending refresher statements, oldest first.
pub(crate) const PENDING_REFRESHER_STATEMENTS: &str =
    "SELECT statement_id, statement, tries FROM refresher_outbox
     WHERE sent_at IS NULL AND (last_error IS NULL OR next_try_at IS NOT NULL)
     ORDER BY created_at, rowid LIMIT ?1";
/// Marks one statement sent.
pub(crate) const MARK_SENT: &str =
    "UPDATE outbox SET sent_at = ?2, last_error = NULL, next_try_at = NULL
     WHERE statement_id = ?1 AND sent_at IS NULL";
/// Marks one refresher statement sent.
pub(crate) const MARK_REFRESHER_SENT: &str =
    "UPDATE refresher_outbox SET sent_at = ?2, last_error = NULL, next_try_at = NULL
     WHERE statement_id = ?1 AND sent_at IS NULL";
/// Notes a passing failure on one statement.
pub(crate) const NOTE_FAILURE: &str =
    "UPDATE outbox SET tries = tries + 1, last_error = ?2, next_try_at = ?3
     WHERE statement_id = ?1 AND sent_at IS NULL";
/// Notes a passing failure on one refresher statement.
pub(crate) const NOTE_REFRESHER_FAILURE: &str =
    "UPDATE refresher_outbox SET tries = tries + 1, last_error = ?2, next_try_at = ?3
     WHERE statement_id = ?1 AND sent_at IS NULL";
/// The latest error on a statement not yet sent.
pub(crate) const LAST_ERROR: &str =
    "SELECT last_error FROM outbox WHERE sent_at IS NULL AND last_error IS NOT NULL
     ORDER BY coalesce(next_try_at, created_at) DESC, rowid DESC LIMIT 1";
/// The latest error on a refresher statement not yet sent, with its time.
pub(crate) const LAST_REFRESHER_ERROR: &str =
    "SELECT last_error, coalesce(next_try_at, created_at) FROM refresher_outbox
     WHERE sent_at IS NULL AND last_error IS NOT NULL
     ORDER BY coalesce(next_try_at, created_at) DESC, rowid DESC LIMIT 1";
/// Attempts without statements after `(?1, ?2)`, oldest first, at most `?3`.
pub(crate) const UNQUEUED: &str = "SELECT u.attempt_id, a.learner_id, u.finished_at FROM unqueued u
     JOIN attempts a ON a.id = u.attempt_id
     WHERE (u.finished_at, u.attempt_id) > (?1, ?2)
     ORDER BY u.finished_at, u.attempt_id LIMIT ?3";

/// How many statements are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// Waiting to be sent (including those whose last try failed for a passing reason).
    pub pending: usize,
    /// Accepted by the LRS.
    pub sent: usize,
    /// Refused by the LRS; not tried again until asked.
    pub rejected: usize,
}

/// A statement waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedStatement {
    pub id: Uuid,
    /// The statement as JSON, exactly as it will be sent.
    pub statement: String,
    /// How many times sending it has failed so far.
    pub tries: u32,
}

/// One attempt's statements, for [`Store::queue_statements`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptStatements {
    pub attempt_id: Uuid,
    pub learner_id: String,
    pub statements: Vec<(Uuid, String)>,
}

fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn parse_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text)
        .map_err(|e| StoreError::Corrupt(format!("bad statement id `{text}`: {e}")))
}

impl Store {
    /// Opens the existing store in `dir` from a second thread or process (the LRS sender,
    /// the background check): the schema is brought up to date, but a damaged file is
    /// reported, not moved aside; that is the job of whoever opened the store first.
    pub fn open_existing(dir: &Path) -> Result<Self> {
        let path = dir.join(FILE_NAME);
        if !path.is_file() {
            return Err(StoreError::Folder {
                path: path.display().to_string(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            });
        }
        let mut store = Self::open_file(&path).map_err(|e| match e {
            Opened::Damaged(reason) => StoreError::Corrupt(reason.to_string()),
            Opened::Failed(e) => e,
        })?;
        store.session = super::health::start_session(dir).ok();
        Ok(store)
    }

    /// How many statements are pending, sent and rejected: from the counts the triggers
    /// keep, not by counting the outbox.
    pub fn outbox_counts(&self) -> Result<OutboxCounts> {
        let mut counts = OutboxCounts::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT state, n FROM outbox_tally")?;
        let rows = stmt
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (state, n) in rows {
            match state.as_str() {
                "pending" => counts.pending = count(n),
                "sent" => counts.sent = count(n),
                _ => counts.rejected = count(n),
            }
        }
        Ok(counts)
    }

    /// Up to `max` pending statements: the attempts' oldest first (in the order they
    /// were queued), then the refreshers'.
    pub fn pending_statements(&self, max: usize) -> Result<Vec<QueuedStatement>> {
        let read = |sql: &str, max: usize| -> Result<Vec<(String, String, i64)>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt
                .query_map([limit(max)], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, i64>(2)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        };
        let mut rows = read(PENDING_STATEMENTS, max)?;
        if rows.len() < max {
            rows.extend(read(PENDING_REFRESHER_STATEMENTS, max - rows.len())?);
        }
        rows.into_iter()
            .map(|(id, statement, tries)| {
                Ok(QueuedStatement {
                    id: parse_id(&id)?,
                    statement,
                    tries: u32::try_from(tries).unwrap_or(u32::MAX),
                })
            })
            .collect()
    }

    /// Marks statements as accepted by the LRS. Returns how many rows changed (a statement
    /// erased meanwhile is simply gone).
    pub fn mark_statements_sent(&mut self, ids: &[Uuid], now: DateTime<Utc>) -> Result<usize> {
        let now = ts(now);
        self.transact(|tx| {
            let mut stmt = tx.prepare_cached(MARK_SENT)?;
            let mut refresher = tx.prepare_cached(MARK_REFRESHER_SENT)?;
            let mut changed = 0;
            for id in ids {
                let id = id.to_string();
                changed += match stmt.execute(params![id, now])? {
                    0 => refresher.execute(params![id, now])?,
                    n => n,
                };
            }
            Ok(changed)
        })
    }

    /// Marks one statement as refused by the LRS, with the LRS's reason.
    pub fn mark_statement_rejected(&mut self, id: Uuid, error: &str) -> Result<()> {
        self.transact(|tx| {
            for table in ["outbox", "refresher_outbox"] {
                tx.execute(
                    &format!(
                        "UPDATE {table} SET tries = tries + 1, last_error = ?2, next_try_at = NULL
                         WHERE statement_id = ?1 AND sent_at IS NULL"
                    ),
                    params![id.to_string(), error],
                )?;
            }
            Ok(())
        })
    }

    /// Notes a passing failure (the LRS unreachable, busy, or failing) on statements that
    /// stay pending: one more try, the error, and when the next try is due.
    pub fn note_delivery_failure(
        &mut self,
        ids: &[Uuid],
        error: &str,
        next_try: DateTime<Utc>,
    ) -> Result<()> {
        let next_try = ts(next_try);
        self.transact(|tx| {
            let mut stmt = tx.prepare_cached(NOTE_FAILURE)?;
            let mut refresher = tx.prepare_cached(NOTE_REFRESHER_FAILURE)?;
            for id in ids {
                let id = id.to_string();
                if stmt.execute(params![id, error, next_try])? == 0 {
                    refresher.execute(params![id, error, next_try])?;
                }
            }
            Ok(())
        })
    }

    /// The most recent error noted on a statement not yet sent, if any.
    pub fn last_delivery_error(&self) -> Result<Option<String>> {
        use rusqlite::OptionalExtension as _;
        let attempts: Option<String> = self
            .conn
            .query_row(LAST_ERROR, [], |row| row.get(0))
            .optional()?;
        let refreshers: Option<(String, String)> = self
            .conn
            .query_row(LAST_REFRESHER_ERROR, [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        // The later of the two; an attempt's error when only it is known to be later.
        Ok(match (attempts, refreshers) {
            (Some(attempt), Some((refresher, at))) => {
                let attempt_at: Option<String> = self
                    .conn
                    .query_row(
                        "SELECT coalesce(next_try_at, created_at) FROM outbox
                         WHERE sent_at IS NULL AND last_error IS NOT NULL
                         ORDER BY coalesce(next_try_at, created_at) DESC, rowid DESC LIMIT 1",
                        [],
                        |row| row.get(0),
                    )
                    .optional()?;
                if attempt_at.is_some_and(|t| t >= at) {
                    Some(attempt)
                } else {
                    Some(refresher)
                }
            }
            (attempt, refresher) => attempt.or(refresher.map(|(error, _)| error)),
        })
    }

    /// Puts every rejected statement back in the queue. Returns how many.
    pub fn retry_rejected_statements(&mut self) -> Result<usize> {
        self.transact(|tx| {
            let mut n = 0;
            for table in ["outbox", "refresher_outbox"] {
                n += tx.execute(
                    &format!(
                        "UPDATE {table} SET last_error = NULL, next_try_at = NULL WHERE {REJECTED}"
                    ),
                    [],
                )?;
            }
            Ok(n)
        })
    }

    /// Deletes every statement not yet sent (delivery turned off for good). Returns how many.
    pub fn forget_unsent_statements(&mut self) -> Result<usize> {
        self.transact(|tx| {
            Ok(tx.execute("DELETE FROM outbox WHERE sent_at IS NULL", [])?
                + tx.execute("DELETE FROM refresher_outbox WHERE sent_at IS NULL", [])?)
        })
    }

    /// Up to `max` finished graded attempts that have no statement in the outbox, oldest
    /// first, after `after` (`(finished_at, id)` of the last one seen), as `(attempt id,
    /// learner id, finished_at)`: those finished while delivery was off, imported from a
    /// bundle, or written by `jaga demo-data`. Read from the list the triggers keep
    /// (`unqueued`), not by comparing every attempt with the outbox.
    pub fn attempts_without_statements(
        &self,
        after: Option<(&str, &str)>,
        max: usize,
    ) -> Result<Vec<(Uuid, String, String)>> {
        let (after_time, after_id) = after.unwrap_or(("", ""));
        let mut stmt = self.conn.prepare_cached(UNQUEUED)?;
        let rows = stmt
            .query_map(params![after_time, after_id, limit(max)], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, learner, finished)| Ok((parse_id(&id)?, learner, finished)))
            .collect()
    }

    /// How many finished graded attempts have no statement in the outbox.
    pub fn count_attempts_without_statements(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM unqueued", [], |row| row.get(0))?;
        Ok(count(n))
    }

    /// Queues the statements of attempts already recorded, in one transaction. A statement
    /// already in the outbox (same id) is left as it is. Returns how many were added.
    pub fn queue_statements(
        &mut self,
        attempts: &[AttemptStatements],
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let now = ts(now);
        self.transact(|tx| {
            let mut stmt = tx.prepare_cached(
                "INSERT OR IGNORE INTO outbox (statement_id, attempt_id, learner_id, statement, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut added = 0;
            for attempt in attempts {
                for (id, statement) in &attempt.statements {
                    added += stmt.execute(params![
                        id.to_string(),
                        attempt.attempt_id.to_string(),
                        attempt.learner_id,
                        statement,
                        now
                    ])?;
                }
            }
            Ok(added)
        })
    }

    /// Sets (`Some`) or removes (`None`) several settings in one transaction, for settings
    /// that only make sense together (the LRS endpoint, home page and switch).
    pub fn update_settings(&mut self, values: &[(&str, Option<&str>)]) -> Result<()> {
        self.transact(|tx| {
            for (key, value) in values {
                match value {
                    Some(value) => tx.execute(
                        "INSERT INTO settings (key, value) VALUES (?1, ?2)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        [key, value],
                    )?,
                    None => tx.execute("DELETE FROM settings WHERE key = ?1", [key])?,
                };
            }
            Ok(())
        })
    }

    /// Every statement in the outbox as `(id, JSON, sent)`, in queue order.
    pub fn outbox_statements(&self) -> Result<Vec<(Uuid, String, bool)>> {
        self.queued_statements(
            "SELECT statement_id, statement, sent_at IS NOT NULL FROM outbox ORDER BY created_at, rowid",
        )
    }

    /// The `(id, JSON, sent)` rows that `sql` selects from an outbox (graded or refresher).
    pub(super) fn queued_statements(&self, sql: &str) -> Result<Vec<(Uuid, String, bool)>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, bool>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, statement, sent)| Ok((parse_id(&id)?, statement, sent)))
            .collect()
    }
}
