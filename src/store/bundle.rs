//! The tables behind results bundles: every learner and finished attempt read at once with
//! the rows' original ids, and those rows written back as they were on another machine.
//!
//! It exists so the bundle format and its import rules (`report::bundle`) never touch SQL.
//! Reads run in one read transaction, so a bundle is a consistent snapshot even while the
//! window writes; writes run inside a transaction the caller holds, so one bundle is
//! imported whole or not at all.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension as _, Row, Transaction, named_params};
use uuid::Uuid;

use super::learners::row_to_learner;
use super::{AttemptRecord, Learner, ResponseRecord, Result, Store, StoreError, parse_ts, ts};
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

/// The seed's 64 bits as SQLite's signed integer, and back; the bits are kept as they are.
fn seed_to_sql(seed: u64) -> i64 {
    i64::from_ne_bytes(seed.to_ne_bytes())
}

fn seed_from_sql(seed: i64) -> u64 {
    u64::from_ne_bytes(seed.to_ne_bytes())
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn index(n: i64, what: &str) -> Result<usize> {
    usize::try_from(n).map_err(|_| StoreError::Corrupt(format!("negative {what} {n}")))
}

fn json_list(text: &str) -> Result<Vec<String>> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("bad list `{text}`: {e}")))
}

fn to_json(list: &[String]) -> Result<String> {
    serde_json::to_string(list).map_err(|e| StoreError::Corrupt(e.to_string()))
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
                    .entry((row.get(0)?, row.get(1)?))
                    .or_default()
                    .push(PathStep {
                        node: row.get(2)?,
                        choice: row.get(3)?,
                        points: row.get(4)?,
                    });
            }
        }
        let mut responses: HashMap<String, Vec<ResponseRecord>> = HashMap::new();
        {
            let mut stmt = tx.prepare(
                "SELECT attempt_id, position, question_id, kind, choice_order, chosen, ending,
                        correct, points, max_points, step_count, backs
                 FROM responses ORDER BY attempt_id, position",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let attempt_id: String = row.get(0)?;
                let position: i64 = row.get(1)?;
                let path = steps
                    .remove(&(attempt_id.clone(), position))
                    .unwrap_or_default();
                let step_count: i64 = row.get(10)?;
                if step_count != count(path.len()) {
                    return Err(StoreError::Corrupt(format!(
                        "attempt {attempt_id} question {position} has {} of {step_count} scenario steps",
                        path.len()
                    )));
                }
                let backs: i64 = row.get(11)?;
                let response = ResponseRecord {
                    position: index(position, "position")?,
                    question_id: row.get(2)?,
                    kind: row.get(3)?,
                    choice_order: json_list(&row.get::<_, String>(4)?)?,
                    chosen: json_list(&row.get::<_, String>(5)?)?,
                    ending: row.get(6)?,
                    correct: row.get(7)?,
                    points: row.get(8)?,
                    max_points: row.get(9)?,
                    path,
                    backs: u32::try_from(backs)
                        .map_err(|_| StoreError::Corrupt(format!("bad back count {backs}")))?,
                };
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

/// Writes a finished attempt exactly as recorded elsewhere (its id, times, seed, scores,
/// every response and scenario step) for `record.learner_id`, inside the caller's
/// transaction. The caller checks first that the id is not taken.
pub fn insert_attempt_record_in(tx: &Transaction<'_>, record: &AttemptRecord) -> Result<()> {
    let attempt_id = record.id.to_string();
    tx.execute(
        include_str!("sql/insert_attempt.sql"),
        named_params! {
            ":id": attempt_id,
            ":learner_id": record.learner_id,
            ":module_id": record.module_id,
            ":revision": record.revision,
            ":language": record.language,
            ":seed": seed_to_sql(record.seed),
            ":mode": record.mode,
            ":started_at": ts(record.started),
            ":finished_at": ts(record.finished),
            ":duration_ms": record.duration_ms,
            ":score_raw": record.score_raw,
            ":score_max": record.score_max,
            ":passed": record.passed,
            ":item_count": count(record.responses.len()),
        },
    )?;
    let mut insert_response = tx.prepare_cached(include_str!("sql/insert_response.sql"))?;
    let mut insert_step = tx.prepare_cached(include_str!("sql/insert_step.sql"))?;
    for response in &record.responses {
        let position = count(response.position);
        insert_response.execute(named_params! {
            ":attempt_id": attempt_id,
            ":position": position,
            ":question_id": response.question_id,
            ":kind": response.kind,
            ":choice_order": to_json(&response.choice_order)?,
            ":chosen": to_json(&response.chosen)?,
            ":ending": response.ending,
            ":correct": response.correct,
            ":points": response.points,
            ":max_points": response.max_points,
            ":step_count": count(response.path.len()),
            ":backs": response.backs,
        })?;
        for (step, s) in response.path.iter().enumerate() {
            insert_step.execute(named_params! {
                ":attempt_id": attempt_id,
                ":position": position,
                ":step": count(step),
                ":node_id": s.node,
                ":choice_id": s.choice,
                ":points": s.points,
            })?;
        }
    }
    Ok(())
}

/// An attempts row before its times are parsed and its responses attached.
struct RawAttempt {
    id: String,
    learner_id: String,
    module_id: String,
    revision: String,
    language: String,
    seed: i64,
    mode: String,
    started: String,
    finished: String,
    duration_ms: i64,
    score_raw: f64,
    score_max: f64,
    passed: bool,
    item_count: i64,
}

fn row_to_raw(row: &Row<'_>) -> rusqlite::Result<RawAttempt> {
    Ok(RawAttempt {
        id: row.get("id")?,
        learner_id: row.get("learner_id")?,
        module_id: row.get("module_id")?,
        revision: row.get("revision")?,
        language: row.get("language")?,
        seed: row.get("seed")?,
        mode: row.get("mode")?,
        started: row.get("started_at")?,
        finished: row.get("finished_at")?,
        duration_ms: row.get("duration_ms")?,
        score_raw: row.get("score_raw")?,
        score_max: row.get("score_max")?,
        passed: row.get("passed")?,
        item_count: row.get("item_count")?,
    })
}

impl RawAttempt {
    fn finish(self, responses: Vec<ResponseRecord>) -> Result<AttemptRecord> {
        if self.item_count != count(responses.len()) {
            return Err(StoreError::Corrupt(format!(
                "attempt {} has {} of its {} responses",
                self.id,
                responses.len(),
                self.item_count
            )));
        }
        Ok(AttemptRecord {
            id: Uuid::parse_str(&self.id)
                .map_err(|e| StoreError::Corrupt(format!("bad attempt id `{}`: {e}", self.id)))?,
            learner_id: self.learner_id,
            module_id: self.module_id,
            revision: self.revision,
            language: self.language,
            seed: seed_from_sql(self.seed),
            mode: self.mode,
            started: parse_ts(&self.started)?,
            finished: parse_ts(&self.finished)?,
            duration_ms: self.duration_ms,
            score_raw: self.score_raw,
            score_max: self.score_max,
            passed: self.passed,
            responses,
        })
    }
}
