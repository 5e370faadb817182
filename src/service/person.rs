//! One learner as a manager sees them: every module's status with its dates, every
//! finished attempt with its answers, and the due dates that apply.
//!
//! The matrix shows a cell per module; a manager who has to act on one employee (answer a
//! question from an auditor, send one certificate) needs the whole record in one place.
//! Read from the store with the time passed in, so the window and tests see the same.

use chrono::{DateTime, NaiveDate, Utc};

use crate::content::Course;
use crate::report::Completion;
use crate::report::rows::{self, RowScope};
use crate::store::{AttemptRecord, Learner, Store, StoreError};

/// At most this many profiles are offered for a search.
pub const SEARCH_LIMIT: usize = 20;

/// Everything about one learner a manager's page shows.
#[derive(Debug, Clone)]
pub struct PersonRecord {
    pub learner: Learner,
    /// One row per module of the course, in course order.
    pub cells: Vec<Completion>,
    /// Finished attempts, newest first.
    pub attempts: Vec<AttemptRecord>,
    /// The due dates that apply to this learner, by module id.
    pub due: Vec<(String, NaiveDate)>,
}

impl PersonRecord {
    /// Reads a learner's record; `None` when the profile no longer exists (erased since
    /// the list was drawn).
    pub fn load(
        store: &Store,
        course: &Course,
        lang: &str,
        now: DateTime<Utc>,
        learner_id: &str,
    ) -> Result<Option<Self>, StoreError> {
        let Some(facts) = store.learner_facts(learner_id, now)? else {
            return Ok(None);
        };
        let scope = RowScope::report(course, lang, now);
        let assignments = rows::Assignments::load(store)?;
        let row = rows::learner_rows(&scope, &assignments, &facts);
        let mut attempts = store.attempts(learner_id)?;
        attempts.sort_by_key(|a| std::cmp::Reverse(a.finished));
        Ok(Some(Self {
            due: store.due_dates_for(row.learner.department.as_deref())?,
            learner: row.learner,
            cells: row.cells,
            attempts,
        }))
    }

    /// The modules this learner holds a pass of (a certificate can be made), in course
    /// order.
    pub fn passed_modules(&self) -> impl Iterator<Item = &Completion> {
        self.cells.iter().filter(|c| c.completed.is_some())
    }
}

/// The profiles a search finds (name or employee ID, any case), by name.
pub fn search(store: &Store, text: &str) -> Result<Vec<Learner>, StoreError> {
    store.search_learners(text, SEARCH_LIMIT)
}
