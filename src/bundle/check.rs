//! Turning a bundle's records into checked store records, before anything is written.
//!
//! It exists because a bundle comes from another machine and may have been damaged,
//! edited or written by another tool: every id, time and number is checked, and each
//! attempt's responses must add up to its score (and agree with the module's pass mark
//! when this machine has the same revision). The first problem found is returned as an
//! [`Inconsistency`]: the learner, attempt or response it concerns, and which check failed.

use std::collections::HashSet;

use chrono::{DateTime, Datelike as _, Utc};
use uuid::Uuid;

use super::problem::{Identifier, Inconsistency, Problem, Subject};
use super::version::{MAX_DURATION_MS, MAX_POINTS, TOLERANCE, YEARS, close};
use super::wire::{Payload, WireAttempt, WireLearner};
use crate::content::{Course, MatchItem};
use crate::engine::PathStep;
use crate::store::{AttemptRecord, Learner, NewLearner, ResponseRecord, parse_ts};

/// The question kinds the store records.
pub(super) const KINDS: [&str; 8] = [
    "single_choice",
    "multiple_choice",
    "true_false",
    "scenario",
    "spot_the_leak",
    "ordering",
    "matching",
    "unknown",
];

/// Text that identifies something: present, not too long, no control characters.
pub(super) fn check_id(value: &str, what: Identifier) -> Result<(), Problem> {
    if value.is_empty() {
        return Err(Problem::EmptyId { what });
    }
    if value.chars().count() > 200 || value.chars().any(char::is_control) {
        return Err(Problem::MalformedId {
            what,
            value: value.to_owned(),
        });
    }
    Ok(())
}

pub(super) fn parse_decimal(text: &str, field: &'static str) -> Result<f64, Problem> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(Problem::NotANumber {
            field,
            text: text.to_owned(),
        }),
    }
}

/// A time of the bundle: RFC 3339, within [`YEARS`].
/// An answer's points and maximum, as decimal text: both finite, not negative, the
/// points within the maximum, and the maximum within what a question can give.
pub(super) fn check_points(points: &str, max_points: &str) -> Result<(f64, f64), Problem> {
    let points = parse_decimal(points, "points")?;
    let max_points = parse_decimal(max_points, "max_points")?;
    if points < 0.0 || max_points < 0.0 || points > max_points + TOLERANCE {
        return Err(Problem::ImpossiblePoints {
            points,
            max: max_points,
        });
    }
    if max_points > MAX_POINTS {
        return Err(Problem::TooManyPoints { max: max_points });
    }
    Ok((points, max_points))
}

pub(super) fn parse_time(text: &str, field: &'static str) -> Result<DateTime<Utc>, Problem> {
    let time = parse_ts(text).map_err(|_| Problem::NotATime {
        field,
        text: text.to_owned(),
    })?;
    if !YEARS.contains(&time.year()) {
        return Err(Problem::OutOfYears {
            field,
            text: text.to_owned(),
        });
    }
    Ok(time)
}

/// A module revision as Jaga writes it: the SHA-256 of the module file, 64 lowercase
/// hex digits. Anything else was made up.
pub(super) fn check_revision(value: &str) -> Result<(), Problem> {
    check_id(value, Identifier::Revision)?;
    let hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
    if value.len() != 64 || !value.chars().all(hex) {
        return Err(Problem::RevisionForm {
            value: value.to_owned(),
        });
    }
    Ok(())
}

/// A learner record turned into a checked profile (the rules of a profile, trimmed, a
/// well-formed id and time); that it appears once is the caller's to check.
pub(super) fn check_learner(wire: WireLearner) -> Result<Learner, Inconsistency> {
    let learner = |problem| Inconsistency {
        subject: Subject::Learner {
            employee_id: wire.employee_id.clone(),
        },
        problem,
    };
    let clean = NewLearner {
        employee_id: wire.employee_id.clone(),
        display_name: wire.display_name.clone(),
        department: wire.department.clone(),
    };
    let checked = clean
        .validated()
        .map_err(|e| learner(Problem::Profile(e)))?;
    if checked != clean {
        return Err(learner(Problem::Untrimmed));
    }
    check_id(&wire.id, Identifier::Learner).map_err(learner)?;
    let created = parse_time(&wire.created_at, "created_at").map_err(learner)?;
    Ok(Learner {
        id: wire.id,
        employee_id: wire.employee_id,
        display_name: wire.display_name,
        department: wire.department,
        created,
    })
}

