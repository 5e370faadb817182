//! The learner's side of the app: profiles, home, lessons, the quiz through the core
//! session rules, results, certificates and "My data".

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::App;
use crate::content::Module;
use crate::engine::{self, Attempt, Effect, Mode, Resumed, Session, SessionNotice, Sitting, Step};
use crate::i18n::{Localized as _, Message};
use crate::ui::command::{Command, SaveKind, SaveWhat};
use crate::ui::paths;
use crate::ui::state::{
    Card, MyDataState, PinForm, QuizState, RefresherResult, RefresherRun, ReviewSource, Screen,
};
use crate::ui::worker::Job;

impl App {
    /// Applies a command of the learner's screens.
    pub(super) fn apply_learner(&mut self, command: Command) {
        let now = self.clock.now();
        match command {
            Command::GoHome => {
                if self.is_author_mode() {
                    self.screen = Screen::Author(Box::default());
                    return;
                }
                self.refresh_cards();
                self.screen = Screen::Home;
            }
            Command::OpenModule(id) => {
                if let Some(module) = self.shared.module(&id).cloned() {
                    self.load_images(&module);
                    // The page the learner was on, if the module still has it.
                    let index = self
                        .shared
                        .data
                        .lesson_pages
                        .get(&id)
                        .copied()
                        .filter(|page| *page < module.lessons.len())
                        .unwrap_or(0);
                    self.screen = Screen::Lessons { module, index };
                }
            }
            Command::LessonPage { module, page } => {
                if let Screen::Lessons { index, .. } = &mut self.screen {
                    *index = page;
                }
                if self.shared.data.lesson_pages.get(&module) != Some(&page)
                    && let Some(learner_id) = self.learner_id()
                    && !self.is_author_mode()
                {
                    self.shared.data.lesson_pages.insert(module.clone(), page);
                    self.worker.send(Job::LessonPage {
                        learner_id,
                        module_id: module,
                        page,
                    });
                }
            }
            Command::StartQuiz { module, practice } => self.start_quiz(&module, practice, now),
            Command::ResumeQuiz(module_id) => {
                let open = self
                    .shared
                    .data
                    .open
                    .iter()
                    .find(|a| a.module_id == module_id)
                    .cloned();
                if let Some(screen) = open.and_then(|a| self.resume(a)) {
                    self.screen = screen;
                }
            }
            Command::SubmitAnswer => self.submit_answer(),
            Command::NextQuestion => self.next_question(now),
            Command::ScenarioChoose(choice) => self.scenario_choose(&choice),
            Command::ScenarioBack => {
                if let Screen::Quiz(quiz) = &mut self.screen
                    && let Ok(effects) = quiz.session.back()
                {
                    self.apply_effects(effects);
                }
            }
            Command::ReplayScenario => self.replay_scenario(now),
            Command::LeaveQuiz if matches!(&self.screen, Screen::Quiz(quiz) if quiz.replay_of.is_some()) =>
            {
                self.end_replay();
            }
            Command::LeaveQuiz if self.is_author_mode() => {
                self.screen = Screen::Author(Box::default());
            }
            Command::LeaveQuiz => {
                self.notify(Message::new("quiz-saved"));
                self.refresh_cards();
                self.screen = Screen::Home;
            }
            Command::ShowResult { module, attempt } => {
                if let Some(module) = self.shared.module(&module).cloned() {
                    self.screen = Screen::Result {
                        module,
                        review: ReviewSource::Stored(attempt),
                        certificate_path: String::new(),
                    };
                }
            }
            Command::StartRefresher => self.start_refresher(now),
            Command::SetNudge(enabled) => self.set_nudge(enabled),
            Command::ReadAgain { module, page } => {
                if let Some(module) = self.shared.module(&module).cloned() {
                    self.load_images(&module);
                    let index = page.min(module.lessons.len().saturating_sub(1));
                    self.screen = Screen::Lessons { module, index };
                }
            }
            Command::OpenMyData => {
                let suggested = paths::suggested(&SaveWhat::MyData, self.shared.learner(), now);
                self.shared.saves.remove(&SaveKind::MyData);
                self.screen = Screen::MyData(MyDataState {
                    export_path: suggested.display().to_string(),
                    confirm_erase: false,
                    pin: PinForm::default(),
                });
            }
            Command::EraseMe => {
                if let Some(learner_id) = self.learner_id() {
                    self.worker.send(Job::EraseLearner { learner_id });
                }
            }
            _ => {}
        }
    }

