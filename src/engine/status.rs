//! Where a learner stands on a module, from their attempts, the module's validity, a due
//! date and the current time.
//!
//! The same function answers for the learner's home screen and the manager's matrix, so
//! both always agree. It is pure: the caller passes `now`.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;

use crate::content::Validity;

/// The facts about one finished attempt that status needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finished {
    pub at: DateTime<Utc>,
    pub passed: bool,
}

/// A learner's standing on a module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    /// An attempt is open: `answered` of `total` questions done.
    InProgress {
        answered: usize,
        total: usize,
    },
    /// Passed; `until` is when the pass expires, `None` when it never does.
    Passed {
        on: DateTime<Utc>,
        until: Option<DateTime<Utc>>,
    },
    /// Passed, but the pass expires within the module's warning period.
    ExpiringSoon {
        on: DateTime<Utc>,
        until: DateTime<Utc>,
    },
    /// The last pass has expired.
    Expired {
        on: DateTime<Utc>,
    },
    /// Attempted and not passed; a retake is available.
    Failed,
    /// A due date has passed without a valid pass.
    Overdue {
        due: NaiveDate,
    },
}

impl Status {
    /// A stable name for reports and filters.
    pub fn key(&self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress { .. } => "in_progress",
            Self::Passed { .. } => "passed",
            Self::ExpiringSoon { .. } => "expiring_soon",
            Self::Expired { .. } => "expired",
            Self::Failed => "failed",
            Self::Overdue { .. } => "overdue",
        }
    }

    /// Counts as a completed training (for completion rates).
    pub fn is_complete(&self) -> bool {
        matches!(self, Self::Passed { .. } | Self::ExpiringSoon { .. })
    }

    /// Every status, in the order filters show them.
    pub const KEYS: [&'static str; 7] = [
        "not_started",
        "in_progress",
        "passed",
        "expiring_soon",
        "expired",
        "failed",
        "overdue",
    ];
}

/// When a pass earned at `on` expires.
pub fn expiry(on: DateTime<Utc>, validity: Option<Validity>) -> Option<DateTime<Utc>> {
    validity.and_then(|v| on.checked_add_days(Days::new(u64::from(v.valid_for_days))))
}

/// What a status needs to know about a learner's finished attempts on a module; reports
/// read it from the store's summaries instead of every attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    /// The latest pass finished by `now`.
    pub pass_by_now: Option<DateTime<Utc>>,
    /// The latest pass, whenever it finished.
    pub last_pass: Option<DateTime<Utc>>,
    /// Some attempt was not passed.
    pub any_failed: bool,
}

impl Standing {
    pub fn of(finished: &[Finished], now: DateTime<Utc>) -> Self {
        let passes = || finished.iter().filter(|f| f.passed).map(|f| f.at);
        Self {
            pass_by_now: passes().filter(|at| *at <= now).max(),
            last_pass: passes().max(),
            any_failed: finished.iter().any(|f| !f.passed),
        }
    }
}

/// The status of one learner on one module.
///
/// `finished` are the learner's graded attempts in any order; `open` is the progress of
/// an open graded attempt (`answered`, `total`); `due` is the date by which the module
/// must be passed (it counts as met by a pass that is valid on that day, or earned
/// after it).
pub fn status(
    finished: &[Finished],
    open: Option<(usize, usize)>,
    validity: Option<Validity>,
    due: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Status {
    status_of(Standing::of(finished, now), open, validity, due, now)
}

/// [`status`] from what it needs to know about the attempts.
pub fn status_of(
    standing: Standing,
    open: Option<(usize, usize)>,
    validity: Option<Validity>,
    due: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Status {
    let last_pass = standing.pass_by_now;

    if let Some(on) = last_pass {
        match expiry(on, validity) {
            None => return Status::Passed { on, until: None },
            Some(until) if now < until => {
                let warn = validity.map_or(0, |v| v.warn_days_before);
                let warn_from = until
                    .checked_sub_days(Days::new(u64::from(warn)))
                    .unwrap_or(until);
                return if now >= warn_from {
                    Status::ExpiringSoon { on, until }
                } else {
                    Status::Passed {
                        on,
                        until: Some(until),
                    }
                };
            }
            Some(_) => {}
        }
    }

    if let Some(due) = due
        && now.date_naive() > due
        && !due_met(standing.last_pass, validity, due)
    {
        return Status::Overdue { due };
    }
    if let Some((answered, total)) = open {
        return Status::InProgress { answered, total };
    }
    if let Some(on) = last_pass {
        let until = expiry(on, validity).unwrap_or(on);
        return Status::Expired { on: until };
    }
    if standing.any_failed {
        return Status::Failed;
    }
    Status::NotStarted
}

/// A due date is met by a pass that was still valid at the end of that day, or by a
/// pass earned after it. The latest pass meets it if any pass does.
fn due_met(last_pass: Option<DateTime<Utc>>, validity: Option<Validity>, due: NaiveDate) -> bool {
    last_pass.is_some_and(|at| {
        let day = at.date_naive();
        day > due || expiry(at, validity).is_none_or(|until| until.date_naive() > due)
    })
}
