//! Re-reading an author's folder after a save: which module files a change touched
//! (named by the watcher, or noticed by their size and modification time), reading and
//! checking just those, the cross-file check for repeated module ids, and rebuilding the
//! preview course and the counts. Apart from the workspace's data and queries because it
//! is the one part that changes state, and the one that decides what a [`Change`] says.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::{Change, FileState, Playing, PreviewModule, Stamp, Target, Workspace};
use crate::authoring::coverage::{self, CoverageError};
use crate::content::diagnostic::{Diagnostic, Severity};
use crate::content::load::{Assets, find_module_files, read_and_parse};
use crate::content::model::{Course, Module, Revision};
use crate::content::source::{Path as SourcePath, SourceMap};
use crate::content::validate::duplicate_module_ids;

impl Workspace {
    pub(super) fn classify(&self, path: &Path) -> Target {
        if let Assets::Dir(root) = &self.assets
            && (path.starts_with(root)
                || root.canonicalize().is_ok_and(|real| path.starts_with(real)))
        {
            return Target::Asset;
        }
        let relative = path
            .strip_prefix(&self.dir)
            .ok()
            .or_else(|| {
                self.canonical_dir
                    .as_ref()
                    .and_then(|c| path.strip_prefix(c).ok())
            })
            .map(Path::to_path_buf);
        let Some(relative) = relative else {
            return Target::Other;
        };
        let mut parts = relative.components();
        match parts.next() {
            Some(Component::Normal(first)) if first == "assets" => Target::Asset,
            Some(_) if is_module_file(&relative) => Target::Module(self.dir.join(relative)),
            _ => Target::Other,
        }
    }

    pub(super) fn refresh(
        &mut self,
        forced: &BTreeSet<PathBuf>,
        assets_touched: bool,
        all: bool,
    ) -> Change {
        let before = self.playable();
        let mut change = Change::default();

        let listing = match find_module_files(&self.dir) {
            Ok(listing) => {
                if self.folder_problem.take().is_some() {
                    change.folder_changed = true;
                }
                listing
            }
            Err(error) => {
                let problem = crate::i18n::Localized::message(&error);
                if self.folder_problem.as_ref() != Some(&problem) {
                    change.folder_changed = true;
                    self.folder_problem = Some(problem);
                    self.generation += 1;
                }
                return change;
            }
        };

        if assets_touched {
            let assets = Assets::for_content_dir(&self.dir);
            change.assets_changed = !all || assets != self.assets;
            self.assets = assets;
        }

        let listed: HashSet<&PathBuf> = listing.iter().collect();
        let gone: Vec<PathBuf> = self
            .files
            .keys()
            .filter(|k| !listed.contains(k))
            .cloned()
            .collect();
        for key in gone {
            self.files.remove(&key);
            change.removed.push(key);
        }

        for path in listing {
            let stamp = Stamp::of(&path);
            let Some(old) = self.files.get(&path) else {
                let state = FileState::read((&self.dir, &path), &self.assets, stamp, None);
                self.files.insert(path.clone(), state);
                change.added.push(path);
                continue;
            };
            let stale_stamp = stamp.is_none() || old.stamp != stamp;
            if !(all
                || forced.contains(&path)
                || stale_stamp
                || (assets_touched && old.uses_assets))
            {
                continue;
            }
            let Some(old) = self.files.remove(&path) else {
                continue;
            };
            let state = FileState::read(
                (&self.dir, &path),
                &self.assets,
                stamp,
                old.last_good.clone(),
            );
            let differs = state.own.text != old.own.text
                || state.own.diagnostics != old.own.diagnostics
                || revision(state.own.module.as_ref()) != revision(old.own.module.as_ref());
            let state = if differs {
                change.modified.push(path.clone());
                state
            } else {
                // Same text and results (a save without edits, a touched file): keep the
                // old state and its modules, so nothing downstream sees a change.
                FileState { stamp, ..old }
            };
            self.files.insert(path, state);
        }

        self.finish(&mut change, &before);
        change
    }

