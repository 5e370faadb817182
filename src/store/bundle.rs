//! The tables behind results bundles: every learner and finished attempt read in order with
//! the rows' original ids, and those rows written back as they were on another machine.
//!
//! It exists so the bundle format and its import rules (`crate::bundle`) never touch SQL.
//! Reads run in one read transaction, so a bundle is a consistent snapshot even while the
//! window writes, and hand over one record at a time: attempts, responses and scenario
//! steps are three cursors walked side by side in id order, so a bundle of a million
//! attempts is read in the memory of one. Writes run inside a transaction the caller
//! holds, so one bundle is imported whole or not at all.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension as _, Row, Transaction};
use uuid::Uuid;

use super::attempts::{
    RawResponse, index, row_to_raw, row_to_response, row_to_step, seed_from_sql,
};
use super::learners::row_to_learner;
use super::{AttemptRecord, Learner, Result, Store, StoreError, parse_ts};
use crate::engine::PathStep;

/// The setting that holds this machine's opaque bundle id.
pub const MACHINE_ID_KEY: &str = "bundle.machine_id";

/// One record of a bundle, as [`Store::read_results`] hands it over.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Learner(Learner),
    Attempt(Box<AttemptRecord>),
    /// A refresher with its answers (never its learner's review queue).
    Refresher(Box<super::RefresherRecord>),
}

/// The stored facts of an attempt that tell whether a bundled one is the same.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAttempt {
    pub learner_id: String,
    pub module_id: String,
    pub revision: String,
    pub language: String,
    pub seed: u64,
    pub started: DateTime<Utc>,
    pub finished: DateTime<Utc>,
    pub score_raw: f64,
    pub score_max: f64,
    pub passed: bool,
    pub item_count: usize,
}

impl Store {
    /// This machine's opaque id for bundles. The first call stores `fresh` (a random
    /// UUID from the caller) and every later call returns the stored one.
    pub fn machine_id(&mut self, fresh: Uuid) -> Result<String> {
        self.transact(|tx| {
            let stored: Option<String> = tx
                .query_row(
                    "SELECT value FROM settings WHERE key = ?1",
                    [MACHINE_ID_KEY],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(id) = stored {
                return Ok(id);
            }
            let id = fresh.to_string();
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                [MACHINE_ID_KEY, &id],
            )?;
            Ok(id)
        })
    }

    /// Hands over every learner (by employee ID), then every finished graded attempt
    /// with all its responses and paths (by id), then every refresher with its answers
    /// (by id), one at a time, from one read transaction. Returns how many open attempts were left out (they are not results).
    pub fn read_results<E: From<StoreError>>(
        &self,
        each: &mut dyn FnMut(Record) -> std::result::Result<(), E>,
    ) -> std::result::Result<usize, E> {
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(StoreError::from)?;
        {
            let mut stmt = tx
                .prepare(
                    "SELECT id, employee_id, display_name, department, created_at
                     FROM learners ORDER BY employee_id",
                )
                .map_err(StoreError::from)?;
            let mut rows = stmt.query([]).map_err(StoreError::from)?;
            while let Some(row) = rows.next().map_err(StoreError::from)? {
                let (mut one, created) = row_to_learner(row).map_err(StoreError::from)?;
                one.created = parse_ts(&created)?;
                each(Record::Learner(one))?;
            }
        }
        {
            let mut attempts = tx
                .prepare(
                    "SELECT id, learner_id, module_id, revision, language, seed, mode, started_at,
                            finished_at, duration_ms, score_raw, score_max, passed, item_count
                     FROM attempts WHERE mode = 'graded' ORDER BY id",
                )
                .map_err(StoreError::from)?;
            let mut responses = tx
                .prepare(
                    "SELECT attempt_id, position, question_id, kind, choice_order, chosen, ending,
                            correct, points, max_points, step_count, backs
                     FROM responses ORDER BY attempt_id, position",
                )
                .map_err(StoreError::from)?;
            let mut steps = tx
                .prepare(
                    "SELECT attempt_id, position, node_id, choice_id, points
                     FROM scenario_steps ORDER BY attempt_id, position, step",
                )
                .map_err(StoreError::from)?;
            let mut walk = Walk {
                responses: Cursor::new(
                    responses.query([]).map_err(StoreError::from)?,
                    row_to_response,
                )?,
                steps: Cursor::new(steps.query([]).map_err(StoreError::from)?, row_to_step)?,
            };
            let mut rows = attempts.query([]).map_err(StoreError::from)?;
            while let Some(row) = rows.next().map_err(StoreError::from)? {
                let raw = row_to_raw(row).map_err(StoreError::from)?;
                let mine = walk.responses_of(&raw.id)?;
                each(Record::Attempt(Box::new(raw.finish(mine)?)))?;
            }
        }
        let mut failed: Option<E> = None;
        super::refresher_results::each_refresher(&tx, &mut |record| {
            if failed.is_none()
                && let Err(error) = each(Record::Refresher(Box::new(record)))
            {
                failed = Some(error);
            }
            Ok(())
        })?;
        if let Some(error) = failed {
            return Err(error);
        }
        let open: i64 = tx
            .query_row("SELECT count(*) FROM open_attempts", [], |row| row.get(0))
            .map_err(StoreError::from)?;
        tx.finish().map_err(StoreError::from)?;
        Ok(index(open, "count")?)
    }
}