    /// Recomputes every module's status for the current learner (on data change, not
    /// every frame), with the due dates and tracks of their assignments.
    pub(super) fn refresh_cards(&mut self) {
        let now = self.shared.now;
        let data = &self.shared.data;
        let required = crate::store::required_modules(&self.shared.course, &data.due, &data.tracks);
        self.shared.cards = self
            .shared
            .course
            .modules
            .iter()
            .map(|module| {
                let finished: Vec<engine::Finished> = data
                    .attempts
                    .iter()
                    .filter(|a| a.module_id == module.id && a.mode == "graded")
                    .map(|a| engine::Finished {
                        at: a.finished,
                        passed: a.passed,
                    })
                    .collect();
                let open = data
                    .open
                    .iter()
                    .find(|a| a.module_id == module.id && a.mode == Mode::Graded)
                    .map(|a| (a.answered(), a.items.len()));
                let required = required.iter().find(|r| r.module_id == module.id);
                let due = required.map(|r| r.due);
                let last = data
                    .attempts
                    .iter()
                    .filter(|a| a.module_id == module.id)
                    .max_by_key(|a| a.finished)
                    .map(|a| a.id);
                Card {
                    module: Arc::clone(module),
                    status: engine::status(&finished, open, module.validity, due, now),
                    due,
                    track: required.and_then(|r| r.track.clone()),
                    last,
                }
            })
            .collect();
        self.shared.refreshers = if self.is_author_mode() {
            engine::Queue::default()
        } else {
            let until = engine::review::end_of_day(now, crate::certificate::data::local_offset());
            engine::Queue::build(&self.shared.course, &data.reviews, until)
        };
    }

    /// Starts the day's refresher: the next few due questions, a session per module.
    /// Items whose question left the course are retired first, never shown.
    fn start_refresher(&mut self, now: DateTime<Utc>) {
        let queue = self.shared.refreshers.clone();
        if !queue.retired.is_empty() {
            self.apply_effects(vec![Effect::RetireReviews(queue.retired.clone())]);
        }
        let run_id = self.entropy.uuid();
        let language = self.shared.lang.code();
        let mut sessions: std::collections::VecDeque<Session> = queue
            .next_run()
            .iter()
            .filter_map(|(module_id, questions)| {
                let module = self.shared.module(module_id)?;
                let asked = engine::review::refresher_module(module, questions)?;
                Some(Session::refresher(
                    &Arc::new(asked),
                    run_id,
                    now,
                    self.entropy.as_mut(),
                    language,
                    now,
                ))
            })
            .collect();
        let total = sessions.iter().map(|s| s.attempt.items.len()).sum();
        let Some(first) = sessions.pop_front() else {
            self.refresh_cards();
            return;
        };
        let mut state = QuizState::new(first);
        state.refresher = Some(RefresherRun {
            id: run_id,
            started: now,
            pending: sessions,
            total,
            before: 0,
            results: Vec::new(),
        });
        self.screen = Screen::Quiz(Box::new(state));
    }

    /// The store rescheduled a question answered in a refresher.
    pub(super) fn refreshed(&mut self, item: &engine::ReviewItem) {
        self.shared.data.note_review(item);
        let run = match &mut self.screen {
            Screen::Quiz(quiz) => quiz.refresher.as_mut(),
            Screen::RefresherDone(run) => Some(run),
            _ => None,
        };
        if let Some(run) = run {
            run.note_due(&item.module_id, &item.question_id, item.due);
        }
        if !matches!(self.screen, Screen::Quiz(_)) {
            self.refresh_cards();
        }
    }

    /// After loading a learner: straight back into an open graded attempt, else home.
    pub(super) fn resume_or_home(&mut self) -> Screen {
        let open = self
            .shared
            .data
            .open
            .iter()
            .find(|a| a.mode == Mode::Graded)
            .cloned();
        if let Some(attempt) = open
            && let Some(screen) = self.resume(attempt)
        {
            return screen;
        }
        Screen::Home
    }

    /// A quiz screen for a stored open attempt, when its module is unchanged; otherwise
    /// the attempt is discarded and the learner told.
    pub(super) fn resume(&mut self, attempt: Attempt) -> Option<Screen> {
        match Session::resume(&self.shared.course, attempt) {
            Resumed::Session(session) => Some(Screen::Quiz(Box::new(QuizState::new(*session)))),
            Resumed::Discarded(effects) => {
                self.apply_effects(effects);
                None
            }
        }
    }

    /// Carries out what a session asked for: notices are shown, the in-memory copy of
    /// the learner's data follows, and every write goes to the worker, in order.
    pub(super) fn apply_effects(&mut self, effects: Vec<Effect>) {
        if effects.is_empty() {
            return;
        }
        let mut writes = Vec::new();
        for effect in effects {
            match &effect {
                Effect::Notice(notice) => self.notify(session_notice(notice)),
                _ => {
                    self.shared.data.note(&effect);
                    writes.push(effect);
                }
            }
        }
        self.refresh_cards();
        if let (Some(learner_id), false) = (self.learner_id(), writes.is_empty()) {
            self.worker.send(Job::Apply {
                learner_id,
                effects: writes,
                now: self.clock.now(),
            });
        }
    }

    pub(super) fn load_images(&mut self, module: &Module) {
        let wanted: Vec<String> = module
            .lessons
            .iter()
            .flat_map(|l| &l.blocks)
            .filter_map(|b| match b {
                crate::content::Block::Image { path, .. } => Some(path.clone()),
                _ => None,
            })
            .filter(|p| !self.shared.images.iter().any(|(have, _)| have == p))
            .collect();
        if !wanted.is_empty() {
            self.worker.send(Job::LoadImages {
                assets: self.shared.assets.clone(),
                paths: wanted,
            });
        }
    }

