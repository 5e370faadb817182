//! The course's own files beside its modules: the glossary and the course file.
//!
//! Both sit at the top of the content folder (`content/glossary.ron`,
//! `content/course.ron`), so they are never read as modules. They are read after the
//! modules, because each looks at them: the glossary checks the modules' words, the
//! course file names the modules its tracks hold. Their own problems are reported like a
//! module's, as a [`FileOutcome`] without a module; a file with errors is left out (no
//! glossary warnings, or one track of every module), so the course still opens.

use std::path::Path;
use std::sync::Arc;

use super::glossary::{self, Glossary};
use super::manifest;
use super::model::{Module, Track};
use super::ron_file::FileOutcome;
use super::validate::glossary::check_terms;

/// The names of the course's own files, which are not modules.
pub const NAMES: [&str; 2] = [glossary::FILE_NAME, manifest::FILE_NAME];

/// Whether `relative` (a path inside the content folder) is one of the course's own
/// files rather than a module.
pub fn is_course_file(relative: &Path) -> bool {
    relative.parent().is_none_or(|p| p.as_os_str().is_empty())
        && relative
            .file_name()
            .is_some_and(|name| NAMES.iter().any(|n| name == *n))
}

/// The course's own files as read: a label for diagnostics and the bytes, or why not.
#[derive(Debug, Default)]
pub struct CourseFiles {
    pub glossary: Option<Source>,
    pub manifest: Option<Source>,
}

/// One file's label and bytes, or the reason it could not be read.
#[derive(Debug)]
pub struct Source {
    pub label: String,
    pub bytes: Result<Vec<u8>, crate::i18n::Message>,
}

impl CourseFiles {
    /// The files at the top of a content folder, those that exist.
    pub fn in_dir(dir: &Path) -> Self {
        Self {
            glossary: read(&dir.join(glossary::FILE_NAME)),
            manifest: read(&dir.join(manifest::FILE_NAME)),
        }
    }

    /// The glossary that applies to a module file checked on its own: in its folder or
    /// one level up (where the content folder's top is when modules sit in a subfolder).
    pub fn glossary_near(file: &Path) -> Self {
        let dir = file.parent().unwrap_or(Path::new("."));
        let glossary = [dir.to_owned(), dir.join("..")]
            .into_iter()
            .find_map(|d| read(&d.join(glossary::FILE_NAME)));
        Self {
            glossary,
            manifest: None,
        }
    }

    /// The files compiled into the binary under `content/`.
    pub fn bundled(files: &[(&str, &[u8])]) -> Self {
        let find = |name: &str| {
            let label = format!("content/{name}");
            files
                .iter()
                .find(|(path, _)| *path == label)
                .map(|(_, bytes)| Source {
                    label: label.clone(),
                    bytes: Ok(bytes.to_vec()),
                })
        };
        Self {
            glossary: find(glossary::FILE_NAME),
            manifest: find(manifest::FILE_NAME),
        }
    }

    /// Checks the course's files, applies the glossary to every module file's texts (and
    /// the course file's), and returns the tracks when the course file has no error. The
    /// outcomes of the course's files are appended to `files`.
    pub fn apply(self, files: &mut Vec<FileOutcome>) -> Option<Vec<Track>> {
        let modules: Vec<Arc<Module>> = files.iter().filter_map(|f| f.module.clone()).collect();
        let mut extra = Vec::new();
        let glossary = self.glossary.and_then(|source| {
            let (outcome, bytes) = outcome_of(&source);
            let (glossary, diagnostics) = match bytes {
                Some(bytes) => glossary::parse(&source.label, bytes),
                None => (None, Vec::new()),
            };
            extra.push(with_diagnostics(outcome, diagnostics));
            glossary
        });
        let tracks = self.manifest.and_then(|source| {
            let (outcome, bytes) = outcome_of(&source);
            let (tracks, diagnostics) = match bytes {
                Some(bytes) => manifest::parse(&source.label, bytes, &modules),
                None => (None, Vec::new()),
            };
            extra.push(with_diagnostics(outcome, diagnostics));
            tracks
        });
        files.extend(extra);
        if let Some(glossary) = &glossary {
            lint_terms(glossary, files);
        }
        tracks
    }
}

/// Adds the glossary's warnings to each file's diagnostics, kept in line order.
pub fn lint_terms(glossary: &Glossary, files: &mut [FileOutcome]) {
    for file in files.iter_mut() {
        if file.file == glossary.file {
            continue;
        }
        let Some(text) = file.text.clone() else {
            continue;
        };
        let found = check_terms(glossary, &file.file, &text);
        if found.is_empty() {
            continue;
        }
        file.diagnostics.extend(found);
        file.diagnostics.sort_by_key(|d| (d.line, d.column));
    }
}

fn read(path: &Path) -> Option<Source> {
    if !path.is_file() {
        return None;
    }
    let label = path.display().to_string();
    // A course file sits at the top of its folder: a link out of it is not read.
    let bytes = super::ron_file::read_capped(path, path.parent());
    Some(Source { label, bytes })
}

/// The outcome to report for a course file (its text, a reading error) and its bytes.
fn outcome_of(source: &Source) -> (FileOutcome, Option<&[u8]>) {
    let mut outcome = FileOutcome {
        file: source.label.clone(),
        module: None,
        diagnostics: Vec::new(),
        text: None,
    };
    match &source.bytes {
        Ok(bytes) => {
            outcome.text = std::str::from_utf8(bytes)
                .ok()
                .map(|t| Arc::from(t.strip_prefix('\u{feff}').unwrap_or(t)));
            (outcome, Some(bytes.as_slice()))
        }
        Err(reason) => {
            outcome
                .diagnostics
                .push(super::diagnostic::Diagnostic::whole_file(
                    super::diagnostic::Severity::Error,
                    &source.label,
                    reason.clone(),
                ));
            (outcome, None)
        }
    }
}

fn with_diagnostics(
    mut outcome: FileOutcome,
    diagnostics: Vec<super::diagnostic::Diagnostic>,
) -> FileOutcome {
    outcome.diagnostics.extend(diagnostics);
    outcome
}
