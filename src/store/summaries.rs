//! Whole-store reads for managers: every learner's attempts as summaries (no responses)
//! and the progress of open attempts, each in one query.

use chrono::{DateTime, Utc};
use rusqlite::Row;

use super::{Result, Store, StoreError, parse_ts};
use crate::engine::Attempt;

/// A finished graded attempt without its responses.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptSummary {
    pub learner_id: String,
    pub module_id: String,
    pub attempt_id: String,
    pub revision: String,
    pub language: String,
    pub started: DateTime<Utc>,
    pub finished: DateTime<Utc>,
    pub duration_ms: i64,
    pub score_raw: f64,
    pub score_max: f64,
    pub passed: bool,
}

impl AttemptSummary {
    pub fn percent(&self) -> f64 {
        if self.score_max > 0.0 {
            self.score_raw / self.score_max * 100.0
        } else {
            0.0
        }
    }
}

/// How far an open graded attempt has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenProgress {
    pub learner_id: String,
    pub module_id: String,
    pub answered: usize,
    pub total: usize,
    pub started: DateTime<Utc>,
}

type RawSummary = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    f64,
    f64,
    bool,
);

fn row_to_summary(row: &Row<'_>) -> rusqlite::Result<RawSummary> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
        row.get(8)?,
        row.get(9)?,
        row.get(10)?,
    ))
}

impl Store {
    /// Every finished graded attempt, by learner, module and time.
    pub fn attempt_summaries(&self) -> Result<Vec<AttemptSummary>> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/select_attempt_summaries.sql"))?;
        let rows = stmt.query_map([], row_to_summary)?;
        rows.map(|row| {
            let (
                learner_id,
                module_id,
                attempt_id,
                revision,
                language,
                started,
                finished,
                duration_ms,
                score_raw,
                score_max,
                passed,
            ) = row?;
            Ok(AttemptSummary {
                learner_id,
                module_id,
                attempt_id,
                revision,
                language,
                started: parse_ts(&started)?,
                finished: parse_ts(&finished)?,
                duration_ms,
                score_raw,
                score_max,
                passed,
            })
        })
        .collect()
    }

    /// The progress of every open graded attempt.
    pub fn open_progress(&self) -> Result<Vec<OpenProgress>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT learner_id, module_id, state FROM open_attempts WHERE mode = 'graded'",
        )?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(learner_id, module_id, state)| {
                let attempt: Attempt =
                    serde_json::from_str(&state).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                Ok(OpenProgress {
                    learner_id,
                    module_id,
                    answered: attempt.answered(),
                    total: attempt.items.len(),
                    started: attempt.started,
                })
            })
            .collect()
    }
}

/// How often a question was answered, and answered wrongly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionTally {
    pub module_id: String,
    pub question_id: String,
    pub answered: u64,
    pub wrong: u64,
}

/// How often a choice was picked in answers that were not fully right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceTally {
    pub module_id: String,
    pub question_id: String,
    pub choice_id: String,
    pub picks: u64,
}

/// How often a scenario choice was taken at a node; the ending reached is a step whose
/// `choice_id` is empty and whose `node_id` is the ending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepTally {
    pub module_id: String,
    pub question_id: String,
    pub node_id: String,
    pub choice_id: String,
    pub count: u64,
}

/// Limits a tally to the learners of one department.
/// Completions of a module in a week: learners whose first graded pass of it fell in the
/// week that starts on `week` (a Monday, UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekTally {
    pub module_id: String,
    pub week: chrono::NaiveDate,
    pub completions: u64,
}

/// Keeps the attempts (or answers, aliased `a`) of one department's learners, or everyone's
/// when none is given; `?1` is the department either way, so the statement's parameters
/// do not change.
pub(super) fn department_clause(department: Option<&str>) -> &'static str {
    if department.is_some() {
        "AND a.learner_id IN (SELECT id FROM learners WHERE department = ?1)"
    } else {
        "AND ?1 IS NULL"
    }
}

/// A SQL count as an unsigned number.
pub(super) fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Store {
    /// Completions per module and week (each learner's first graded pass of a module
    /// counts once, in the week it happened), oldest week first.
    pub fn completions_by_week(&self, department: Option<&str>) -> Result<Vec<WeekTally>> {
        let clause = department_clause(department);
        let sql = format!(
            "SELECT module_id, date(first, 'weekday 0', '-6 days'), count(*)
             FROM (SELECT a.module_id, min(a.finished_at) AS first
                   FROM attempts a
                   WHERE a.mode = 'graded' AND a.passed = 1 {clause}
                   GROUP BY a.learner_id, a.module_id)
             GROUP BY 1, 2
             ORDER BY 2, 1"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([department], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?;
        let mut weeks = Vec::new();
        for row in rows {
            let (module_id, week, n) = row?;
            // A time SQLite cannot read gives no week; such an attempt is not charted.
            if let Some(week) = week.and_then(|w| w.parse().ok()) {
                weeks.push(WeekTally {
                    module_id,
                    week,
                    completions: count(n),
                });
            }
        }
        Ok(weeks)
    }

    /// Answers and wrong answers per choice question, over graded attempts.
    pub fn question_tallies(&self, department: Option<&str>) -> Result<Vec<QuestionTally>> {
        let sql = format!(
            "SELECT a.module_id, r.question_id, count(*), sum(1 - r.correct)
             FROM responses r JOIN attempts a ON a.id = r.attempt_id
             WHERE a.mode = 'graded' AND r.kind != 'scenario' {}
             GROUP BY a.module_id, r.question_id",
            department_clause(department)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([department], |row| {
            Ok(QuestionTally {
                module_id: row.get(0)?,
                question_id: row.get(1)?,
                answered: count(row.get(2)?),
                wrong: count(row.get(3)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Picks per choice in answers that were not fully right, over graded attempts.
    pub fn wrong_answer_choices(&self, department: Option<&str>) -> Result<Vec<ChoiceTally>> {
        let sql = format!(
            "SELECT a.module_id, r.question_id, j.value, count(*)
             FROM responses r JOIN attempts a ON a.id = r.attempt_id, json_each(r.chosen) j
             WHERE a.mode = 'graded' AND r.correct = 0 AND r.kind != 'scenario' {}
             GROUP BY 1, 2, 3",
            department_clause(department)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([department], |row| {
            Ok(ChoiceTally {
                module_id: row.get(0)?,
                question_id: row.get(1)?,
                choice_id: row.get(2)?,
                picks: count(row.get(3)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Choices taken at each scenario node, and endings reached, over graded attempts.
    pub fn scenario_tallies(&self, department: Option<&str>) -> Result<Vec<StepTally>> {
        let clause = department_clause(department);
        let sql = format!(
            "SELECT a.module_id, r.question_id, s.node_id, s.choice_id, count(*)
             FROM scenario_steps s
             JOIN responses r ON r.attempt_id = s.attempt_id AND r.position = s.position
             JOIN attempts a ON a.id = s.attempt_id
             WHERE a.mode = 'graded' {clause}
             GROUP BY 1, 2, 3, 4
             UNION ALL
             SELECT a.module_id, r.question_id, r.ending, '', count(*)
             FROM responses r JOIN attempts a ON a.id = r.attempt_id
             WHERE a.mode = 'graded' AND r.ending IS NOT NULL {clause}
             GROUP BY 1, 2, 3"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([department], |row| {
            Ok(StepTally {
                module_id: row.get(0)?,
                question_id: row.get(1)?,
                node_id: row.get(2)?,
                choice_id: row.get(3)?,
                count: count(row.get(4)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
