//! The manager's dashboard as data: the figures per module and department, a page of the
//! completion matrix at a time, and (when asked) the questions most often missed and the
//! paths taken through scenarios.
//!
//! Unlocking reads the figures from the store's tallies (a row per module and
//! department, and the months and days of a validity window) and the first page of
//! learners, never every attempt, so a store of a million attempts opens as fast as one
//! of a thousand. The figures are read again only when the data they depend on changed (the
//! store's results generation) or the time moved on. A view narrowed by status or date,
//! or sorted by a module's status, is the exception: it needs every learner's rows, so
//! the worker streams them once, keeps the matching learners' order and figures, and
//! serves pages from that until the data or the view changes. Computed from the store and
//! the course with the time passed in, so the window's worker, the command line and the
//! benchmarks get the same figures.

use chrono::{DateTime, Utc};

use crate::content::Course;
use crate::engine::Status;
use crate::report::figures::Figures;
use crate::report::rows::{self, LearnerRows, RowScope};
use crate::report::stats::{self, MissedQuestion, ScenarioFlow, Summary};
use crate::report::{Completion, Filter};
use crate::store::{Assignment, LearnerOrder, Store, StoreError, TrackAssignment};

/// Learners per page of the matrix.
pub const PAGE: usize = 50;

/// How long loaded figures stay current when the data has not changed: statuses move
/// with time (a pass expires, a due date passes).
pub const FIGURES_FRESH_FOR: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// What the dashboard shows first, read from the store's summaries.
#[derive(Debug, Clone)]
pub struct DashboardData {
    /// Module id and title, in course order.
    pub modules: Vec<(String, String)>,
    pub learner_count: usize,
    /// The departments that occur, sorted.
    pub departments: Vec<String>,
    pub assignments: Vec<Assignment>,
    /// The course's tracks, in course-file order, and the assignments of them.
    pub tracks: Vec<TrackSummary>,
    pub track_assignments: Vec<TrackAssignment>,
    /// Every module × department group's figures at `loaded_at`.
    pub figures: Figures,
    /// The store's results generation the figures were read at.
    pub generation: i64,
    pub loaded_at: DateTime<Utc>,
    /// The language of the titles above: another language reads them again.
    pub lang: String,
}

/// A track as the manager's assignment form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackSummary {
    pub id: String,
    /// In the dashboard's language.
    pub title: String,
    pub modules: usize,
    pub min_pass_mark: Option<u8>,
}

impl DashboardData {
    pub fn load(
        store: &Store,
        course: &Course,
        lang: &str,
        now: DateTime<Utc>,
    ) -> Result<Self, StoreError> {
        let generation = store.results_generation()?;
        let figures = Figures::load(store, course, now)?;
        Ok(Self {
            modules: course
                .modules
                .iter()
                .map(|m| (m.id.clone(), m.title.get(lang).to_owned()))
                .collect(),
            learner_count: figures.departments.iter().map(|(_, n)| n).sum(),
            departments: figures
                .departments
                .iter()
                .filter_map(|(d, _)| d.clone())
                .collect(),
            assignments: store.assignments()?,
            tracks: course
                .tracks
                .iter()
                .map(|t| TrackSummary {
                    id: t.id.clone(),
                    title: t.title.get(lang).to_owned(),
                    modules: t.modules.len(),
                    min_pass_mark: t.min_pass_mark,
                })
                .collect(),
            track_assignments: store.track_assignments()?,
            figures,
            generation,
            loaded_at: now,
            lang: lang.to_owned(),
        })
    }

    /// Whether figures read at `generation` and `loaded_at` are still those of `store` at
    /// `now`.
    pub fn still_current(
        store: &Store,
        generation: i64,
        loaded_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(store.results_generation()? == generation
            && now >= loaded_at
            && now - loaded_at < FIGURES_FRESH_FOR)
    }

    /// The figures of a view narrowed only by department and module, from the groups.
    pub fn summary(&self, department: Option<&str>, module: Option<&str>) -> Summary {
        self.figures.summary(&self.modules, department, module)
    }

    /// Learners in a department (all when `None`).
    pub fn learners_in(&self, department: Option<&str>) -> usize {
        self.figures
            .departments
            .iter()
            .filter(|(d, _)| department.is_none_or(|want| d.as_deref() == Some(want)))
            .map(|(_, n)| n)
            .sum()
    }
}

/// The questions most often missed and the paths taken through scenarios: read only when
/// a manager opens those tabs (they add up every answer), for the department the
/// manager's filter names (every department when `None`).
#[derive(Debug, Clone)]
pub struct Insights {
    pub department: Option<String>,
    pub missed: Vec<MissedQuestion>,
    pub flows: Vec<ScenarioFlow>,
    /// Completions per module and week, oldest week first.
    pub weekly: Vec<crate::store::WeekTally>,
}

impl Insights {
    pub fn load(
        store: &Store,
        course: &Course,
        lang: &str,
        department: Option<&str>,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            department: department.map(str::to_owned),
            missed: stats::most_missed(
                course,
                &store.question_tallies(department)?,
                &store.wrong_answer_choices(department)?,
                lang,
            ),
            flows: stats::scenario_flows(course, &store.scenario_tallies(department)?, lang),
            weekly: store.completions_by_week(department)?,
        })
    }
}

/// How the matrix is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    EmployeeId,
    Department,
    /// By the status of one module column (its index), most urgent first.
    Module(usize),
}

