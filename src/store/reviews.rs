//! Spaced refreshers in the store: each learner's review queue (FSRS memory state per
//! question) and the refreshers they took, with every answer.
//!
//! A refresher is its own kind of attempt: it has its own tables, so no graded status,
//! certificate, completion figure or retention tally ever counts it. The queue grows in
//! the transaction that records a graded attempt ([`enqueue_after_attempt_in`]), and each
//! refresher answer is committed with the schedule it moves
//! ([`Store::record_refresher_answer`]), so a refresher closed half-way loses nothing.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension as _, Transaction, named_params};
use serde::Serialize;
use uuid::Uuid;

use super::{Result, Store, StoreError, parse_ts, ts};
use crate::content::Module;
use crate::engine::review::{self, DEFAULT_RETENTION, Recall, ReviewItem, Scheduler};
use crate::engine::{Attempt, RefresherAnswer};

/// The setting: the share of refresher questions a learner should still answer right
/// when they come back (0.7 to 0.97); absent means [`DEFAULT_RETENTION`].
pub const RETENTION_KEY: &str = "refresher.retention";

/// A refresher taken, with its answers in the order given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefresherRecord {
    pub id: Uuid,
    pub learner_id: String,
    pub language: String,
    pub started: DateTime<Utc>,
    /// The last answer so far.
    pub finished: DateTime<Utc>,
    pub answers: Vec<RefresherAnswerRecord>,
}

/// One answer of a refresher, as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefresherAnswerRecord {
    pub position: usize,
    pub module_id: String,
    /// The module file the question came from (SHA-256).
    pub revision: String,
    pub question_id: String,
    pub kind: String,
    pub choice_order: Vec<String>,
    pub chosen: Vec<String>,
    pub correct: bool,
    pub points: f64,
    pub max_points: f64,
    /// `forgot`, `partly` or `recalled`: the rating the schedule took.
    pub recall: String,
    pub answered: DateTime<Utc>,
    /// Whole days since the learner last passed the module, when they had.
    pub days_since_pass: Option<i64>,
    /// When the question comes back after this answer.
    pub next_due: DateTime<Utc>,
}

impl Store {
    /// The desired retention the schedule aims at.
    pub fn refresher_retention(&self) -> Result<f64> {
        Ok(self
            .setting(RETENTION_KEY)?
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|r| (review::RETENTION_RANGE.0..=review::RETENTION_RANGE.1).contains(r))
            .unwrap_or(DEFAULT_RETENTION))
    }

    /// Sets the desired retention; outside 0.7 to 0.97 it is refused.
    pub fn set_refresher_retention(&mut self, retention: f64) -> Result<()> {
        let (low, high) = review::RETENTION_RANGE;
        if !(low..=high).contains(&retention) {
            return Err(StoreError::Invalid(format!(
                "the desired retention must be between {low} and {high}"
            )));
        }
        self.set_setting(RETENTION_KEY, &format!("{retention}"))
    }

    /// Every item of a learner's review queue, soonest due first.
    pub fn review_items(&self, learner_id: &str) -> Result<Vec<ReviewItem>> {
        read_items(&self.conn, learner_id)
    }

    /// How many items of a learner's queue are due by `until` (read from the index, for
    /// a quick count on the home screen and the nudge).
    pub fn reviews_due(&self, learner_id: &str, until: DateTime<Utc>) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM review_items WHERE learner_id = ?1 AND due <= ?2",
            rusqlite::params![learner_id, ts(until)],
            |row| row.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// How many refresher answers of a learner are stored (read from the index).
    pub fn refresher_answer_count(&self, learner_id: &str) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM refresher_answers WHERE learner_id = ?1",
            [learner_id],
            |row| row.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Records one refresher answer and moves the question's schedule, in one
    /// transaction; `statements` (xAPI, when LRS delivery is on) are queued with it.
    /// Returns the stored answer and the question's new schedule.
    pub fn record_refresher_answer(
        &mut self,
        learner_id: &str,
        answer: &RefresherAnswer,
        statements: &[(Uuid, String)],
        now: DateTime<Utc>,
    ) -> Result<(RefresherAnswerRecord, ReviewItem)> {
        self.transact(|tx| record_refresher_answer_in(tx, learner_id, answer, statements, now))
    }

    /// Removes items from a learner's queue (their question is gone from the course).
    pub fn retire_reviews(&mut self, learner_id: &str, items: &[(String, String)]) -> Result<()> {
        self.transact(|tx| {
            let mut stmt = tx.prepare_cached(
                "DELETE FROM review_items WHERE learner_id = ?1 AND module_id = ?2 AND question_id = ?3",
            )?;
            for (module_id, question_id) in items {
                stmt.execute([learner_id, module_id, question_id])?;
            }
            Ok(())
        })
    }

    /// A learner's refreshers, oldest first, with their answers.
    pub fn refreshers(&self, learner_id: &str) -> Result<Vec<RefresherRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, language, started_at, finished_at FROM refreshers
             WHERE learner_id = ?1 ORDER BY started_at, id",
        )?;
        let heads = stmt
            .query_map([learner_id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        heads
            .into_iter()
            .map(|(id, language, started, finished)| {
                Ok(RefresherRecord {
                    id: Uuid::parse_str(&id).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    learner_id: learner_id.to_owned(),
                    language,
                    started: parse_ts(&started)?,
                    finished: parse_ts(&finished)?,
                    answers: answers_of(&self.conn, &id)?,
                })
            })
            .collect()
    }
}

