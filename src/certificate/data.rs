//! What a certificate states and where it comes from: the data of one passed
//! completion, read from the store (one learner, or every pass a filter keeps), and why
//! a certificate could not be made.

use chrono::{DateTime, FixedOffset, Offset as _, Utc};
use uuid::Uuid;

use super::code::verification_code;
use crate::content::{Course, Module, Text};
use crate::engine::status::expiry;
use crate::store::{Learner, Store, StoreError};

/// Why a certificate could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CertificateError {
    #[error("no learner has employee ID {0}")]
    NoEmployee(String),
    #[error("no learner with this profile")]
    NoLearner,
    #[error("there is no module `{0}` in the course; load the course it belongs to with --content")]
    NoModule(String),
    #[error("{employee_id} has not passed module {module_id}, so there is no certificate to issue")]
    NotPassed {
        employee_id: String,
        module_id: String,
    },
    #[error(
        "the certificate font cannot draw {chars} in the {field}; correct the {field} in the profile or module"
    )]
    UnsupportedCharacters { field: &'static str, chars: String },
    #[error("the PDF could not be made: {0}")]
    Pdf(String),
    #[error("cannot write the certificate {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::i18n::Localized for CertificateError {
    fn message(&self) -> crate::i18n::Message {
        use crate::i18n::{Message, io_reason};
        match self {
            Self::NoEmployee(id) => Message::new("error-cert-no-employee").with("id", id.as_str()),
            Self::NoLearner => Message::new("error-store-no-learner"),
            Self::NoModule(id) => Message::new("error-cert-no-module").with("id", id.as_str()),
            Self::NotPassed {
                employee_id,
                module_id,
            } => Message::new("error-cert-not-passed")
                .with("employee", employee_id.as_str())
                .module("module", module_id),
            Self::UnsupportedCharacters { field, chars } => Message::new("error-cert-characters")
                .with(
                    "field",
                    Message::new(match *field {
                        "name" => "cert-field-name",
                        "employee ID" => "cert-field-employee-id",
                        _ => "cert-field-module-title",
                    }),
                )
                .with("chars", chars.as_str()),
            Self::Pdf(detail) => Message::new("error-cert-pdf").with("detail", detail.as_str()),
            Self::Write { path, source } => Message::new("error-cert-write")
                .with("path", path.as_str())
                .with("reason", io_reason(source)),
            Self::Store(error) => error.message(),
        }
    }
}

/// Who issues certificates: the organisation a manager named, and optionally who signs for
/// it. Stored in the store's settings; the verification code does not depend on it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Issuer {
    pub organisation: Option<String>,
    pub signatory: Option<String>,
    pub signatory_title: Option<String>,
}

impl Issuer {
    /// The issuer set in the store (nothing set: certificates say Jaga issued them).
    pub fn load(store: &Store) -> Result<Self, StoreError> {
        use crate::store::keys;
        let get = |key| -> Result<Option<String>, StoreError> {
            Ok(store.setting(key)?.filter(|v| !v.trim().is_empty()))
        };
        Ok(Self {
            organisation: get(keys::ORG_NAME)?,
            signatory: get(keys::ORG_SIGNATORY)?,
            signatory_title: get(keys::ORG_SIGNATORY_TITLE)?,
        })
    }
}

/// Everything a certificate shows, for one passed completion.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateData {
    /// Opaque; links the certificate to the profile, never printed.
    pub learner_id: String,
    pub name: String,
    pub employee_id: String,
    pub department: Option<String>,
    pub module_id: String,
    /// The module's title in each of its languages.
    pub module_title: Text,
    /// The passing attempt.
    pub attempt_id: Uuid,
    /// The full content revision the learner was tested on.
    pub revision: String,
    pub passed_at: DateTime<Utc>,
    /// When the pass expires; `None` when the module's passes never do.
    pub valid_until: Option<DateTime<Utc>>,
    /// The offset the dates are printed in (the local time of the machine that made it).
    pub utc_offset: FixedOffset,
    /// See [`verification_code`].
    pub verification_code: String,
}

impl CertificateData {
    /// The first 12 hex digits of the revision, as `jaga list` shows it.
    pub fn short_revision(&self) -> &str {
        self.revision.get(..12).unwrap_or(&self.revision)
    }

    /// `{employee}-{module}.pdf`, with any character unsafe in a file name replaced by `_`.
    pub fn file_name(&self) -> String {
        let safe = |s: &str| -> String {
            s.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect::<String>()
                .trim_start_matches('.')
                .to_owned()
        };
        format!("{}-{}.pdf", safe(&self.employee_id), safe(&self.module_id))
    }
}

/// The offset of this machine's local time now, for printing dates.
pub fn local_offset() -> FixedOffset {
    chrono::Local::now().offset().fix()
}

