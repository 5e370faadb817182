//! Saving files and choosing them: every save action in the window goes through here.
//!
//! A save is written by the worker to a path the person typed or chose in a native dialog;
//! a file already there is never replaced without asking (the worker refuses, and the
//! window offers to replace it); the outcome is shown beside the button that caused it.
//! Native dialogs run on their own thread (a portal dialog can take minutes). On a
//! computer without a dialog service the dialog answers at once with nothing, which is
//! not the person cancelling: the window says so and points at the path field.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use eframe::egui;

use super::App;
use crate::fsio::Existing;
use crate::ui::command::{Command, DialogPurpose, SaveKind, SaveWhat};
use crate::ui::paths;
use crate::ui::state::SaveStatus;
use crate::ui::worker::{Job, SaveOutcome};

/// A dialog that answers with nothing faster than a person could press Cancel did not
/// open at all.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(400);

/// What a native dialog answered.
#[derive(Debug)]
pub enum DialogAnswer {
    Chosen(Vec<PathBuf>),
    Cancelled,
    /// No dialog could open (no desktop portal, no zenity).
    Unavailable,
}

impl App {
    /// Applies a command about saving files.
    pub(super) fn apply_files(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::ChooseSaveTarget(what) => {
                let now = self.clock.now();
                let suggested = paths::suggested(&what, self.shared.learner(), now);
                self.open_dialog(ctx, DialogPurpose::Save(what), suggested);
            }
            Command::Save {
                what,
                path,
                existing,
            } => self.save(what, path, existing),
            Command::DismissSave(kind) => {
                self.shared.saves.remove(&kind);
            }
            _ => {}
        }
    }

    /// Shows how a save went, beside its button.
    pub(super) fn wrote(&mut self, kind: SaveKind, outcome: SaveOutcome) {
        let status = match outcome {
            SaveOutcome::Done(lines) => SaveStatus::Done(lines),
            SaveOutcome::Failed(message) => SaveStatus::Failed(message),
            SaveOutcome::Exists { path, done } => {
                // The request is remembered with the outcome, to be sent again with
                // permission to replace.
                let Some(what) = self.pending_saves.remove(&kind) else {
                    return;
                };
                SaveStatus::Exists { path, what, done }
            }
        };
        self.pending_saves.remove(&kind);
        self.shared.saves.insert(kind, status);
    }

    /// Hands a save to the worker and shows that it is under way.
    fn save(&mut self, what: SaveWhat, path: PathBuf, existing: Existing) {
        let kind = what.kind();
        let learner_id = self.learner_id();
        if matches!(kind, SaveKind::MyData | SaveKind::Certificate) && learner_id.is_none() {
            return;
        }
        self.shared.saves.insert(kind, SaveStatus::Working);
        self.pending_saves.insert(kind, what.clone());
        let machine = self.entropy.uuid();
        self.worker.send(Job::Save {
            learner_id,
            what,
            path,
            existing,
            lang: self.shared.lang,
            now: self.clock.now(),
            machine,
        });
    }

    /// Opens a native dialog on its own thread; its answer arrives in a later frame.
    pub(super) fn open_dialog(
        &mut self,
        ctx: &egui::Context,
        purpose: DialogPurpose,
        suggested: PathBuf,
    ) {
        if !self.shared.native_dialogs || self.dialog.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        // Bundles are `.jsonl.gz` (version 2) or `.json` (written by an earlier Jaga).
        let extensions: Vec<&'static str> = match &purpose {
            DialogPurpose::Save(what) => what.extension().into_iter().collect(),
            DialogPurpose::Bundles => vec!["gz", "json"],
            DialogPurpose::AuthorFolder => Vec::new(),
        };
        let folder = match &purpose {
            DialogPurpose::Save(what) => what.extension().is_none(),
            DialogPurpose::AuthorFolder => true,
            DialogPurpose::Bundles => false,
        };
        let pick = matches!(purpose, DialogPurpose::Bundles);
        let spawned = std::thread::Builder::new()
            .name("jaga-dialog".to_owned())
            .spawn(move || {
                let started = Instant::now();
                let mut dialog = rfd::FileDialog::new();
                if let Some(first) = extensions.first() {
                    dialog = dialog.add_filter(first.to_uppercase(), &extensions);
                }
                if let Some(dir) = suggested.parent() {
                    dialog = dialog.set_directory(dir);
                }
                let paths: Vec<PathBuf> = if folder {
                    dialog.pick_folder().into_iter().collect()
                } else if pick {
                    dialog.pick_files().unwrap_or_default()
                } else {
                    if let Some(name) = suggested.file_name() {
                        dialog = dialog.set_file_name(name.to_string_lossy());
                    }
                    dialog.save_file().into_iter().collect()
                };
                let answer = if !paths.is_empty() {
                    DialogAnswer::Chosen(paths)
                } else if started.elapsed() < NO_DIALOG_WITHIN {
                    DialogAnswer::Unavailable
                } else {
                    DialogAnswer::Cancelled
                };
                let _ = tx.send(answer);
                ctx.request_repaint();
            });
        if spawned.is_ok() {
            self.dialog = Some((purpose, rx));
        }
    }

    /// Acts on what a native dialog answered.
    pub(super) fn dialog_answered(&mut self, purpose: DialogPurpose, answer: DialogAnswer) {
        let paths = match answer {
            DialogAnswer::Chosen(paths) => paths,
            DialogAnswer::Cancelled => return,
            DialogAnswer::Unavailable => {
                match purpose {
                    DialogPurpose::Save(what) => {
                        self.shared.saves.insert(what.kind(), SaveStatus::NoDialog);
                    }
                    DialogPurpose::Bundles | DialogPurpose::AuthorFolder => {
                        self.notify(crate::i18n::Message::new("dialog-unavailable"));
                    }
                }
                return;
            }
        };
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match purpose {
            // The dialog itself asked before choosing an existing file.
            DialogPurpose::Save(what) => self.commands.push(Command::Save {
                what,
                path: first,
                existing: Existing::Replace,
            }),
            DialogPurpose::Bundles => self.commands.push(Command::ImportBundles(paths)),
            DialogPurpose::AuthorFolder => self.commands.push(Command::OpenAuthor(first)),
        }
    }
}