/// Which learners the matrix shows, in which order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixQuery {
    pub filter: Filter,
    pub sort: SortKey,
    pub ascending: bool,
}

impl MatrixQuery {
    /// Whether the store can page this view directly (by an index), without reading
    /// every learner's rows first.
    pub fn is_direct(&self) -> bool {
        self.filter.status.is_none()
            && self.filter.since.is_none()
            && self.filter.until.is_none()
            && !matches!(self.sort, SortKey::Module(_))
    }

    fn order(&self) -> LearnerOrder {
        match self.sort {
            SortKey::EmployeeId => LearnerOrder::EmployeeId,
            SortKey::Department => LearnerOrder::Department,
            SortKey::Name | SortKey::Module(_) => LearnerOrder::Name,
        }
    }
}

/// A page of the matrix.
#[derive(Debug, Clone)]
pub struct MatrixPage {
    pub query: MatrixQuery,
    pub generation: i64,
    /// The first learner's place in the view.
    pub offset: usize,
    /// Learners in the view.
    pub total: usize,
    pub learners: Vec<LearnerRows>,
    /// The view's figures, for views the dashboard's groups cannot give.
    pub summary: Option<Summary>,
}

/// A view that needed every learner's rows: the matching learners in order, and their
/// figures. Kept by the worker while the data and the view stay the same.
#[derive(Debug, Clone)]
pub struct MatrixOrder {
    query: MatrixQuery,
    generation: i64,
    now: DateTime<Utc>,
    learners: Vec<String>,
    summary: Summary,
}

/// How a row sorts in its module column: how urgent its status is, then its latest
/// activity.
type Urgency = (u8, Option<DateTime<Utc>>);

/// How urgent a status is, for sorting a module column.
fn urgency(status: &Status) -> u8 {
    match status {
        Status::Overdue { .. } => 0,
        Status::Expired { .. } => 1,
        Status::Failed => 2,
        Status::NotStarted => 3,
        Status::InProgress { .. } => 4,
        Status::ExpiringSoon { .. } => 5,
        Status::Passed { .. } => 6,
    }
}

/// One page of the matrix for `query`. A view the store pages directly is read with a
/// limit; any other reads every learner once (kept in `cache`) and pages from that.
pub fn matrix_page(
    store: &Store,
    course: &Course,
    lang: &str,
    now: DateTime<Utc>,
    query: &MatrixQuery,
    offset: usize,
    cache: &mut Option<MatrixOrder>,
) -> Result<MatrixPage, StoreError> {
    let generation = store.results_generation()?;
    let scope = RowScope {
        course,
        lang,
        now,
        order: query.order(),
        // A module column sorts learners in name order first, then by status.
        descending: !query.ascending && !matches!(query.sort, SortKey::Module(_)),
    };
    if query.is_direct() {
        let department = query.filter.department.as_deref();
        let learners = rows::page(store, &scope, department, offset, PAGE)?;
        return Ok(MatrixPage {
            query: query.clone(),
            generation,
            offset,
            total: store.learner_count(department)?,
            learners,
            summary: None,
        });
    }
    let fresh = cache
        .as_ref()
        .is_some_and(|c| c.query == *query && c.generation == generation && c.now == now);
    if !fresh {
        *cache = Some(order(store, course, &scope, query, generation)?);
    }
    let Some(order) = cache.as_ref() else {
        return Err(StoreError::Invalid("no matrix order".to_owned()));
    };
    let assignments = rows::Assignments::load(store)?;
    let mut learners = Vec::with_capacity(PAGE);
    for id in order.learners.iter().skip(offset).take(PAGE) {
        if let Some(facts) = store.learner_facts(id, now)? {
            learners.push(rows::learner_rows(&scope, &assignments, &facts));
        }
    }
    Ok(MatrixPage {
        query: query.clone(),
        generation,
        offset,
        total: order.learners.len(),
        learners,
        summary: Some(order.summary.clone()),
    })
}

/// Reads every learner once for a view the store cannot page directly.
fn order(
    store: &Store,
    course: &Course,
    scope: &RowScope<'_>,
    query: &MatrixQuery,
    generation: i64,
) -> Result<MatrixOrder, StoreError> {
    let modules: Vec<(String, String)> = course
        .modules
        .iter()
        .map(|m| (m.id.clone(), m.title.get(scope.lang).to_owned()))
        .collect();
    let mut summary = Summary::new(&modules, scope.now);
    let filter = &query.filter;
    // (the status's urgency and the latest activity, the place in name order, the id)
    let mut keyed: Vec<(Urgency, usize, String)> = Vec::new();
    rows::each_learner(store, scope, filter, &mut |learner| {
        let kept: Vec<&Completion> = learner.cells.iter().filter(|r| filter.matches(r)).collect();
        summary.add_learner(kept.iter().copied());
        let key = match query.sort {
            SortKey::Module(j) => learner
                .cells
                .get(j)
                .map_or((u8::MAX, None), |r| (urgency(&r.status), r.last_activity)),
            _ => (0, None),
        };
        let place = keyed.len();
        keyed.push((key, place, learner.learner.id));
        Ok::<_, StoreError>(())
    })?;
    if let SortKey::Module(_) = query.sort {
        // Most urgent first; learners keep their name order within a status.
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        if !query.ascending {
            keyed.reverse();
        }
    }
    Ok(MatrixOrder {
        query: query.clone(),
        generation,
        now: scope.now,
        learners: keyed.into_iter().map(|(_, _, id)| id).collect(),
        summary,
    })
}
