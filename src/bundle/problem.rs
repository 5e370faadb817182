//! Why a bundle's content is refused: which record is at fault ([`Subject`]) and what is
//! wrong with it ([`Problem`]), as typed values the window words in the manager's language.

use std::fmt;

use super::version::{MAX_DURATION_MS, MAX_POINTS, VERSION, YEARS};
use crate::store::StoreError;

/// Why a bundle's content was refused: what it concerns and which check failed. Its
/// `Display` is the reason a manager reads after "the bundle is inconsistent: ".
#[derive(Debug)]
pub struct Inconsistency {
    pub subject: Subject,
    pub problem: Problem,
}

impl Inconsistency {
    /// A problem with the bundle as a whole (its envelope or its payload's shape).
    pub fn bundle(problem: Problem) -> Self {
        Self {
            subject: Subject::Bundle,
            problem,
        }
    }

    /// A problem with the attempt the bundle calls `id`.
    pub fn attempt(id: &str, problem: Problem) -> Self {
        Self {
            subject: Subject::Attempt { id: id.to_owned() },
            problem,
        }
    }
}

impl fmt::Display for Inconsistency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.subject {
            // Shown after "the bundle is inconsistent: ", which already names it.
            Subject::Bundle => write!(f, "{}", self.problem),
            // "learner E-1 appears twice", "response 2 has position 5: …".
            subject if matches!(self.problem, Problem::Twice | Problem::Position { .. }) => {
                write!(f, "{subject} {}", self.problem)
            }
            subject => write!(f, "{subject}: {}", self.problem),
        }
    }
}

impl std::error::Error for Inconsistency {}

/// What an [`Inconsistency`] concerns, named as the bundle names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// The bundle as a whole: its envelope, or the shape of its payload.
    Bundle,
    /// A learner, by the employee ID the bundle gives.
    Learner { employee_id: String },
    /// An attempt, by the id the bundle gives (not necessarily a valid UUID).
    Attempt { id: String },
    /// A response, by the attempt's id and the response's place in it (from 0).
    Response { attempt: String, index: usize },
    /// A refresher, by the id the bundle gives.
    Refresher { id: String },
    /// A refresher's answer, by the refresher's id and the answer's place in it (from 0).
    RefresherAnswer { refresher: String, index: usize },
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bundle => f.write_str("the bundle"),
            Self::Learner { employee_id } => write!(f, "learner {}", employee_id.escape_debug()),
            Self::Attempt { id } => write!(f, "attempt {}", id.escape_debug()),
            Self::Response { attempt, index } => {
                write!(f, "attempt {}: response {index}", attempt.escape_debug())
            }
            Self::Refresher { id } => write!(f, "refresher {}", id.escape_debug()),
            Self::RefresherAnswer { refresher, index } => {
                write!(f, "refresher {}: answer {index}", refresher.escape_debug())
            }
        }
    }
}

