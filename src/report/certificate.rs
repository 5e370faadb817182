//! Certificates: a PDF for each passed completion, for the learner to keep and an auditor
//! to check.
//!
//! A certificate states who passed which module, when, until when the pass is valid, on
//! which content revision, and carries a verification code derived from the attempt (see
//! [`verification_code`] and `docs/certificates.md`), so a manager can match a printed
//! certificate to the record in Jaga. The data comes from the store ([`certificate_for_employee`],
//! [`certificate_for_learner`], [`passed_certificates`]); [`certificate_pdf`] draws it with
//! krilla and the Open Sans fonts Jaga ships, so every machine makes the same page. All of it
//! is plain core code the window can call from a background thread.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike as _, FixedOffset, Offset as _, Utc};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use sha2::{Digest as _, Sha256};
use uuid::Uuid;

use crate::content::{Course, Module, Text};
use crate::engine::status::expiry;
use crate::store::{Learner, Store, StoreError, ts};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/OpenSans-Regular.ttf");
const SEMIBOLD: &[u8] = include_bytes!("../../assets/fonts/OpenSans-Semibold.ttf");

/// A4 landscape, in points.
const PAGE_WIDTH: f32 = 841.89;
const PAGE_HEIGHT: f32 = 595.28;
/// Left and right edge of the text inside the border.
const MARGIN: f32 = 72.0;

/// Jaga's calm palette (the window's light theme).
const TEXT: (u8, u8, u8) = (0x1C, 0x25, 0x33);
const MUTED: (u8, u8, u8) = (0x55, 0x5F, 0x6D);
const ACCENT: (u8, u8, u8) = (0x0F, 0x6E, 0x68);
const RULE: (u8, u8, u8) = (0xD6, 0xD2, 0xC8);

/// Crockford's base 32: no I, L, O or U, so a code read aloud or typed is not misread.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

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

/// The language of a certificate's labels, dates and module title.
pub use crate::lang::Lang;

struct Labels {
    programme: &'static str,
    title: &'static str,
    presented_to: &'static str,
    employee_id: &'static str,
    completed: &'static str,
    passed_on: &'static str,
    valid_until: &'static str,
    revision: &'static str,
    code: &'static str,
    issued_by: &'static str,
    check: &'static str,
    months: [&'static str; 12],
}

fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::Id => &INDONESIAN,
        Lang::En => &ENGLISH,
    }
}

