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

use super::course_files::{self, CourseFiles};
use super::diagnostic::{Diagnostic, Severity};
use super::model::{Course, Module, Track};
use super::raw::RawModule;
pub use super::ron_file::{FileOutcome, MAX_FILE_BYTES, MAX_NESTING};
use super::ron_file::{human_size, read_capped, read_ron};
use super::source::{Path as SourcePath, SourceMap};
use super::validate::{AssetLookup, ImageProblem, check_module, duplicate_module_ids};
use crate::i18n::{Message, io_reason};

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
    /// The assets folder is a link to another place: it is not read, and every image
    /// is reported with it.
    Linked(PathBuf),
}

/// The largest image a module may show (8 MiB): a screen's picture is far smaller.
pub const MAX_IMAGE_BYTES: u64 = 8 << 20;
/// The first bytes of every PNG file.
const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

impl Assets {
    /// The assets of a content folder: `DIR/assets`, or `DIR/../assets` when the content
    /// folder sits beside its assets (as in Jaga's own repository).
    /// An `assets` that is a link is refused: images are read only from a real folder.
    pub fn for_content_dir(dir: &Path) -> Self {
        for candidate in [dir.join("assets"), dir.join("..").join("assets")] {
            if candidate
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
            {
                return Self::Linked(candidate);
            }
            if candidate.is_dir() {
                return Self::Dir(candidate);
            }
        }
        Self::Missing
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
                let mut bytes = Vec::new();
                crate::fsio::open_regular(&file)
                    .ok()?
                    .take(MAX_IMAGE_BYTES)
                    .read_to_end(&mut bytes)
                    .ok()?;
                Some(Cow::Owned(bytes))
            }
            Self::Missing | Self::Linked(_) => None,
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
        let not_a_file = || ImageProblem::NotAFile(path.to_owned());
        let mut file = crate::fsio::open_regular(&real).map_err(|_| not_a_file())?;
        let size = file.metadata().map_err(|_| not_a_file())?.len();
        if size > MAX_IMAGE_BYTES {
            return Err(ImageProblem::ImageTooBig {
                path: path.to_owned(),
                size: human_size(size),
                limit_mib: MAX_IMAGE_BYTES >> 20,
            });
        }
        let mut start = [0u8; 8];
        if file.read_exact(&mut start).is_err() || start != PNG_SIGNATURE {
            return Err(ImageProblem::NotPngData(path.to_owned()));
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
            Self::Linked(folder) => Err(ImageProblem::AssetsFolderLinked(
                folder.display().to_string(),
            )),
        }
    }
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
    let mut files: Vec<FileOutcome> = bundled_module_files()
        .map(|(name, bytes)| parse_file(name, bytes, &assets))
        .collect();
    mark_duplicate_modules(&mut files);
    let tracks = CourseFiles::bundled(bundled::CONTENT_FILES).apply(&mut files);
    finish(files, tracks, assets, ContentSource::Bundled)
}

/// Every `*.ron` file under `dir`, recursively, in path order, with the course's own
/// files at its top (the glossary and the course file).
pub fn load_dir(dir: &Path) -> Result<Loaded, LoadError> {
    let files = find_module_files(dir)?;
    let assets = Assets::for_content_dir(dir);
    let mut outcomes: Vec<FileOutcome> = files
        .iter()
        .map(|file| read_and_parse(file, Some(dir), &assets))
        .collect();
    mark_duplicate_modules(&mut outcomes);
    let tracks = CourseFiles::in_dir(dir).apply(&mut outcomes);
    Ok(finish(
        outcomes,
        tracks,
        assets,
        ContentSource::Dir(dir.to_owned()),
    ))
}

/// Each path a file or a folder, as `jaga validate PATH...` takes them.
pub fn load_paths(paths: &[PathBuf]) -> Result<Vec<FileOutcome>, LoadError> {
    let mut outcomes = Vec::new();
    for path in paths {
        let dir = path.parent().unwrap_or(Path::new("."));
        let own_file = path.file_name().map(Path::new);
        if path.is_dir() {
            outcomes.extend(load_dir(path)?.files);
        } else if path.is_file() && own_file.is_some_and(course_files::is_course_file) {
            // A course file is checked against the modules of its folder.
            let label = path.display().to_string();
            let folder = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            let loaded = load_dir(folder)?;
            outcomes.extend(
                loaded
                    .files
                    .into_iter()
                    .filter(|f| Path::new(&f.file) == path || f.file == label),
            );
        } else if path.is_file() {
            let assets = Assets::for_content_dir(dir);
            // A file named on the command line is read as named, link or not.
            let mut own = vec![read_and_parse(path, None, &assets)];
            let glossary = CourseFiles::glossary_near(path);
            glossary.apply(&mut own);
            // The glossary's own problems are reported once, however many files use it.
            let (module, glossaries): (Vec<_>, Vec<_>) = own
                .into_iter()
                .partition(|f| f.file == path.display().to_string());
            outcomes.extend(module);
            for g in glossaries {
                if !g.diagnostics.is_empty() && !outcomes.iter().any(|o| o.file == g.file) {
                    outcomes.push(g);
                }
            }
        } else {
            return Err(LoadError::NotFound {
                path: path.display().to_string(),
            });
        }
    }
    mark_duplicate_modules(&mut outcomes);
    Ok(outcomes)
}

/// The module files under `dir`: every `*.ron` but the course's own files at its top.
/// Symbolic links to folders are not followed, so a link loop cannot trap the walk;
/// hidden folders are skipped.
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
            } else if !(kind.is_dir()
                || hidden
                || (current == dir && course_files::is_course_file(Path::new(&name))))
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

/// Reads one file from disk with the size cap, then parses and checks it. With `root`,
/// the content folder it was found in, a link to a place outside it is not read.
pub fn read_and_parse(path: &Path, root: Option<&Path>, assets: &Assets) -> FileOutcome {
    let label = path.display().to_string();
    match read_capped(path, root) {
        Ok(bytes) => parse_file(&label, &bytes, assets),
        Err(message) => FileOutcome {
            file: label.clone(),
            module: None,
            diagnostics: vec![Diagnostic::whole_file(Severity::Error, &label, message)],
            text: None,
        },
    }
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
    match read_ron::<RawModule>(label, bytes) {
        Ok((raw, text)) => {
            let (module, mut diagnostics) = check_module(label, text, bytes, &raw, assets);
            diagnostics.sort_by_key(|d| (d.line, d.column));
            (module, diagnostics)
        }
        Err(diagnostic) => (None, vec![*diagnostic]),
    }
}

fn finish(
    files: Vec<FileOutcome>,
    tracks: Option<Vec<Track>>,
    assets: Assets,
    source: ContentSource,
) -> Loaded {
    let modules = files.iter().filter_map(|f| f.module.clone()).collect();
    Loaded {
        course: Course::new(modules, tracks),
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

/// The module files compiled into the binary: every `*.ron` but the course's own files.
pub fn bundled_module_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    bundled_files().filter(|(name, _)| {
        let path = Path::new(name);
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
            && !course_files::is_course_file(path.strip_prefix("content").unwrap_or(path))
    })
}
