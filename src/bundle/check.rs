//! Turning a bundle's records into checked store records, before anything is written.
//!
//! It exists because a bundle comes from another machine and may have been damaged,
//! edited or written by another tool: every id, time and number is checked, and each
//! attempt's responses must add up to its score (and agree with the module's pass mark
//! when this machine has the same revision). The first problem found is returned, naming
//! the learner, attempt or response it concerns.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::TOLERANCE;
use super::import::close;
use super::wire::{Payload, WireAttempt};
use crate::content::Course;
use crate::engine::PathStep;
use crate::store::{AttemptRecord, Learner, NewLearner, ResponseRecord, parse_ts};

/// The question kinds the store records.
const KINDS: [&str; 5] = [
    "single_choice",
    "multiple_choice",
    "true_false",
    "scenario",
    "unknown",
];

/// Text that identifies something: present, not too long, no control characters.
fn check_id(value: &str, what: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err(format!("{what} is empty"));
    }
    if value.chars().count() > 200 || value.chars().any(char::is_control) {
        return Err(format!("{what} `{}` is malformed", value.escape_debug()));
    }
    Ok(())
}

pub(super) fn parse_decimal(text: &str, what: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(format!("{what} `{}` is not a number", text.escape_debug())),
    }
}

fn parse_time(text: &str, what: &str) -> Result<DateTime<Utc>, String> {
    parse_ts(text).map_err(|_| format!("{what} `{}` is not an RFC 3339 time", text.escape_debug()))
}

impl Payload {
    /// Turns the file's records into checked store records; the first problem is returned
    /// with the learner or attempt it concerns.
    pub(super) fn check(
        self,
        course: Option<&Course>,
    ) -> Result<(Vec<Learner>, Vec<AttemptRecord>), String> {
        let mut employees: HashMap<String, String> = HashMap::new();
        let mut employee_ids: HashSet<String> = HashSet::new();
        let mut learners = Vec::with_capacity(self.learners.len());
        for wire in self.learners {
            let who = format!("learner {}", wire.employee_id.escape_debug());
            let clean = NewLearner {
                employee_id: wire.employee_id.clone(),
                display_name: wire.display_name.clone(),
                department: wire.department.clone(),
            };
            let checked = clean.validated().map_err(|e| format!("{who}: {e}"))?;
            if checked != clean {
                return Err(format!(
                    "{who}: a field has surrounding spaces or an empty department"
                ));
            }
            check_id(&wire.id, "the learner id").map_err(|e| format!("{who}: {e}"))?;
            let created =
                parse_time(&wire.created_at, "created_at").map_err(|e| format!("{who}: {e}"))?;
            if !employee_ids.insert(wire.employee_id.clone()) {
                return Err(format!("{who} appears twice"));
            }
            if employees
                .insert(wire.id.clone(), wire.employee_id.clone())
                .is_some()
            {
                return Err(format!("{who}: learner id {} appears twice", wire.id));
            }
            learners.push(Learner {
                id: wire.id,
                employee_id: wire.employee_id,
                display_name: wire.display_name,
                department: wire.department,
                created,
            });
        }
        let mut attempt_ids = HashSet::new();
        let mut attempts = Vec::with_capacity(self.attempts.len());
        for wire in self.attempts {
            let who = format!("attempt {}", wire.id.escape_debug());
            let attempt =
                check_attempt(wire, &employees, course).map_err(|e| format!("{who}: {e}"))?;
            if !attempt_ids.insert(attempt.id) {
                return Err(format!("{who} appears twice"));
            }
            attempts.push(attempt);
        }
        Ok((learners, attempts))
    }
}

