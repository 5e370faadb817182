//! Refreshers in a bundle (version 3): a bundled refresher turned into a checked store
//! record before anything trusts it, as attempts are in `check`.
//!
//! A refresher is never a graded result, so there is no score to add up; what is checked
//! is that it is well formed (ids, times, numbers), that its answers run 0, 1, 2, … and
//! that each answer's rating agrees with its correctness (right means `recalled`). The
//! review queue is not bundled: it is each machine's own schedule, and the machine that
//! imports a refresher schedules from its own answers.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::check::{KINDS, check_id, check_points, check_revision, parse_time};
use super::problem::{Identifier, Inconsistency, Problem, Subject};
use super::wire::WireRefresher;
use crate::store::{RefresherAnswerRecord, RefresherRecord};

/// The ratings a refresher answer may have.
const RECALLS: [&str; 3] = ["forgot", "partly", "recalled"];

/// A refresher record turned into a checked store record. That its learner is bundled,
/// and that it appears once, is the caller's to check.
pub(super) fn check_refresher(wire: WireRefresher) -> Result<RefresherRecord, Inconsistency> {
    let refresher = |problem| Inconsistency {
        subject: Subject::Refresher {
            id: wire.id.clone(),
        },
        problem,
    };
    let answer = |index, problem| Inconsistency {
        subject: Subject::RefresherAnswer {
            refresher: wire.id.clone(),
            index,
        },
        problem,
    };
    let id = Uuid::parse_str(&wire.id).map_err(|_| refresher(Problem::NotAUuid))?;
    check_id(&wire.learner_id, Identifier::Learner).map_err(refresher)?;
    check_id(&wire.language, Identifier::Language).map_err(refresher)?;
    let started = parse_time(&wire.started_at, "started_at").map_err(refresher)?;
    let finished = parse_time(&wire.finished_at, "finished_at").map_err(refresher)?;
    if finished < started {
        return Err(refresher(Problem::FinishedBeforeStarted));
    }
    if wire.answers.is_empty() {
        return Err(refresher(Problem::NoAnswers));
    }
    let mut answers = Vec::with_capacity(wire.answers.len());
    for (expected, a) in wire.answers.into_iter().enumerate() {
        let at = |problem| answer(expected, problem);
        if usize::try_from(a.position).ok() != Some(expected) {
            return Err(at(Problem::Position {
                position: a.position,
            }));
        }
        check_id(&a.module_id, Identifier::Module).map_err(at)?;
        check_revision(&a.revision).map_err(at)?;
        check_id(&a.question_id, Identifier::Question).map_err(at)?;
        if !KINDS.contains(&a.kind.as_str()) {
            return Err(at(Problem::UnknownKind { kind: a.kind }));
        }
        let (points, max_points) = check_points(&a.points, &a.max_points).map_err(at)?;
        if !RECALLS.contains(&a.recall.as_str()) {
            return Err(at(Problem::Recall { value: a.recall }));
        }
        if a.correct != (a.recall == "recalled") {
            return Err(at(Problem::RecallDisagrees {
                correct: a.correct,
                recall: a.recall,
            }));
        }
        if let Some(days) = a.days_since_pass.filter(|d| *d < 0) {
            return Err(at(Problem::NegativeDays { days }));
        }
        let answered: DateTime<Utc> = parse_time(&a.answered_at, "answered_at").map_err(at)?;
        let next_due = parse_time(&a.next_due, "next_due").map_err(at)?;
        answers.push(RefresherAnswerRecord {
            position: expected,
            module_id: a.module_id,
            revision: a.revision,
            question_id: a.question_id,
            kind: a.kind,
            choice_order: a.choice_order,
            chosen: a.chosen,
            correct: a.correct,
            points,
            max_points,
            recall: a.recall,
            answered,
            days_since_pass: a.days_since_pass,
            next_due,
        });
    }
    Ok(RefresherRecord {
        id,
        learner_id: wire.learner_id,
        language: wire.language,
        started,
        finished,
        answers,
    })
}

/// Whether a bundled refresher is the one stored under its id: the same learner (here),
/// times and answers.
pub(super) fn same_refresher(
    stored: &RefresherRecord,
    bundled: &RefresherRecord,
    learner_id: &str,
) -> bool {
    stored.learner_id == learner_id
        && stored.language == bundled.language
        && stored.started == bundled.started
        && stored.finished == bundled.finished
        && stored.answers.len() == bundled.answers.len()
        && stored.answers.iter().zip(&bundled.answers).all(|(s, b)| {
            s.position == b.position
                && s.module_id == b.module_id
                && s.revision == b.revision
                && s.question_id == b.question_id
                && s.chosen == b.chosen
                && s.correct == b.correct
                && s.recall == b.recall
                && s.answered == b.answered
                && super::version::close(s.points, b.points)
                && super::version::close(s.max_points, b.max_points)
        })
}