    /// Re-runs the cross-file checks, then rebuilds the preview course and the counts.
    fn finish(&mut self, change: &mut Change, before: &HashMap<String, (Revision, bool)>) {
        let duplicates = duplicate_module_ids(self.files.values().filter_map(|f| {
            f.own
                .module
                .as_ref()
                .map(|m| (m.id.as_str(), f.own.file.as_str()))
        }));
        let mut repeats: HashMap<String, (String, String)> = HashMap::new();
        for (id, in_files) in duplicates {
            for later in in_files.iter().skip(1) {
                repeats.insert(later.clone(), (id.clone(), in_files[0].clone()));
            }
        }
        let any_changed_file =
            !change.added.is_empty() || !change.removed.is_empty() || !change.modified.is_empty();
        for (path, file) in &mut self.files {
            let wanted = repeats.get(&file.own.file).cloned();
            let fresh = change.added.contains(path) || change.modified.contains(path);
            if wanted != file.duplicate_of || fresh {
                if wanted != file.duplicate_of && !fresh {
                    change.modified.push(path.clone());
                }
                file.duplicate_of = wanted;
                file.rebuild_outcome();
            }
        }
        change.diagnostics_changed = any_changed_file || !change.modified.is_empty();

        // The preview: current modules first claim their ids; a broken file's last good
        // version plays only when its id is still free.
        let mut taken: HashSet<String> = self
            .files
            .values()
            .filter_map(|f| f.outcome.module.as_ref().map(|m| m.id.clone()))
            .collect();
        self.preview.clear();
        for file in self.files.values_mut() {
            if let Some(module) = &file.outcome.module {
                file.last_good = Some(Arc::clone(module));
                file.playing = Playing::Current;
                self.preview.push(PreviewModule {
                    module: Arc::clone(module),
                    path: file.path.clone(),
                    stale: false,
                });
            } else if let Some(module) = &file.last_good
                && taken.insert(module.id.clone())
            {
                file.playing = Playing::LastGood;
                self.preview.push(PreviewModule {
                    module: Arc::clone(module),
                    path: file.path.clone(),
                    stale: true,
                });
            } else {
                file.playing = Playing::Nothing;
            }
        }
        // Author mode previews modules one by one; a course file's tracks do not apply.
        self.course = Course::new(
            self.preview.iter().map(|p| Arc::clone(&p.module)).collect(),
            None,
        );

        let (mut errors, mut warnings) = (0, 0);
        for diagnostic in self.files.values().flat_map(|f| &f.outcome.diagnostics) {
            if diagnostic.is_error() {
                errors += 1;
            } else {
                warnings += 1;
            }
        }
        self.errors = errors;
        self.warnings = warnings;

        let after = self.playable();
        let ids: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        change.modules = ids
            .into_iter()
            .filter(|id| before.get(*id) != after.get(*id))
            .cloned()
            .collect();
        if !change.is_empty() {
            self.generation += 1;
        }
    }

    /// Each playable module id with its revision and whether it is stale.
    fn playable(&self) -> HashMap<String, (Revision, bool)> {
        self.preview
            .iter()
            .map(|p| (p.module.id.clone(), (p.module.revision.clone(), p.stale)))
            .collect()
    }
}

impl FileState {
    fn read(
        (root, path): (&Path, &Path),
        assets: &Assets,
        stamp: Option<Stamp>,
        last_good: Option<Arc<Module>>,
    ) -> Self {
        let own = read_and_parse(path, Some(root), assets);
        let coverage = match own.text.as_deref() {
            Some(text) => coverage::of_text(&own.file, text),
            None => Err(CoverageError::Unreadable),
        };
        let uses_assets = own.text.as_deref().is_some_and(|t| t.contains("assets/"));
        let mut state = Self {
            path: path.to_owned(),
            outcome: own.clone(),
            own,
            duplicate_of: None,
            last_good,
            playing: Playing::Nothing,
            coverage,
            stamp,
            uses_assets,
        };
        state.rebuild_outcome();
        state
    }

    /// `own` with the cross-file diagnostic, sorted errors first, then by line.
    fn rebuild_outcome(&mut self) {
        let mut outcome = self.own.clone();
        if let Some((id, first)) = &self.duplicate_of {
            let message = crate::i18n::Message::new("diag-duplicate-module")
                .with("id", id.as_str())
                .with("first", first.as_str());
            let diagnostic = match outcome.text.as_deref() {
                Some(text) => {
                    let span = SourceMap::build(text).locate(text, &SourcePath::root().field("id"));
                    Diagnostic::at(Severity::Error, &outcome.file, text, span, message)
                }
                None => Diagnostic::whole_file(Severity::Error, &outcome.file, message),
            };
            outcome.diagnostics.push(diagnostic);
            outcome.module = None;
        }
        outcome
            .diagnostics
            .sort_by_key(|d| (!d.is_error(), d.line, d.column));
        self.outcome = outcome;
    }
}

fn revision(module: Option<&Arc<Module>>) -> Option<&Revision> {
    module.map(|m| &m.revision)
}

/// A path inside the folder that [`find_module_files`] would list: `*.ron`, not hidden,
/// not under `assets` or `target` or a hidden folder, not the course's own glossary or
/// course file at the top.
fn is_module_file(relative: &Path) -> bool {
    let parts: Vec<_> = relative.components().collect();
    let Some((Component::Normal(name), folders)) = parts.split_last() else {
        return false;
    };
    let name = name.to_string_lossy();
    let course_file = folders.is_empty() && crate::content::course_files::is_course_file(relative);
    !course_file
        && !name.starts_with('.')
        && Path::new(name.as_ref())
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
        && folders.iter().all(|c| match c {
            Component::Normal(folder) => {
                let folder = folder.to_string_lossy();
                !folder.starts_with('.') && folder != "assets" && folder != "target"
            }
            Component::CurDir => true,
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_files_are_ron_files_outside_hidden_assets_and_target_folders() {
        assert!(is_module_file(Path::new("a.ron")));
        assert!(is_module_file(Path::new("sub/A.RON")));
        assert!(!is_module_file(Path::new("a.ron.tmp")));
        assert!(!is_module_file(Path::new(".a.ron")));
        assert!(!is_module_file(Path::new(".git/a.ron")));
        assert!(!is_module_file(Path::new("target/a.ron")));
        assert!(!is_module_file(Path::new("assets/a.ron")));
    }
}
