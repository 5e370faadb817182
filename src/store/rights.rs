//! The learner's rights, kept in the core: take out everything stored about a learner,
//! erase it, and purge old attempts after a retention period.

use chrono::{DateTime, Days, Utc};
use serde::Serialize;

use super::settings::keys;
use super::{AttemptRecord, Learner, Result, Store, StoreError, ts};
use crate::engine::Attempt;

/// The retention purge, children first; the last statement removes the attempts.
pub(crate) const PURGE: [&str; 4] = [
    "DELETE FROM scenario_steps WHERE attempt_id IN (SELECT id FROM attempts WHERE finished_at < ?1)",
    "DELETE FROM responses WHERE attempt_id IN (SELECT id FROM attempts WHERE finished_at < ?1)",
    "DELETE FROM outbox WHERE attempt_id IN (SELECT id FROM attempts WHERE finished_at < ?1)",
    "DELETE FROM attempts WHERE finished_at < ?1",
];

/// The retention purge of refreshers: their answers and statements go with them (the
/// review queue stays: it is a schedule, not a result).
pub(crate) const PURGE_REFRESHERS: [&str; 3] = [
    "DELETE FROM refresher_outbox WHERE refresher_id IN (SELECT id FROM refreshers WHERE finished_at < ?1)",
    "DELETE FROM refresher_answers WHERE refresher_id IN (SELECT id FROM refreshers WHERE finished_at < ?1)",
    "DELETE FROM refreshers WHERE finished_at < ?1",
];

/// Everything Jaga stores about one learner, as exported to them.
#[derive(Debug, Clone, Serialize)]
pub struct LearnerExport {
    /// Identifies the document: `jaga-learner-export`.
    pub format: &'static str,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub learner: Learner,
    pub attempts: Vec<AttemptRecord>,
    /// Attempts started and not yet finished.
    pub open_attempts: Vec<Attempt>,
    /// xAPI statements about the learner queued for (or sent to) the organisation's LRS:
    /// their attempts', then their refresher answers'.
    pub queued_statements: Vec<serde_json::Value>,
    /// The lesson page last open in each module.
    pub lesson_pages: std::collections::BTreeMap<String, usize>,
    /// The refreshers taken, with every answer.
    pub refreshers: Vec<super::RefresherRecord>,
    /// The review queue: when each question comes back, and how well it is known.
    pub review_queue: Vec<crate::engine::ReviewItem>,
    /// Whether the profile has a PIN (never the PIN), and the privacy notice last read.
    pub has_pin: bool,
    pub notice_seen: Option<String>,
}

/// How much was erased.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ErasureReport {
    pub attempts: usize,
    pub open_attempts: usize,
    pub statements: usize,
    pub refreshers: usize,
    pub review_items: usize,
}

