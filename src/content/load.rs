//! Reading module files: from the course compiled into the binary, or from a folder.
//!
//! Each file is read, parsed and checked on its own, so one broken file never stops the
//! others from loading. Hostile files (too big, not UTF-8, nested thousands deep) become
//! diagnostics, never panics: the size is checked before reading, UTF-8 before parsing,
//! and ron's recursion limit bounds the nesting.

use std::borrow::Cow;
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use ron::extensions::Extensions;

use super::diagnostic::{Diagnostic, Severity};
use super::model::{Course, Module};
use super::raw::RawModule;
use super::source::{Path as SourcePath, SourceMap, offset_of};
use super::syntax;
use super::validate::{
    AssetLookup, ImageProblem, check_module, did_you_mean, duplicate_module_ids,
};
use crate::i18n::{Arg, Message, io_reason};

/// The largest module file Jaga reads. Real modules are tens of kilobytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// How deeply values may nest; ron's own default, stated here so messages can name it.
pub const MAX_NESTING: usize = 128;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// Where a course comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentSource {
    /// The course compiled into the binary.
    Bundled,
    /// Every `*.ron` file under a folder, recursively.
    Dir(PathBuf),
}

/// Where a course's images come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assets {
    Bundled,
    /// An `assets` folder on disk.
    Dir(PathBuf),
    /// No assets folder was found; every image is reported missing.
    Missing,
}

impl Assets {
    /// The assets of a content folder: `DIR/assets`, or `DIR/../assets` when the content
    /// folder sits beside its assets (as in Jaga's own repository).
    pub fn for_content_dir(dir: &Path) -> Self {
        [dir.join("assets"), dir.join("..").join("assets")]
            .into_iter()
            .find(|candidate| candidate.is_dir())
            .map_or(Self::Missing, Self::Dir)
    }

    /// The bytes of an image named as in a module (`assets/…`), if it exists inside
    /// the assets folder.
    pub fn read(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        match self {
            Self::Bundled => bundled::ASSET_FILES
                .iter()
                .find(|(name, _)| *name == path)
                .map(|(_, bytes)| Cow::Borrowed(*bytes)),
            Self::Dir(root) => {
                let file = Self::resolve(root, path).ok()?;
                std::fs::read(file).ok().map(Cow::Owned)
            }
            Self::Missing => None,
        }
    }

    fn resolve(root: &Path, path: &str) -> Result<PathBuf, ImageProblem> {
        let inside = path.strip_prefix("assets/").unwrap_or(path);
        let candidate = root.join(inside);
        if Path::new(inside)
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(ImageProblem::Escapes(path.to_owned()));
        }
        let real_root = root
            .canonicalize()
            .map_err(|e| ImageProblem::AssetsFolderUnreadable {
                folder: root.display().to_string(),
                reason: e.to_string(),
            })?;
        let Ok(real) = candidate.canonicalize() else {
            return Err(ImageProblem::Missing {
                path: path.to_owned(),
                looked_for: candidate.display().to_string(),
            });
        };
        if !real.starts_with(&real_root) {
            return Err(ImageProblem::LinksOutside(path.to_owned()));
        }
        if !real.is_file() {
            return Err(ImageProblem::NotAFile(path.to_owned()));
        }
        Ok(real)
    }
}

impl AssetLookup for Assets {
    fn check(&self, path: &str) -> Result<(), ImageProblem> {
        match self {
            Self::Bundled => {
                if bundled::ASSET_FILES.iter().any(|(name, _)| *name == path) {
                    Ok(())
                } else {
                    Err(ImageProblem::NotBundled(path.to_owned()))
                }
            }
            Self::Dir(root) => Self::resolve(root, path).map(|_| ()),
            Self::Missing => Err(ImageProblem::NoAssetsFolder(path.to_owned())),
        }
    }
}

/// What came of one module file.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    /// The file as shown in diagnostics.
    pub file: String,
    /// The checked module, when the file has no errors.
    pub module: Option<Arc<Module>>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file's text when it could be read as UTF-8, for pointing at its items later.
    pub text: Option<Arc<str>>,
}

