//! The file format of a bundle: the records (learners, attempts) every version shares,
//! the envelope of version 1 (one JSON document), and the lines of versions 2 and 3 (a
//! header, one line per record, and an end line with the checksum; version 3 adds
//! refreshers), as they are written to and read from JSON. Field names are the format; see `docs/bundle-format.md`.
//!
//! It exists so that the format is one set of plain types, kept apart from the store's
//! records: writing converts store records to these, and reading checks them back (see
//! `check`). Scores travel as decimal text so that every value survives exactly.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::BundleError;
use super::problem::{Inconsistency, Problem};
use crate::store::{AttemptRecord, Learner, RefresherRecord, ts};

/// The first line of a version 2 bundle.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Header {
    pub(super) format: String,
    pub(super) version: u64,
    pub(super) created_at: String,
    pub(super) machine: String,
}

/// Every other line of a version 2 or 3 bundle: `{"learner": …}`, `{"attempt": …}`,
/// (version 3) `{"refresher": …}`, and last `{"end": …}`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub(super) enum Line {
    Learner(WireLearner),
    Attempt(WireAttempt),
    Refresher(WireRefresher),
    End(End),
}

/// The last line: how many records came before it, and the SHA-256 of every byte before
/// it (the header and the records, each with its line break).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct End {
    pub(super) learners: u64,
    pub(super) attempts: u64,
    /// Version 3; a version 2 end line has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) refreshers: Option<u64>,
    pub(super) sha256: String,
}