const INDONESIAN: Labels = Labels {
    programme: "Pelatihan pelindungan data pribadi",
    title: "Sertifikat Pelatihan",
    presented_to: "Diberikan kepada",
    employee_id: "Nomor karyawan",
    completed: "yang telah menyelesaikan dan lulus modul pelatihan",
    passed_on: "Tanggal lulus",
    valid_until: "Berlaku hingga",
    revision: "Revisi konten",
    code: "Kode verifikasi",
    issued_by: "Diterbitkan oleh Jaga",
    check: "Pengelola dapat mencocokkan kode ini dengan catatan pelatihan di Jaga",
    months: [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
};

const ENGLISH: Labels = Labels {
    programme: "Privacy and data-protection training",
    title: "Training Certificate",
    presented_to: "This is to certify that",
    employee_id: "Employee ID",
    completed: "has completed and passed the training module",
    passed_on: "Date passed",
    valid_until: "Valid until",
    revision: "Content revision",
    code: "Verification code",
    issued_by: "Issued by Jaga",
    check: "A manager can check this code against the training records in Jaga",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
};

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

/// The verification code of a passing attempt: the SHA-256 of
/// `attempt-uuid|employee-id|module-id|revision|finished` (UTF-8; the UUID lowercase with
/// hyphens, the full revision, the finish time as stored: RFC 3339 UTC with milliseconds,
/// like `2026-05-14T12:00:00.000Z`), its first 80 bits written as 16 characters of
/// Crockford's base 32, in four groups: `7K3Q-9XZ2-M4TB-0CHD`.
pub fn verification_code(
    attempt_id: Uuid,
    employee_id: &str,
    module_id: &str,
    revision: &str,
    finished: DateTime<Utc>,
) -> String {
    let input = format!(
        "{attempt_id}|{employee_id}|{module_id}|{revision}|{}",
        ts(finished)
    );
    let digest = Sha256::digest(input.as_bytes());
    let bits = digest
        .iter()
        .take(10)
        .fold(0u128, |n, b| (n << 8) | u128::from(*b));
    let mut code = String::with_capacity(19);
    for i in 0..16u32 {
        if i > 0 && i % 4 == 0 {
            code.push('-');
        }
        let index = usize::try_from((bits >> (75 - 5 * i)) & 31).unwrap_or(0);
        code.push(char::from(CROCKFORD[index]));
    }
    code
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
    lang: Lang,
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
        match write_certificate(&path, data, lang) {
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
    lang: Lang,
) -> Result<(), CertificateError> {
    let pdf = certificate_pdf(data, lang)?;
    crate::fsio::write_bytes(path, &pdf).map_err(|e| CertificateError::Write {
        path: e.path.display().to_string(),
        source: e.source,
    })
}

/// The day as the certificate prints it: `14 Mei 2026` / `14 May 2026`.
pub fn long_date(time: DateTime<Utc>, offset: FixedOffset, lang: Lang) -> String {
    let day = time.with_timezone(&offset);
    let month = usize::try_from(day.month0()).unwrap_or(0);
    let name = labels(lang).months.get(month).copied().unwrap_or("");
    format!("{} {name} {}", day.day(), day.year())
}

/// One A4 landscape page: the certificate as PDF bytes.
pub fn certificate_pdf(data: &CertificateData, lang: Lang) -> Result<Vec<u8>, CertificateError> {
    let labels = labels(lang);
    let regular = Typeface::new(REGULAR)?;
    let semibold = Typeface::new(SEMIBOLD)?;
    let title = data.module_title.get(lang.code());
    for (face, field, text) in [
        (&semibold, "name", data.name.as_str()),
        (&regular, "employee ID", data.employee_id.as_str()),
        (&semibold, "module title", title),
    ] {
        let missing = face.metrics.missing(text);
        if !missing.is_empty() {
            return Err(CertificateError::UnsupportedCharacters {
                field,
                chars: missing
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(" "),
            });
        }
    }

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{}: {}, {title}", labels.title, data.name))
            .language(lang.code().to_owned())
            .creator("Jaga".to_owned()),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| CertificateError::Pdf("bad page size".to_owned()))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let mut pen = Pen {
        surface: &mut surface,
    };

    // A double border: a firm outer line and a fine inner one.
    pen.frame(22.0, 2.0, ACCENT);
    pen.frame(28.0, 0.6, ACCENT);

    pen.centered(&semibold, 15.0, ACCENT, 84.0, "Jaga");
    pen.centered(&regular, 8.5, MUTED, 100.0, labels.programme);
    pen.centered(&semibold, 30.0, TEXT, 158.0, labels.title);
    let middle = PAGE_WIDTH / 2.0;
    pen.line(middle - 28.0, 176.0, middle + 28.0, 176.0, 1.2, ACCENT);

    // The middle block: to whom, for what. Each line is placed `before` points below the
    // previous baseline; the block starts under the title and moves up a little when a
    // long name and title both take two lines, so the dates below always have room.
    let width = PAGE_WIDTH - 2.0 * MARGIN;
    let employee = format!("{}: {}", labels.employee_id, data.employee_id);
    let line = |face, size, color, text: String, before| Line {
        face,
        size,
        color,
        text,
        before,
    };
    let mut block = vec![line(
        &regular,
        12.0,
        MUTED,
        labels.presented_to.to_owned(),
        0.0,
    )];
    let (lines, size) = fit(&semibold, &data.name, 36.0, 18.0, width);
    for (i, text) in lines.into_iter().enumerate() {
        let before = if i == 0 { size + 14.0 } else { size * 1.15 };
        block.push(line(&semibold, size, TEXT, text, before));
    }
    block.push(line(&regular, 11.0, MUTED, employee, 26.0));
    block.push(line(
        &regular,
        12.0,
        MUTED,
        labels.completed.to_owned(),
        38.0,
    ));
    let (lines, size) = fit(&semibold, title, 20.0, 11.0, width);
    for (i, text) in lines.into_iter().enumerate() {
        let before = if i == 0 { size + 12.0 } else { size * 1.3 };
        block.push(line(&semibold, size, TEXT, text, before));
    }
    let height: f32 = block.iter().map(|l| l.before).sum();
    let mut y = 214.0 - (214.0 + height - 404.0).clamp(0.0, 14.0);
    for l in &block {
        y += l.before;
        pen.centered(l.face, l.size, l.color, y, &l.text);
    }

    // The dates, side by side (or the one date, centred).
    let label_y = (y + 36.0).clamp(440.0, 452.0);
    let value_y = label_y + 19.0;
    let passed = long_date(data.passed_at, data.utc_offset, lang);
    let mut dates = vec![(labels.passed_on, passed)];
    if let Some(until) = data.valid_until {
        dates.push((labels.valid_until, long_date(until, data.utc_offset, lang)));
    }
    let columns: &[f32] = if dates.len() == 1 {
        &[middle]
    } else {
        &[middle - 130.0, middle + 130.0]
    };
    for ((label, value), x) in dates.iter().zip(columns.iter().copied()) {
        pen.centered_at(&regular, 9.0, MUTED, x, label_y, label);
        pen.centered_at(&semibold, 14.0, TEXT, x, value_y, value);
    }

    // The small print: revision, issuer, verification code.
    pen.line(MARGIN, 500.0, PAGE_WIDTH - MARGIN, 500.0, 0.6, RULE);
    let label = format!("{}: ", labels.revision);
    pen.text(&regular, 8.0, MUTED, MARGIN, 521.0, &label);
    let x = MARGIN + regular.width(&label, 8.0);
    pen.text(&semibold, 9.0, TEXT, x, 521.0, data.short_revision());
    pen.text(&regular, 6.5, MUTED, MARGIN, 536.0, &data.revision);

    pen.centered(&regular, 8.0, MUTED, 521.0, labels.issued_by);

    let right = PAGE_WIDTH - MARGIN;
    let code_width = semibold.width(&data.verification_code, 11.0);
    pen.text(
        &semibold,
        11.0,
        ACCENT,
        right - code_width,
        521.0,
        &data.verification_code,
    );
    let label = format!("{}: ", labels.code);
    let label_width = regular.width(&label, 8.0);
    pen.text(
        &regular,
        8.0,
        MUTED,
        right - code_width - label_width,
        521.0,
        &label,
    );
    let check_width = regular.width(labels.check, 6.5);
    pen.text(
        &regular,
        6.5,
        MUTED,
        right - check_width,
        536.0,
        labels.check,
    );

    surface.finish();
    page.finish();
    document
        .finish()
        .map_err(|e| CertificateError::Pdf(e.to_string()))
}

/// One centred line of the certificate's middle block, `before` points below the previous
/// baseline.
struct Line<'f> {
    face: &'f Typeface,
    size: f32,
    color: (u8, u8, u8),
    text: String,
    before: f32,
}