fn check_attempt(
    wire: WireAttempt,
    employees: &HashMap<String, String>,
    course: Option<&Course>,
) -> Result<AttemptRecord, String> {
    let id = Uuid::parse_str(&wire.id).map_err(|_| "the id is not a UUID".to_owned())?;
    if !employees.contains_key(&wire.learner_id) {
        return Err(format!(
            "its learner id {} is not among the bundle's learners",
            wire.learner_id.escape_debug()
        ));
    }
    check_id(&wire.module_id, "the module id")?;
    check_id(&wire.revision, "the revision")?;
    check_id(&wire.language, "the language")?;
    if wire.mode != "graded" {
        return Err(format!(
            "mode `{}`: only graded attempts are results (practice is never bundled)",
            wire.mode.escape_debug()
        ));
    }
    let seed: u64 = wire
        .seed
        .parse()
        .map_err(|_| format!("seed `{}` is not a whole number", wire.seed.escape_debug()))?;
    let started = parse_time(&wire.started_at, "started_at")?;
    let finished = parse_time(&wire.finished_at, "finished_at")?;
    if finished < started {
        return Err("it finished before it started".to_owned());
    }
    if wire.duration_ms < 0 {
        return Err("its duration is negative".to_owned());
    }
    let score_raw = parse_decimal(&wire.score_raw, "score_raw")?;
    let score_max = parse_decimal(&wire.score_max, "score_max")?;
    if score_raw < 0.0 || score_max < 0.0 || score_raw > score_max + TOLERANCE {
        return Err(format!("score {score_raw} of {score_max} is impossible"));
    }
    let mut responses = Vec::with_capacity(wire.responses.len());
    let (mut earned, mut possible) = (0.0, 0.0);
    for (expected, r) in wire.responses.into_iter().enumerate() {
        let at = format!("response {expected}");
        if usize::try_from(r.position).ok() != Some(expected) {
            return Err(format!(
                "{at} has position {}: positions must run 0, 1, 2, …",
                r.position
            ));
        }
        check_id(&r.question_id, "the question id").map_err(|e| format!("{at}: {e}"))?;
        if !KINDS.contains(&r.kind.as_str()) {
            return Err(format!(
                "{at}: unknown question kind `{}`",
                r.kind.escape_debug()
            ));
        }
        let points = parse_decimal(&r.points, "points").map_err(|e| format!("{at}: {e}"))?;
        let max_points =
            parse_decimal(&r.max_points, "max_points").map_err(|e| format!("{at}: {e}"))?;
        if points < 0.0 || max_points < 0.0 || points > max_points + TOLERANCE {
            return Err(format!(
                "{at}: {points} of {max_points} points is impossible"
            ));
        }
        if r.correct && !close(points, max_points) {
            return Err(format!(
                "{at}: marked correct with {points} of {max_points} points"
            ));
        }
        if r.kind == "scenario" {
            if r.ending.is_none() || !r.chosen.is_empty() {
                return Err(format!(
                    "{at}: a scenario answer needs an ending and no chosen choices"
                ));
            }
        } else if r.kind != "unknown" {
            if r.ending.is_some() || !r.path.is_empty() || r.backs != 0 {
                return Err(format!(
                    "{at}: a choice answer has a scenario ending or path"
                ));
            }
            if let Some(c) = r.chosen.iter().find(|c| !r.choice_order.contains(c)) {
                return Err(format!(
                    "{at}: chose `{}`, which was not shown",
                    c.escape_debug()
                ));
            }
        }
        earned += points;
        possible += max_points;
        responses.push(ResponseRecord {
            position: expected,
            question_id: r.question_id,
            kind: r.kind,
            choice_order: r.choice_order,
            chosen: r.chosen,
            ending: r.ending,
            correct: r.correct,
            points,
            max_points,
            path: r
                .path
                .into_iter()
                .map(|s| PathStep {
                    node: s.node,
                    choice: s.choice,
                    points: s.points,
                })
                .collect(),
            backs: r.backs,
        });
    }
    if !close(earned, score_raw) || !close(possible, score_max) {
        return Err(format!(
            "its responses add up to {earned} of {possible} points, but it says {score_raw} of {score_max}"
        ));
    }
    if let Some(module) = course
        .and_then(|c| c.module(&wire.module_id))
        .filter(|m| m.revision.0 == wire.revision)
    {
        let percent = if score_max > 0.0 {
            score_raw / score_max * 100.0
        } else {
            0.0
        };
        // The engine's own rule (see `Attempt::outcome`).
        let should_pass = percent + 1e-9 >= f64::from(module.assessment.pass_mark);
        if should_pass != wire.passed {
            return Err(format!(
                "it is marked {} with {percent:.1}%, but module {} needs {}%",
                if wire.passed { "passed" } else { "failed" },
                module.id,
                module.assessment.pass_mark
            ));
        }
    }
    Ok(AttemptRecord {
        id,
        learner_id: wire.learner_id,
        module_id: wire.module_id,
        revision: wire.revision,
        language: wire.language,
        seed,
        mode: wire.mode,
        started,
        finished,
        duration_ms: wire.duration_ms,
        score_raw,
        score_max,
        passed: wire.passed,
        responses,
    })
}
