//! An author's content folder, kept loaded while they edit it.
//!
//! [`crate::content::load_dir`] reads a course once, for learners. An author's loop is
//! different: they keep Jaga open on a folder, save a file in their own editor, and expect
//! to see within a second what is wrong and how the module looks. So a [`Workspace`] keeps
//! every file's latest result, re-reads only the files a save touched
//! ([`Workspace::reload_paths`]), and never loses a module that played: when a save breaks
//! a file, the diagnostics show the new problem while the preview keeps playing the file's
//! last good version, marked stale, until the file is fixed.
//!
//! It is plain data with no threads and no GUI: the window (or a test) feeds it the paths
//! a [`Watcher`](super::watch::Watcher) reports (see [`Workspace::apply`]) and redraws from
//! the returned [`Change`].
//!
//! This file holds the workspace's data and what the window asks of it; `reload`
//! re-reads the folder and works out the [`Change`].

mod reload;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::coverage::{CoverageError, FileCoverage};
use super::map::{self, GraphError, ScenarioMap};
use super::watch::{WatchError, WatchEvent};
use crate::content::diagnostic::Diagnostic;
use crate::content::load::{Assets, FileOutcome, LoadError, find_module_files};
use crate::content::model::{Course, Module};

/// The state of an author's content folder.
#[derive(Debug)]
pub struct Workspace {
    /// The folder as the author named it; files are keyed and labelled under it.
    dir: PathBuf,
    /// The same folder resolved, to recognise the absolute paths a watcher reports.
    canonical_dir: Option<PathBuf>,
    assets: Assets,
    /// Every module file, in path order (the order the course lists modules in).
    files: BTreeMap<PathBuf, FileState>,
    preview: Vec<PreviewModule>,
    course: Course,
    errors: usize,
    warnings: usize,
    folder_problem: Option<crate::i18n::Message>,
    generation: u64,
}

/// One module file: its latest result and the last version of it that played.
#[derive(Debug)]
pub struct FileState {
    path: PathBuf,
    /// The file checked on its own.
    own: FileOutcome,
    /// The id and first file of a module id this file repeats, from the cross-file check.
    duplicate_of: Option<(String, String)>,
    /// `own` plus the cross-file check, diagnostics errors first, then by line.
    outcome: FileOutcome,
    /// The last module this file produced without errors.
    last_good: Option<Arc<Module>>,
    playing: Playing,
    coverage: Result<FileCoverage, CoverageError>,
    stamp: Option<Stamp>,
    /// Whether the file names images, so a change under `assets/` must re-check it.
    uses_assets: bool,
}

/// What the preview plays for a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Playing {
    /// The file's current version.
    Current,
    /// The file is broken; its last good version plays.
    LastGood,
    /// Nothing: the file is broken and never loaded, or its last good version's module id
    /// is now used by another file.
    Nothing,
}

/// A file's state at a glance, for a list of files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// Loaded without a single diagnostic.
    Clean,
    /// Loaded; has warnings.
    Warnings,
    /// Has errors. `playing_last_good` when the preview still plays its last good version.
    Broken { playing_last_good: bool },
}

/// A module the preview can play.
#[derive(Debug, Clone)]
pub struct PreviewModule {
    pub module: Arc<Module>,
    /// The file it came from.
    pub path: PathBuf,
    /// The file has errors now; this is its last good version.
    pub stale: bool,
}

/// What a reload changed, so the window redraws only what it must.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// Module files that appeared (created, or renamed or moved into the folder).
    pub added: Vec<PathBuf>,
    /// Module files that are gone.
    pub removed: Vec<PathBuf>,
    /// Files whose text or results differ from before: re-read after a save or an image
    /// change, or affected by another file (a module id both use).
    pub modified: Vec<PathBuf>,
    /// Module ids whose playable version changed: new, gone, a new revision, or turned
    /// stale or fresh. A preview of one of these should restart.
    pub modules: Vec<String>,
    /// Some file's diagnostics changed (the panel and the title-bar count).
    pub diagnostics_changed: bool,
    /// Something under `assets/` changed (drop cached images).
    pub assets_changed: bool,
    /// The folder became unreadable, or readable again; see [`Workspace::folder_problem`].
    pub folder_changed: bool,
}

