//! The manager area's state: the lock, the loaded dashboard data, and the matrix view
//! (filters, sorting, the learner rows that pass them).
//!
//! The dashboard data is computed once on the worker thread and replaced when the data
//! changes; the view recomputes its rows only when a filter or the sort changes, so a
//! frame with 10,000 learners draws just the rows on screen.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::content::Course;
use crate::engine::Status;
use crate::report::stats::{self, Headline, ModuleStats};
use crate::report::{Completion, Filter};
pub use crate::service::dashboard::DashboardData;

/// How the matrix is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    EmployeeId,
    Department,
    /// By the status of one module column, most urgent first.
    Module(usize),
}

/// Filters and sort of the matrix, with the rows they select.
#[derive(Debug, Clone)]
pub struct MatrixView {
    pub department: Option<String>,
    pub status: Option<&'static str>,
    pub module: Option<String>,
    pub since: String,
    pub until: String,
    pub sort: SortKey,
    pub ascending: bool,
    /// Learner indices that pass the filter, sorted.
    pub learners: Vec<usize>,
    /// The filtered rows' headline and per-module figures.
    pub headline: Option<Headline>,
    pub module_stats: Vec<ModuleStats>,
    /// Set when a filter or the data changed; cleared by [`Self::refresh`].
    pub dirty: bool,
}

impl Default for MatrixView {
    fn default() -> Self {
        Self {
            department: None,
            status: None,
            module: None,
            since: String::new(),
            until: String::new(),
            sort: SortKey::Name,
            ascending: true,
            learners: Vec::new(),
            headline: None,
            module_stats: Vec::new(),
            dirty: true,
        }
    }
}

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

impl MatrixView {
    /// The report filter this view stands for; exports use exactly this.
    pub fn filter(&self) -> Filter {
        Filter {
            department: self.department.clone(),
            status: self.status.map(str::to_owned),
            module: self.module.clone(),
            since: parse_day(&self.since),
            until: parse_day(&self.until),
        }
    }

    /// Whether a typed date is unusable (not empty and not YYYY-MM-DD).
    pub fn bad_date(text: &str) -> bool {
        !text.trim().is_empty() && parse_day(text).is_none()
    }

    /// Recomputes the selected learners, their order and the figures.
    pub fn refresh(&mut self, data: &DashboardData, course: &Course, lang: &str) {
        let filter = self.filter();
        let modules = data.modules.len().max(1);
        let mut learners: Vec<usize> = (0..data.learner_count)
            .filter(|&i| {
                data.rows[i * modules..(i + 1) * modules]
                    .iter()
                    .any(|row| filter.matches(row))
            })
            .collect();
        let key_of = |i: usize| data.learner(i);
        match self.sort {
            SortKey::Name => learners.sort_by_cached_key(|&i| {
                key_of(i).map(|r| r.name.to_lowercase()).unwrap_or_default()
            }),
            SortKey::EmployeeId => learners.sort_by_cached_key(|&i| {
                key_of(i).map(|r| r.employee_id.clone()).unwrap_or_default()
            }),
            SortKey::Department => learners.sort_by_cached_key(|&i| {
                key_of(i)
                    .map(|r| {
                        (
                            r.department.clone().unwrap_or_default(),
                            r.name.to_lowercase(),
                        )
                    })
                    .unwrap_or_default()
            }),
            SortKey::Module(j) => learners.sort_by_key(|&i| {
                data.cell(i, j)
                    .map_or((u8::MAX, None), |r| (urgency(&r.status), r.last_activity))
            }),
        }
        if !self.ascending {
            learners.reverse();
        }
        let rows: Vec<&Completion> = learners
            .iter()
            .flat_map(|&i| data.rows[i * modules..(i + 1) * modules].iter())
            .filter(|row| filter.matches(row))
            .collect();
        self.headline = Some(stats::headline(&rows, data.loaded_at));
        self.module_stats = stats::module_stats(course, &rows, lang);
        self.learners = learners;
        self.dirty = false;
    }
}

fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// Whether the manager area is open, and what is being typed to open it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockState {
    /// Asking the worker whether a passphrase exists.
    Checking,
    /// First use: choose a passphrase.
    Setup {
        passphrase: String,
        repeat: String,
        error: Option<String>,
    },
    Locked {
        passphrase: String,
        error: Option<String>,
        retry_at: Option<DateTime<Utc>>,
    },
    /// Waiting for the worker to check a passphrase.
    Verifying,
    Unlocked,
}

/// The manager area's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Matrix,
    Charts,
    Questions,
    Scenarios,
    Tracks,
    DueDates,
    Data,
}

/// A due date being set.
#[derive(Debug, Clone, Default)]
pub struct DueForm {
    pub module: Option<String>,
    pub department: Option<String>,
    pub date: String,
    pub error: Option<String>,
}

/// A track being assigned to everyone or a department.
#[derive(Debug, Clone, Default)]
pub struct TrackForm {
    pub track: Option<String>,
    pub department: Option<String>,
    pub date: String,
    pub error: Option<String>,
}

/// The manager area.
#[derive(Debug, Clone)]
pub struct ManagerState {
    pub lock: LockState,
    pub tab: Tab,
    pub data: Option<Arc<DashboardData>>,
    pub view: MatrixView,
    pub due: DueForm,
    pub track: TrackForm,
    pub data_tab: DataTab,
}

impl Default for ManagerState {
    fn default() -> Self {
        Self {
            lock: LockState::Checking,
            tab: Tab::Matrix,
            data: None,
            view: MatrixView::default(),
            due: DueForm::default(),
            track: TrackForm::default(),
            data_tab: DataTab::default(),
        }
    }
}

/// The export and data-exchange forms.
#[derive(Debug, Clone, Default)]
pub struct DataTab {
    /// The organisation and signatory printed on certificates.
    pub organisation: crate::service::access::Organisation,
    /// Sign-in rules: PINs required, minutes idle before signing out.
    pub pins_required: bool,
    pub idle_minutes: String,
    /// The profile whose PIN the manager is about to remove (asked once more).
    pub reset_confirm: Option<String>,
    pub format: ExportFormat,
    pub bom: bool,
    pub export_path: String,
    /// The last suggested report path: while the path is still it, it follows the
    /// format and the filters.
    pub export_suggested: String,
    pub import_paths: String,
    pub bundle_path: String,
    pub certificates_dir: String,
    pub certificates_suggested: String,
    pub retention_days: String,
    pub new_passphrase: String,
    pub lrs_endpoint: String,
    pub lrs_key: String,
    pub lrs_secret: String,
    pub lrs_home_page: String,
    pub new_passphrase_repeat: String,
    /// The result of the last action, and whether it failed.
    pub message: Option<(Vec<crate::i18n::Message>, bool)>,
}

pub use crate::report::export::ExportFormat;