impl Payload {
    /// Turns the file's records into checked store records; the first problem is returned
    /// with the learner, attempt or response it concerns.
    pub(super) fn check(
        self,
        course: Option<&Course>,
    ) -> Result<(Vec<Learner>, Vec<AttemptRecord>), Inconsistency> {
        let mut learner_ids: HashSet<String> = HashSet::new();
        let mut employee_ids: HashSet<String> = HashSet::new();
        let mut learners = Vec::with_capacity(self.learners.len());
        for wire in self.learners {
            let employee_id = wire.employee_id.clone();
            let learner = check_learner(wire)?;
            let at = |problem| Inconsistency {
                subject: Subject::Learner {
                    employee_id: employee_id.clone(),
                },
                problem,
            };
            if !employee_ids.insert(learner.employee_id.clone()) {
                return Err(at(Problem::Twice));
            }
            if !learner_ids.insert(learner.id.clone()) {
                return Err(at(Problem::LearnerIdTwice { id: learner.id }));
            }
            learners.push(learner);
        }
        let mut attempt_ids = HashSet::new();
        let mut attempts = Vec::with_capacity(self.attempts.len());
        for wire in self.attempts {
            let id = wire.id.clone();
            if !learner_ids.contains(&wire.learner_id) {
                return Err(Inconsistency::attempt(
                    &id,
                    Problem::UnknownLearner {
                        learner_id: wire.learner_id,
                    },
                ));
            }
            let attempt = check_attempt(wire, course)?;
            if !attempt_ids.insert(attempt.id) {
                return Err(Inconsistency::attempt(&id, Problem::Twice));
            }
            attempts.push(attempt);
        }
        Ok((learners, attempts))
    }
}

