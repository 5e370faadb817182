//! A learner's sitting at one module's assessment, with the rules every front end keeps.
//!
//! The window, `jaga demo-data` and the crash test's `jaga stress-store` all play
//! attempts through this one state machine, so the rules are written once: an open graded
//! attempt is resumed rather than replaced; an open attempt whose module has changed is
//! discarded and the learner told; progress is saved after every answer; a finished
//! attempt is recorded once; a preview records nothing. Nothing here touches the store or
//! a screen. Each command returns [`Effect`]s, and the caller applies them in order (the
//! window hands them to its worker; the command line applies them at once; see
//! `service::learner::apply`).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use uuid::Uuid;

use super::attempt::{Attempt, EngineError, Feedback, Mode, Outcome, ScenarioFeedback};
use super::grade::Grade;
use crate::clock::Entropy;
use crate::content::{Course, Module, Question, Revision};

/// What a sitting is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sitting {
    /// Counts: saved after every answer, recorded when finished.
    Graded,
    /// The same questions and feedback; saved so it resumes, never recorded as a result.
    Practice,
    /// An author trying their module: nothing is saved or recorded.
    Preview,
    /// A spaced refresher (`run` names it): each answer is recorded at once as a
    /// refresher answer and moves the question's schedule; nothing touches a graded
    /// result, and there is no open attempt to resume.
    Refresher { run: Uuid, started: DateTime<Utc> },
}

/// Something the caller must do for the session's rules to hold, in order.
#[must_use]
#[derive(Debug, Clone)]
pub enum Effect {
    /// Save the open attempt, replacing the module's earlier save.
    SaveProgress(Box<Attempt>),
    /// Record the finished attempt (a practice attempt only clears its open save).
    Record {
        attempt: Box<Attempt>,
        module: Arc<Module>,
        outcome: Outcome,
    },
    /// Forget the open attempt of a module.
    Discard { module_id: String },
    /// Tell the learner something.
    Notice(SessionNotice),
    /// Record a refresher answer and move the question's schedule.
    Refreshed(Box<RefresherAnswer>),
    /// Remove review items whose question is gone (module id, question id).
    RetireReviews(Vec<(String, String)>),
}

/// One answer in a refresher, as the store records it.
#[derive(Debug, Clone)]
pub struct RefresherAnswer {
    /// The refresher this answer belongs to, and when it started.
    pub run: Uuid,
    pub run_started: DateTime<Utc>,
    pub module_id: String,
    pub revision: Revision,
    /// The question as asked (its schedule restarts if it changed since).
    pub question: Question,
    pub language: String,
    /// The choice ids as shown, and the answer as the engine took it.
    pub choice_order: Vec<String>,
    pub chosen: Vec<String>,
    pub grade: Grade,
}

/// What a session tells the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionNotice {
    /// The module changed since the open attempt started, so the attempt was discarded.
    ContentChanged { module_id: String },
    /// The module of an open attempt is no longer in the course; the attempt was closed.
    ModuleGone,
}

/// What was shown after the last answer, until the learner moves on.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    Choices {
        index: usize,
        feedback: Feedback,
    },
    Scenario {
        index: usize,
        feedback: ScenarioFeedback,
    },
}

/// What moving on did.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// The next question is up.
    Next,
    /// The last question was answered: the attempt is finished.
    Finished(Outcome),
}

/// An attempt being taken, with the module it is on.
#[derive(Debug, Clone)]
pub struct Session {
    pub module: Arc<Module>,
    pub attempt: Attempt,
    /// The feedback on screen, until the learner moves on.
    pub shown: Option<Shown>,
    sitting: Sitting,
}

/// An open attempt looked at again.
#[derive(Debug)]
pub enum Resumed {
    /// Its module is unchanged: carry on where the learner left off.
    Session(Box<Session>),
    /// Its module changed or is gone: the attempt is discarded.
    Discarded(Vec<Effect>),
}

