//! Certificates: a PDF for each passed completion, for the learner to keep and an auditor
//! to check.
//!
//! A certificate states who passed which module, when, until when the pass is valid, on
//! which content revision, and carries a verification code derived from the attempt (see
//! [`code`] and `docs/certificates.md`), so a manager can match a printed certificate to
//! the record in Jaga. The data comes from the store ([`certificate_for_employee`],
//! [`certificate_for_learner`], [`passed_certificates`]); [`pdf`] draws it. All of it is
//! plain core code the window can call from a background thread.

pub mod code;
pub mod data;
pub mod pdf;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use self::code::verification_code;
pub use self::data::{
    CertificateData, CertificateError, CertificateFilter, Issuer, certificate_for_employee,
    certificate_for_learner, local_offset, passed_certificates,
};

/// How certificates are printed: the language, who issues them, and whether a file
/// already there may be replaced.
#[derive(Debug, Clone)]
pub struct Print {
    pub lang: Lang,
    pub issuer: Issuer,
    pub existing: crate::fsio::Existing,
}
pub use self::pdf::{certificate_pdf, long_date};
pub use crate::lang::Lang;

/// What a bulk run wrote.
#[derive(Debug, Default)]
pub struct BulkReport {
    pub written: Vec<PathBuf>,
    /// Certificates that could not be made: `(file name, why)`. The others were written.
    pub failed: Vec<(String, CertificateError)>,
}

/// Writes each certificate into `dir` (created if missing) as [`CertificateData::file_name`],
/// each file whole or not at all. Two learners whose IDs make the same file name get `-2`,
/// `-3`, … appended. One certificate failing does not stop the others.
pub fn write_certificates(
    dir: &Path,
    certificates: &[CertificateData],
    print: &Print,
) -> Result<BulkReport, CertificateError> {
    std::fs::create_dir_all(dir).map_err(|source| CertificateError::Write {
        path: dir.display().to_string(),
        source,
    })?;
    let mut used = HashSet::new();
    let mut report = BulkReport::default();
    for data in certificates {
        let base = data.file_name();
        let mut name = base.clone();
        let mut n = 1;
        while !used.insert(name.to_ascii_lowercase()) {
            n += 1;
            name = format!("{}-{n}.pdf", base.trim_end_matches(".pdf"));
        }
        let path = dir.join(&name);
        match write_certificate(&path, data, print) {
            Ok(()) => report.written.push(path),
            Err(error) => report.failed.push((name, error)),
        }
    }
    Ok(report)
}

/// Draws a certificate and writes it to `path`, whole or not at all.
pub fn write_certificate(
    path: &Path,
    data: &CertificateData,
    print: &Print,
) -> Result<(), CertificateError> {
    let pdf = certificate_pdf(data, print.lang, &print.issuer)?;
    crate::fsio::write_new_bytes(path, print.existing, &pdf).map_err(|e| CertificateError::Write {
        path: e.path.display().to_string(),
        source: e.source,
    })
}