/// Splits `text` into one or two centred lines that fit `width`, at the largest size from
/// `max` down to `min`.
fn fit(face: &Typeface, text: &str, max: f32, min: f32, width: f32) -> (Vec<String>, f32) {
    let one = size_to_fit(face, text, max, width);
    if one >= max * 0.8 {
        return (vec![text.to_owned()], one);
    }
    // Break at the space nearest the middle.
    let middle = text.len() / 2;
    let split = text
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(middle));
    match split {
        Some(at) => {
            let (first, second) = (text[..at].trim(), text[at..].trim());
            let size = size_to_fit(face, first, max * 0.85, width)
                .min(size_to_fit(face, second, max * 0.85, width))
                .max(min);
            (vec![first.to_owned(), second.to_owned()], size)
        }
        None => (vec![text.to_owned()], one.max(min)),
    }
}

fn size_to_fit(face: &Typeface, text: &str, max: f32, width: f32) -> f32 {
    let at_max = face.width(text, max);
    if at_max <= width || at_max <= 0.0 {
        max
    } else {
        max * width / at_max
    }
}

/// A shipped font: krilla's handle for drawing, and its metrics for measuring.
struct Typeface {
    font: Font,
    metrics: Metrics,
}

impl Typeface {
    fn new(bytes: &'static [u8]) -> Result<Self, CertificateError> {
        let font = Font::new(bytes.into(), 0)
            .ok_or_else(|| CertificateError::Pdf("the shipped font cannot be read".to_owned()))?;
        let metrics = Metrics::parse(bytes)
            .ok_or_else(|| CertificateError::Pdf("the shipped font has no metrics".to_owned()))?;
        Ok(Self { font, metrics })
    }