impl Session {
    /// Starts a sitting at `module` for a learner whose open attempts are `open`. A graded
    /// sitting resumes the learner's open graded attempt of the module when the module is
    /// unchanged; an open attempt on a changed module is discarded first.
    pub fn start(
        module: &Arc<Module>,
        open: &[Attempt],
        sitting: Sitting,
        entropy: &mut dyn Entropy,
        language: &str,
        now: DateTime<Utc>,
    ) -> (Self, Vec<Effect>) {
        let mut effects = Vec::new();
        if sitting == Sitting::Graded
            && let Some(earlier) = open
                .iter()
                .find(|a| a.module_id == module.id && a.mode == Mode::Graded)
        {
            if earlier.check_module(module).is_ok() {
                return (
                    Self::new(Arc::clone(module), earlier.clone(), sitting),
                    effects,
                );
            }
            effects.extend(discard(&earlier.module_id, true));
        }
        let mode = match sitting {
            Sitting::Graded => Mode::Graded,
            Sitting::Practice | Sitting::Preview | Sitting::Refresher { .. } => Mode::Practice,
        };
        let attempt = Attempt::start(module, entropy.uuid(), entropy.seed(), language, mode, now);
        let session = Self::new(Arc::clone(module), attempt, sitting);
        effects.extend(session.save());
        (session, effects)
    }

    /// Looks at a learner's stored open attempt again: a session on it when its module in
    /// `course` is the version it was started on, else the effects that discard it.
    pub fn resume(course: &Course, attempt: Attempt) -> Resumed {
        match course.module(&attempt.module_id) {
            Some(module) if attempt.check_module(module).is_ok() => {
                let sitting = match attempt.mode {
                    Mode::Graded => Sitting::Graded,
                    Mode::Practice => Sitting::Practice,
                };
                Resumed::Session(Box::new(Self::new(Arc::clone(module), attempt, sitting)))
            }
            Some(_) => Resumed::Discarded(discard(&attempt.module_id, true)),
            None => Resumed::Discarded(discard(&attempt.module_id, false)),
        }
    }

    /// A preview of one question of `module` (from scenario node `node`, when given), for
    /// an author: the module's other questions are left out and nothing is recorded.
    pub fn preview_question(
        module: &Module,
        question_id: &str,
        node: Option<&str>,
        entropy: &mut dyn Entropy,
        language: &str,
        now: DateTime<Utc>,
    ) -> Option<Self> {
        let question = module.question(question_id)?.clone();
        let mut single = module.clone();
        single.assessment.questions = vec![question];
        single.assessment.draw = None;
        let single = Arc::new(single);
        let mut attempt = Attempt::start(
            &single,
            entropy.uuid(),
            entropy.seed(),
            language,
            Mode::Practice,
            now,
        );
        if let (Some(node), Some(run)) =
            (node, attempt.items.first_mut().and_then(|i| i.run.as_mut()))
        {
            node.clone_into(&mut run.node);
        }
        Some(Self::new(single, attempt, Sitting::Preview))
    }

    /// A refresher on `module` (a module of the course asking only its due questions, see
    /// `review::refresher_module`), part of refresher `run`.
    pub fn refresher(
        module: &Arc<Module>,
        run: Uuid,
        started: DateTime<Utc>,
        entropy: &mut dyn Entropy,
        language: &str,
        now: DateTime<Utc>,
    ) -> Self {
        let attempt = Attempt::start(
            module,
            entropy.uuid(),
            entropy.seed(),
            language,
            Mode::Practice,
            now,
        );
        Self::new(
            Arc::clone(module),
            attempt,
            Sitting::Refresher { run, started },
        )
    }

    fn new(module: Arc<Module>, attempt: Attempt, sitting: Sitting) -> Self {
        Self {
            module,
            attempt,
            shown: None,
            sitting,
        }
    }

    pub fn sitting(&self) -> Sitting {
        self.sitting
    }

    /// The question on screen: the one whose feedback is shown, else the next unanswered.
    pub fn index(&self) -> Option<usize> {
        match &self.shown {
            Some(Shown::Choices { index, .. } | Shown::Scenario { index, .. }) => Some(*index),
            None => self.attempt.current(),
        }
    }

    /// Answers the current choice question with `chosen`, and shows the feedback. While
    /// feedback is shown nothing is answered (a second Enter, say).
    pub fn answer(&mut self, chosen: &[String]) -> Result<Vec<Effect>, EngineError> {
        if self.shown.is_some() {
            return Ok(Vec::new());
        }
        let Some(index) = self.attempt.current() else {
            return Err(EngineError::Finished);
        };
        let feedback = self.attempt.answer(&self.module, index, chosen)?;
        let grade = feedback.grade;
        self.shown = Some(Shown::Choices { index, feedback });
        if let Sitting::Refresher { run, started } = self.sitting {
            let item = &self.attempt.items[index];
            let Some(question) = self.module.question(&item.question_id) else {
                return Ok(Vec::new());
            };
            return Ok(vec![Effect::Refreshed(Box::new(RefresherAnswer {
                run,
                run_started: started,
                module_id: self.module.id.clone(),
                revision: self.module.revision.clone(),
                question: question.clone(),
                language: self.attempt.language.clone(),
                choice_order: item.choice_order.clone(),
                chosen: chosen.to_vec(),
                grade,
            }))]);
        }
        Ok(self.save())
    }

