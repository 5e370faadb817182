//! What managers see and export: one completion row per learner × module, the figures
//! above it, and the questions and scenario paths worth a content author's attention.
//!
//! A row is made by [`completion`] from what the store knows about a learner's attempts on
//! a module ([`PairFacts`]), with the time passed in. Reports stream their rows from the
//! store's summaries one learner at a time ([`rows`]), so a million attempts take no more
//! memory than a thousand; a small [`Dataset`] read whole gives the same rows through the
//! same function. The dashboard, the CLI and every export format use the same rows and the
//! same [`Filter`], so a CSV and the screen always agree.

pub mod columns;
pub mod csv;
pub mod export;
pub mod figures;
pub mod json;
pub mod pretty;
pub mod rows;
pub mod stats;
pub mod xapi;
pub mod xlsx;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::content::{Course, Module};
use crate::engine::{self, Status};
use crate::store::{
    self, Assignment, AttemptSummary, Counting, Learner, OpenProgress, PairFacts, RefresherTally,
    Required, Store, StoreError, TrackAssignment,
};

/// Everything the reports need, read from the store at once.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub learners: Vec<Learner>,
    pub attempts: Vec<AttemptSummary>,
    pub open: Vec<OpenProgress>,
    pub assignments: Vec<Assignment>,
    pub track_assignments: Vec<TrackAssignment>,
    /// Refresher answers per learner (by id) and module.
    pub refreshers: Vec<(String, RefresherTally)>,
}

impl Dataset {
    pub fn load(store: &Store) -> Result<Self, StoreError> {
        Ok(Self {
            learners: store.learners()?,
            attempts: store.attempt_summaries()?,
            open: store.open_progress()?,
            assignments: store.assignments()?,
            track_assignments: store.track_assignments()?,
            refreshers: store.all_refresher_tallies()?,
        })
    }

    /// The departments that occur, sorted.
    pub fn departments(&self) -> Vec<String> {
        let mut departments: Vec<String> = self
            .learners
            .iter()
            .filter_map(|l| l.department.clone())
            .collect();
        departments.sort();
        departments.dedup();
        departments
    }
}

/// One learner's standing on one module: a row of the completion matrix and of every
/// export. Field names are the export's stable column names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completion {
    /// Opaque; used to link rows, never exported.
    #[serde(skip)]
    pub learner_id: String,
    pub employee_id: String,
    pub name: String,
    pub department: Option<String>,
    pub module_id: String,
    pub module_title: String,
    /// The revision of the module in the attempt that counts (see [`completions`]).
    pub content_revision: Option<String>,
    pub language: Option<String>,
    #[serde(skip)]
    pub status: Status,
    /// [`Status::key`]: `not_started`, `in_progress`, `passed`, `expiring_soon`,
    /// `expired`, `failed`, `overdue`.
    #[serde(rename = "status")]
    pub status_key: &'static str,
    pub first_started: Option<DateTime<Utc>>,
    /// When the latest pass was earned.
    pub completed: Option<DateTime<Utc>>,
    /// The score of the attempt that counts, 0–100.
    pub score_percent: Option<f64>,
    pub passed: bool,
    pub attempts: usize,
    /// The sum of every graded attempt's duration.
    pub time_spent_seconds: i64,
    pub valid_until: Option<DateTime<Utc>>,
    pub due_date: Option<NaiveDate>,
    /// The id of the learner's assigned track that makes the module required; `None` when
    /// the module is optional for them (or required only by a due date of its own).
    pub track: Option<String>,
    /// That track's title, in the report's language.
    pub track_title: Option<String>,
    /// Refresher answers given on the module's questions (spaced reviews after it; they
    /// never change the graded columns above).
    pub refresher_answers: usize,
    /// Of them, answered right.
    pub refresher_right: usize,
    /// When the latest was given.
    pub last_refresher: Option<DateTime<Utc>>,
    /// The latest finished attempt.
    #[serde(skip)]
    pub last_activity: Option<DateTime<Utc>>,
    /// The (UTC) days of every finished attempt, for date filters (read only when a
    /// filter has dates).
    #[serde(skip)]
    pub activity_days: Vec<NaiveDate>,
}