/// A refresher's answers in the order given (on the store's connection or inside a
/// transaction).
pub(super) fn answers_of(
    conn: &rusqlite::Connection,
    refresher_id: &str,
) -> Result<Vec<RefresherAnswerRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT position, module_id, revision, question_id, kind, choice_order, chosen, correct,
                    points, max_points, recall, answered_at, days_since_pass, next_due
             FROM refresher_answers WHERE refresher_id = ?1 ORDER BY position",
    )?;
    let rows = stmt
        .query_map([refresher_id], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, bool>(7)?,
                row.get::<_, f64>(8)?,
                row.get::<_, f64>(9)?,
                row.get::<_, String>(10)?,
                row.get::<_, String>(11)?,
                row.get::<_, Option<i64>>(12)?,
                row.get::<_, String>(13)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|r| {
            let list = |text: &str| -> Result<Vec<String>> {
                serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
            };
            Ok(RefresherAnswerRecord {
                position: usize::try_from(r.0).unwrap_or(0),
                module_id: r.1,
                revision: r.2,
                question_id: r.3,
                kind: r.4,
                choice_order: list(&r.5)?,
                chosen: list(&r.6)?,
                correct: r.7,
                points: r.8,
                max_points: r.9,
                recall: r.10,
                answered: parse_ts(&r.11)?,
                days_since_pass: r.12,
                next_due: parse_ts(&r.13)?,
            })
        })
        .collect()
}

/// The desired retention, read inside a transaction (or on the store's connection).
fn retention_of(conn: &rusqlite::Connection) -> Result<f64> {
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [RETENTION_KEY],
            |row| row.get(0),
        )
        .optional()?;
    Ok(value
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(DEFAULT_RETENTION))
}

/// Every item of a learner's queue, read inside a transaction (demo data).
pub fn review_items_in(tx: &Transaction<'_>, learner_id: &str) -> Result<Vec<ReviewItem>> {
    read_items(tx, learner_id)
}

/// A learner's items, soonest due first (a learner has a few hundred at most).
fn read_items(conn: &rusqlite::Connection, learner_id: &str) -> Result<Vec<ReviewItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT module_id, question_id, fingerprint, due, stability, difficulty, reps, lapses,
                last_review, elapsed_days, scheduled_days
         FROM review_items WHERE learner_id = ?1 ORDER BY due, module_id, question_id",
    )?;
    let rows = stmt
        .query_map([learner_id], raw_item)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(RawItem::finish).collect()
}

fn items_of_module(
    tx: &Transaction<'_>,
    learner_id: &str,
    module_id: &str,
) -> Result<Vec<ReviewItem>> {
    let mut items = read_items(tx, learner_id)?;
    items.retain(|item| item.module_id == module_id);
    Ok(items)
}

/// Writes one item of a learner's queue, replacing the one of the same question, inside
/// the caller's transaction (here, and for filling a large store in `benches/refresher.rs`).
pub fn upsert_item(tx: &Transaction<'_>, learner_id: &str, item: &ReviewItem) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO review_items (learner_id, module_id, question_id, fingerprint, due, stability,
             difficulty, reps, lapses, last_review, elapsed_days, scheduled_days)
         VALUES (:learner_id, :module_id, :question_id, :fingerprint, :due, :stability,
             :difficulty, :reps, :lapses, :last_review, :elapsed_days, :scheduled_days)
         ON CONFLICT (learner_id, module_id, question_id) DO UPDATE SET
             fingerprint = excluded.fingerprint, due = excluded.due,
             stability = excluded.stability, difficulty = excluded.difficulty,
             reps = excluded.reps, lapses = excluded.lapses, last_review = excluded.last_review,
             elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days",
    )?
    .execute(named_params! {
        ":learner_id": learner_id,
        ":module_id": item.module_id,
        ":question_id": item.question_id,
        ":fingerprint": item.fingerprint,
        ":due": ts(item.due),
        ":stability": item.stability,
        ":difficulty": item.difficulty,
        ":reps": item.reps,
        ":lapses": item.lapses,
        ":last_review": ts(item.last_review),
        ":elapsed_days": item.elapsed_days,
        ":scheduled_days": item.scheduled_days,
    })?;
    Ok(())
}