    /// Takes a choice at the current scenario node, and shows its consequence.
    pub fn choose(&mut self, choice: &str) -> Result<Vec<Effect>, EngineError> {
        let Some(index) = self.index() else {
            return Err(EngineError::Finished);
        };
        if matches!(self.shown, Some(Shown::Choices { .. })) {
            return Ok(Vec::new());
        }
        let feedback = self.attempt.choose(&self.module, index, choice)?;
        self.shown = Some(Shown::Scenario { index, feedback });
        Ok(self.save())
    }

    /// Steps back to the previous node of the current scenario.
    pub fn back(&mut self) -> Result<Vec<Effect>, EngineError> {
        let Some(index) = self.index() else {
            return Err(EngineError::Finished);
        };
        self.attempt.back(&self.module, index)?;
        self.shown = None;
        Ok(self.save())
    }

    /// Hides a scenario step's consequence to show the node it led to.
    pub fn continue_scenario(&mut self) {
        if matches!(
            self.shown,
            Some(Shown::Scenario { ref feedback, .. }) if feedback.ended.is_none()
        ) {
            self.shown = None;
        }
    }

    /// Moves past the feedback shown; after the last question, finishes the attempt.
    pub fn next(&mut self, now: DateTime<Utc>) -> Result<(Step, Vec<Effect>), EngineError> {
        self.shown = None;
        if self.attempt.current().is_some() {
            return Ok((Step::Next, Vec::new()));
        }
        let outcome = self.attempt.finish(&self.module, now)?;
        let effects = if matches!(self.sitting, Sitting::Preview | Sitting::Refresher { .. }) {
            // A refresher's answers were recorded one by one; a preview records nothing.
            Vec::new()
        } else {
            vec![Effect::Record {
                attempt: Box::new(self.attempt.clone()),
                module: Arc::clone(&self.module),
                outcome,
            }]
        };
        Ok((Step::Finished(outcome), effects))
    }

    fn save(&self) -> Vec<Effect> {
        match self.sitting {
            Sitting::Preview | Sitting::Refresher { .. } => Vec::new(),
            Sitting::Graded | Sitting::Practice => {
                vec![Effect::SaveProgress(Box::new(self.attempt.clone()))]
            }
        }
    }
}

/// Discards the open attempt of `module_id`, and says why: the module changed, or it is
/// no longer in the course.
fn discard(module_id: &str, in_course: bool) -> Vec<Effect> {
    let notice = if in_course {
        SessionNotice::ContentChanged {
            module_id: module_id.to_owned(),
        }
    } else {
        SessionNotice::ModuleGone
    };
    vec![
        Effect::Discard {
            module_id: module_id.to_owned(),
        },
        Effect::Notice(notice),
    ]
}

/// The module an effect is about.
fn module_of(effect: &Effect) -> Option<&str> {
    match effect {
        Effect::SaveProgress(attempt) | Effect::Record { attempt, .. } => {
            Some(attempt.module_id.as_str())
        }
        Effect::Discard { module_id } => Some(module_id),
        Effect::Notice(_) | Effect::Refreshed(_) | Effect::RetireReviews(_) => None,
    }
}

/// The same effects without the saves a later effect on the same module makes moot (a
/// later save replaces it; a record or a discard removes it), for callers that apply a
/// whole sitting at once (demo data). Applying the result leaves the store as applying
/// every effect would.
pub fn coalesce(effects: Vec<Effect>) -> Vec<Effect> {
    let superseded: Vec<bool> = effects
        .iter()
        .enumerate()
        .map(|(i, effect)| {
            matches!(effect, Effect::SaveProgress(_))
                && effects[i + 1..].iter().any(|later| {
                    module_of(later).is_some() && module_of(later) == module_of(effect)
                })
        })
        .collect();
    effects
        .into_iter()
        .zip(superseded)
        .filter_map(|(effect, moot)| (!moot).then_some(effect))
        .collect()
}
