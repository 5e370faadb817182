//! Saves on the worker: every file the person asked for, written through the core, with a
//! refusal to replace a file told apart from a failure.

use super::protocol::SaveOutcome;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::content::Course;
use crate::fsio::Existing;
use crate::i18n::{Lang, Localized, Message};
use crate::service::manager::{self, ExportRequest, ManagerError, SaveTarget};
use crate::store::{Store, StoreError};
use crate::ui::command::SaveWhat;

/// What a save writes and where, as the worker runs it.
pub(super) struct SaveRequest<'a> {
    pub(super) learner_id: Option<&'a str>,
    pub(super) what: &'a SaveWhat,
    pub(super) path: &'a std::path::Path,
    pub(super) existing: Existing,
    pub(super) lang: Lang,
    pub(super) now: DateTime<Utc>,
    pub(super) machine: Uuid,
}

/// Writes what a save asks for; a refusal to replace a file is told apart from failures.
pub(super) fn save(store: &mut Store, course: &Course, request: &SaveRequest<'_>) -> SaveOutcome {
    let path = request.path;
    let existing = request.existing;
    let result: Result<Vec<Message>, ManagerError> = match (request.what, request.learner_id) {
        (SaveWhat::MyData, Some(learner_id)) => {
            my_data(store, learner_id, path, existing, request.now)
        }
        (SaveWhat::Certificate { module }, Some(learner_id)) => manager::learner_certificate(
            store,
            course,
            learner_id,
            module,
            &SaveTarget::File(path.to_owned()),
            request.lang,
            existing,
        )
        .map(|written| vec![Message::new("certificate-saved").with("path", written)]),
        (SaveWhat::PersonRecord { learner }, _) => {
            my_data(store, learner, path, existing, request.now)
                .map(|_| vec![Message::new("person-export-done").with("path", path)])
        }
        (SaveWhat::PersonCertificate { learner, module }, _) => manager::learner_certificate(
            store,
            course,
            learner,
            module,
            &SaveTarget::File(path.to_owned()),
            request.lang,
            existing,
        )
        .map(|written| vec![Message::new("certificate-saved").with("path", written)]),
        (SaveWhat::MyData | SaveWhat::Certificate { .. }, None) => {
            return SaveOutcome::Failed(Message::new("error-not-ready"));
        }
        (
            SaveWhat::Report {
                format,
                bom,
                filter,
            },
            _,
        ) => manager::export(
            store,
            course,
            &ExportRequest {
                format: *format,
                bom: *bom,
                filter,
                out: path,
                lang: request.lang,
                now: request.now,
                existing,
                stop: None,
            },
        )
        .map(|exported| vec![exported.message()]),
        (SaveWhat::Bundle, _) => {
            manager::write_bundle(store, path, existing, request.machine, request.now, None)
                .map(|written| vec![written.message()])
        }
        (SaveWhat::Certificates { filter }, _) => {
            match manager::certificates(store, course, path, filter, request.lang, existing) {
                Ok(written) => {
                    let in_the_way = written
                        .report
                        .failed
                        .iter()
                        .any(|(_, error)| certificate_exists(error));
                    if in_the_way {
                        return SaveOutcome::Exists {
                            path: path.to_owned(),
                            done: written.messages(),
                        };
                    }
                    Ok(written.messages())
                }
                Err(error) => Err(error),
            }
        }
    };
    match result {
        Ok(lines) => SaveOutcome::Done(lines),
        Err(error) => match existing_file(&error) {
            Some(taken) => SaveOutcome::Exists {
                path: taken,
                done: Vec::new(),
            },
            None => SaveOutcome::Failed(error.message()),
        },
    }
}

/// The learner's own data, as JSON.
fn my_data(
    store: &Store,
    learner_id: &str,
    path: &std::path::Path,
    existing: Existing,
    now: DateTime<Utc>,
) -> Result<Vec<Message>, ManagerError> {
    let export = store.export_learner(learner_id, now)?;
    let mut json =
        serde_json::to_vec_pretty(&export).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    json.push(b'\n');
    crate::fsio::write_new_bytes(path, existing, &json)
        .map_err(|e| ManagerError::Export(crate::report::export::ExportError::File(e)))?;
    Ok(vec![Message::new("mydata-export-done").with("path", path)])
}

/// The file a write refused to replace, when that is why it failed.
fn existing_file(error: &ManagerError) -> Option<PathBuf> {
    use crate::bundle::BundleError;
    use crate::report::export::ExportError;
    match error {
        ManagerError::Export(ExportError::Exists { path }) => Some(PathBuf::from(path)),
        ManagerError::Export(ExportError::File(e)) if e.is_existing_file() => Some(e.path.clone()),
        ManagerError::Bundle(BundleError::Write { path, source })
            if source.kind() == std::io::ErrorKind::AlreadyExists =>
        {
            Some(PathBuf::from(path))
        }
        ManagerError::Certificate(error) if certificate_exists(error) => match error {
            crate::certificate::CertificateError::Write { path, .. } => Some(PathBuf::from(path)),
            _ => None,
        },
        _ => None,
    }
}

fn certificate_exists(error: &crate::certificate::CertificateError) -> bool {
    matches!(
        error,
        crate::certificate::CertificateError::Write { source, .. }
            if source.kind() == std::io::ErrorKind::AlreadyExists
    )
}