impl Change {
    /// Nothing to redraw.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.modified.is_empty()
            && self.modules.is_empty()
            && !self.diagnostics_changed
            && !self.assets_changed
            && !self.folder_changed
    }

    /// The course the preview plays changed.
    pub fn course_changed(&self) -> bool {
        !self.modules.is_empty()
    }
}

/// The scenario maps of one file.
#[derive(Debug, Clone)]
pub struct FileMaps {
    pub maps: Vec<ScenarioMap>,
    /// The file does not parse now; these are the maps of its last good version.
    pub stale: bool,
}

impl Workspace {
    /// Loads every module file under `dir`, recursively (the same files `jaga validate DIR`
    /// checks), with the images in `DIR/assets` or `DIR/../assets`.
    pub fn load(dir: &Path) -> Result<Self, LoadError> {
        // Fails when the folder is missing or unreadable; later reloads report that
        // through `folder_problem` instead, keeping what was loaded.
        find_module_files(dir)?;
        let mut workspace = Self {
            dir: dir.to_owned(),
            canonical_dir: dir.canonicalize().ok(),
            assets: Assets::for_content_dir(dir),
            files: BTreeMap::new(),
            preview: Vec::new(),
            course: Course::default(),
            errors: 0,
            warnings: 0,
            folder_problem: None,
            generation: 0,
        };
        workspace.refresh(&BTreeSet::new(), true, true);
        Ok(workspace)
    }

    /// Takes in the paths a watcher reported (absolute or under the folder; module files,
    /// assets, folders; existing or gone) and re-reads what they touched. Files the
    /// watcher did not name are re-read too when their size or modification time changed,
    /// and new or vanished files are picked up, so a missed event costs nothing.
    ///
    /// Takes anything that lists paths: `&[PathBuf]`, `&Vec<PathBuf>`, `[&path]`.
    pub fn reload_paths<P: AsRef<Path>>(&mut self, changed: impl IntoIterator<Item = P>) -> Change {
        let mut forced = BTreeSet::new();
        let mut assets_touched = false;
        for path in changed {
            match self.classify(path.as_ref()) {
                Target::Module(key) => {
                    forced.insert(key);
                }
                Target::Asset => assets_touched = true,
                Target::Other => {}
            }
        }
        self.refresh(&forced, assets_touched, false)
    }

    /// Re-reads every file and the assets folder: after a watcher asked for a rescan, or
    /// when the author asks for it.
    pub fn reload_all(&mut self) -> Change {
        self.refresh(&BTreeSet::new(), true, true)
    }

    /// Takes in one event of a [`Watcher`](super::watch::Watcher): changed paths are
    /// reloaded, a rescan reloads everything, a deleted folder shows up in
    /// [`Self::folder_problem`]. Other watch errors change nothing here; show them to the
    /// author.
    pub fn apply(&mut self, event: &WatchEvent) -> Change {
        match event {
            WatchEvent::Changed(paths) => self.reload_paths(paths),
            WatchEvent::Rescan => self.reload_all(),
            WatchEvent::Error(WatchError::FolderGone { .. }) => {
                self.reload_paths(std::iter::empty::<PathBuf>())
            }
            WatchEvent::Error(_) => Change::default(),
        }
    }