impl Store {
    /// Everything stored about a learner.
    pub fn export_learner(&self, learner_id: &str, now: DateTime<Utc>) -> Result<LearnerExport> {
        let learner = self.learner(learner_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT statement FROM (
                 SELECT statement, created_at, statement_id, 0 AS kind FROM outbox
                 WHERE learner_id = ?1
                 UNION ALL
                 SELECT statement, created_at, statement_id, 1 FROM refresher_outbox
                 WHERE learner_id = ?1)
             ORDER BY kind, created_at, statement_id",
        )?;
        let statements = stmt
            .query_map([learner_id], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|s| serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(e.to_string())))
            .collect::<Result<Vec<_>>>()?;
        Ok(LearnerExport {
            format: "jaga-learner-export",
            version: 1,
            exported_at: now,
            attempts: self.attempts(learner_id)?,
            open_attempts: self.open_attempts(learner_id)?,
            lesson_pages: self.lesson_pages(learner_id)?.into_iter().collect(),
            refreshers: self.refreshers(learner_id)?,
            review_queue: self.review_items(learner_id)?,
            has_pin: self.learner_access(learner_id)?.has_pin,
            notice_seen: self.notice_seen(learner_id)?,
            learner,
            queued_statements: statements,
        })
    }

    /// Erases a learner and everything about them: attempts, responses, paths, open
    /// attempts, queued statements, and the "last profile" setting when it names them.
    pub fn erase_learner(&mut self, learner_id: &str) -> Result<ErasureReport> {
        let report = self.transact(|tx| {
            let exists: i64 = tx.query_row(
                "SELECT count(*) FROM learners WHERE id = ?1",
                [learner_id],
                |row| row.get(0),
            )?;
            if exists == 0 {
                return Err(StoreError::NoLearner(learner_id.to_owned()));
            }
            let count = |sql: &str| -> rusqlite::Result<usize> {
                tx.query_row(sql, [learner_id], |row| row.get::<_, i64>(0))
                    .map(|n| usize::try_from(n).unwrap_or(0))
            };
            let report = ErasureReport {
                attempts: count("SELECT count(*) FROM attempts WHERE learner_id = ?1")?,
                open_attempts: count("SELECT count(*) FROM open_attempts WHERE learner_id = ?1")?,
                statements: count("SELECT count(*) FROM outbox WHERE learner_id = ?1")?
                    + count("SELECT count(*) FROM refresher_outbox WHERE learner_id = ?1")?,
                refreshers: count("SELECT count(*) FROM refreshers WHERE learner_id = ?1")?,
                review_items: count("SELECT count(*) FROM review_items WHERE learner_id = ?1")?,
            };
            // Children first, so erasure does not depend on foreign-key cascades.
            tx.execute(
                "DELETE FROM scenario_steps WHERE attempt_id IN (SELECT id FROM attempts WHERE learner_id = ?1)",
                [learner_id],
            )?;
            tx.execute(
                "DELETE FROM responses WHERE attempt_id IN (SELECT id FROM attempts WHERE learner_id = ?1)",
                [learner_id],
            )?;
            tx.execute("DELETE FROM outbox WHERE learner_id = ?1", [learner_id])?;
            tx.execute("DELETE FROM attempts WHERE learner_id = ?1", [learner_id])?;
            tx.execute("DELETE FROM open_attempts WHERE learner_id = ?1", [learner_id])?;
            tx.execute(
                "DELETE FROM settings WHERE key = ?1 AND value = ?2",
                [keys::LAST_LEARNER, learner_id],
            )?;
            tx.execute("DELETE FROM learner_access WHERE learner_id = ?1", [learner_id])?;
            tx.execute("DELETE FROM lesson_pages WHERE learner_id = ?1", [learner_id])?;
            tx.execute("DELETE FROM refresher_outbox WHERE learner_id = ?1", [learner_id])?;
            tx.execute(
                "DELETE FROM refresher_answers WHERE learner_id = ?1",
                [learner_id],
            )?;
            tx.execute("DELETE FROM refreshers WHERE learner_id = ?1", [learner_id])?;
            tx.execute("DELETE FROM review_items WHERE learner_id = ?1", [learner_id])?;
            tx.execute(
                "DELETE FROM refresher_nudges WHERE learner_id = ?1",
                [learner_id],
            )?;
            tx.execute("DELETE FROM learners WHERE id = ?1", [learner_id])?;
            Ok(report)
        })?;
        // The deleted rows are overwritten (secure_delete); empty the write-ahead log too,
        // so the learner is in no byte of any file while Jaga keeps running.
        self.checkpoint()?;
        Ok(report)
    }

    /// The retention period in days, when one is set.
    pub fn retention_days(&self) -> Result<Option<u32>> {
        Ok(self
            .setting(keys::RETENTION_DAYS)?
            .and_then(|v| v.parse().ok())
            .filter(|d| *d > 0))
    }

    /// Sets (or with `None`, turns off) the retention period.
    pub fn set_retention_days(&mut self, days: Option<u32>) -> Result<()> {
        match days {
            Some(days) if days > 0 => self.set_setting(keys::RETENTION_DAYS, &days.to_string()),
            _ => self.remove_setting(keys::RETENTION_DAYS),
        }
    }

    /// Removes attempts finished more than the retention period before `now`.
    pub fn apply_retention(&mut self, now: DateTime<Utc>) -> Result<usize> {
        match self.retention_days()? {
            Some(days) => self.purge_attempts_before(
                now.checked_sub_days(Days::new(u64::from(days)))
                    .unwrap_or(DateTime::<Utc>::MIN_UTC),
            ),
            None => Ok(0),
        }
    }

    /// Removes every attempt finished before `cutoff`, with its responses, paths and
    /// queued statements. Returns how many attempts went. Each statement finds the old
    /// attempts through the index on `finished_at`, so a purge reads only what it removes.
    pub fn purge_attempts_before(&mut self, cutoff: DateTime<Utc>) -> Result<usize> {
        let cutoff = ts(cutoff);
        self.transact(|tx| {
            for sql in PURGE_REFRESHERS {
                tx.execute(sql, [&cutoff])?;
            }
            let mut removed = 0;
            for sql in PURGE {
                removed = tx.execute(sql, [&cutoff])?;
            }
            // The last statement removes the attempts themselves.
            Ok(removed)
        })
    }
}
