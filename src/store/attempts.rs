//! Attempts: the open one, saved after every answer, and finished ones, each written
//! whole with all its responses in a single transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension as _, Row, Transaction, named_params};
use serde::Serialize;
use uuid::Uuid;

use super::{Result, Store, StoreError, parse_ts, ts};
use crate::content::Module;
use crate::engine::{Attempt, Mode, Outcome, PathStep, Response};

/// A finished attempt as stored, with every response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttemptRecord {
    pub id: Uuid,
    pub learner_id: String,
    pub module_id: String,
    pub revision: String,
    pub language: String,
    pub seed: u64,
    pub mode: String,
    pub started: DateTime<Utc>,
    pub finished: DateTime<Utc>,
    pub duration_ms: i64,
    pub score_raw: f64,
    pub score_max: f64,
    pub passed: bool,
    pub responses: Vec<ResponseRecord>,
}

impl AttemptRecord {
    /// A finished graded attempt as the store records it, built before it is recorded:
    /// what the xAPI statements need at the moment the attempt finishes, so they can be
    /// queued in the same transaction. Times are cut to milliseconds, as stored, so
    /// whatever is built from this equals what is built later from the stored record.
    pub fn of_finished(
        learner_id: &str,
        attempt: &Attempt,
        module: &Module,
        outcome: &Outcome,
    ) -> Result<Self> {
        let finished = attempt
            .finished
            .ok_or_else(|| StoreError::Invalid("the attempt is not finished".to_owned()))?;
        if attempt.mode != Mode::Graded {
            return Err(StoreError::Invalid(
                "a practice attempt is not recorded".to_owned(),
            ));
        }
        let responses = attempt
            .items
            .iter()
            .enumerate()
            .map(|(position, item)| {
                let response = item.response.as_ref().ok_or_else(|| {
                    StoreError::Invalid(format!("question `{}` is not answered", item.question_id))
                })?;
                let grade = response.grade();
                let (chosen, ending, path, backs) = match response {
                    Response::Choices { chosen, .. } => (chosen.clone(), None, Vec::new(), 0),
                    Response::Scenario {
                        path,
                        ending,
                        backs,
                        ..
                    } => (Vec::new(), Some(ending.clone()), path.clone(), *backs),
                };
                Ok(ResponseRecord {
                    position,
                    question_id: item.question_id.clone(),
                    kind: module
                        .question(&item.question_id)
                        .map_or("unknown", |q| q.kind.name())
                        .to_owned(),
                    choice_order: item.choice_order.clone(),
                    chosen,
                    ending,
                    correct: grade.is_correct(),
                    points: grade.earned,
                    max_points: grade.max,
                    path,
                    backs,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            id: attempt.id,
            learner_id: learner_id.to_owned(),
            module_id: attempt.module_id.clone(),
            revision: attempt.revision.0.clone(),
            language: attempt.language.clone(),
            seed: attempt.seed,
            mode: attempt.mode.as_str().to_owned(),
            started: parse_ts(&ts(attempt.started))?,
            finished: parse_ts(&ts(finished))?,
            duration_ms: attempt.duration_ms(),
            score_raw: outcome.raw,
            score_max: outcome.max,
            passed: outcome.passed,
            responses,
        })
    }

    pub fn percent(&self) -> f64 {
        if self.score_max > 0.0 {
            self.score_raw / self.score_max * 100.0
        } else {
            0.0
        }
    }
}

/// One answered question of a finished attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseRecord {
    pub position: usize,
    pub question_id: String,
    pub kind: String,
    /// Choice ids in the order they were shown.
    pub choice_order: Vec<String>,
    pub chosen: Vec<String>,
    /// The scenario ending reached.
    pub ending: Option<String>,
    pub correct: bool,
    pub points: f64,
    pub max_points: f64,
    /// The path through a scenario.
    pub path: Vec<PathStep>,
    pub backs: u32,
}

pub(super) fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("bad JSON `{text}`: {e}")))
}

/// The seed's 64 bits as SQLite's signed integer, and back; the bits are kept as they are.
pub(super) fn seed_to_sql(seed: u64) -> i64 {
    i64::from_ne_bytes(seed.to_ne_bytes())
}

pub(super) fn seed_from_sql(seed: i64) -> u64 {
    u64::from_ne_bytes(seed.to_ne_bytes())
}

pub(super) fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A stored count or position, which is never negative unless the file was tampered with.
pub(super) fn index(n: i64, what: &str) -> Result<usize> {
    usize::try_from(n).map_err(|_| StoreError::Corrupt(format!("negative {what} {n}")))
}

impl Store {
    /// Saves the open attempt's progress (replacing the earlier save).
    pub fn save_progress(
        &mut self,
        learner_id: &str,
        attempt: &Attempt,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.transact(|tx| save_progress_in(tx, learner_id, attempt, now))
    }

    /// The attempt a learner has open on a module, if any.
    pub fn open_attempt(&self, learner_id: &str, module_id: &str) -> Result<Option<Attempt>> {
        let state: Option<String> = self
            .conn
            .query_row(
                "SELECT state FROM open_attempts WHERE learner_id = ?1 AND module_id = ?2",
                [learner_id, module_id],
                |row| row.get(0),
            )
            .optional()?;
        state.map(|s| from_json(&s)).transpose()
    }