/// A cursor over rows keyed by `(attempt id, position)`, with its current row parsed.
struct Cursor<'s, T> {
    rows: rusqlite::Rows<'s>,
    parse: fn(&Row<'_>) -> rusqlite::Result<T>,
    current: Option<(String, i64, T)>,
}

impl<'s, T> Cursor<'s, T> {
    fn new(rows: rusqlite::Rows<'s>, parse: fn(&Row<'_>) -> rusqlite::Result<T>) -> Result<Self> {
        let mut cursor = Self {
            rows,
            parse,
            current: None,
        };
        cursor.advance()?;
        Ok(cursor)
    }

    /// Moves to the next row and returns the one it was on.
    fn advance(&mut self) -> Result<Option<(String, i64, T)>> {
        let next = match self.rows.next()? {
            Some(row) => Some((row.get(0)?, row.get(1)?, (self.parse)(row)?)),
            None => None,
        };
        Ok(std::mem::replace(&mut self.current, next))
    }

    /// Whether the current row is before, at or after `key`.
    fn compare(&self, id: &str, position: Option<i64>) -> Option<std::cmp::Ordering> {
        self.current
            .as_ref()
            .map(|(attempt, at, _)| match position {
                Some(position) => (attempt.as_str(), *at).cmp(&(id, position)),
                None => attempt.as_str().cmp(id),
            })
    }
}

/// The responses and steps cursors, walked beside the attempts (all in id order).
struct Walk<'s> {
    responses: Cursor<'s, RawResponse>,
    steps: Cursor<'s, PathStep>,
}

impl Walk<'_> {
    /// The responses of attempt `id` with their paths; rows of attempts that are not
    /// bundled are passed over.
    fn responses_of(&mut self, id: &str) -> Result<Vec<super::ResponseRecord>> {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let mut mine = Vec::new();
        loop {
            match self.responses.compare(id, None) {
                None | Some(Greater) => return Ok(mine),
                Some(Less) => {
                    self.responses.advance()?;
                }
                Some(Equal) => {
                    if let Some((_, position, raw)) = self.responses.advance()? {
                        let path = self.steps_of(id, position)?;
                        mine.push(raw.finish(id, path)?);
                    }
                }
            }
        }
    }

    fn steps_of(&mut self, id: &str, position: i64) -> Result<Vec<PathStep>> {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let mut path = Vec::new();
        loop {
            match self.steps.compare(id, Some(position)) {
                None | Some(Greater) => return Ok(path),
                Some(Less) => {
                    self.steps.advance()?;
                }
                Some(Equal) => {
                    if let Some((_, _, step)) = self.steps.advance()? {
                        path.push(step);
                    }
                }
            }
        }
    }
}

/// The profile with this employee ID, inside a transaction the caller holds.
pub fn learner_by_employee_id_in(
    tx: &Transaction<'_>,
    employee_id: &str,
) -> Result<Option<Learner>> {
    let row = tx
        .query_row(
            "SELECT id, employee_id, display_name, department, created_at
             FROM learners WHERE employee_id = ?1",
            [employee_id],
            row_to_learner,
        )
        .optional()?;
    row.map(|(mut learner, created)| {
        learner.created = parse_ts(&created)?;
        Ok(learner)
    })
    .transpose()
}

/// Whether a profile already has this opaque id.
pub fn learner_id_taken_in(tx: &Transaction<'_>, id: &str) -> Result<bool> {
    let n: i64 = tx.query_row("SELECT count(*) FROM learners WHERE id = ?1", [id], |row| {
        row.get(0)
    })?;
    Ok(n > 0)
}

/// The stored attempt with this id, if there is one.
pub fn stored_attempt_in(tx: &Transaction<'_>, id: Uuid) -> Result<Option<StoredAttempt>> {
    let raw = tx
        .prepare_cached(
            "SELECT id, learner_id, module_id, revision, language, seed, mode, started_at,
                    finished_at, duration_ms, score_raw, score_max, passed, item_count
             FROM attempts WHERE id = ?1",
        )?
        .query_row([id.to_string()], row_to_raw)
        .optional()?;
    raw.map(|raw| {
        Ok(StoredAttempt {
            learner_id: raw.learner_id,
            module_id: raw.module_id,
            revision: raw.revision,
            language: raw.language,
            seed: seed_from_sql(raw.seed),
            started: parse_ts(&raw.started)?,
            finished: parse_ts(&raw.finished)?,
            score_raw: raw.score_raw,
            score_max: raw.score_max,
            passed: raw.passed,
            item_count: index(raw.item_count, "item count")?,
        })
    })
    .transpose()
}
