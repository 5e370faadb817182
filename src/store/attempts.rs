//! Attempts: the open one, saved after every answer, and finished ones, each written
//! whole with all its responses in a single transaction.

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

fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The seed is a u64; SQLite integers are i64. Stored as the same 64 bits.
#[expect(
    clippy::cast_possible_wrap,
    reason = "the seed's bits are kept as they are"
)]
fn seed_to_sql(seed: u64) -> i64 {
    seed as i64
}

#[expect(
    clippy::cast_sign_loss,
    reason = "the seed's bits are kept as they are"
)]
fn seed_from_sql(seed: i64) -> u64 {
    seed as u64
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Store {
    /// Saves the open attempt's progress (replacing the earlier save).
    pub fn save_progress(
        &mut self,
        learner_id: &str,
        attempt: &Attempt,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let state = to_json(attempt)?;
        self.transact(|tx| {
            tx.execute(
                include_str!("sql/upsert_open_attempt.sql"),
                named_params! {
                    ":learner_id": learner_id,
                    ":module_id": attempt.module_id,
                    ":attempt_id": attempt.id.to_string(),
                    ":mode": attempt.mode.as_str(),
                    ":state": state,
                    ":updated_at": ts(now),
                },
            )?;
            Ok(())
        })
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
        self.transact(|tx| {
            tx.execute(
                "DELETE FROM open_attempts WHERE learner_id = ?1 AND module_id = ?2",
                [learner_id, module_id],
            )?;
            Ok(())
        })
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
            .query_map(named_params! { ":learner_id": learner_id }, row_to_attempt)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|raw| {
                let mut record = raw.finish()?;
                record.responses = self.responses(&record.id.to_string())?;
                Ok(record)
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
                row_to_attempt,
            )
            .optional()?;
        raw.map(|raw| {
            let mut record = raw.finish()?;
            record.responses = self.responses(&record.id.to_string())?;
            Ok(record)
        })
        .transpose()
    }

    fn responses(&self, attempt_id: &str) -> Result<Vec<ResponseRecord>> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/select_responses.sql"))?;
        let raws = stmt
            .query_map(named_params! { ":attempt_id": attempt_id }, |row| {
                Ok((
                    row.get::<_, i64>("position")?,
                    row.get::<_, String>("question_id")?,
                    row.get::<_, String>("kind")?,
                    row.get::<_, String>("choice_order")?,
                    row.get::<_, String>("chosen")?,
                    row.get::<_, Option<String>>("ending")?,
                    row.get::<_, bool>("correct")?,
                    row.get::<_, f64>("points")?,
                    row.get::<_, f64>("max_points")?,
                    row.get::<_, i64>("backs")?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut steps_stmt = self
            .conn
            .prepare_cached(include_str!("sql/select_steps.sql"))?;
        let steps = steps_stmt
            .query_map(named_params! { ":attempt_id": attempt_id }, |row| {
                Ok((
                    row.get::<_, i64>("position")?,
                    PathStep {
                        node: row.get("node_id")?,
                        choice: row.get("choice_id")?,
                        points: row.get("points")?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        raws.into_iter()
            .map(
                |(
                    position,
                    question_id,
                    kind,
                    order,
                    chosen,
                    ending,
                    correct,
                    points,
                    max_points,
                    backs,
                )| {
                    Ok(ResponseRecord {
                        position: usize::try_from(position).unwrap_or(0),
                        question_id,
                        kind,
                        choice_order: from_json(&order)?,
                        chosen: from_json(&chosen)?,
                        ending,
                        correct,
                        points,
                        max_points,
                        path: steps
                            .iter()
                            .filter(|(p, _)| *p == position)
                            .map(|(_, s)| s.clone())
                            .collect(),
                        backs: u32::try_from(backs).unwrap_or(0),
                    })
                },
            )
            .collect()
    }
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
    let finished = attempt
        .finished
        .ok_or_else(|| StoreError::Invalid("the attempt is not finished".to_owned()))?;
    tx.execute(
        "DELETE FROM open_attempts WHERE learner_id = ?1 AND module_id = ?2",
        [learner_id, &attempt.module_id],
    )?;
    if attempt.mode == Mode::Practice {
        return Ok(());
    }
    let exists: i64 = tx.query_row(
        "SELECT count(*) FROM attempts WHERE id = ?1",
        [attempt.id.to_string()],
        |row| row.get(0),
    )?;
    if exists > 0 {
        return Err(StoreError::AlreadyRecorded);
    }
    insert_attempt(tx, learner_id, attempt, module, outcome, finished)?;
    for (id, statement) in statements {
        tx.execute(
            "INSERT OR IGNORE INTO outbox (statement_id, attempt_id, learner_id, statement, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![id.to_string(), attempt.id.to_string(), learner_id, statement, ts(now)],
        )?;
    }
    Ok(())
}

fn insert_attempt(
    tx: &Transaction<'_>,
    learner_id: &str,
    attempt: &Attempt,
    module: &Module,
    outcome: &Outcome,
    finished: DateTime<Utc>,
) -> Result<()> {
    let attempt_id = attempt.id.to_string();
    tx.execute(
        include_str!("sql/insert_attempt.sql"),
        named_params! {
            ":id": attempt_id,
            ":learner_id": learner_id,
            ":module_id": attempt.module_id,
            ":revision": attempt.revision.0,
            ":language": attempt.language,
            ":seed": seed_to_sql(attempt.seed),
            ":mode": attempt.mode.as_str(),
            ":started_at": ts(attempt.started),
            ":finished_at": ts(finished),
            ":duration_ms": attempt.duration_ms(),
            ":score_raw": outcome.raw,
            ":score_max": outcome.max,
            ":passed": outcome.passed,
            ":item_count": count(attempt.items.len()),
        },
    )?;
    let mut insert_response = tx.prepare_cached(include_str!("sql/insert_response.sql"))?;
    let mut insert_step = tx.prepare_cached(include_str!("sql/insert_step.sql"))?;
    for (position, item) in attempt.items.iter().enumerate() {
        let response = item.response.as_ref().ok_or_else(|| {
            StoreError::Invalid(format!("question `{}` is not answered", item.question_id))
        })?;
        let kind = module
            .question(&item.question_id)
            .map_or("unknown", |q| q.kind.name());
        let grade = response.grade();
        let (chosen, ending, path, backs): (&[String], Option<&str>, &[PathStep], u32) =
            match response {
                Response::Choices { chosen, .. } => (chosen, None, &[], 0),
                Response::Scenario {
                    path,
                    ending,
                    backs,
                    ..
                } => (&[], Some(ending), path, *backs),
            };
        let position = count(position);
        insert_response.execute(named_params! {
            ":attempt_id": attempt_id,
            ":position": position,
            ":question_id": item.question_id,
            ":kind": kind,
            ":choice_order": to_json(&item.choice_order)?,
            ":chosen": to_json(&chosen)?,
            ":ending": ending,
            ":correct": grade.is_correct(),
            ":points": grade.earned,
            ":max_points": grade.max,
            ":step_count": count(path.len()),
            ":backs": backs,
        })?;
        for (step, s) in path.iter().enumerate() {
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

/// An attempts row before its times are parsed.
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
}

fn row_to_attempt(row: &Row<'_>) -> rusqlite::Result<RawAttempt> {
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
    })
}

impl RawAttempt {
    fn finish(self) -> Result<AttemptRecord> {
        Ok(AttemptRecord {
            id: Uuid::parse_str(&self.id).map_err(|e| StoreError::Corrupt(e.to_string()))?,
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
            responses: Vec::new(),
        })
    }
}