    /// Every open attempt of a learner, most recently saved first.
    pub fn open_attempts(&self, learner_id: &str) -> Result<Vec<Attempt>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT state FROM open_attempts WHERE learner_id = ?1 ORDER BY updated_at DESC",
        )?;
        let states = stmt
            .query_map([learner_id], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        states.iter().map(|s| from_json(s)).collect()
    }

    /// Forgets an open attempt (abandoned, or its module changed).
    pub fn discard_open_attempt(&mut self, learner_id: &str, module_id: &str) -> Result<()> {
        self.transact(|tx| discard_open_attempt_in(tx, learner_id, module_id))
    }

    /// Records a finished attempt with all its responses and paths, removes its open
    /// state, and queues `statements` (`(id, json)`) for the LRS: all or nothing.
    /// A practice attempt is not recorded; only its open state is removed.
    pub fn record_finished(
        &mut self,
        learner_id: &str,
        attempt: &Attempt,
        module: &Module,
        outcome: &Outcome,
        statements: &[(Uuid, String)],
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.transact(|tx| {
            record_finished_in(tx, learner_id, attempt, module, outcome, statements, now)
        })
    }

    /// A learner's finished attempts, oldest first, with their responses.
    pub fn attempts(&self, learner_id: &str) -> Result<Vec<AttemptRecord>> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/select_attempts.sql"))?;
        let rows = stmt
            .query_map(named_params! { ":learner_id": learner_id }, row_to_raw)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|raw| {
                let responses = self.responses(&raw.id)?;
                raw.finish(responses)
            })
            .collect()
    }

    /// The finished attempts of a learner on one module (without responses), for status.
    pub fn finished_on(
        &self,
        learner_id: &str,
        module_id: &str,
    ) -> Result<Vec<crate::engine::Finished>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT finished_at, passed FROM attempts WHERE learner_id = ?1 AND module_id = ?2 AND mode = 'graded'",
        )?;
        let rows = stmt
            .query_map([learner_id, module_id], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, bool>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(at, passed)| {
                Ok(crate::engine::Finished {
                    at: parse_ts(&at)?,
                    passed,
                })
            })
            .collect()
    }

    /// One finished attempt with its responses.
    pub fn attempt(&self, id: Uuid) -> Result<Option<AttemptRecord>> {
        let raw = self
            .conn
            .query_row(
                "SELECT id, learner_id, module_id, revision, language, seed, mode, started_at, finished_at,
                        duration_ms, score_raw, score_max, passed, item_count
                 FROM attempts WHERE id = ?1",
                [id.to_string()],
                row_to_raw,
            )
            .optional()?;
        raw.map(|raw| {
            let responses = self.responses(&raw.id)?;
            raw.finish(responses)
        })
        .transpose()
    }

    fn responses(&self, attempt_id: &str) -> Result<Vec<ResponseRecord>> {
        let mut steps_stmt = self
            .conn
            .prepare_cached(include_str!("sql/select_steps.sql"))?;
        let mut steps: HashMap<i64, Vec<PathStep>> = HashMap::new();
        let mut rows = steps_stmt.query(named_params! { ":attempt_id": attempt_id })?;
        while let Some(row) = rows.next()? {
            steps
                .entry(row.get("position")?)
                .or_default()
                .push(row_to_step(row)?);
        }
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/select_responses.sql"))?;
        let unparsed = stmt
            .query_map(named_params! { ":attempt_id": attempt_id }, row_to_response)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        unparsed
            .into_iter()
            .map(|raw| {
                let path = steps.remove(&raw.position).unwrap_or_default();
                raw.finish(attempt_id, path)
            })
            .collect()
    }
}

/// [`Store::save_progress`] inside a transaction the caller holds.
pub fn save_progress_in(
    tx: &Transaction<'_>,
    learner_id: &str,
    attempt: &Attempt,
    now: DateTime<Utc>,
) -> Result<()> {
    let state = to_json(attempt)?;
    tx.prepare_cached(include_str!("sql/upsert_open_attempt.sql"))?
        .execute(named_params! {
            ":learner_id": learner_id,
            ":module_id": attempt.module_id,
            ":attempt_id": attempt.id.to_string(),
            ":mode": attempt.mode.as_str(),
            ":state": state,
            ":updated_at": ts(now),
        })?;
    Ok(())
}

/// [`Store::discard_open_attempt`] inside a transaction the caller holds.
pub fn discard_open_attempt_in(
    tx: &Transaction<'_>,
    learner_id: &str,
    module_id: &str,
) -> Result<()> {
    tx.prepare_cached("DELETE FROM open_attempts WHERE learner_id = ?1 AND module_id = ?2")?
        .execute([learner_id, module_id])?;
    Ok(())
}

