//! Refresher results on their way off the machine: their columns in the completion report,
//! their statements for the LRS, and the refreshers a results bundle carries.
//!
//! A refresher is its own kind of attempt (see `reviews`): none of this touches a graded
//! result. The report's columns are counted per learner and module from one index range
//! (`refresher_answers_by_pair`); answers without a statement are read from the list the
//! triggers keep (`refresher_unqueued`, in `sql/010_refresher_exports.sql`), as graded
//! attempts' are from `unqueued`; and a bundled refresher is written back with its original id and answers,
//! never with the review queue, which is each machine's own schedule.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};
use uuid::Uuid;

use super::reviews::{answers_of, insert_answer};
use super::{RefresherAnswerRecord, RefresherRecord, Result, Store, StoreError, parse_ts, ts};

/// A learner's refresher answers on one module, counted per module.
pub(crate) const TALLIES_OF_LEARNER: &str =
    "SELECT module_id, count(*), sum(correct), max(answered_at) FROM refresher_answers
     WHERE learner_id = ?1 GROUP BY module_id";
/// Every learner's, for a dataset read whole.
const ALL_TALLIES: &str =
    "SELECT learner_id, module_id, count(*), sum(correct), max(answered_at) FROM refresher_answers
     GROUP BY learner_id, module_id";
/// Refresher answers without a statement after `(?1, ?2, ?3)`, oldest first, at most `?4`.
pub(crate) const UNQUEUED_ANSWERS: &str =
    "SELECT u.answered_at, u.refresher_id, u.position, r.learner_id, r.language
     FROM refresher_unqueued u JOIN refreshers r ON r.id = u.refresher_id
     WHERE (u.answered_at, u.refresher_id, u.position) > (?1, ?2, ?3)
     ORDER BY u.answered_at, u.refresher_id, u.position LIMIT ?4";
/// A stored refresher by id.
pub(crate) const REFRESHER_BY_ID: &str =
    "SELECT id, learner_id, language, started_at, finished_at FROM refreshers WHERE id = ?1";

/// A learner's refresher answers on one module: the report's refresher columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefresherTally {
    pub module_id: String,
    pub answers: usize,
    /// Answered right (recalled).
    pub right: usize,
    /// The latest answer.
    pub last: DateTime<Utc>,
}

/// A refresher answer that has no statement in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnqueuedAnswer {
    pub answered_at: String,
    pub refresher_id: Uuid,
    pub position: usize,
    pub learner_id: String,
    /// The refresher's language.
    pub language: String,
}

/// The statement of one refresher answer, for [`Store::queue_refresher_statements`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefresherStatement {
    pub refresher_id: Uuid,
    pub learner_id: String,
    pub position: usize,
    pub id: Uuid,
    pub statement: String,
}

fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn uuid(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text)
        .map_err(|e| StoreError::Corrupt(format!("bad refresher id `{text}`: {e}")))
}

/// A learner's refresher tallies, one per module they answered refreshers on.
pub(super) fn tallies_of(conn: &Connection, learner_id: &str) -> Result<Vec<RefresherTally>> {
    let mut stmt = conn.prepare_cached(TALLIES_OF_LEARNER)?;
    let rows = stmt
        .query_map([learner_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(module_id, answers, right, last)| {
            Ok(RefresherTally {
                module_id,
                answers: count(answers),
                right: count(right),
                last: parse_ts(&last)?,
            })
        })
        .collect()
}

/// The refresher with this id and its answers, inside a transaction the caller holds.
pub(super) fn refresher_in(conn: &Connection, id: &str) -> Result<Option<RefresherRecord>> {
    let head = conn
        .prepare_cached(REFRESHER_BY_ID)?
        .query_row([id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
            ))
        })
        .optional()?;
    head.map(|(id, learner_id, language, started, finished)| {
        Ok(RefresherRecord {
            id: uuid(&id)?,
            learner_id,
            language,
            started: parse_ts(&started)?,
            finished: parse_ts(&finished)?,
            answers: answers_of(conn, &id)?,
        })
    })
    .transpose()
}

/// The refresher with this id as stored, if there is one (a bundle's import).
pub fn stored_refresher_in(tx: &Transaction<'_>, id: Uuid) -> Result<Option<RefresherRecord>> {
    refresher_in(tx, &id.to_string())
}

/// Writes a refresher and its answers as another machine recorded them (a bundle's
/// import): the same id, times and answers, under `record.learner_id`. The review queue
/// is left alone: it is this machine's schedule.
pub fn insert_refresher_in(tx: &Transaction<'_>, record: &RefresherRecord) -> Result<()> {
    let id = record.id.to_string();
    let right = record.answers.iter().filter(|a| a.correct).count();
    tx.prepare_cached(
        "INSERT INTO refreshers (id, learner_id, language, started_at, finished_at, answered, right_count)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
            id,
            record.learner_id,
            record.language,
            ts(record.started),
            ts(record.finished),
            i64::try_from(record.answers.len()).unwrap_or(i64::MAX),
            i64::try_from(right).unwrap_or(i64::MAX),
        ],
    )?;
    for answer in &record.answers {
        insert_answer(tx, &id, &record.learner_id, answer)?;
    }
    Ok(())
}

