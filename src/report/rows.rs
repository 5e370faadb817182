//! Completion rows streamed from the store, one learner at a time.
//!
//! It exists so that a report on a million attempts holds no more than one learner's rows:
//! the store reads learners in order with their per-module summaries through one cursor
//! ([`Store::each_learner_facts`]), each learner's rows are made by [`completion`] in
//! course order, filtered, and handed on before the next learner is read. The matrix
//! reads a page of learners the same way.

use chrono::{DateTime, Utc};

use super::{Completion, Filter, completion};
use crate::content::Course;
use crate::store::{
    self, Assignment, LearnerFacts, LearnerOrder, LearnerQuery, Store, StoreError, TrackAssignment,
};

/// A learner's rows, one per module of the course in course order.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnerRows {
    pub learner: store::Learner,
    pub cells: Vec<Completion>,
}

/// Which learners, in which order; with the time and the language of titles.
#[derive(Debug, Clone, Copy)]
pub struct RowScope<'a> {
    pub course: &'a Course,
    pub lang: &'a str,
    pub now: DateTime<Utc>,
    pub order: LearnerOrder,
    pub descending: bool,
}

impl<'a> RowScope<'a> {
    /// The order every export uses: by name, then employee ID.
    pub fn report(course: &'a Course, lang: &'a str, now: DateTime<Utc>) -> Self {
        Self {
            course,
            lang,
            now,
            order: LearnerOrder::Name,
            descending: false,
        }
    }
}

/// The due dates a manager set: per module, and per track of the course.
#[derive(Debug, Clone, Default)]
pub struct Assignments {
    pub modules: Vec<Assignment>,
    pub tracks: Vec<TrackAssignment>,
}

impl Assignments {
    pub fn load(store: &Store) -> Result<Self, StoreError> {
        Ok(Self {
            modules: store.assignments()?,
            tracks: store.track_assignments()?,
        })
    }
}

/// A learner's rows from what the store knows about them: the due date and the track
/// follow the learner's assignments ([`store::required_modules`]).
pub fn learner_rows(
    scope: &RowScope<'_>,
    assignments: &Assignments,
    facts: &LearnerFacts,
) -> LearnerRows {
    let learner = &facts.learner;
    let department = learner.department.as_deref();
    let required = store::required_modules(
        scope.course,
        &store::due_dates_for(&assignments.modules, department),
        &store::track_dates_for(&assignments.tracks, department),
    );
    let cells = scope
        .course
        .modules
        .iter()
        .map(|module| {
            let pair = facts.pairs.iter().find(|p| p.module_id == module.id);
            let open = facts.open.iter().find(|o| o.module_id == module.id);
            let required = required.iter().find(|r| r.module_id == module.id);
            let due = required.map(|r| r.due);
            let mut row = completion(learner, module, pair, open, due, scope.lang, scope.now);
            if let Some(track) = required.and_then(|r| r.track.as_ref()) {
                row.track_title = scope
                    .course
                    .track(track)
                    .map(|t| t.title.get(scope.lang).to_owned());
                row.track = Some(track.clone());
            }
            let refreshers = facts.refreshers.iter().find(|t| t.module_id == module.id);
            super::with_refreshers(&mut row, refreshers);
            row
        })
        .collect();
    LearnerRows {
        learner: learner.clone(),
        cells,
    }
}

/// Calls `each` with every learner whose rows `filter` keeps any of, in the scope's order,
/// with all their rows (the filter decides which of them count). Stops at the first
/// error `each` returns. Returns how many learners were handed on.
pub fn each_learner<E: From<StoreError>>(
    store: &Store,
    scope: &RowScope<'_>,
    filter: &Filter,
    each: &mut dyn FnMut(LearnerRows) -> Result<(), E>,
) -> Result<usize, E> {
    let assignments = Assignments::load(store)?;
    let query = LearnerQuery {
        department: filter.department.as_deref(),
        order: scope.order,
        descending: scope.descending,
        offset: 0,
        limit: None,
        activity_days: filter.since.is_some() || filter.until.is_some(),
        only: None,
    };
    let mut failed: Option<E> = None;
    let mut handed = 0;
    store.each_learner_facts(&query, scope.now, &mut |facts| {
        let rows = learner_rows(scope, &assignments, &facts);
        if !rows.cells.iter().any(|row| filter.matches(row)) {
            return Ok(true);
        }
        handed += 1;
        match each(rows) {
            Ok(()) => Ok(true),
            Err(error) => {
                failed = Some(error);
                Ok(false)
            }
        }
    })?;
    match failed {
        Some(error) => Err(error),
        None => Ok(handed),
    }
}

/// Calls `each` with every row `filter` keeps, learner by learner in the scope's order and
/// module by module in course order. Returns how many rows were handed on.
pub fn each_row<E: From<StoreError>>(
    store: &Store,
    scope: &RowScope<'_>,
    filter: &Filter,
    each: &mut dyn FnMut(&Completion) -> Result<(), E>,
) -> Result<usize, E> {
    let mut rows = 0;
    each_learner(store, scope, filter, &mut |learner| -> Result<(), E> {
        for row in learner.cells.iter().filter(|row| filter.matches(row)) {
            each(row)?;
            rows += 1;
        }
        Ok(())
    })?;
    Ok(rows)
}

/// A page of learners for the matrix: `limit` learners from `offset` in the scope's order,
/// with all their rows, optionally of one department.
pub fn page(
    store: &Store,
    scope: &RowScope<'_>,
    department: Option<&str>,
    offset: usize,
    limit: usize,
) -> Result<Vec<LearnerRows>, StoreError> {
    let assignments = Assignments::load(store)?;
    let query = LearnerQuery {
        department,
        order: scope.order,
        descending: scope.descending,
        offset,
        limit: Some(limit),
        activity_days: false,
        only: None,
    };
    let mut page = Vec::with_capacity(limit);
    store.each_learner_facts(&query, scope.now, &mut |facts| {
        page.push(learner_rows(scope, &assignments, &facts));
        Ok(true)
    })?;
    Ok(page)
}
