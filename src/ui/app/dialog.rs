//! Native file dialogs: opened on their own thread (a portal dialog can take minutes), their
//! answer read in a later frame and turned into the command it was for.

use std::path::PathBuf;

use eframe::egui;

use super::App;
use crate::service::manager::SaveTarget;
use crate::ui::command::{Command, DialogPurpose};
use crate::ui::worker::Job;

impl App {
    /// Opens a native save dialog on its own thread; its answer arrives in a later frame.
    pub(super) fn open_dialog(
        &mut self,
        ctx: &egui::Context,
        purpose: DialogPurpose,
        suggested: PathBuf,
        extension: &'static str,
    ) {
        if !self.shared.native_dialogs || self.dialog.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let pick = matches!(purpose, DialogPurpose::Bundles);
        let folder = matches!(purpose, DialogPurpose::AuthorFolder);
        let spawned = std::thread::Builder::new()
            .name("jaga-dialog".to_owned())
            .spawn(move || {
                let mut dialog =
                    rfd::FileDialog::new().add_filter(extension.to_uppercase(), &[extension]);
                if let Some(dir) = suggested.parent() {
                    dialog = dialog.set_directory(dir);
                }
                let paths = if folder {
                    dialog.pick_folder().into_iter().collect()
                } else if pick {
                    dialog.pick_files().unwrap_or_default()
                } else {
                    if let Some(name) = suggested.file_name() {
                        dialog = dialog.set_file_name(name.to_string_lossy());
                    }
                    dialog.save_file().into_iter().collect()
                };
                let _ = tx.send(paths);
                ctx.request_repaint();
            });
        if spawned.is_ok() {
            self.dialog = Some((purpose, rx));
        }
    }

    /// Acts on what a native dialog answered; nothing when it was cancelled.
    pub(super) fn dialog_answered(&mut self, purpose: DialogPurpose, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match purpose {
            DialogPurpose::MyData => self.commands.push(Command::ExportMyData(first)),
            DialogPurpose::Certificate(module) => {
                if let Some(learner_id) = self.learner_id() {
                    self.worker.send(Job::Certificate {
                        learner_id,
                        module_id: module,
                        target: SaveTarget::File(first),
                        lang: self.shared.lang,
                    });
                }
            }
            DialogPurpose::Report {
                format,
                bom,
                filter,
            } => {
                self.commands.push(Command::ExportReport {
                    format,
                    bom,
                    filter,
                    path: first,
                });
            }
            DialogPurpose::Bundles => self.commands.push(Command::ImportBundles(paths)),
            DialogPurpose::AuthorFolder => self.commands.push(Command::OpenAuthor(first)),
        }
    }
}