    /// The width of `text` at `size` points (advance widths; kerning is ignored, which
    /// moves a centred line by a fraction of a point).
    fn width(&self, text: &str, size: f32) -> f32 {
        self.metrics.width(text) * size
    }
}

/// Draws on the page. Coordinates are points from the top-left corner; `y` is a baseline.
struct Pen<'a, 'b> {
    surface: &'a mut Surface<'b>,
}

fn colour((r, g, b): (u8, u8, u8)) -> rgb::Color {
    rgb::Color::new(r, g, b)
}

impl Pen<'_, '_> {
    fn text(
        &mut self,
        face: &Typeface,
        size: f32,
        color: (u8, u8, u8),
        x: f32,
        y: f32,
        text: &str,
    ) {
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(Fill {
            paint: colour(color).into(),
            opacity: NormalizedF32::ONE,
            rule: FillRule::default(),
        }));
        self.surface.draw_text(
            Point::from_xy(x, y),
            face.font.clone(),
            size,
            text,
            false,
            TextDirection::LeftToRight,
        );
    }

    fn centered_at(
        &mut self,
        face: &Typeface,
        size: f32,
        color: (u8, u8, u8),
        x: f32,
        y: f32,
        text: &str,
    ) {
        let width = face.width(text, size);
        self.text(face, size, color, x - width / 2.0, y, text);
    }

    fn centered(&mut self, face: &Typeface, size: f32, color: (u8, u8, u8), y: f32, text: &str) {
        self.centered_at(face, size, color, PAGE_WIDTH / 2.0, y, text);
    }

    fn stroke(&mut self, width: f32, color: (u8, u8, u8)) {
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            paint: colour(color).into(),
            width,
            ..Stroke::default()
        }));
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: (u8, u8, u8)) {
        let mut path = PathBuilder::new();
        path.move_to(x1, y1);
        path.line_to(x2, y2);
        if let Some(path) = path.finish() {
            self.stroke(width, color);
            self.surface.draw_path(&path);
        }
    }

    /// A rectangle `inset` points inside the page edge.
    fn frame(&mut self, inset: f32, width: f32, color: (u8, u8, u8)) {
        let Some(rect) = Rect::from_ltrb(inset, inset, PAGE_WIDTH - inset, PAGE_HEIGHT - inset)
        else {
            return;
        };
        let mut path = PathBuilder::new();
        path.push_rect(rect);
        if let Some(path) = path.finish() {
            self.stroke(width, color);
            self.surface.draw_path(&path);
        }
    }
}

