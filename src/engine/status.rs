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
    let last_pass = finished
        .iter()
        .filter(|f| f.passed && f.at <= now)
        .map(|f| f.at)
        .max();

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
        && !due_met(finished, validity, due)
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
    if finished.iter().any(|f| !f.passed) {
        return Status::Failed;
    }
    Status::NotStarted
}

/// A due date is met by a pass that was still valid at the end of that day, or by a
/// pass earned after it.
fn due_met(finished: &[Finished], validity: Option<Validity>, due: NaiveDate) -> bool {
    finished.iter().filter(|f| f.passed).any(|f| {
        let day = f.at.date_naive();
        day > due || expiry(f.at, validity).is_none_or(|until| until.date_naive() > due)
    })
}