/// Every refresher with its answers, by id, from a read transaction the caller holds (a
/// bundle being written).
pub(super) fn each_refresher(
    conn: &Connection,
    each: &mut dyn FnMut(RefresherRecord) -> std::result::Result<(), StoreError>,
) -> Result<()> {
    let mut stmt = conn.prepare("SELECT id FROM refreshers ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        if let Some(record) = refresher_in(conn, &id)? {
            each(record)?;
        }
    }
    Ok(())
}

impl Store {
    /// A learner's refresher answers per module (the report's refresher columns).
    pub fn refresher_tallies(&self, learner_id: &str) -> Result<Vec<RefresherTally>> {
        tallies_of(&self.conn, learner_id)
    }

    /// Every learner's refresher answers per module, as `(learner id, tally)`: for a
    /// dataset read whole (small stores and tests; reports stream theirs).
    pub fn all_refresher_tallies(&self) -> Result<Vec<(String, RefresherTally)>> {
        let mut stmt = self.conn.prepare_cached(ALL_TALLIES)?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(learner_id, module_id, answers, right, last)| {
                Ok((
                    learner_id,
                    RefresherTally {
                        module_id,
                        answers: count(answers),
                        right: count(right),
                        last: parse_ts(&last)?,
                    },
                ))
            })
            .collect()
    }

    /// The refresher with this id and its answers.
    pub fn refresher(&self, id: Uuid) -> Result<Option<RefresherRecord>> {
        refresher_in(&self.conn, &id.to_string())
    }

    /// Up to `max` refresher answers without a statement in the outbox, oldest first,
    /// after `after` (`(answered_at, refresher id, position)` of the last one seen): those
    /// answered while delivery was off, imported from a bundle, or written by demo data.
    pub fn refresher_answers_without_statements(
        &self,
        after: Option<(&str, &str, usize)>,
        max: usize,
    ) -> Result<Vec<UnqueuedAnswer>> {
        let (time, id, position) = after.unwrap_or(("", "", 0));
        // Nothing sorts before the empty id, so position -1 lets the first pass start at 0.
        let position = if after.is_some() {
            i64::try_from(position).unwrap_or(i64::MAX)
        } else {
            -1
        };
        let mut stmt = self.conn.prepare_cached(UNQUEUED_ANSWERS)?;
        let rows = stmt
            .query_map(
                params![time, id, position, i64::try_from(max).unwrap_or(i64::MAX)],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, i64>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, String>(4)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(answered_at, refresher, position, learner_id, language)| {
                Ok(UnqueuedAnswer {
                    answered_at,
                    refresher_id: uuid(&refresher)?,
                    position: count(position),
                    learner_id,
                    language,
                })
            })
            .collect()
    }

    /// How many refresher answers have no statement in the outbox.
    pub fn count_refresher_answers_without_statements(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM refresher_unqueued", [], |row| {
                row.get(0)
            })?;
        Ok(count(n))
    }

    /// Queues statements of refresher answers already recorded, in one transaction. A
    /// statement already in the outbox (same id) is left as it is. Returns how many were
    /// added.
    pub fn queue_refresher_statements(
        &mut self,
        statements: &[RefresherStatement],
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let now = ts(now);
        self.transact(|tx| {
            let mut stmt = tx.prepare_cached(
                "INSERT OR IGNORE INTO refresher_outbox
                     (statement_id, refresher_id, learner_id, statement, created_at, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut added = 0;
            for s in statements {
                added += stmt.execute(params![
                    s.id.to_string(),
                    s.refresher_id.to_string(),
                    s.learner_id,
                    s.statement,
                    now,
                    i64::try_from(s.position).unwrap_or(i64::MAX),
                ])?;
            }
            Ok(added)
        })
    }

    /// Every statement in the refresher outbox as `(id, JSON, sent)`, in queue order.
    pub fn refresher_outbox_statements(&self) -> Result<Vec<(Uuid, String, bool)>> {
        self.queued_statements(
            "SELECT statement_id, statement, sent_at IS NOT NULL FROM refresher_outbox
             ORDER BY created_at, rowid",
        )
    }
}

/// The answer at `position` of a refresher.
pub fn answer_at(record: &RefresherRecord, position: usize) -> Option<&RefresherAnswerRecord> {
    record.answers.iter().find(|a| a.position == position)
}