/// Just enough of a TrueType font to measure text and find missing characters: the
/// character map (format 4, the Basic Multilingual Plane) and the advance widths.
/// krilla draws the text itself; this only measures it, for centring and fitting.
struct Metrics {
    data: &'static [u8],
    units_per_em: f32,
    hmtx: usize,
    hmetrics: usize,
    cmap: usize,
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let bytes = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([bytes[0], bytes[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

impl Metrics {
    fn parse(data: &'static [u8]) -> Option<Self> {
        let tables = usize::from(u16_at(data, 4)?);
        let table = |tag: &[u8; 4]| -> Option<usize> {
            (0..tables).find_map(|i| {
                let record = 12 + 16 * i;
                (data.get(record..record + 4)? == tag)
                    .then(|| u32_at(data, record + 8))
                    .flatten()
                    .and_then(|offset| usize::try_from(offset).ok())
            })
        };
        let head = table(b"head")?;
        let hhea = table(b"hhea")?;
        let cmap_table = table(b"cmap")?;
        let subtables = usize::from(u16_at(data, cmap_table + 2)?);
        let cmap = (0..subtables).find_map(|i| {
            let record = cmap_table + 4 + 8 * i;
            let platform = u16_at(data, record)?;
            let encoding = u16_at(data, record + 2)?;
            let offset = cmap_table + usize::try_from(u32_at(data, record + 4)?).ok()?;
            let unicode = platform == 0 || (platform == 3 && encoding == 1);
            (unicode && u16_at(data, offset)? == 4).then_some(offset)
        })?;
        Some(Self {
            data,
            units_per_em: f32::from(u16_at(data, head + 18)?.max(1)),
            hmtx: table(b"hmtx")?,
            hmetrics: usize::from(u16_at(data, hhea + 34)?.max(1)),
            cmap,
        })
    }

    /// The glyph of a character, or `None` when the font has none.
    fn glyph(&self, c: char) -> Option<u16> {
        let code = u16::try_from(u32::from(c)).ok()?;
        let data = self.data;
        let sub = self.cmap;
        let segments = usize::from(u16_at(data, sub + 6)? / 2);
        let ends = sub + 14;
        let starts = ends + 2 * segments + 2;
        let deltas = starts + 2 * segments;
        let ranges = deltas + 2 * segments;
        for i in 0..segments {
            if u16_at(data, ends + 2 * i)? < code {
                continue;
            }
            let start = u16_at(data, starts + 2 * i)?;
            if start > code {
                return None;
            }
            let delta = u16_at(data, deltas + 2 * i)?;
            let range = usize::from(u16_at(data, ranges + 2 * i)?);
            let glyph = if range == 0 {
                code.wrapping_add(delta)
            } else {
                let at = ranges + 2 * i + range + 2 * usize::from(code - start);
                match u16_at(data, at)? {
                    0 => 0,
                    g => g.wrapping_add(delta),
                }
            };
            return (glyph != 0).then_some(glyph);
        }
        None
    }

    fn advance(&self, glyph: u16) -> f32 {
        let index = usize::from(glyph).min(self.hmetrics - 1);
        f32::from(u16_at(self.data, self.hmtx + 4 * index).unwrap_or(0)) / self.units_per_em
    }

    /// The width of `text` in ems.
    fn width(&self, text: &str) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c).unwrap_or(0)))
            .sum()
    }

    /// The characters of `text` the font cannot draw (spaces and line breaks aside).
    fn missing(&self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && self.glyph(*c).is_none())
            .collect();
        missing.dedup();
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_fonts_measure_text() {
        let regular = Typeface::new(REGULAR).unwrap();
        let wide = regular.width("MMMM", 10.0);
        let narrow = regular.width("iiii", 10.0);
        assert!(wide > 2.0 * narrow, "{wide} vs {narrow}");
        assert!(
            regular
                .metrics
                .missing("Sari Wulandari, Ōsaka, Ça")
                .is_empty()
        );
        assert_eq!(regular.metrics.missing("名前 ok"), vec!['名', '前']);
    }

    #[test]
    fn a_code_is_four_groups_of_crockford_base32() {
        let code = verification_code(
            Uuid::nil(),
            "EMP-1",
            "module",
            "abc",
            DateTime::<Utc>::MIN_UTC,
        );
        assert_eq!(code.len(), 19);
        assert!(
            code.split('-')
                .all(|g| g.len() == 4 && g.bytes().all(|b| CROCKFORD.contains(&b)))
        );
    }

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
            utc_offset: FixedOffset::east_opt(0).unwrap(),
            verification_code: String::new(),
        };
        assert_eq!(data.file_name(), "_EMP_7_x-data-security.pdf");
        data.employee_id = "EMP-0042".to_owned();
        assert_eq!(data.file_name(), "EMP-0042-data-security.pdf");
    }
}