/// A loaded course with every diagnostic of every file.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub course: Course,
    pub files: Vec<FileOutcome>,
    pub assets: Assets,
    pub source: ContentSource,
}

impl Loaded {
    /// Every diagnostic, in file order.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.files
            .iter()
            .flat_map(|f| f.diagnostics.iter().cloned())
            .collect()
    }

    pub fn error_count(&self) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.is_error())
            .count()
    }
}

/// Why a course could not be loaded at all (as opposed to files with problems).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: no such file or folder")]
    NotFound { path: String },
    #[error("{path}: cannot be read")]
    Unreadable {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl crate::i18n::Localized for LoadError {
    fn message(&self) -> crate::i18n::Message {
        match self {
            Self::NotFound { path } => {
                Message::new("error-content-not-found").with("path", path.as_str())
            }
            Self::Unreadable { path, source } => Message::new("error-content-unreadable")
                .with("path", path.as_str())
                .with("reason", io_reason(source)),
        }
    }
}

/// Loads a course from where it comes from.
pub fn load(source: &ContentSource) -> Result<Loaded, LoadError> {
    match source {
        ContentSource::Bundled => Ok(load_bundled()),
        ContentSource::Dir(dir) => load_dir(dir),
    }
}

/// The course compiled into the binary.
pub fn load_bundled() -> Loaded {
    let assets = Assets::Bundled;
    let files = bundled::CONTENT_FILES
        .iter()
        .filter(|(name, _)| {
            Path::new(name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
        })
        .map(|(name, bytes)| parse_file(name, bytes, &assets))
        .collect();
    finish(files, assets, ContentSource::Bundled)
}

/// Every `*.ron` file under `dir`, recursively, in path order.
pub fn load_dir(dir: &Path) -> Result<Loaded, LoadError> {
    let files = find_module_files(dir)?;
    let assets = Assets::for_content_dir(dir);
    let outcomes = files
        .iter()
        .map(|file| read_and_parse(file, &assets))
        .collect();
    Ok(finish(outcomes, assets, ContentSource::Dir(dir.to_owned())))
}

/// Each path a file or a folder, as `jaga validate PATH...` takes them.
pub fn load_paths(paths: &[PathBuf]) -> Result<Vec<FileOutcome>, LoadError> {
    let mut outcomes = Vec::new();
    for path in paths {
        if path.is_dir() {
            outcomes.extend(load_dir(path)?.files);
        } else if path.is_file() {
            let dir = path.parent().unwrap_or(Path::new("."));
            let assets = Assets::for_content_dir(dir);
            outcomes.push(read_and_parse(path, &assets));
        } else {
            return Err(LoadError::NotFound {
                path: path.display().to_string(),
            });
        }
    }
    mark_duplicate_modules(&mut outcomes);
    Ok(outcomes)
}

/// The `*.ron` files under `dir`. Symbolic links to folders are not followed, so a link
/// loop cannot trap the walk; hidden folders are skipped.
pub fn find_module_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    if !dir.exists() {
        return Err(LoadError::NotFound {
            path: dir.display().to_string(),
        });
    }
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current).map_err(|source| LoadError::Unreadable {
            path: current.display().to_string(),
            source,
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let hidden = name.to_string_lossy().starts_with('.');
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && !hidden && name != "assets" && name != "target" {
                pending.push(path);
            } else if !kind.is_dir()
                && !hidden
                && path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Reads one file from disk with the size cap, then parses and checks it.
pub fn read_and_parse(path: &Path, assets: &Assets) -> FileOutcome {
    let label = path.display().to_string();
    match read_capped(path) {
        Ok(bytes) => parse_file(&label, &bytes, assets),
        Err(message) => FileOutcome {
            file: label.clone(),
            module: None,
            diagnostics: vec![Diagnostic::whole_file(Severity::Error, &label, message)],
            text: None,
        },
    }
}

fn read_capped(path: &Path) -> Result<Vec<u8>, Message> {
    let file = std::fs::File::open(path)
        .map_err(|e| Message::new("diag-file-cannot-open").with("reason", io_reason(&e)))?;
    let too_big = |size: u64| {
        Message::new("diag-file-too-big")
            .with("size", human_size(size))
            .with("limit", MAX_FILE_BYTES / (1024 * 1024))
    };
    if let Ok(meta) = file.metadata()
        && meta.len() > MAX_FILE_BYTES
    {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Message::new("diag-file-cannot-read").with("reason", io_reason(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

fn human_size(bytes: u64) -> String {
    #[expect(
        clippy::cast_precision_loss,
        reason = "a size shown to one decimal place"
    )]
    let mib = bytes as f64 / (1024.0 * 1024.0);
    format!("{mib:.1} MiB")
}

/// Parses and checks one module file's bytes. `label` names the file in diagnostics.
pub fn parse_file(label: &str, bytes: &[u8], assets: &dyn AssetLookup) -> FileOutcome {
    let (module, diagnostics) = parse_module(label, bytes, assets);
    let text = std::str::from_utf8(bytes)
        .ok()
        .map(|t| Arc::from(t.strip_prefix('\u{feff}').unwrap_or(t)));
    FileOutcome {
        file: label.to_owned(),
        module: module.map(Arc::new),
        diagnostics,
        text,
    }
}

/// Parses and checks one module: the module when there is no error, and every diagnostic.
pub fn parse_module(
    label: &str,
    bytes: &[u8],
    assets: &dyn AssetLookup,
) -> (Option<Module>, Vec<Diagnostic>) {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let message = Message::new("diag-file-too-big")
            .with("size", human_size(bytes.len() as u64))
            .with("limit", MAX_FILE_BYTES / (1024 * 1024));
        return (
            None,
            vec![Diagnostic::whole_file(Severity::Error, label, message)],
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            // The valid prefix is UTF-8 by definition.
            let prefix = std::str::from_utf8(valid).unwrap_or("");
            let bad = bytes.get(error.valid_up_to()).copied().unwrap_or(0);
            let message = Message::new("diag-file-not-utf8").with("byte", format!("0x{bad:02X}"));
            let at = prefix.len();
            return (
                None,
                vec![Diagnostic::at(
                    Severity::Error,
                    label,
                    prefix,
                    at..at,
                    message,
                )],
            );
        }
    };
    // Editors on Windows may start a UTF-8 file with a byte-order mark; it carries nothing.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);

    let options = ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING);
    match options.from_str::<RawModule>(text) {
        Ok(raw) => {
            let (module, mut diagnostics) = check_module(label, text, bytes, &raw, assets);
            diagnostics.sort_by_key(|d| (d.line, d.column));
            (module, diagnostics)
        }
        Err(error) => {
            let mut start = offset_of(text, error.span.start.line, error.span.start.col);
            let mut end = offset_of(text, error.span.end.line, error.span.end.col).max(start);
            if matches!(error.code, ron::Error::MissingStructField { .. })
                && let Some(head) = SourceMap::build(text).enclosing_head(start)
            {
                // ron points past the struct's last field; the struct's name is clearer.
                (start, end) = (head.start, head.end);
            }
            let mut message = ron_message(&error.code);
            if is_syntax(&error.code)
                && let Some(explained) = syntax::explain(text)
            {
                // The likely cause, in plain words, where it is (ron stops at a symptom).
                (start, end) = (explained.span.start, explained.span.end);
                message = explained.message;
            }
            (
                None,
                vec![Diagnostic::at(
                    Severity::Error,
                    label,
                    text,
                    start..end,
                    message,
                )],
            )
        }
    }
}

/// Whether ron stopped at the text's shape (brackets, commas, quotes) rather than at a
/// value that does not fit the format; only the former is worth a second reading.
fn is_syntax(code: &ron::Error) -> bool {
    !matches!(
        code,
        ron::Error::MissingStructField { .. }
            | ron::Error::DuplicateStructField { .. }
            | ron::Error::NoSuchStructField { .. }
            | ron::Error::NoSuchEnumVariant { .. }
            | ron::Error::ExpectedDifferentStructName { .. }
            | ron::Error::ExceededRecursionLimit
            | ron::Error::InvalidValueForType { .. }
            | ron::Error::Message(_)
    )
}

/// ron's message in the author's words: what is wrong and what would fix it.
fn ron_message(code: &ron::Error) -> Message {
    let outer_of = |outer: &Option<String>| -> Arg {
        outer.as_ref().map_or_else(
            || Arg::Text(String::new()),
            |o| Message::new("diag-inside").with("outer", o.as_str()).into(),
        )
    };
    let one_of = |expected: &[&str]| {
        expected
            .iter()
            .map(|e| format!("`{e}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match code {
        ron::Error::ExceededRecursionLimit => {
            Message::new("diag-ron-too-deep").with("limit", MAX_NESTING)
        }
        ron::Error::Eof => Message::new("diag-ron-eof"),
        ron::Error::ExpectedComma => Message::new("diag-ron-expected-comma"),
        ron::Error::TrailingCharacters => Message::new("diag-ron-trailing"),
        ron::Error::ExpectedStringEnd => Message::new("syntax-text-never-closed"),
        ron::Error::UnclosedBlockComment => Message::new("syntax-comment-never-closed"),
        ron::Error::MissingStructField { field, outer } => Message::new("diag-ron-missing-field")
            .with("field", *field)
            .with("inside", outer_of(outer)),
        ron::Error::DuplicateStructField { field, outer } => {
            Message::new("diag-ron-duplicate-field")
                .with("field", *field)
                .with("inside", outer_of(outer))
        }
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => Message::new("diag-ron-unknown-field")
            .with("found", found.as_str())
            .with("inside", outer_of(outer))
            .with("hint", did_you_mean(found, expected.iter().copied(), "."))
            .with("expected", one_of(expected)),
        ron::Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => Message::new("diag-ron-unknown-kind")
            .with("found", found.as_str())
            .with("inside", outer_of(outer))
            .with("hint", did_you_mean(found, expected.iter().copied(), "."))
            .with("expected", one_of(expected)),
        ron::Error::ExpectedDifferentStructName { expected, found } => {
            Message::new("diag-ron-wrong-struct")
                .with("expected", *expected)
                .with("found", found.as_str())
        }
        other => Message::new("diag-ron-other").with("detail", other.to_string()),
    }
}

fn finish(mut files: Vec<FileOutcome>, assets: Assets, source: ContentSource) -> Loaded {
    mark_duplicate_modules(&mut files);
    let modules = files.iter().filter_map(|f| f.module.clone()).collect();
    Loaded {
        course: Course { modules },
        files,
        assets,
        source,
    }
}

/// A module id used by an earlier file makes the later file an error, and its module is
/// dropped so the course has one module per id.
fn mark_duplicate_modules(files: &mut [FileOutcome]) {
    let duplicates = duplicate_module_ids(
        files
            .iter()
            .filter_map(|f| f.module.as_ref().map(|m| (m.id.as_str(), f.file.as_str()))),
    );
    for (id, in_files) in duplicates {
        for later in &in_files[1..] {
            let Some(outcome) = files.iter_mut().find(|f| &f.file == later) else {
                continue;
            };
            let message = Message::new("diag-duplicate-module")
                .with("id", id.as_str())
                .with("first", in_files[0].as_str());
            let diagnostic = match outcome.text.as_deref() {
                Some(text) => {
                    let span = SourceMap::build(text).locate(text, &SourcePath::root().field("id"));
                    Diagnostic::at(Severity::Error, later, text, span, message)
                }
                None => Diagnostic::whole_file(Severity::Error, later, message),
            };
            outcome.diagnostics.push(diagnostic);
            outcome.module = None;
        }
    }
}

/// The files compiled into the binary, for tools that list or export them.
pub fn bundled_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    bundled::CONTENT_FILES.iter().copied()
}