fn data_for(
    learner: &Learner,
    module: &Module,
    attempt_id: Uuid,
    revision: &str,
    passed_at: DateTime<Utc>,
    utc_offset: FixedOffset,
) -> CertificateData {
    CertificateData {
        learner_id: learner.id.clone(),
        name: learner.display_name.clone(),
        employee_id: learner.employee_id.clone(),
        department: learner.department.clone(),
        module_id: module.id.clone(),
        module_title: module.title.clone(),
        attempt_id,
        revision: revision.to_owned(),
        passed_at,
        valid_until: expiry(passed_at, module.validity),
        utc_offset,
        verification_code: verification_code(
            attempt_id,
            &learner.employee_id,
            &module.id,
            revision,
            passed_at,
        ),
    }
}

/// The certificate of an employee's latest pass of a module.
pub fn certificate_for_employee(
    store: &Store,
    course: &Course,
    employee_id: &str,
    module_id: &str,
    utc_offset: FixedOffset,
) -> Result<CertificateData, CertificateError> {
    let learner = store
        .learner_by_employee_id(employee_id)?
        .ok_or_else(|| CertificateError::NoEmployee(employee_id.to_owned()))?;
    latest_pass(store, course, &learner, module_id, utc_offset)
}

/// The certificate of a learner's latest pass of a module, by the profile's opaque id
/// (what the window has at hand on the result screen).
pub fn certificate_for_learner(
    store: &Store,
    course: &Course,
    learner_id: &str,
    module_id: &str,
    utc_offset: FixedOffset,
) -> Result<CertificateData, CertificateError> {
    let learner = match store.learner(learner_id) {
        Ok(learner) => learner,
        Err(StoreError::NoLearner(_)) => return Err(CertificateError::NoLearner),
        Err(other) => return Err(other.into()),
    };
    latest_pass(store, course, &learner, module_id, utc_offset)
}

fn latest_pass(
    store: &Store,
    course: &Course,
    learner: &Learner,
    module_id: &str,
    utc_offset: FixedOffset,
) -> Result<CertificateData, CertificateError> {
    let module = course
        .module(module_id)
        .ok_or_else(|| CertificateError::NoModule(module_id.to_owned()))?;
    let pass = store
        .attempts(&learner.id)?
        .into_iter()
        .filter(|a| a.module_id == module_id && a.mode == "graded" && a.passed)
        .max_by_key(|a| (a.finished, a.id))
        .ok_or_else(|| CertificateError::NotPassed {
            employee_id: learner.employee_id.clone(),
            module_id: module_id.to_owned(),
        })?;
    Ok(data_for(
        learner,
        module,
        pass.id,
        &pass.revision,
        pass.finished,
        utc_offset,
    ))
}

/// Which passed completions a bulk run covers; `None` means all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CertificateFilter {
    pub department: Option<String>,
    pub module: Option<String>,
}

/// One certificate per learner × module with a pass (the latest), by employee ID and then
/// course order. Modules no longer in the course are left out, as in every report.
pub fn passed_certificates(
    store: &Store,
    course: &Course,
    filter: &CertificateFilter,
    utc_offset: FixedOffset,
) -> Result<Vec<CertificateData>, CertificateError> {
    if let Some(module) = &filter.module
        && course.module(module).is_none()
    {
        return Err(CertificateError::NoModule(module.clone()));
    }
    let mut learners: Vec<Learner> = store
        .learners()?
        .into_iter()
        .filter(|l| {
            filter
                .department
                .as_ref()
                .is_none_or(|d| l.department.as_ref() == Some(d))
        })
        .collect();
    learners.sort_by(|a, b| a.employee_id.cmp(&b.employee_id));
    let summaries = store.attempt_summaries()?;
    let mut certificates = Vec::new();
    for learner in &learners {
        for module in &course.modules {
            if filter.module.as_ref().is_some_and(|m| *m != module.id) {
                continue;
            }
            let Some(pass) = summaries
                .iter()
                .filter(|a| a.learner_id == learner.id && a.module_id == module.id && a.passed)
                .max_by(|a, b| (a.finished, &a.attempt_id).cmp(&(b.finished, &b.attempt_id)))
            else {
                continue;
            };
            let attempt_id = Uuid::parse_str(&pass.attempt_id).map_err(|e| {
                StoreError::Corrupt(format!("bad attempt id `{}`: {e}", pass.attempt_id))
            })?;
            certificates.push(data_for(
                learner,
                module,
                attempt_id,
                &pass.revision,
                pass.finished,
                utc_offset,
            ));
        }
    }
    Ok(certificates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_only_safe_characters() {
        let mut data = CertificateData {
            learner_id: String::new(),
            name: String::new(),
            employee_id: "../EMP/7 x".to_owned(),
            department: None,
            module_id: "data-security".to_owned(),
            module_title: Text::default(),
            attempt_id: Uuid::nil(),
            revision: String::new(),
            passed_at: DateTime::<Utc>::MIN_UTC,
            valid_until: None,
            utc_offset: FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!()),
            verification_code: String::new(),
        };
        assert_eq!(data.file_name(), "_EMP_7_x-data-security.pdf");
        data.employee_id = "EMP-0042".to_owned();
        assert_eq!(data.file_name(), "EMP-0042-data-security.pdf");
    }
}