    pub(super) fn start_quiz(&mut self, module_id: &str, practice: bool, now: DateTime<Utc>) {
        let Some(module) = self.shared.module(module_id).cloned() else {
            return;
        };
        let sitting = if self.is_author_mode() {
            Sitting::Preview
        } else if practice {
            Sitting::Practice
        } else {
            Sitting::Graded
        };
        let (session, effects) = Session::start(
            &module,
            &self.shared.data.open,
            sitting,
            self.entropy.as_mut(),
            self.shared.lang.code(),
            now,
        );
        self.screen = Screen::Quiz(Box::new(QuizState::new(session)));
        self.apply_effects(effects);
    }

    pub(super) fn submit_answer(&mut self) {
        let Screen::Quiz(quiz) = &mut self.screen else {
            return;
        };
        let chosen = quiz.answer();
        match quiz.session.answer(&chosen) {
            Ok(effects) => {
                if quiz.session.shown.is_some() {
                    quiz.clear_answer();
                }
                if let Some(run) = &mut quiz.refresher {
                    for effect in &effects {
                        if let Effect::Refreshed(answer) = effect {
                            run.results.push(RefresherResult {
                                module_id: answer.module_id.clone(),
                                question_id: answer.question.id.clone(),
                                correct: engine::Recall::of_fraction(answer.grade.fraction)
                                    == engine::Recall::Recalled,
                                next_due: None,
                            });
                        }
                    }
                }
                self.apply_effects(effects);
            }
            // Nothing chosen: the button is disabled, so this is a stray Enter key.
            Err(engine::EngineError::NothingChosen) => {}
            Err(error) => self.notify_error(error.message()),
        }
    }

    pub(super) fn scenario_choose(&mut self, choice: &str) {
        let Screen::Quiz(quiz) = &mut self.screen else {
            return;
        };
        match quiz.session.choose(choice) {
            Ok(effects) => self.apply_effects(effects),
            Err(error) => self.notify_error(error.message()),
        }
    }

    /// Plays the scenario on screen again from its start, as a preview of that question:
    /// nothing is recorded, and the quiz waits, unchanged, to be taken up again.
    fn replay_scenario(&mut self, now: DateTime<Utc>) {
        let Screen::Quiz(quiz) = &self.screen else {
            return;
        };
        let Some(index) = quiz.session.index() else {
            return;
        };
        let question = quiz.session.attempt.items[index].question_id.clone();
        let language = self.shared.lang.code();
        let Some(replay) = Session::preview_question(
            &quiz.session.module,
            &question,
            None,
            &mut *self.entropy,
            language,
            now,
        ) else {
            return;
        };
        let Screen::Quiz(quiz) = std::mem::replace(&mut self.screen, Screen::Loading) else {
            return;
        };
        let mut state = QuizState::new(replay);
        state.replay_of = Some(quiz);
        self.screen = Screen::Quiz(Box::new(state));
    }

    /// Back from a replay to the quiz as it was.
    fn end_replay(&mut self) {
        if let Screen::Quiz(quiz) = &mut self.screen
            && let Some(back) = quiz.replay_of.take()
        {
            self.screen = Screen::Quiz(back);
        }
    }

    /// Moves past the feedback shown; finishes the attempt after the last question.
    pub(super) fn next_question(&mut self, now: DateTime<Utc>) {
        if matches!(&self.screen, Screen::Quiz(quiz) if quiz.replay_of.is_some()) {
            self.end_replay();
            return;
        }
        let Screen::Quiz(quiz) = &mut self.screen else {
            return;
        };
        let Ok((step, effects)) = quiz.session.next(now) else {
            return;
        };
        if step == Step::Next {
            return;
        }
        if let Some(mut run) = quiz.refresher.take() {
            run.before += quiz.session.attempt.items.len();
            self.apply_effects(effects);
            match run.pending.pop_front() {
                Some(next) => {
                    let mut state = QuizState::new(next);
                    state.refresher = Some(run);
                    self.screen = Screen::Quiz(Box::new(state));
                }
                None => {
                    self.refresh_cards();
                    self.screen = Screen::RefresherDone(run);
                }
            }
            return;
        }
        let module = Arc::clone(&quiz.session.module);
        let attempt = quiz.session.attempt.clone();
        self.apply_effects(effects);
        self.shared.saves.remove(&SaveKind::Certificate);
        self.screen = Screen::Result {
            module,
            review: ReviewSource::Fresh(Box::new(attempt)),
            certificate_path: String::new(),
        };
    }
}

/// What a session tells the learner, as a message.
fn session_notice(notice: &SessionNotice) -> Message {
    match notice {
        SessionNotice::ContentChanged { module_id } => {
            Message::new("notice-content-changed").module("module", module_id)
        }
        SessionNotice::ModuleGone => Message::new("notice-module-gone"),
    }
}
