//! The manager's dashboard as data: the completion matrix, the headline figures' inputs,
//! the questions most often missed and the paths taken through scenarios.
//!
//! Computed from the store and the course with the time passed in, so the window's
//! worker, the command line and the benchmarks get the same figures.

use chrono::{DateTime, Utc};

use crate::content::Course;
use crate::report::stats::{self, MissedQuestion, ScenarioFlow};
use crate::report::{self, Completion, Dataset};
use crate::store::{Assignment, Store, StoreError, TrackAssignment};

/// Everything the dashboard shows, computed off the window's thread.
#[derive(Debug, Clone)]
pub struct DashboardData {
    /// Learner-major: learner `i`'s row for module `j` is `rows[i * modules.len() + j]`.
    pub rows: Vec<Completion>,
    /// Module id and title, in course order.
    pub modules: Vec<(String, String)>,
    pub learner_count: usize,
    pub departments: Vec<String>,
    pub assignments: Vec<Assignment>,
    /// The course's tracks, in course-file order, and the assignments of them.
    pub tracks: Vec<TrackSummary>,
    pub track_assignments: Vec<TrackAssignment>,
    pub missed: Vec<MissedQuestion>,
    pub flows: Vec<ScenarioFlow>,
    pub loaded_at: DateTime<Utc>,
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
        let data = Dataset::load(store)?;
        let rows = report::completions(course, &data, lang, now);
        let missed = stats::most_missed(
            course,
            &store.question_tallies(None)?,
            &store.wrong_answer_choices(None)?,
            lang,
        );
        let flows = stats::scenario_flows(course, &store.scenario_tallies(None)?, lang);
        Ok(Self {
            modules: course
                .modules
                .iter()
                .map(|m| (m.id.clone(), m.title.get(lang).to_owned()))
                .collect(),
            learner_count: data.learners.len(),
            departments: data.departments(),
            assignments: data.assignments.clone(),
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
            track_assignments: data.track_assignments.clone(),
            rows,
            missed,
            flows,
            loaded_at: now,
        })
    }

    /// The row of learner `learner` for module `module`.
    pub fn cell(&self, learner: usize, module: usize) -> Option<&Completion> {
        self.rows.get(learner * self.modules.len() + module)
    }

    /// The first row of a learner (for their name and department).
    pub fn learner(&self, learner: usize) -> Option<&Completion> {
        self.cell(learner, 0)
    }
}