/// Which check an [`Inconsistency`] failed: one variant per check. Text from the bundle is
/// kept as it was and escaped when shown.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    // ---- The envelope and the payload's shape.
    #[error("unknown field `{field}` for version {VERSION}")]
    UnknownField { field: String },
    #[error("`{field}` is missing or not text")]
    NotText { field: &'static str },
    #[error("`payload` is missing")]
    NoPayload,
    #[error("`machine` is empty or malformed")]
    Machine,
    /// The payload does not deserialize as version 1 (serde's reason).
    #[error("the payload does not match version {VERSION}: {detail}")]
    Shape { detail: String },
    /// A JSON number with a fraction or exponent, which the canonical form refuses.
    #[error(
        "the number {number} is not an integer; version {VERSION} writes fractions as decimal strings"
    )]
    Fraction { number: serde_json::Number },
    /// Version 2: a line follows the end line.
    #[error("there is more after the end line")]
    AfterEnd,
    /// Version 2: the end line's counts differ from the records before it.
    #[error(
        "the end line counts {stated_learners} learners and {stated_attempts} attempts, but {learners} and {attempts} came before it"
    )]
    Counts {
        stated_learners: u64,
        stated_attempts: u64,
        learners: u64,
        attempts: u64,
    },
    /// Version 3: the end line's refresher count differs from the refreshers before it.
    #[error("the end line counts {stated} refreshers, but {found} came before it")]
    RefresherCount { stated: u64, found: u64 },
    /// A refresher line in a version 2 bundle, which has none.
    #[error("a version 2 bundle has no refreshers (version 3 carries them)")]
    RefresherInVersion2,
    /// Writing: a score in the store is not a finite number.
    #[error("the stored {what} is not a number")]
    StoredNotANumber { what: &'static str },

    // ---- Any record.
    /// The employee ID or the attempt id appears twice in the bundle.
    #[error("appears twice")]
    Twice,
    #[error("{what} is empty")]
    EmptyId { what: Identifier },
    /// Too long (over 200 characters) or with a control character.
    #[error("{what} `{}` is malformed", .value.escape_debug())]
    MalformedId { what: Identifier, value: String },
    #[error("{field} `{}` is not an RFC 3339 time", .text.escape_debug())]
    NotATime { field: &'static str, text: String },
    #[error("{field} `{}` is not a number", .text.escape_debug())]
    NotANumber { field: &'static str, text: String },
    /// A time before 2000 or after 2100: damaged or made up, and it would break reports.
    #[error(
        "{field} `{}` is outside the years {} to {}",
        .text.escape_debug(), YEARS.start(), YEARS.end()
    )]
    OutOfYears { field: &'static str, text: String },

    // ---- Learners.
    /// A name, employee ID or department the profile rules refuse.
    #[error("{0}")]
    Profile(StoreError),
    /// The profile rules would change a field (trim it, or drop an empty department).
    #[error("a field has surrounding spaces or an empty department")]
    Untrimmed,
    #[error("learner id {id} appears twice")]
    LearnerIdTwice { id: String },

    // ---- Attempts.
    #[error("the id is not a UUID")]
    NotAUuid,
    /// A revision that is not the SHA-256 of a module file (64 hex digits): made up.
    #[error("the revision `{}` is not a module revision (64 hex digits)", .value.escape_debug())]
    RevisionForm { value: String },
    /// Nothing to earn: no attempt of a real module scores out of 0.
    #[error("its maximum score is {max}: an attempt with nothing to earn is not a result")]
    NothingToEarn { max: f64 },
    #[error("it has no responses: an attempt without answers is not a result")]
    NoResponses,
    #[error("its learner id {} is not among the bundle's learners", .learner_id.escape_debug())]
    UnknownLearner { learner_id: String },
    #[error(
        "mode `{}`: only graded attempts are results (practice is never bundled)",
        .mode.escape_debug()
    )]
    NotGraded { mode: String },
    #[error("seed `{}` is not a whole number", .text.escape_debug())]
    Seed { text: String },
    #[error("it finished before it started")]
    FinishedBeforeStarted,
    #[error("its duration is negative")]
    NegativeDuration,
    #[error(
        "its duration of {ms} ms is longer than any attempt (at most {} days)",
        MAX_DURATION_MS / 86_400_000
    )]
    DurationTooLong { ms: i64 },
    #[error("score {score} of {max} is impossible")]
    ImpossibleScore { score: f64, max: f64 },
    #[error("its responses add up to {earned} of {possible} points, but it says {score} of {max}")]
    DoesNotAddUp {
        earned: f64,
        possible: f64,
        score: f64,
        max: f64,
    },
    /// `passed` disagrees with the pass mark of this machine's module at the same revision.
    #[error(
        "it is marked {} with {percent:.1}%, but module {module} needs {pass_mark}%",
        if *.passed { "passed" } else { "failed" }
    )]
    PassMark {
        passed: bool,
        percent: f64,
        module: String,
        pass_mark: u8,
    },

    // ---- Refreshers.
    #[error("it has no answers: a refresher without answers is not a result")]
    NoAnswers,
    #[error("recall `{}` is not forgot, partly or recalled", .value.escape_debug())]
    Recall { value: String },
    #[error("marked {} with recall `{recall}`", if *.correct { "correct" } else { "wrong" })]
    RecallDisagrees { correct: bool, recall: String },
    #[error("{days} days since the last pass is impossible")]
    NegativeDays { days: i64 },

    // ---- Responses.
    #[error("has position {position}: positions must run 0, 1, 2, …")]
    Position { position: u64 },
    #[error("unknown question kind `{}`", .kind.escape_debug())]
    UnknownKind { kind: String },
    #[error("{points} of {max} points is impossible")]
    ImpossiblePoints { points: f64, max: f64 },
    #[error("{max:e} points is more than any question gives (at most {MAX_POINTS:e})")]
    TooManyPoints { max: f64 },
    #[error("marked correct with {points} of {max} points")]
    CorrectWithoutFullMarks { points: f64, max: f64 },
    #[error("a scenario answer needs an ending and no chosen choices")]
    ScenarioShape,
    #[error("a choice answer has a scenario ending or path")]
    ChoiceShape,
    #[error("chose `{}`, which was not shown", .choice.escape_debug())]
    NotShown { choice: String },
}

/// Which identifying text a [`Problem::EmptyId`] or [`Problem::MalformedId`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identifier {
    Learner,
    Module,
    Revision,
    Language,
    Question,
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Learner => "the learner id",
            Self::Module => "the module id",
            Self::Revision => "the revision",
            Self::Language => "the language",
            Self::Question => "the question id",
        })
    }
}
