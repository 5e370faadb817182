//! Author mode's state: what the window knows about the folder being edited, rebuilt on
//! the worker thread after every save, and what the author is looking at.
//!
//! The worker owns the [`Workspace`]; after each change it sends an [`AuthorView`], a
//! snapshot with everything the panels draw (diagnostics, coverage, scenario maps, the
//! course to preview), so drawing never parses or lays out anything.

use std::path::PathBuf;
use std::sync::Arc;

use crate::authoring::coverage::FileCoverage;
use crate::authoring::editor::Place;
use crate::authoring::map::ScenarioMap;
use crate::authoring::workspace::{FileStatus, Workspace};
use crate::content::{Assets, Course, Diagnostic, Text};
use crate::i18n::Message;

/// One module file as the author panels show it.
#[derive(Debug, Clone)]
pub struct FileView {
    pub label: String,
    pub path: PathBuf,
    pub status: FileStatus,
    /// The module the file holds (its current or last good version).
    pub module_id: Option<String>,
    pub title: Option<Text>,
    pub diagnostics: Vec<Diagnostic>,
    pub coverage: Option<FileCoverage>,
    pub maps: Vec<ScenarioMap>,
    /// The maps are drawn from the last good version: the file no longer parses.
    pub maps_stale: bool,
}

/// A snapshot of the author's folder.
#[derive(Debug, Clone)]
pub struct AuthorView {
    pub dir: PathBuf,
    pub errors: usize,
    pub warnings: usize,
    /// The folder itself is gone or unreadable.
    pub folder_problem: Option<Message>,
    pub files: Vec<FileView>,
    /// What the preview plays: current modules, or the last good version of broken ones.
    pub course: Arc<Course>,
    /// Modules playing their last good version.
    pub stale: Vec<String>,
    pub assets: Assets,
    /// The languages of the coverage table, in order.
    pub languages: Vec<String>,
    /// Increases with every change; lets the window drop what it cached.
    pub generation: u64,
}

impl AuthorView {
    /// Everything the panels draw, computed once per change.
    pub fn build(workspace: &Workspace) -> Self {
        let files = workspace
            .files()
            .map(|file| {
                let module = file.module().or_else(|| file.last_good());
                let maps = workspace.scenario_maps(file.path());
                FileView {
                    label: file.label().to_owned(),
                    path: file.path().to_owned(),
                    status: file.status(),
                    module_id: module.map(|m| m.id.clone()),
                    title: module.map(|m| m.title.clone()),
                    diagnostics: file.diagnostics().to_vec(),
                    coverage: file.coverage().ok().cloned(),
                    maps_stale: maps.as_ref().is_some_and(|m| m.stale),
                    maps: maps.map(|m| m.maps).unwrap_or_default(),
                }
            })
            .collect();
        Self {
            dir: workspace.dir().to_owned(),
            errors: workspace.error_count(),
            warnings: workspace.warning_count(),
            folder_problem: workspace.folder_problem().cloned(),
            files,
            course: Arc::new(workspace.course().clone()),
            stale: workspace
                .preview()
                .iter()
                .filter(|p| p.stale)
                .map(|p| p.module.id.clone())
                .collect(),
            assets: workspace.assets().clone(),
            languages: workspace.coverage_languages(),
            generation: workspace.generation(),
        }
    }

    /// The file that holds a module.
    pub fn file_of(&self, module_id: &str) -> Option<&FileView> {
        self.files
            .iter()
            .find(|f| f.module_id.as_deref() == Some(module_id))
    }
}

/// The author panels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthorTab {
    #[default]
    Diagnostics,
    Preview,
    Maps,
    Translations,
}

/// What the author is looking at.
#[derive(Debug, Clone, Default)]
pub struct AuthorState {
    pub tab: AuthorTab,
    /// The module the preview and the maps show.
    pub module: Option<String>,
    /// The lesson the preview shows.
    pub lesson: usize,
    /// Show both languages next to each other in the preview.
    pub side_by_side: bool,
    /// The file whose scenario maps are shown (broken files have maps too).
    pub map_file: Option<PathBuf>,
    /// The "Open in editor" command as being typed (filled from the setting when shown).
    pub editor_field: Option<String>,
    /// Why the editor did not open at a place, shown beside that problem.
    pub editor_failure: Option<(Place, Message)>,
    /// The outcome of saving the "Open in editor" command: saved, or why not.
    pub editor_saved: Option<Result<(), Message>>,
}