/// [`Store::record_finished`] inside a transaction the caller holds, for writing many
/// attempts at once (bundles, demo data).
pub fn record_finished_in(
    tx: &Transaction<'_>,
    learner_id: &str,
    attempt: &Attempt,
    module: &Module,
    outcome: &Outcome,
    statements: &[(Uuid, String)],
    now: DateTime<Utc>,
) -> Result<()> {
    if attempt.finished.is_none() {
        return Err(StoreError::Invalid(
            "the attempt is not finished".to_owned(),
        ));
    }
    tx.prepare_cached("DELETE FROM open_attempts WHERE learner_id = ?1 AND module_id = ?2")?
        .execute([learner_id, &attempt.module_id])?;
    if attempt.mode == Mode::Practice {
        return Ok(());
    }
    let exists: i64 = tx
        .prepare_cached("SELECT count(*) FROM attempts WHERE id = ?1")?
        .query_row([attempt.id.to_string()], |row| row.get(0))?;
    if exists > 0 {
        return Err(StoreError::AlreadyRecorded);
    }
    insert_record(
        tx,
        &AttemptRecord::of_finished(learner_id, attempt, module, outcome)?,
    )?;
    // Its questions join the learner's refreshers in the same transaction.
    // Scheduled from when it was finished (demo data records old attempts today).
    let finished = attempt.finished.unwrap_or(now);
    super::reviews::enqueue_after_attempt_in(tx, learner_id, attempt, module, finished)?;
    let mut queue = tx.prepare_cached(
        "INSERT OR IGNORE INTO outbox (statement_id, attempt_id, learner_id, statement, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (id, statement) in statements {
        queue.execute(rusqlite::params![
            id.to_string(),
            attempt.id.to_string(),
            learner_id,
            statement,
            ts(now)
        ])?;
    }
    Ok(())
}

/// Writes a finished attempt as it is recorded (its id, times, seed, scores, every
/// response and scenario step) for `record.learner_id`, inside the caller's transaction:
/// one just finished here, or one recorded on another machine and brought in a bundle.
/// The caller checks first that the id is not taken.
pub fn insert_record(tx: &Transaction<'_>, record: &AttemptRecord) -> Result<()> {
    let attempt_id = record.id.to_string();
    tx.prepare_cached(include_str!("sql/insert_attempt.sql"))?
        .execute(named_params! {
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
        })?;
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
pub(super) struct RawAttempt {
    pub(super) id: String,
    pub(super) learner_id: String,
    pub(super) module_id: String,
    pub(super) revision: String,
    pub(super) language: String,
    pub(super) seed: i64,
    pub(super) mode: String,
    pub(super) started: String,
    pub(super) finished: String,
    pub(super) duration_ms: i64,
    pub(super) score_raw: f64,
    pub(super) score_max: f64,
    pub(super) passed: bool,
    pub(super) item_count: i64,
}

/// Reads an attempts row selected with every column by name.
pub(super) fn row_to_raw(row: &Row<'_>) -> rusqlite::Result<RawAttempt> {
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
    /// The record, once its responses are read; a missing response means a damaged file.
    pub(super) fn finish(self, responses: Vec<ResponseRecord>) -> Result<AttemptRecord> {
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

/// A responses row before its lists are parsed and its scenario path attached.
pub(super) struct RawResponse {
    pub(super) position: i64,
    question_id: String,
    kind: String,
    choice_order: String,
    chosen: String,
    ending: Option<String>,
    correct: bool,
    points: f64,
    max_points: f64,
    step_count: i64,
    backs: i64,
}

/// Reads a responses row selected with every column by name.
pub(super) fn row_to_response(row: &Row<'_>) -> rusqlite::Result<RawResponse> {
    Ok(RawResponse {
        position: row.get("position")?,
        question_id: row.get("question_id")?,
        kind: row.get("kind")?,
        choice_order: row.get("choice_order")?,
        chosen: row.get("chosen")?,
        ending: row.get("ending")?,
        correct: row.get("correct")?,
        points: row.get("points")?,
        max_points: row.get("max_points")?,
        step_count: row.get("step_count")?,
        backs: row.get("backs")?,
    })
}

/// Reads a `scenario_steps` row selected with its columns by name.
pub(super) fn row_to_step(row: &Row<'_>) -> rusqlite::Result<PathStep> {
    Ok(PathStep {
        node: row.get("node_id")?,
        choice: row.get("choice_id")?,
        points: row.get("points")?,
    })
}

impl RawResponse {
    /// The record with its scenario path; a missing step means a damaged file.
    pub(super) fn finish(self, attempt_id: &str, path: Vec<PathStep>) -> Result<ResponseRecord> {
        if self.step_count != count(path.len()) {
            return Err(StoreError::Corrupt(format!(
                "attempt {attempt_id} question {} has {} of {} scenario steps",
                self.position,
                path.len(),
                self.step_count
            )));
        }
        Ok(ResponseRecord {
            position: index(self.position, "position")?,
            question_id: self.question_id,
            kind: self.kind,
            choice_order: from_json(&self.choice_order)?,
            chosen: from_json(&self.chosen)?,
            ending: self.ending,
            correct: self.correct,
            points: self.points,
            max_points: self.max_points,
            path,
            backs: u32::try_from(self.backs)
                .map_err(|_| StoreError::Corrupt(format!("bad back count {}", self.backs)))?,
        })
    }
}