/// Computes every learner × module row of a dataset read whole. The attempt that counts
/// is the latest passing attempt, or the latest attempt when there is no pass; its
/// revision, language and score fill the row. Attempts on modules no longer in the course
/// are left out. The due date and the track follow the learner's assignments
/// ([`store::required_modules`]). Reports on a store stream the same rows with
/// [`rows::each_row`].
pub fn completions(
    course: &Course,
    data: &Dataset,
    lang: &str,
    now: DateTime<Utc>,
) -> Vec<Completion> {
    let mut by_pair: HashMap<(&str, &str), Vec<&AttemptSummary>> = HashMap::new();
    for attempt in &data.attempts {
        by_pair
            .entry((attempt.learner_id.as_str(), attempt.module_id.as_str()))
            .or_default()
            .push(attempt);
    }
    let open: HashMap<(&str, &str), &OpenProgress> = data
        .open
        .iter()
        .map(|o| ((o.learner_id.as_str(), o.module_id.as_str()), o))
        .collect();
    let refreshers: HashMap<(&str, &str), &RefresherTally> = data
        .refreshers
        .iter()
        .map(|(learner, t)| ((learner.as_str(), t.module_id.as_str()), t))
        .collect();
    let mut rows = Vec::with_capacity(data.learners.len() * course.modules.len());
    for learner in &data.learners {
        let department = learner.department.as_deref();
        let required = store::required_modules(
            course,
            &store::due_dates_for(&data.assignments, department),
            &store::track_dates_for(&data.track_assignments, department),
        );
        for module in &course.modules {
            let facts = by_pair
                .get(&(learner.id.as_str(), module.id.as_str()))
                .and_then(|attempts| pair_facts(&module.id, attempts, now));
            let progress = open.get(&(learner.id.as_str(), module.id.as_str()));
            let required = required.iter().find(|r| r.module_id == module.id);
            let mut row = completion(
                learner,
                module,
                facts.as_ref(),
                progress.copied(),
                required.map(|r| r.due),
                lang,
                now,
            );
            if let Some(Required {
                track: Some(track), ..
            }) = required
            {
                row.track_title = course.track(track).map(|t| t.title.get(lang).to_owned());
                row.track = Some(track.clone());
            }
            with_refreshers(
                &mut row,
                refreshers
                    .get(&(learner.id.as_str(), module.id.as_str()))
                    .copied(),
            );
            rows.push(row);
        }
    }
    rows
}

/// What a row needs to know about a pair's attempts, from the attempts themselves. Of
/// attempts that finished at the same moment, the one stored last counts (as the store's
/// summary decides).
pub fn pair_facts(
    module_id: &str,
    attempts: &[&AttemptSummary],
    now: DateTime<Utc>,
) -> Option<PairFacts> {
    let latest = |pass_only: bool| {
        attempts
            .iter()
            .filter(|a| !pass_only || a.passed)
            .max_by_key(|a| a.finished)
    };
    let counting = latest(true).or_else(|| latest(false))?;
    let mut days: Vec<NaiveDate> = attempts.iter().map(|a| a.finished.date_naive()).collect();
    days.sort_unstable();
    days.dedup();
    Some(PairFacts {
        module_id: module_id.to_owned(),
        attempts: attempts.len(),
        any_failed: attempts.iter().any(|a| !a.passed),
        first_started: attempts.iter().map(|a| a.started).min()?,
        last_finished: attempts.iter().map(|a| a.finished).max()?,
        last_pass: latest(true).map(|a| a.finished),
        pass_by_now: attempts
            .iter()
            .filter(|a| a.passed && a.finished <= now)
            .map(|a| a.finished)
            .max(),
        // Saturating: a sum never wraps negative, whatever a store holds.
        time_spent_ms: attempts
            .iter()
            .fold(0i64, |sum, a| sum.saturating_add(a.duration_ms.max(0))),
        counting: Counting {
            revision: counting.revision.clone(),
            language: counting.language.clone(),
            score_raw: counting.score_raw,
            score_max: counting.score_max,
        },
        activity_days: days,
    })
}