/// A refresher (version 3): a learner's short run of review questions, its own kind of
/// attempt, with every answer.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WireRefresher {
    pub(super) id: String,
    pub(super) learner_id: String,
    pub(super) language: String,
    pub(super) started_at: String,
    pub(super) finished_at: String,
    pub(super) answers: Vec<WireRefresherAnswer>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WireRefresherAnswer {
    pub(super) position: u64,
    pub(super) module_id: String,
    pub(super) revision: String,
    pub(super) question_id: String,
    pub(super) kind: String,
    pub(super) choice_order: Vec<String>,
    pub(super) chosen: Vec<String>,
    pub(super) correct: bool,
    pub(super) points: String,
    pub(super) max_points: String,
    /// `forgot`, `partly` or `recalled`.
    pub(super) recall: String,
    pub(super) answered_at: String,
    pub(super) days_since_pass: Option<i64>,
    pub(super) next_due: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Payload {
    pub(super) learners: Vec<WireLearner>,
    pub(super) attempts: Vec<WireAttempt>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WireLearner {
    pub(super) id: String,
    pub(super) employee_id: String,
    pub(super) display_name: String,
    pub(super) department: Option<String>,
    pub(super) created_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WireAttempt {
    pub(super) id: String,
    pub(super) learner_id: String,
    pub(super) module_id: String,
    pub(super) revision: String,
    pub(super) language: String,
    /// The u64 seed in decimal, as text: JSON readers differ above 2^53.
    pub(super) seed: String,
    pub(super) mode: String,
    pub(super) started_at: String,
    pub(super) finished_at: String,
    pub(super) duration_ms: i64,
    /// Decimal text that reads back as the exact same binary64 value.
    pub(super) score_raw: String,
    pub(super) score_max: String,
    pub(super) passed: bool,
    pub(super) responses: Vec<WireResponse>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WireResponse {
    pub(super) position: u64,
    pub(super) question_id: String,
    pub(super) kind: String,
    pub(super) choice_order: Vec<String>,
    pub(super) chosen: Vec<String>,
    pub(super) ending: Option<String>,
    pub(super) correct: bool,
    pub(super) points: String,
    pub(super) max_points: String,
    pub(super) backs: u32,
    pub(super) path: Vec<WireStep>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WireStep {
    pub(super) node: String,
    pub(super) choice: String,
    pub(super) points: i32,
}

impl From<&Learner> for WireLearner {
    fn from(learner: &Learner) -> Self {
        Self {
            id: learner.id.clone(),
            employee_id: learner.employee_id.clone(),
            display_name: learner.display_name.clone(),
            department: learner.department.clone(),
            created_at: ts(learner.created),
        }
    }
}

impl TryFrom<&RefresherRecord> for WireRefresher {
    type Error = BundleError;

    fn try_from(r: &RefresherRecord) -> Result<Self, BundleError> {
        Ok(Self {
            id: r.id.to_string(),
            learner_id: r.learner_id.clone(),
            language: r.language.clone(),
            started_at: ts(r.started),
            finished_at: ts(r.finished),
            answers: r
                .answers
                .iter()
                .map(|a| {
                    Ok(WireRefresherAnswer {
                        position: u64::try_from(a.position).unwrap_or(u64::MAX),
                        module_id: a.module_id.clone(),
                        revision: a.revision.clone(),
                        question_id: a.question_id.clone(),
                        kind: a.kind.clone(),
                        choice_order: a.choice_order.clone(),
                        chosen: a.chosen.clone(),
                        correct: a.correct,
                        points: decimal(a.points, "points", r.id)?,
                        max_points: decimal(a.max_points, "maximum points", r.id)?,
                        recall: a.recall.clone(),
                        answered_at: ts(a.answered),
                        days_since_pass: a.days_since_pass,
                        next_due: ts(a.next_due),
                    })
                })
                .collect::<Result<_, BundleError>>()?,
        })
    }
}

/// A score as decimal text: Rust prints the shortest text that parses back to the same
/// binary64 value, and parsing is correctly rounded, so the value survives exactly.
fn decimal(value: f64, what: &'static str, attempt: Uuid) -> Result<String, BundleError> {
    if value.is_finite() {
        Ok(format!("{value}"))
    } else {
        let problem = Problem::StoredNotANumber { what };
        Err(Inconsistency::attempt(&attempt.to_string(), problem).into())
    }
}

impl TryFrom<&AttemptRecord> for WireAttempt {
    type Error = BundleError;

    fn try_from(a: &AttemptRecord) -> Result<Self, BundleError> {
        Ok(Self {
            id: a.id.to_string(),
            learner_id: a.learner_id.clone(),
            module_id: a.module_id.clone(),
            revision: a.revision.clone(),
            language: a.language.clone(),
            seed: a.seed.to_string(),
            mode: a.mode.clone(),
            started_at: ts(a.started),
            finished_at: ts(a.finished),
            duration_ms: a.duration_ms,
            score_raw: decimal(a.score_raw, "score", a.id)?,
            score_max: decimal(a.score_max, "maximum score", a.id)?,
            passed: a.passed,
            responses: a
                .responses
                .iter()
                .map(|r| {
                    Ok(WireResponse {
                        position: u64::try_from(r.position).unwrap_or(u64::MAX),
                        question_id: r.question_id.clone(),
                        kind: r.kind.clone(),
                        choice_order: r.choice_order.clone(),
                        chosen: r.chosen.clone(),
                        ending: r.ending.clone(),
                        correct: r.correct,
                        points: decimal(r.points, "points", a.id)?,
                        max_points: decimal(r.max_points, "maximum points", a.id)?,
                        backs: r.backs,
                        path: r
                            .path
                            .iter()
                            .map(|s| WireStep {
                                node: s.node.clone(),
                                choice: s.choice.clone(),
                                points: s.points,
                            })
                            .collect(),
                    })
                })
                .collect::<Result<_, BundleError>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::check::parse_decimal;

    #[test]
    fn decimals_survive_exactly() {
        for value in [0.0, 2.0 / 3.0, 0.1 + 0.2, 7.5, 1e-7, 123_456.789] {
            let text = decimal(value, "score", Uuid::nil()).unwrap();
            assert_eq!(
                parse_decimal(&text, "score").unwrap().to_bits(),
                value.to_bits()
            );
        }
    }

    #[test]
    fn a_stored_score_that_is_not_a_number_is_refused_with_its_attempt() {
        let error = decimal(f64::NAN, "score", Uuid::nil()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the bundle is inconsistent: attempt 00000000-0000-0000-0000-000000000000: the stored score is not a number"
        );
    }
}
