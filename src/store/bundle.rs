//! The tables behind results bundles: every learner and finished attempt read at once with
//! the rows' original ids, and those rows written back as they were on another machine.
//!
//! It exists so the bundle format and its import rules (`crate::bundle`) never touch SQL.
//! Reads run in one read transaction, so a bundle is a consistent snapshot even while the
//! window writes; writes run inside a transaction the caller holds, so one bundle is
//! imported whole or not at all.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension as _, Transaction};
use uuid::Uuid;

use super::attempts::{
    RawResponse, index, row_to_raw, row_to_response, row_to_step, seed_from_sql,
};
use super::learners::row_to_learner;
use super::{AttemptRecord, Learner, Result, Store, parse_ts};
use crate::engine::PathStep;

/// The setting that holds this machine's opaque bundle id.
pub const MACHINE_ID_KEY: &str = "bundle.machine_id";

/// Everything a bundle carries, read from one consistent snapshot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    /// Every profile, by employee ID.
    pub learners: Vec<Learner>,
    /// Every finished graded attempt with its responses and paths, by finish time.
    pub attempts: Vec<AttemptRecord>,
    /// Open (unfinished) attempts, which are not results and are left out.
    pub open_attempts: usize,
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

    /// Every learner and every finished graded attempt, with all responses and paths,
    /// read in one read transaction so the snapshot is consistent.
    pub fn results(&self) -> Result<Results> {
        let tx = self.conn.unchecked_transaction()?;
        let learners = {
            let mut stmt = tx.prepare(
                "SELECT id, employee_id, display_name, department, created_at
                 FROM learners ORDER BY employee_id, id",
            )?;
            let rows = stmt
                .query_map([], row_to_learner)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter()
                .map(|(mut learner, created)| {
                    learner.created = parse_ts(&created)?;
                    Ok(learner)
                })
                .collect::<Result<Vec<_>>>()?
        };
        let mut steps: HashMap<(String, i64), Vec<PathStep>> = HashMap::new();
        {
            let mut stmt = tx.prepare(
                "SELECT attempt_id, position, node_id, choice_id, points
                 FROM scenario_steps ORDER BY attempt_id, position, step",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                steps
                    .entry((row.get("attempt_id")?, row.get("position")?))
                    .or_default()
                    .push(row_to_step(row)?);
            }
        }
        let mut responses: HashMap<String, Vec<_>> = HashMap::new();
        {
            let mut stmt = tx.prepare(
                "SELECT attempt_id, position, question_id, kind, choice_order, chosen, ending,
                        correct, points, max_points, step_count, backs
                 FROM responses ORDER BY attempt_id, position",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let attempt_id: String = row.get("attempt_id")?;
                let raw: RawResponse = row_to_response(row)?;
                let path = steps
                    .remove(&(attempt_id.clone(), raw.position))
                    .unwrap_or_default();
                let response = raw.finish(&attempt_id, path)?;
                responses.entry(attempt_id).or_default().push(response);
            }
        }
        let attempts = {
            let mut stmt = tx.prepare(
                "SELECT id, learner_id, module_id, revision, language, seed, mode, started_at,
                        finished_at, duration_ms, score_raw, score_max, passed, item_count
                 FROM attempts WHERE mode = 'graded' ORDER BY finished_at, id",
            )?;
            let rows = stmt
                .query_map([], row_to_raw)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter()
                .map(|raw| {
                    let mine = responses.remove(&raw.id).unwrap_or_default();
                    raw.finish(mine)
                })
                .collect::<Result<Vec<_>>>()?
        };
        let open_attempts: i64 =
            tx.query_row("SELECT count(*) FROM open_attempts", [], |row| row.get(0))?;
        tx.finish()?;
        Ok(Results {
            learners,
            attempts,
            open_attempts: index(open_attempts, "count")?,
        })
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
        .query_row(
            "SELECT id, learner_id, module_id, revision, language, seed, mode, started_at,
                    finished_at, duration_ms, score_raw, score_max, passed, item_count
             FROM attempts WHERE id = ?1",
            [id.to_string()],
            row_to_raw,
        )
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