/// One learner's row for one module: `facts` about their graded attempts on it (none
/// when they have none), their open attempt's progress, and the due date that applies.
pub fn completion(
    learner: &Learner,
    module: &Module,
    facts: Option<&PairFacts>,
    open: Option<&OpenProgress>,
    due: Option<NaiveDate>,
    lang: &str,
    now: DateTime<Utc>,
) -> Completion {
    let standing = facts.map_or_else(engine::status::Standing::default, |f| {
        engine::status::Standing {
            pass_by_now: f.pass_by_now,
            last_pass: f.last_pass,
            any_failed: f.any_failed,
        }
    });
    let status = engine::status::status_of(
        standing,
        open.map(|o| (o.answered, o.total)),
        module.validity,
        due,
        now,
    );
    let last_pass = facts.and_then(|f| f.last_pass);
    let counting = facts.map(|f| &f.counting);
    let first_started = facts
        .map(|f| f.first_started)
        .into_iter()
        .chain(open.map(|o| o.started))
        .min();
    Completion {
        learner_id: learner.id.clone(),
        employee_id: learner.employee_id.clone(),
        name: learner.display_name.clone(),
        department: learner.department.clone(),
        module_id: module.id.clone(),
        module_title: module.title.get(lang).to_owned(),
        content_revision: counting.map(|c| c.revision.clone()),
        language: counting.map(|c| c.language.clone()),
        status_key: status.key(),
        status,
        first_started,
        completed: last_pass,
        score_percent: counting.map(|c| (percent(c.score_raw, c.score_max) * 10.0).round() / 10.0),
        passed: last_pass.is_some(),
        attempts: facts.map_or(0, |f| f.attempts),
        time_spent_seconds: facts.map_or(0, |f| f.time_spent_ms) / 1000,
        valid_until: last_pass.and_then(|at| engine::status::expiry(at, module.validity)),
        due_date: due,
        track: None,
        track_title: None,
        refresher_answers: 0,
        refresher_right: 0,
        last_refresher: None,
        last_activity: facts.map(|f| f.last_finished),
        activity_days: facts.map(|f| f.activity_days.clone()).unwrap_or_default(),
    }
}

/// Fills a row's refresher columns from the learner's refresher answers on its module.
pub fn with_refreshers(row: &mut Completion, tally: Option<&RefresherTally>) {
    row.refresher_answers = tally.map_or(0, |t| t.answers);
    row.refresher_right = tally.map_or(0, |t| t.right);
    row.last_refresher = tally.map(|t| t.last);
}

/// A score as a percentage, 0 when nothing could be scored.
fn percent(raw: f64, max: f64) -> f64 {
    if max > 0.0 { raw / max * 100.0 } else { 0.0 }
}

/// Which rows a view or an export shows. Every field narrows; `None` means all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub department: Option<String>,
    /// A [`Status::key`].
    pub status: Option<String>,
    pub module: Option<String>,
    /// With `until`: rows with an attempt finished between the two days, both included
    /// (UTC days). Either may be left open.
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Filter {
    pub fn matches(&self, row: &Completion) -> bool {
        let dated = (self.since.is_none() && self.until.is_none())
            || row.activity_days.iter().any(|d| {
                self.since.is_none_or(|since| *d >= since)
                    && self.until.is_none_or(|until| *d <= until)
            });
        dated
            && self
                .department
                .as_ref()
                .is_none_or(|d| row.department.as_ref() == Some(d))
            && self.status.as_ref().is_none_or(|s| row.status_key == s)
            && self.module.as_ref().is_none_or(|m| &row.module_id == m)
    }

    /// The rows that match, in order.
    pub fn apply<'a>(&self, rows: &'a [Completion]) -> Vec<&'a Completion> {
        rows.iter().filter(|r| self.matches(r)).collect()
    }
}
