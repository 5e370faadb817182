//! The manager's operations: reports in every format, results bundles, imports,
//! certificates. Written once, for the window's worker and the command line alike.
//!
//! Each operation takes the store, the course and a request, and returns what it did as
//! data with a [`Message`] for the manager; failures are a [`ManagerError`] that words
//! itself in the manager's language. Neither front end builds a result text of its own.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::bundle::{self, BundleError, Conflict, ImportReport};
use crate::certificate::{self, BulkReport, CertificateError, CertificateFilter, Issuer, Print};
use crate::content::Course;
pub use crate::fsio::Existing;
use crate::i18n::{Lang, Localized, Message};
use crate::lrs::LrsError;
use crate::report::Filter;
pub use crate::report::export::ExportFormat;
use crate::report::export::{self, ExportContext, ExportError, ExportReport};
use crate::report::xapi::{self, XapiError};
use crate::store::{Store, StoreError};

/// A failed manager operation.
#[derive(Debug, thiserror::Error)]
pub enum ManagerError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error(transparent)]
    Certificate(#[from] CertificateError),
    #[error(transparent)]
    Xapi(#[from] XapiError),
    #[error(transparent)]
    Lrs(#[from] LrsError),
}

impl Localized for ManagerError {
    fn message(&self) -> Message {
        match self {
            Self::Store(error) => error.message(),
            Self::Export(error) => error.message(),
            Self::Bundle(error) => error.message(),
            Self::Certificate(error) => error.message(),
            Self::Xapi(error) => error.message(),
            Self::Lrs(error) => error.message(),
        }
    }
}

/// A report to write.
#[derive(Debug, Clone)]
pub struct ExportRequest<'a> {
    pub format: ExportFormat,
    /// Start a CSV with a UTF-8 byte order mark, so Excel reads names correctly.
    pub bom: bool,
    pub filter: &'a Filter,
    /// The file to write, or a folder to write [`export::default_file_name`] into.
    pub out: &'a Path,
    /// The language of module titles.
    pub lang: Lang,
    pub now: DateTime<Utc>,
    /// Whether a report already at the path may be replaced.
    pub existing: Existing,
    /// Set to stop the export before it is complete: nothing is written then.
    pub stop: Option<&'a std::sync::atomic::AtomicBool>,
}

/// A report written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub report: ExportReport,
    /// The xAPI actor home page is the placeholder: no LRS home page is set yet.
    pub placeholder_home_page: bool,
}

impl Exported {
    pub fn message(&self) -> Message {
        Message::new("done-export")
            .with("path", self.report.path.as_path())
            .with("rows", self.report.rows)
            .with("sha256", self.report.sha256.as_str())
    }
}

/// Writes the completion report of the rows `request.filter` keeps, with its `.sha256`
/// sidecar, whole or not at all, streaming the rows from the store.
pub fn export(
    store: &Store,
    course: &Course,
    request: &ExportRequest<'_>,
) -> Result<Exported, ManagerError> {
    let lang = request.lang.code();
    let path = export::output_path(
        request.out,
        &export::default_file_name(request.format, request.now),
    );
    // The LRS settings' home page, so exported statements equal delivered ones.
    let xapi = crate::lrs::export_config(store)?;
    let context = ExportContext {
        course,
        filter: request.filter,
        lang,
        generated_at: request.now,
        bom: request.bom,
        store,
        xapi: &xapi,
        existing: request.existing,
        stop: request.stop,
    };
    let report = export::export(request.format, &context, &path)?;
    Ok(Exported {
        report,
        placeholder_home_page: request.format == ExportFormat::Xapi
            && xapi.home_page() == xapi::PLACEHOLDER_HOME_PAGE,
    })
}

/// A results bundle written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleWritten {
    pub path: PathBuf,
    pub machine: String,
    pub learners: usize,
    pub attempts: usize,
    /// Refreshers, with their answers.
    pub refreshers: usize,
    /// Open attempts, which are not results and so not bundled.
    pub open_left_out: usize,
}

impl BundleWritten {
    pub fn message(&self) -> Message {
        Message::new("done-bundle")
            .with("path", self.path.as_path())
            .with("learners", self.learners)
            .with("attempts", self.attempts)
            .with("refreshers", self.refreshers)
    }
}

/// Writes this store's results (learners, finished attempts) as a bundle at `path`.
pub fn write_bundle(
    store: &mut Store,
    path: &Path,
    existing: Existing,
    machine: Uuid,
    now: DateTime<Utc>,
    stop: Option<&std::sync::atomic::AtomicBool>,
) -> Result<BundleWritten, ManagerError> {
    let made = bundle::write_until(store, path, existing, machine, now, stop)?;
    Ok(BundleWritten {
        path: path.to_owned(),
        machine: made.machine,
        learners: made.learners,
        attempts: made.attempts,
        refreshers: made.refreshers,
        open_left_out: made.open_attempts_left_out,
    })
}

