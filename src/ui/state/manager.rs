//! The manager area's state: the lock, the loaded dashboard data, and the matrix view
//! (filters, sorting, and the pages of learner rows the worker has sent).
//!
//! The dashboard's figures are computed once on the worker thread and replaced when the
//! data changes. The matrix holds only the pages of learners that were on screen: the
//! table asks for a page when one of its rows comes into view, so a window over a
//! hundred thousand learners holds a few hundred rows.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::report::Filter;
use crate::report::rows::LearnerRows;
use crate::report::stats::{Headline, ModuleStats, Summary};
pub use crate::service::dashboard::{
    DashboardData, Insights, MatrixPage, MatrixQuery, PAGE, SortKey,
};

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
    /// The view the pages below belong to.
    pub query: Option<MatrixQuery>,
    /// Learners in the view, once known.
    pub total: Option<usize>,
    /// Pages of learners by page number, as the worker sent them.
    pub pages: BTreeMap<usize, Vec<LearnerRows>>,
    /// Pages asked for and not yet answered.
    pub requested: BTreeSet<usize>,
    /// The view's headline and per-module figures.
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
            query: None,
            total: None,
            pages: BTreeMap::new(),
            requested: BTreeSet::new(),
            headline: None,
            module_stats: Vec::new(),
            dirty: true,
        }
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

    /// Starts the view over for the current filters and sort: forgets the pages, and
    /// takes the figures from the dashboard's groups when they can give them (otherwise
    /// they come with the first page). Returns the query whose first page to ask for.
    pub fn refresh(&mut self, data: &DashboardData) -> MatrixQuery {
        let query = MatrixQuery {
            filter: self.filter(),
            sort: self.sort,
            ascending: self.ascending,
        };
        self.pages.clear();
        self.requested.clear();
        if query.is_direct() {
            let summary = data.summary(
                query.filter.department.as_deref(),
                query.filter.module.as_deref(),
            );
            self.show(&summary);
            self.total = Some(data.learners_in(query.filter.department.as_deref()));
        } else {
            self.headline = None;
            self.module_stats.clear();
            self.total = None;
        }
        self.query = Some(query.clone());
        self.dirty = false;
        query
    }

    fn show(&mut self, summary: &Summary) {
        self.headline = Some(summary.headline());
        self.module_stats = summary.module_stats();
    }

    /// Takes a page the worker sent, if it is of this view.
    pub fn take_page(&mut self, page: MatrixPage) {
        if self.query.as_ref() != Some(&page.query) {
            return;
        }
        let number = page.offset / PAGE;
        self.requested.remove(&number);
        self.total = Some(page.total);
        if let Some(summary) = &page.summary {
            self.show(summary);
        }
        self.pages.insert(number, page.learners);
    }

    /// Learner `index` of the view, when its page is here.
    pub fn learner(&self, index: usize) -> Option<&LearnerRows> {
        self.pages
            .get(&(index / PAGE))
            .and_then(|page| page.get(index % PAGE))
    }

    /// Keeps the pages near `around` (the rows on screen) and forgets the rest, so
    /// scrolling through every learner does not keep them all.
    pub fn forget_far_pages(&mut self, around: usize) {
        let keep = around / PAGE;
        self.pages.retain(|number, _| number.abs_diff(keep) <= 4);
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
    Retention,
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
    /// The questions and scenario tabs' data, read when one of them is first opened.
    pub insights: Option<Arc<Insights>>,
    /// The insights were asked for and not yet answered.
    pub insights_asked: bool,
    /// The retention tab's data, read when it is first opened.
    pub retention: Option<Arc<crate::service::retention::RetentionView>>,
    pub retention_asked: bool,
    /// The desired retention as set on the slider, in percent, before it is saved.
    pub desired_percent: Option<f64>,
    pub view: MatrixView,
    pub due: DueForm,
    pub track: TrackForm,
    pub data_tab: DataTab,
    /// The name or employee ID being searched for, and what the last search found.
    pub search: PersonSearch,
    /// One learner's page, open over the tabs.
    pub person: Option<PersonPage>,
}

/// Finding one person among many: the text typed, and the profiles the worker found for
/// the text it last searched.
#[derive(Debug, Clone, Default)]
pub struct PersonSearch {
    pub text: String,
    pub found: Option<(String, Vec<crate::store::Learner>)>,
}

/// A learner's page in the manager area.
#[derive(Debug, Clone, Default)]
pub struct PersonPage {
    pub learner_id: String,
    /// The record, once read; `gone` when the profile no longer exists.
    pub record: Option<Arc<crate::service::person::PersonRecord>>,
    pub gone: bool,
    /// The attempt whose answers are shown.
    pub review: Option<uuid::Uuid>,
    /// The module whose certificate is to be saved, and where.
    pub certificate_module: Option<String>,
    pub certificate_path: String,
    pub export_path: String,
}

impl Default for ManagerState {
    fn default() -> Self {
        Self {
            lock: LockState::Checking,
            tab: Tab::Matrix,
            data: None,
            insights: None,
            insights_asked: false,
            retention: None,
            retention_asked: false,
            desired_percent: None,
            view: MatrixView::default(),
            due: DueForm::default(),
            track: TrackForm::default(),
            data_tab: DataTab::default(),
            search: PersonSearch::default(),
            person: None,
        }
    }
}

/// The part of the manager area an action came from: its outcome is shown there, beside
/// the button that caused it, not at the top of the page or on another tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Panel {
    DueDates,
    Tracks,
    #[default]
    Import,
    Lrs,
    Access,
    Organisation,
    Retention,
    /// The desired retention of refreshers, on the retention tab.
    DesiredRetention,
    Passphrase,
}

/// What an action did (or why it failed), for the panel it came from.
#[derive(Debug, Clone)]
pub struct PanelMessage {
    pub panel: Panel,
    pub lines: Vec<crate::i18n::Message>,
    pub error: bool,
}

/// The manager's sign-in rules as typed: the rules, and the idle minutes as text.
#[derive(Debug, Clone, Default)]
pub struct AccessForm {
    pub policy: crate::service::access::AccessPolicy,
    pub idle_minutes: String,
}

/// The export and data-exchange forms.
#[derive(Debug, Clone, Default)]
pub struct DataTab {
    /// The organisation and signatory printed on certificates.
    pub organisation: crate::service::access::Organisation,
    /// Sign-in rules being edited.
    pub access: AccessForm,
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
    pub message: Option<PanelMessage>,
    /// The panel whose action the worker is doing now.
    pub awaiting: Panel,
}

pub use crate::report::export::ExportFormat;
