//! Author mode: a folder of modules watched and reloaded on every save, previews that
//! record nothing, and the window title carrying the problem count.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use eframe::egui;

use super::App;
use crate::authoring::editor::{self, Launcher, Place};
use crate::engine::{Session, Sitting};
use crate::i18n::{Localized as _, Message, trf};
use crate::service::learner::LearnerData;
use crate::ui::command::{Command, DialogPurpose};
use crate::ui::paths::documents_dir;
use crate::ui::state::author::AuthorView;
use crate::ui::state::{QuizState, Screen};
use crate::ui::worker::Job;

impl App {
    /// Applies a command of author mode.
    pub(super) fn apply_author(&mut self, command: Command, ctx: &egui::Context) {
        let now = self.clock.now();
        match command {
            Command::OpenAuthorForm => {
                self.screen = Screen::AuthorOpen {
                    path: std::env::current_dir()
                        .map(|d| d.join("content").display().to_string())
                        .unwrap_or_default(),
                };
            }
            Command::ChooseAuthorFolder => {
                self.open_dialog(ctx, DialogPurpose::AuthorFolder, documents_dir().join("x"));
            }
            Command::OpenAuthor(dir) => self.start_author(dir, ctx),
            Command::PreviewQuiz(module_id) => {
                if let Some(module) = self.shared.module(&module_id).cloned() {
                    self.load_images(&module);
                    let (session, _) = Session::start(
                        &module,
                        &[],
                        Sitting::Preview,
                        self.entropy.as_mut(),
                        self.shared.lang.code(),
                        now,
                    );
                    self.screen = Screen::Quiz(Box::new(QuizState::new(session)));
                }
            }
            Command::OpenInEditor(place) => self.open_in_editor(place),
            Command::SaveEditor(template) => self.worker.send(Job::Editor {
                data_dir: self.data_dir.clone(),
                template: Some(template),
                now,
            }),
            Command::PreviewQuestion {
                module,
                question,
                node,
            } => {
                if let Some(screen) =
                    self.preview_question(&module, &question, node.as_deref(), now)
                {
                    self.screen = screen;
                }
            }
            _ => {}
        }
    }

    /// Switches to author mode on `dir`: loads it on the worker and watches it.
    pub(super) fn start_author(&mut self, dir: PathBuf, ctx: &egui::Context) {
        let jobs = self.worker.job_sender();
        let wake = ctx.clone();
        match crate::authoring::watch::Watcher::start(
            &dir,
            crate::authoring::watch::DEFAULT_DEBOUNCE,
            move |event| {
                let _ = jobs.send(Job::AuthorEvent(event));
                wake.request_repaint();
            },
        ) {
            Ok(watcher) => self.watcher = Some(watcher),
            Err(error) => {
                self.notify_error(
                    Message::new("author-watch-failed").with("reason", error.message()),
                );
            }
        }
        self.shared.data = LearnerData::default();
        self.shared.cards.clear();
        self.screen = Screen::Loading;
        self.worker.send(Job::AuthorOpen { dir });
        self.worker.send(Job::Editor {
            data_dir: self.data_dir.clone(),
            template: None,
            now: self.clock.now(),
        });
    }

    /// Puts in what starts the author's editor (tests record the request instead).
    pub fn set_editor_launcher(&mut self, launcher: Box<dyn Launcher>) {
        self.launcher = launcher;
    }

    /// Opens `place` in the author's editor; a failure is shown beside the problem.
    fn open_in_editor(&mut self, place: Place) {
        let env = |name: &str| std::env::var(name).ok();
        let result = editor::launch_for(self.shared.editor_template.as_deref(), &env, &place)
            .and_then(|launch| self.launcher.launch(&launch));
        if let Screen::Author(state) = &mut self.screen {
            state.editor_failure = result.err().map(|error| (place, error.message()));
        }
    }

    /// The "Open in editor" command as read or saved by the worker.
    pub(super) fn editor_reply(&mut self, template: Result<Option<String>, Message>, saved: bool) {
        let outcome = template.map(|template| {
            self.shared.editor_template = template;
        });
        if let Screen::Author(state) = &mut self.screen {
            if saved {
                state.editor_field = None;
                state.editor_saved = Some(outcome);
            }
        } else if let Err(message) = outcome {
            self.notify_error(message);
        }
    }

    /// The window title: in author mode it carries the problem count, so an author sees
    /// it from their editor.
    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.shared.author {
            Some(view) => trf(
                self.shared.lang,
                "author-window-title",
                &[
                    ("folder", view.dir.display().to_string()),
                    ("errors", view.errors.to_string()),
                    ("warnings", view.warnings.to_string()),
                ],
            ),
            None => "Jaga".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Takes in a new snapshot of the author's folder.
    pub(super) fn author_view(&mut self, view: Arc<AuthorView>, ctx: &egui::Context) {
        if self
            .shared
            .author
            .as_ref()
            .is_some_and(|old| old.assets != view.assets || old.generation != view.generation)
        {
            // A picture may have changed on disk: read it again when shown.
            self.shared.images.clear();
            ctx.forget_all_images();
        }
        self.shared.course = Arc::clone(&view.course);
        self.shared.assets = view.assets.clone();
        self.shared.author = Some(view);
        if matches!(self.screen, Screen::Loading | Screen::AuthorOpen { .. }) {
            self.screen = Screen::Author(Box::default());
        }
        // A preview of a module that changed plays the old version; leave it to the
        // author to restart it from the panel.
    }

    /// A one-question quiz of `question` (from `node` for a scenario), for the author's
    /// preview: the module's other questions are left out.
    pub(super) fn preview_question(
        &mut self,
        module_id: &str,
        question_id: &str,
        node: Option<&str>,
        now: DateTime<Utc>,
    ) -> Option<Screen> {
        let module = self.shared.module(module_id)?;
        let session = Session::preview_question(
            module,
            question_id,
            node,
            self.entropy.as_mut(),
            self.shared.lang.code(),
            now,
        )?;
        Some(Screen::Quiz(Box::new(QuizState::new(session))))
    }
}