/// An attempt record turned into a checked store record: ids, times, numbers, and that
/// its responses add up (and agree with the module's pass mark when this machine has the
/// same revision). That its learner is bundled, and that it appears once, is the caller's
/// to check.
pub(super) fn check_attempt(
    wire: WireAttempt,
    course: Option<&Course>,
) -> Result<AttemptRecord, Inconsistency> {
    let attempt = |problem| Inconsistency::attempt(&wire.id, problem);
    let response = |index, problem| Inconsistency {
        subject: Subject::Response {
            attempt: wire.id.clone(),
            index,
        },
        problem,
    };
    let id = Uuid::parse_str(&wire.id).map_err(|_| attempt(Problem::NotAUuid))?;
    check_id(&wire.module_id, Identifier::Module).map_err(attempt)?;
    check_revision(&wire.revision).map_err(attempt)?;
    check_id(&wire.language, Identifier::Language).map_err(attempt)?;
    if wire.mode != "graded" {
        return Err(attempt(Problem::NotGraded { mode: wire.mode }));
    }
    let seed: u64 = wire.seed.parse().map_err(|_| {
        attempt(Problem::Seed {
            text: wire.seed.clone(),
        })
    })?;
    let started = parse_time(&wire.started_at, "started_at").map_err(attempt)?;
    let finished = parse_time(&wire.finished_at, "finished_at").map_err(attempt)?;
    if finished < started {
        return Err(attempt(Problem::FinishedBeforeStarted));
    }
    if wire.duration_ms < 0 {
        return Err(attempt(Problem::NegativeDuration));
    }
    if wire.duration_ms > MAX_DURATION_MS {
        return Err(attempt(Problem::DurationTooLong {
            ms: wire.duration_ms,
        }));
    }
    let score_raw = parse_decimal(&wire.score_raw, "score_raw").map_err(attempt)?;
    let score_max = parse_decimal(&wire.score_max, "score_max").map_err(attempt)?;
    if score_raw < 0.0 || score_max < 0.0 || score_raw > score_max + TOLERANCE {
        return Err(attempt(Problem::ImpossibleScore {
            score: score_raw,
            max: score_max,
        }));
    }
    if score_max <= 0.0 {
        return Err(attempt(Problem::NothingToEarn { max: score_max }));
    }
    if wire.responses.is_empty() {
        return Err(attempt(Problem::NoResponses));
    }
    let mut responses = Vec::with_capacity(wire.responses.len());
    let (mut earned, mut possible) = (0.0, 0.0);
    for (expected, r) in wire.responses.into_iter().enumerate() {
        let at = |problem| response(expected, problem);
        if usize::try_from(r.position).ok() != Some(expected) {
            return Err(at(Problem::Position {
                position: r.position,
            }));
        }
        check_id(&r.question_id, Identifier::Question).map_err(at)?;
        if !KINDS.contains(&r.kind.as_str()) {
            return Err(at(Problem::UnknownKind { kind: r.kind }));
        }
        let (points, max_points) = check_points(&r.points, &r.max_points).map_err(at)?;
        if r.correct && !close(points, max_points) {
            return Err(at(Problem::CorrectWithoutFullMarks {
                points,
                max: max_points,
            }));
        }
        if r.kind == "scenario" {
            if r.ending.is_none() || !r.chosen.is_empty() {
                return Err(at(Problem::ScenarioShape));
            }
        } else if r.kind != "unknown" {
            if r.ending.is_some() || !r.path.is_empty() || r.backs != 0 {
                return Err(at(Problem::ChoiceShape));
            }
            // A matching answer pairs a shown item with a category: `item=category`.
            let shown = |c: &String| {
                let id = if r.kind == "matching" {
                    MatchItem::split_pair(c).map_or("", |(item, _)| item)
                } else {
                    c.as_str()
                };
                r.choice_order.iter().any(|o| o == id)
            };
            if let Some(c) = r.chosen.iter().find(|c| !shown(c)) {
                return Err(at(Problem::NotShown { choice: c.clone() }));
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
        return Err(attempt(Problem::DoesNotAddUp {
            earned,
            possible,
            score: score_raw,
            max: score_max,
        }));
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
            return Err(attempt(Problem::PassMark {
                passed: wire.passed,
                percent,
                module: module.id.clone(),
                pass_mark: module.assessment.pass_mark,
            }));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_check_names_its_problem() {
        assert!(matches!(
            check_id("", Identifier::Module),
            Err(Problem::EmptyId {
                what: Identifier::Module
            })
        ));
        assert!(matches!(
            check_id(&"q".repeat(201), Identifier::Question),
            Err(Problem::MalformedId { .. })
        ));
        assert!(check_id(&"q".repeat(200), Identifier::Question).is_ok());
        assert!(matches!(
            parse_decimal("inf", "points"),
            Err(Problem::NotANumber {
                field: "points",
                ..
            })
        ));
        assert!(matches!(
            parse_time("yesterday", "started_at"),
            Err(Problem::NotATime {
                field: "started_at",
                ..
            })
        ));
    }

    #[test]
    fn an_inconsistency_reads_as_its_subject_then_its_problem() {
        let response = |problem| Inconsistency {
            subject: Subject::Response {
                attempt: "a\"1".to_owned(),
                index: 2,
            },
            problem,
        };
        assert_eq!(
            response(Problem::ChoiceShape).to_string(),
            "attempt a\\\"1: response 2: a choice answer has a scenario ending or path"
        );
        assert_eq!(
            response(Problem::Position { position: 7 }).to_string(),
            "attempt a\\\"1: response 2 has position 7: positions must run 0, 1, 2, …"
        );
        let twice = Inconsistency {
            subject: Subject::Learner {
                employee_id: "E-1".to_owned(),
            },
            problem: Problem::Twice,
        };
        assert_eq!(twice.to_string(), "learner E-1 appears twice");
        let malformed = Problem::MalformedId {
            what: Identifier::Revision,
            value: "r\u{7}".to_owned(),
        };
        assert_eq!(
            Inconsistency::attempt("x", malformed).to_string(),
            "attempt x: the revision `r\\u{7}` is malformed"
        );
        assert_eq!(
            Inconsistency::bundle(Problem::NotText { field: "machine" }).to_string(),
            "`machine` is missing or not text"
        );
    }
}