    /// The folder as the author named it.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn assets(&self) -> &Assets {
        &self.assets
    }

    /// Counts the reloads that changed something; a cheap "has anything changed" check
    /// for caches built from the workspace.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Why the folder cannot be read now (deleted, moved, permissions); what was loaded
    /// before stays.
    pub fn folder_problem(&self) -> Option<&crate::i18n::Message> {
        self.folder_problem.as_ref()
    }

    /// Every module file, in path order.
    pub fn files(&self) -> impl Iterator<Item = &FileState> {
        self.files.values()
    }

    /// The file at `path` (as listed by [`Self::files`], or absolute).
    pub fn file(&self, path: &Path) -> Option<&FileState> {
        self.files.get(path).or_else(|| match self.classify(path) {
            Target::Module(key) => self.files.get(&key),
            _ => None,
        })
    }

    /// The files that have diagnostics, in path order, each with its diagnostics: errors
    /// first, then by line and column.
    pub fn diagnostics_by_file(&self) -> impl Iterator<Item = (&FileState, &[Diagnostic])> {
        self.files
            .values()
            .filter(|f| !f.outcome.diagnostics.is_empty())
            .map(|f| (f, f.outcome.diagnostics.as_slice()))
    }

    /// Every diagnostic, grouped by file as in [`Self::diagnostics_by_file`].
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.files
            .values()
            .flat_map(|f| f.outcome.diagnostics.iter().cloned())
            .collect()
    }

    pub fn error_count(&self) -> usize {
        self.errors
    }

    pub fn warning_count(&self) -> usize {
        self.warnings
    }

    /// `2 errors, 1 warning`, or empty when there is nothing to say: for the title bar.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        match (self.errors, self.warnings) {
            (0, 0) => String::new(),
            (e, 0) => plural(e, "error"),
            (0, w) => plural(w, "warning"),
            (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        }
    }

    /// The course the preview plays: each file's current module, or its last good version
    /// while it is broken (see [`Self::preview`] for which are stale).
    pub fn course(&self) -> &Course {
        &self.course
    }

    /// The modules of [`Self::course`], with where they came from and whether they are
    /// stale.
    pub fn preview(&self) -> &[PreviewModule] {
        &self.preview
    }

    /// The playable module with this id.
    pub fn preview_module(&self, id: &str) -> Option<&PreviewModule> {
        self.preview.iter().find(|p| p.module.id == id)
    }

    /// Every language some module declares, in the order first declared (file order): the
    /// columns of the coverage table.
    pub fn coverage_languages(&self) -> Vec<String> {
        let mut seen = HashSet::new();
        self.files
            .values()
            .filter_map(|f| f.coverage.as_ref().ok())
            .flat_map(|c| c.languages.iter())
            .filter(|l| seen.insert(l.as_str()))
            .cloned()
            .collect()
    }

    /// The scenario maps of a file: from its text, which may have errors, so the author
    /// sees the scenario they are fixing; from its last good version when the text does
    /// not parse. `None` when the file is unknown or nothing can be drawn.
    pub fn scenario_maps(&self, path: &Path) -> Option<FileMaps> {
        let file = self.file(path)?;
        let from_text = file.outcome.text.as_deref().map_or_else(
            || {
                Err(GraphError::Unparsable {
                    message: "the file is not text".to_owned(),
                })
            },
            map::maps_of_text,
        );
        match from_text {
            Ok(maps) => Some(FileMaps { maps, stale: false }),
            Err(_) => file.last_good.as_ref().map(|m| FileMaps {
                maps: map::maps_of_module(m),
                stale: true,
            }),
        }
    }
}

impl FileState {
    /// The file's path (the folder joined with its path inside it).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file as diagnostics name it.
    pub fn label(&self) -> &str {
        &self.outcome.file
    }

    pub fn status(&self) -> FileStatus {
        if self.outcome.diagnostics.iter().any(Diagnostic::is_error) {
            FileStatus::Broken {
                playing_last_good: self.playing == Playing::LastGood,
            }
        } else if self.outcome.diagnostics.is_empty() {
            FileStatus::Clean
        } else {
            FileStatus::Warnings
        }
    }

    /// Errors first, then by line and column.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.outcome.diagnostics
    }

    pub fn error_count(&self) -> usize {
        self.outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .count()
    }

    /// The latest result, with the cross-file checks.
    pub fn outcome(&self) -> &FileOutcome {
        &self.outcome
    }

    /// The file's text as last read, when it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        self.outcome.text.as_deref()
    }

    /// The module of the current version, when it has no errors.
    pub fn module(&self) -> Option<&Arc<Module>> {
        self.outcome.module.as_ref()
    }

    /// The last module this file produced without errors (the current one when it has
    /// none).
    pub fn last_good(&self) -> Option<&Arc<Module>> {
        self.last_good.as_ref()
    }

    /// What the preview plays for this file.
    pub fn playing(&self) -> Playing {
        self.playing
    }

    /// The file's translation coverage; an error when it does not parse.
    pub fn coverage(&self) -> Result<&FileCoverage, &CoverageError> {
        self.coverage.as_ref()
    }
}

/// A file's size and modification time, to notice changes a watcher did not report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    pub(super) fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// What a reported path is to the workspace.
pub(super) enum Target {
    /// A module file, by its key (the folder joined with its relative path).
    Module(PathBuf),
    Asset,
    Other,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_without_anything_is_empty() {
        assert!(Change::default().is_empty());
        let change = Change {
            modules: vec!["m".to_owned()],
            ..Change::default()
        };
        assert!(change.course_changed());
    }
}
