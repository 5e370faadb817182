//! What every report format shares: the columns, the rows' context, the filter as it is
//! recorded, how times are written, and the one error type.
//!
//! The formats (`csv`, `json`, `xlsx`) and the dispatcher (`export`) depend on this
//! module, never on each other, so a new format is one more file beside them.

use std::io;
use std::path::Path;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;

use super::Filter;
use super::xapi::XapiConfig;
use crate::content::Course;
use crate::store::Store;

/// The columns of every tabular export, in order. They are the serde names of
/// [`Completion`], so the JSON rows carry the same names.
pub const COLUMNS: [&str; 21] = [
    "employee_id",
    "name",
    "department",
    "module_id",
    "module_title",
    "content_revision",
    "language",
    "status",
    "first_started",
    "completed",
    "score_percent",
    "passed",
    "attempts",
    "time_spent_seconds",
    "valid_until",
    "due_date",
    "track",
    "track_title",
    "refresher_answers",
    "refresher_right",
    "last_refresher",
];

/// Everything besides the rows that an export needs.
#[derive(Clone, Copy)]
pub struct ExportContext<'a> {
    /// The course the rows were computed on (the summary sheet lists its modules).
    pub course: &'a Course,
    /// The filter that chose the rows; the JSON document records it.
    pub filter: &'a Filter,
    /// The language of module titles, as passed to [`super::completions`].
    pub lang: &'a str,
    /// The `now` the rows were computed at; stamped into the file and its default name.
    pub generated_at: DateTime<Utc>,
    /// Start a CSV file with a UTF-8 byte order mark, so Excel reads it as UTF-8.
    pub bom: bool,
    /// The store the rows came from: xAPI statements are built from its attempts.
    pub store: &'a Store,
    /// How xAPI statements name their actors and activities.
    pub xapi: &'a XapiConfig,
    /// Whether a file already at the report's path (or its sidecar's) may be replaced.
    pub existing: crate::fsio::Existing,
    /// Set (by a signal, say) to stop the export: it ends with [`ExportError::Stopped`]
    /// and leaves no file behind.
    pub stop: Option<&'a std::sync::atomic::AtomicBool>,
}

impl ExportContext<'_> {
    /// [`ExportError::Stopped`] once `stop` is set.
    pub(crate) fn check_stop(&self) -> Result<(), ExportError> {
        if self
            .stop
            .is_some_and(|stop| stop.load(std::sync::atomic::Ordering::SeqCst))
        {
            Err(ExportError::Stopped)
        } else {
            Ok(())
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "the export needs a file name that sha256sum can check (UTF-8, no backslash or line break): {path}"
    )]
    BadFileName { path: String },
    #[error("the folder to export into does not exist: {path}")]
    NoFolder { path: String },
    #[error("{path} already exists; nothing was written (replace it explicitly)")]
    Exists { path: String },
    #[error("cannot write the export {path}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error(transparent)]
    File(#[from] crate::fsio::WriteError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("cannot write the CSV")]
    Csv(#[from] ::csv::Error),
    #[error("cannot build the spreadsheet")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("cannot write the JSON")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Statements(Box<super::xapi::XapiError>),
    #[error(
        "{rows} rows do not fit in an Excel sheet ({max} at most); export CSV or JSON, or narrow the filter"
    )]
    TooManyRows { rows: usize, max: usize },
    #[error("{what} {value} cannot be written as an Excel date (years 1900–9999 only)")]
    DateOutOfRange { what: &'static str, value: String },
    #[error("the export was stopped before it was complete; no file was written")]
    Stopped,
}

impl crate::i18n::Localized for ExportError {
    fn message(&self) -> crate::i18n::Message {
        use crate::i18n::{Message, io_reason};
        match self {
            Self::BadFileName { path } => {
                Message::new("error-export-bad-name").with("path", path.as_str())
            }
            Self::Exists { path } => Message::new("error-file-exists").with("path", path.as_str()),
            Self::NoFolder { path } => {
                Message::new("error-export-no-folder").with("path", path.as_str())
            }
            Self::Io { path, source } => Message::new("error-export-write")
                .with("path", path.as_str())
                .with("reason", io_reason(source)),
            Self::File(error) => error.message(),
            Self::Store(error) => error.message(),
            Self::Csv(error) => {
                Message::new("error-export-format").with("detail", error.to_string())
            }
            Self::Xlsx(error) => {
                Message::new("error-export-format").with("detail", error.to_string())
            }
            Self::Json(error) => {
                Message::new("error-export-format").with("detail", error.to_string())
            }
            Self::Statements(error) => crate::i18n::Localized::message(&**error),
            Self::TooManyRows { rows, max } => Message::new("error-export-too-many-rows")
                .with("rows", *rows)
                .with("max", *max),
            Self::DateOutOfRange { value, .. } => {
                Message::new("error-export-date-range").with("value", value.as_str())
            }
            Self::Stopped => Message::new("error-export-stopped"),
        }
    }
}

impl ExportError {
    pub(crate) fn io(path: &Path) -> impl FnOnce(io::Error) -> Self + '_ {
        move |source| Self::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// The filter as the JSON document and the summary sheet record it: every field, `null`
/// when it does not narrow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilterRecord<'a> {
    pub department: Option<&'a str>,
    pub status: Option<&'a str>,
    pub module: Option<&'a str>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl<'a> From<&'a Filter> for FilterRecord<'a> {
    fn from(filter: &'a Filter) -> Self {
        Self {
            department: filter.department.as_deref(),
            status: filter.status.as_deref(),
            module: filter.module.as_deref(),
            since: filter.since,
            until: filter.until,
        }
    }
}

impl FilterRecord<'_> {
    /// `department=TI, since=2026-01-01`, or `none` when every row is shown.
    pub fn describe(&self) -> String {
        let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let parts: Vec<String> = [
            ("department", self.department.map(str::to_owned)),
            ("status", self.status.map(str::to_owned)),
            ("module", self.module.map(str::to_owned)),
            ("since", day(self.since)),
            ("until", day(self.until)),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.map(|v| format!("{key}={v}")))
        .collect();
        if parts.is_empty() {
            "none".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// A time as every export writes it: RFC 3339 in UTC with `Z`, with the fraction of a
/// second only when there is one (`2026-11-29T09:15:00Z`, `2026-11-29T09:15:00.227Z`):
/// exactly what serde writes for the JSON rows, so the CSV and the JSON agree.
pub(crate) fn iso_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}