/// What importing one bundle file did.
#[derive(Debug)]
pub struct FileImport {
    pub path: PathBuf,
    pub result: Result<ImportReport, BundleError>,
}

/// Merges bundle files into the store, each all or nothing, so one bad bundle does not
/// stop the others.
pub fn import_bundles(
    store: &mut Store,
    course: &Course,
    paths: &[PathBuf],
    now: DateTime<Utc>,
    stop: Option<&std::sync::atomic::AtomicBool>,
) -> Vec<FileImport> {
    paths
        .iter()
        .map(|path| FileImport {
            path: path.clone(),
            result: bundle::import_file_until(store, path, Some(course), now, stop),
        })
        .collect()
}

/// The lines a manager reads about imports: one per file, then one per conflict.
pub fn import_messages(imports: &[FileImport]) -> Vec<Message> {
    let mut lines = Vec::new();
    for import in imports {
        match &import.result {
            Ok(report) => {
                lines.push(
                    Message::new("done-import")
                        .with("path", import.path.as_path())
                        .with("learners", report.learners_added)
                        .with("attempts", report.attempts_added)
                        .with("refreshers", report.refreshers_added)
                        .with("present", report.attempts_present)
                        .with("conflicts", report.conflict_count()),
                );
                lines.extend(report.conflicts.iter().map(conflict_message));
                if report.conflicts_not_listed > 0 {
                    lines.push(
                        Message::new("conflicts-more").with("count", report.conflicts_not_listed),
                    );
                }
            }
            Err(error) => lines.push(
                Message::new("done-import-failed")
                    .with("path", import.path.as_path())
                    .with("reason", error.message()),
            ),
        }
    }
    lines
}

/// A conflict an import kept the store's side of, in words.
pub fn conflict_message(conflict: &Conflict) -> Message {
    match conflict {
        Conflict::Profile {
            employee_id,
            name_here,
            name_in_bundle,
            ..
        } => Message::new("conflict-profile")
            .with("employee", employee_id.as_str())
            .with("here", name_here.as_str())
            .with("bundle", name_in_bundle.as_str()),
        Conflict::Attempt {
            employee_id,
            module_id,
            ..
        } => Message::new("conflict-attempt")
            .with("employee", employee_id.as_str())
            .module("module", module_id),
        Conflict::Refresher { employee_id, .. } => {
            Message::new("conflict-refresher").with("employee", employee_id.as_str())
        }
        Conflict::UncheckedPass {
            employee_id,
            module_id,
            ..
        } => Message::new("conflict-unchecked-pass")
            .with("employee", employee_id.as_str())
            .module("module", module_id),
    }
}

/// Where a certificate goes: a file the person chose, or a folder to name it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveTarget {
    File(PathBuf),
    Folder(PathBuf),
}

/// Writes the certificate of a learner's latest pass of a module; returns its path.
pub fn learner_certificate(
    store: &Store,
    course: &Course,
    learner_id: &str,
    module_id: &str,
    target: &SaveTarget,
    lang: Lang,
    existing: Existing,
) -> Result<PathBuf, ManagerError> {
    let data = certificate::certificate_for_learner(
        store,
        course,
        learner_id,
        module_id,
        certificate::local_offset(),
    )?;
    let path = match target {
        SaveTarget::File(path) => path.clone(),
        SaveTarget::Folder(dir) => dir.join(data.file_name()),
    };
    let print = Print {
        lang,
        issuer: Issuer::load(store)?,
        existing,
    };
    certificate::write_certificate(&path, &data, &print)?;
    Ok(path)
}

/// Certificates written in bulk.
#[derive(Debug)]
pub struct CertificatesWritten {
    pub dir: PathBuf,
    pub report: BulkReport,
}

impl CertificatesWritten {
    /// The summary line, then one line per certificate that could not be made.
    pub fn messages(&self) -> Vec<Message> {
        let mut lines = vec![
            Message::new("done-certificates")
                .with("count", self.report.written.len())
                .with("path", self.dir.as_path()),
        ];
        lines.extend(self.report.failed.iter().map(|(name, error)| {
            Message::new("done-certificate-failed")
                .with("name", name.as_str())
                .with("reason", error.message())
        }));
        lines
    }
}

/// One certificate per passed completion the filter keeps, into `dir`.
pub fn certificates(
    store: &Store,
    course: &Course,
    dir: &Path,
    filter: &CertificateFilter,
    lang: Lang,
    existing: Existing,
) -> Result<CertificatesWritten, ManagerError> {
    let all = certificate::passed_certificates(store, course, filter, certificate::local_offset())?;
    let print = Print {
        lang,
        issuer: Issuer::load(store)?,
        existing,
    };
    let report = certificate::write_certificates(dir, &all, &print)?;
    Ok(CertificatesWritten {
        dir: dir.to_owned(),
        report,
    })
}
