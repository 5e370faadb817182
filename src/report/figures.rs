//! The dashboard's figures per module and department, at a moment, from the store's
//! tallies: what a manager sees on unlocking, without reading every attempt or pair.
//!
//! What does not change with time (learners with attempts, scores, score bands) is one
//! row per module and department. A status changes with time (a pass expires, a due date
//! passes), so the store also counts pairs per day and per month of their latest pass,
//! and the figures are counted at `now`: a pass is valid while `now` is before it
//! expires, which is a range of latest-pass times. Whole months and days come from those
//! counts, the two days at a range's ends from an index, exactly; no read grows with the
//! length of the history.
//! The result equals what [`super::stats::Summary`] counts from every row (a test proves
//! it), and any department and module filter is a sum of these groups.

use chrono::{DateTime, Days, Utc};

use super::stats::{Counts, Summary};
use crate::content::{Course, Module};
use crate::store::{self, Store, StoreError};

/// The figures of one module for the learners of one department (`None`: without one).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupFigures {
    pub module_id: String,
    pub department: Option<String>,
    pub counts: Counts,
}

/// Every module × department group's figures at `now`, and each department's learners.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figures {
    pub groups: Vec<GroupFigures>,
    /// Each department and its number of learners.
    pub departments: Vec<(Option<String>, usize)>,
    pub now: Option<DateTime<Utc>>,
}

impl Figures {
    /// Counts every group of the course at `now`.
    pub fn load(store: &Store, course: &Course, now: DateTime<Utc>) -> Result<Self, StoreError> {
        let departments = store.department_counts()?;
        let assignments = super::rows::Assignments::load(store)?;
        let mut groups = Vec::with_capacity(course.modules.len() * departments.len());
        for module in &course.modules {
            let totals = store.tally_totals(&module.id)?;
            for (department, learners) in &departments {
                let key = department.as_deref().unwrap_or("");
                let total = totals
                    .iter()
                    .find(|(d, _)| d == key)
                    .map(|(_, t)| *t)
                    .unwrap_or_default();
                // The module's own due date or its track's, whichever is earlier.
                let due = store::required_modules(
                    course,
                    &store::due_dates_for(&assignments.modules, department.as_deref()),
                    &store::track_dates_for(&assignments.tracks, department.as_deref()),
                )
                .into_iter()
                .find(|r| r.module_id == module.id)
                .map(|r| r.due);
                let counts = group(store, module, key, *learners, &total, due, now)?;
                groups.push(GroupFigures {
                    module_id: module.id.clone(),
                    department: department.clone(),
                    counts,
                });
            }
        }
        Ok(Self {
            groups,
            departments,
            now: Some(now),
        })
    }

    /// The figures of the learners of `department` (all when `None`) on `module` (all
    /// when `None`), as the rows of that filter would give them.
    pub fn summary(
        &self,
        modules: &[(String, String)],
        department: Option<&str>,
        module: Option<&str>,
    ) -> Summary {
        let mut summary = Summary::new(modules, self.now.unwrap_or(DateTime::<Utc>::MIN_UTC));
        let in_department =
            |d: &Option<String>| department.is_none_or(|want| d.as_deref() == Some(want));
        for group in &self.groups {
            if in_department(&group.department)
                && module.is_none_or(|m| m == group.module_id)
                && modules.iter().any(|(id, _)| *id == group.module_id)
            {
                summary.add_counts(&group.module_id, &group.counts);
            }
        }
        summary.learners = self
            .departments
            .iter()
            .filter(|(d, _)| in_department(d))
            .map(|(_, n)| n)
            .sum();
        summary
    }
}

/// One group's counts at `now`: `learners` rows, of which `total.pairs` have attempts.
fn group(
    store: &Store,
    module: &Module,
    department: &str,
    learners: usize,
    total: &store::figures::TallyTotals,
    due: Option<chrono::NaiveDate>,
    now: DateTime<Utc>,
) -> Result<Counts, StoreError> {
    let valid = module
        .validity
        .map(|v| Days::new(u64::from(v.valid_for_days)));
    // A pass is valid while `now` is before it expires: its latest pass finished after
    // `now - valid_for_days` (and by `now`).
    let oldest_valid = valid.map(|days| {
        now.checked_sub_days(days)
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    });
    let mut complete = store.passes_between(&module.id, department, oldest_valid, now)?;
    let expiring = |oldest: DateTime<Utc>| -> Result<usize, StoreError> {
        let soon = oldest
            .checked_add_days(Days::new(30))
            .unwrap_or(oldest)
            .min(now);
        store.passes_between(&module.id, department, Some(oldest), soon)
    };
    let mut expiring_30_days = match oldest_valid {
        Some(oldest) => expiring(oldest)?,
        None => 0,
    };
    // Pairs whose latest pass lies after `now` count by their latest pass until `now`.
    for pass in store
        .passes_by_now_of_later(&module.id, department, now)?
        .into_iter()
        .flatten()
    {
        if oldest_valid.is_none_or(|oldest| pass > oldest) {
            complete += 1;
            if oldest_valid.is_some_and(|oldest| {
                pass <= oldest.checked_add_days(Days::new(30)).unwrap_or(oldest)
            }) {
                expiring_30_days += 1;
            }
        }
    }
    // Past a due date, a row is overdue unless a pass was valid at the end of that day
    // or earned after it: a latest pass on a day after `due - valid_for_days`.
    let overdue = match due {
        Some(due) if now.date_naive() > due => {
            let met_after = match valid {
                Some(days) => due.checked_sub_days(days),
                None => None,
            };
            let met = store.passes_on_days(&module.id, department, met_after, None)?;
            learners.saturating_sub(met)
        }
        _ => 0,
    };
    let mut score_bands = [0usize; 10];
    for (i, n) in total.bands.iter().enumerate() {
        score_bands[i] = *n;
    }
    #[expect(
        clippy::cast_precision_loss,
        reason = "sums of scores are far below 2^52"
    )]
    let score_sum = total.score_tenths as f64 / 10.0;
    Ok(Counts {
        rows: learners,
        attempted: total.pairs,
        complete,
        overdue,
        expiring_30_days,
        score_sum,
        score_bands,
    })
}