/// Adds a finished graded attempt's questions to the learner's queue (see
/// `review::after_attempt`), inside the transaction that records the attempt.
pub fn enqueue_after_attempt_in(
    tx: &Transaction<'_>,
    learner_id: &str,
    attempt: &Attempt,
    module: &Module,
    now: DateTime<Utc>,
) -> Result<()> {
    let scheduler = Scheduler::new(retention_of(tx)?);
    let existing = items_of_module(tx, learner_id, &module.id)?;
    for item in review::after_attempt(&scheduler, attempt, module, &existing, now) {
        upsert_item(tx, learner_id, &item)?;
    }
    Ok(())
}

/// What one refresher answer will be when recorded: read, not written, so the same
/// computation serves recording and building the answer's statement beforehand.
struct Composed {
    /// The refresher is new: its row is written with this answer.
    new_run: bool,
    record: RefresherAnswerRecord,
    item: ReviewItem,
}

/// Computes the stored answer and the question's new schedule from the store as it is
/// (its position in the refresher, the rating, the days since the last pass).
fn compose(
    conn: &rusqlite::Connection,
    learner_id: &str,
    answer: &RefresherAnswer,
    now: DateTime<Utc>,
) -> Result<Composed> {
    let run = answer.run.to_string();
    let owner: Option<(String, i64)> = conn
        .query_row(
            "SELECT learner_id, answered FROM refreshers WHERE id = ?1",
            [&run],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let (new_run, position) = match owner {
        Some((owner, _)) if owner != learner_id => {
            return Err(StoreError::Invalid(
                "this refresher belongs to another learner".to_owned(),
            ));
        }
        Some((_, answered)) => (false, answered),
        None => (true, 0),
    };
    let recall = Recall::of_fraction(answer.grade.fraction);
    let scheduler = Scheduler::new(retention_of(conn)?);
    let existing = read_items(conn, learner_id)?
        .into_iter()
        .find(|i| i.module_id == answer.module_id && i.question_id == answer.question.id);
    let item = match existing {
        Some(item) => scheduler.review(&item, &answer.question, recall, now),
        None => scheduler.first(&answer.module_id, &answer.question, recall, now),
    };
    let last_pass: Option<String> = conn.query_row(
        "SELECT max(finished_at) FROM attempts
         WHERE learner_id = ?1 AND module_id = ?2 AND mode = 'graded' AND passed = 1
           AND finished_at <= ?3",
        [learner_id, &answer.module_id, &ts(now)],
        |row| row.get(0),
    )?;
    let days_since_pass = last_pass
        .map(|at| parse_ts(&at))
        .transpose()?
        .map(|at| (now - at).num_days().max(0));
    let correct = recall == Recall::Recalled;
    let record = RefresherAnswerRecord {
        position: usize::try_from(position).unwrap_or(0),
        module_id: answer.module_id.clone(),
        revision: answer.revision.0.clone(),
        question_id: answer.question.id.clone(),
        kind: answer.question.kind.name().to_owned(),
        choice_order: answer.choice_order.clone(),
        chosen: answer.chosen.clone(),
        correct,
        points: answer.grade.earned,
        max_points: answer.grade.max,
        recall: recall.name().to_owned(),
        answered: now,
        days_since_pass,
        next_due: item.due,
    };
    Ok(Composed {
        new_run,
        record,
        item,
    })
}

impl Store {
    /// The answer as [`Store::record_refresher_answer`] would store it at `now`, without
    /// writing anything: what its xAPI statement is built from before it is recorded
    /// with it (`crate::lrs::statements_for_refresher`).
    pub fn refresher_answer_preview(
        &self,
        learner_id: &str,
        answer: &RefresherAnswer,
        now: DateTime<Utc>,
    ) -> Result<RefresherAnswerRecord> {
        Ok(compose(&self.conn, learner_id, answer, now)?.record)
    }
}

/// [`Store::record_refresher_answer`] inside the caller's transaction. Each statement is
/// about this answer (one per answer), so it is queued with the answer's position.
pub fn record_refresher_answer_in(
    tx: &Transaction<'_>,
    learner_id: &str,
    answer: &RefresherAnswer,
    statements: &[(Uuid, String)],
    now: DateTime<Utc>,
) -> Result<(RefresherAnswerRecord, ReviewItem)> {
    let run = answer.run.to_string();
    let Composed {
        new_run,
        record,
        item,
    } = compose(tx, learner_id, answer, now)?;
    if new_run {
        tx.execute(
            "INSERT INTO refreshers (id, learner_id, language, started_at, finished_at, answered, right_count)
             VALUES (?1, ?2, ?3, ?4, ?4, 0, 0)",
            rusqlite::params![run, learner_id, answer.language, ts(answer.run_started)],
        )?;
    }
    upsert_item(tx, learner_id, &item)?;
    insert_answer(tx, &run, learner_id, &record)?;
    tx.execute(
        "UPDATE refreshers SET finished_at = ?2, answered = answered + 1,
             right_count = right_count + ?3 WHERE id = ?1",
        rusqlite::params![run, ts(now), i64::from(record.correct)],
    )?;
    let position = i64::try_from(record.position).unwrap_or(i64::MAX);
    for (id, statement) in statements {
        tx.execute(
            "INSERT OR IGNORE INTO refresher_outbox (statement_id, refresher_id, learner_id, statement, created_at, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![id.to_string(), run, learner_id, statement, ts(now), position],
        )?;
    }
    Ok((record, item))
}

/// Writes one refresher answer row (just answered here, or brought in a bundle).
pub fn insert_answer(
    tx: &Transaction<'_>,
    refresher_id: &str,
    learner_id: &str,
    record: &RefresherAnswerRecord,
) -> Result<()> {
    let json = |list: &[String]| serde_json::to_string(list).unwrap_or_else(|_| "[]".to_owned());
    tx.prepare_cached(
        "INSERT INTO refresher_answers (refresher_id, position, learner_id, module_id, revision,
             question_id, kind, choice_order, chosen, correct, points, max_points, recall,
             answered_at, days_since_pass, next_due)
         VALUES (:refresher_id, :position, :learner_id, :module_id, :revision, :question_id, :kind,
             :choice_order, :chosen, :correct, :points, :max_points, :recall, :answered_at,
             :days_since_pass, :next_due)",
    )?
    .execute(named_params! {
        ":refresher_id": refresher_id,
        ":position": i64::try_from(record.position).unwrap_or(i64::MAX),
        ":learner_id": learner_id,
        ":module_id": record.module_id,
        ":revision": record.revision,
        ":question_id": record.question_id,
        ":kind": record.kind,
        ":choice_order": json(&record.choice_order),
        ":chosen": json(&record.chosen),
        ":correct": record.correct,
        ":points": record.points,
        ":max_points": record.max_points,
        ":recall": record.recall,
        ":answered_at": ts(record.answered),
        ":days_since_pass": record.days_since_pass,
        ":next_due": ts(record.next_due),
    })?;
    Ok(())
}

struct RawItem {
    module_id: String,
    question_id: String,
    fingerprint: String,
    due: String,
    stability: f64,
    difficulty: f64,
    reps: i32,
    lapses: i32,
    last_review: String,
    elapsed_days: i64,
    scheduled_days: i64,
}

fn raw_item(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawItem> {
    Ok(RawItem {
        module_id: row.get(0)?,
        question_id: row.get(1)?,
        fingerprint: row.get(2)?,
        due: row.get(3)?,
        stability: row.get(4)?,
        difficulty: row.get(5)?,
        reps: row.get(6)?,
        lapses: row.get(7)?,
        last_review: row.get(8)?,
        elapsed_days: row.get(9)?,
        scheduled_days: row.get(10)?,
    })
}

impl RawItem {
    fn finish(self) -> Result<ReviewItem> {
        Ok(ReviewItem {
            module_id: self.module_id,
            question_id: self.question_id,
            fingerprint: self.fingerprint,
            due: parse_ts(&self.due)?,
            stability: self.stability,
            difficulty: self.difficulty,
            reps: self.reps,
            lapses: self.lapses,
            last_review: parse_ts(&self.last_review)?,
            elapsed_days: self.elapsed_days,
            scheduled_days: self.scheduled_days,
        })
    }
}
