//! One attempt at a module's assessment, as a pure state machine.
//!
//! An attempt is created from a module, a seed and the time; it fixes which questions are
//! asked and in which order, and the order of each question's choices, for its whole
//! life. Commands (answer, choose in a scenario, step back, finish) change it and return
//! what the learner should be shown. Nothing here reads the clock, draws random numbers
//! or touches a file: the same inputs give the same attempt, which is what lets the store
//! save it after every answer and a review show exactly what the learner saw.

use chrono::{DateTime, Utc};
use rand::SeedableRng as _;
use rand::seq::SliceRandom as _;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::grade::{Grade, PathStep, TRUE_FALSE_IDS, grade_choices, grade_scenario};
use crate::content::{
    Category, MatchItem, Module, NodeKind, Question, QuestionKind, Revision, Scenario, Text,
};

/// Whether an attempt counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Recorded as a result.
    Graded,
    /// The same questions and feedback; never recorded as a result.
    Practice,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Graded => "graded",
            Self::Practice => "practice",
        }
    }
}

/// A learner's answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Response {
    /// The ids of the chosen choices (`"true"`/`"false"` for true/false). The practice
    /// kinds use the same list: spot the leak, the ids of the segments marked (maybe
    /// none); ordering, every step id in the learner's order; matching, `item=category`
    /// for every item, in the order the items were shown.
    Choices { chosen: Vec<String>, grade: Grade },
    /// The path taken through a scenario and the ending reached.
    Scenario {
        path: Vec<PathStep>,
        ending: String,
        /// How many times the learner stepped back on the way.
        #[serde(default)]
        backs: u32,
        grade: Grade,
    },
}

impl Response {
    pub fn grade(&self) -> Grade {
        match self {
            Self::Choices { grade, .. } | Self::Scenario { grade, .. } => *grade,
        }
    }
}

/// A scenario being played: where the learner is and how they got there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRun {
    /// The id of the node the learner is at.
    pub node: String,
    pub path: Vec<PathStep>,
    /// How many times the learner stepped back.
    pub backs: u32,
}

/// One question as asked in this attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub question_id: String,
    /// The choice ids in the order shown (empty for scenarios).
    pub choice_order: Vec<String>,
    pub response: Option<Response>,
    /// Progress through a scenario not yet ended.
    pub run: Option<ScenarioRun>,
}

/// An attempt at a module's assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub id: Uuid,
    pub module_id: String,
    pub revision: Revision,
    pub language: String,
    pub mode: Mode,
    pub seed: u64,
    pub started: DateTime<Utc>,
    pub items: Vec<Item>,
    pub finished: Option<DateTime<Utc>>,
}

/// What the learner is shown after answering a choice question.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub grade: Grade,
    /// Each choice in display order: was it chosen, is it right, and why.
    pub choices: Vec<ChoiceVerdict>,
    /// The question's general explanation.
    pub general: Option<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceVerdict {
    pub id: String,
    pub chosen: bool,
    pub correct: bool,
    pub feedback: Option<Text>,
}

/// What the learner is shown after a choice in a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioFeedback {
    /// The consequence of the choice.
    pub feedback: Option<Text>,
    pub points: i32,
    /// The node reached.
    pub node: String,
    /// When the node reached is an ending: the scenario's grade.
    pub ended: Option<Grade>,
}

/// The outcome of a finished attempt.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub raw: f64,
    pub max: f64,
    /// 0–100.
    pub percent: f64,
    pub passed: bool,
}

/// A command that does not fit the attempt's state. The UI never offers these; they
/// guard against stale state (a resumed attempt, a double click).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error("this attempt is for module `{attempt}`, not `{given}`")]
    WrongModule { attempt: String, given: String },
    #[error("the module has changed since this attempt started")]
    ContentChanged,
    #[error("there is no question {0} in this attempt")]
    NoSuchItem(usize),
    #[error("question `{0}` is no longer in the module")]
    NoSuchQuestion(String),
    #[error("question `{0}` has already been answered")]
    AlreadyAnswered(String),
    #[error("question `{0}` is not a choice question")]
    NotChoiceQuestion(String),
    #[error("question `{0}` is not a scenario")]
    NotScenario(String),
    #[error("`{choice}` is not a choice of `{question}`")]
    NoSuchChoice { question: String, choice: String },
    #[error("question `{0}` takes exactly one choice")]
    OneChoiceOnly(String),
    #[error("choose at least one answer")]
    NothingChosen,
    #[error("question `{0}` needs every step placed or every item paired")]
    Incomplete(String),
    #[error("scenario `{0}` does not allow stepping back here")]
    CannotGoBack(String),
    #[error("{0} questions are not answered yet")]
    Unanswered(usize),
    #[error("the attempt is already finished")]
    Finished,
}

impl crate::i18n::Localized for EngineError {
    fn message(&self) -> crate::i18n::Message {
        use crate::i18n::Message;
        match self {
            Self::ContentChanged | Self::WrongModule { .. } | Self::NoSuchQuestion(_) => {
                Message::new("error-engine-content-changed")
            }
            Self::NothingChosen => Message::new("error-engine-nothing-chosen"),
            Self::Incomplete(_) => Message::new("error-engine-incomplete"),
            Self::OneChoiceOnly(_) => Message::new("error-engine-one-choice"),
            Self::Finished => Message::new("error-engine-finished"),
            Self::Unanswered(n) => Message::new("error-engine-unanswered").with("count", *n),
            Self::CannotGoBack(_) => Message::new("error-engine-cannot-go-back"),
            Self::NoSuchItem(_)
            | Self::AlreadyAnswered(_)
            | Self::NotChoiceQuestion(_)
            | Self::NotScenario(_)
            | Self::NoSuchChoice { .. } => Message::new("error-engine-stale"),
        }
    }
}

impl Attempt {
    /// Starts an attempt: draws and orders its questions and choices from `seed`.
    pub fn start(
        module: &Module,
        id: Uuid,
        seed: u64,
        language: &str,
        mode: Mode,
        now: DateTime<Utc>,
    ) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let questions = &module.assessment.questions;
        let asked = module.assessment.asked().min(questions.len());
        let mut indices: Vec<usize> = if asked < questions.len() {
            // Pinned questions always; the rest of the draw at random from the others.
            let (pinned, pool): (Vec<usize>, Vec<usize>) =
                (0..questions.len()).partition(|&i| questions[i].always_ask);
            let wanted = asked.saturating_sub(pinned.len()).min(pool.len());
            let mut drawn: Vec<usize> = rand::seq::index::sample(&mut rng, pool.len(), wanted)
                .into_iter()
                .map(|i| pool[i])
                .chain(pinned)
                .collect();
            // Keep the authored order among the drawn questions unless shuffling.
            drawn.sort_unstable();
            drawn
        } else {
            (0..questions.len()).collect()
        };
        if module.assessment.shuffle_questions {
            indices.shuffle(&mut rng);
        }
        let items = indices
            .into_iter()
            .map(|i| {
                let question = &questions[i];
                let mut choice_order = choice_ids(question);
                let shuffle = module.assessment.shuffle_choices
                    && matches!(
                        question.kind,
                        QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. }
                    );
                if shuffle {
                    choice_order.shuffle(&mut rng);
                }
                match question.kind {
                    // Always shuffled: shown in the right order, there is nothing to do.
                    QuestionKind::Ordering { .. } => {
                        let right = choice_order.clone();
                        choice_order.shuffle(&mut rng);
                        if choice_order.len() > 1 && choice_order == right {
                            choice_order.rotate_left(1);
                        }
                    }
                    QuestionKind::Matching { .. } => choice_order.shuffle(&mut rng),
                    _ => {}
                }
                let run = match &question.kind {
                    QuestionKind::Scenario(scenario) => Some(ScenarioRun {
                        node: scenario.nodes[scenario.start].id.clone(),
                        path: Vec::new(),
                        backs: 0,
                    }),
                    _ => None,
                };
                Item {
                    question_id: question.id.clone(),
                    choice_order,
                    response: None,
                    run,
                }
            })
            .collect();
        Self {
            id,
            module_id: module.id.clone(),
            revision: module.revision.clone(),
            language: language.to_owned(),
            mode,
            seed,
            started: now,
            items,
            finished: None,
        }
    }

    /// Checks that `module` is the exact version this attempt was started on.
    pub fn check_module(&self, module: &Module) -> Result<(), EngineError> {
        if module.id != self.module_id {
            return Err(EngineError::WrongModule {
                attempt: self.module_id.clone(),
                given: module.id.clone(),
            });
        }
        if module.revision != self.revision {
            return Err(EngineError::ContentChanged);
        }
        Ok(())
    }

    /// The first question not yet answered, or `None` when all are.
    pub fn current(&self) -> Option<usize> {
        self.items.iter().position(|i| i.response.is_none())
    }

    pub fn answered(&self) -> usize {
        self.items.iter().filter(|i| i.response.is_some()).count()
    }

    fn item_and_question<'m>(
        &self,
        module: &'m Module,
        index: usize,
    ) -> Result<&'m Question, EngineError> {
        if self.finished.is_some() {
            return Err(EngineError::Finished);
        }
        self.check_module(module)?;
        let item = self
            .items
            .get(index)
            .ok_or(EngineError::NoSuchItem(index))?;
        if item.response.is_some() {
            return Err(EngineError::AlreadyAnswered(item.question_id.clone()));
        }
        module
            .question(&item.question_id)
            .ok_or_else(|| EngineError::NoSuchQuestion(item.question_id.clone()))
    }

    /// Answers a choice question with the chosen choice ids.
    pub fn answer(
        &mut self,
        module: &Module,
        index: usize,
        chosen: &[String],
    ) -> Result<Feedback, EngineError> {
        let question = self.item_and_question(module, index)?;
        let ids = choice_ids(question);
        if matches!(question.kind, QuestionKind::Scenario(_)) {
            return Err(EngineError::NotChoiceQuestion(question.id.clone()));
        }
        let chosen = match &question.kind {
            QuestionKind::Ordering { .. } => checked_order(question, &ids, chosen)?,
            QuestionKind::Matching { categories, .. } => checked_pairs(
                question,
                &self.items[index].choice_order,
                categories,
                chosen,
            )?,
            // Marking no segment is an answer: "nothing here leaks". Kept in the
            // artefact's order, each segment once.
            QuestionKind::SpotTheLeak { .. } => {
                known_ids(question, &ids, chosen)?;
                ids.iter()
                    .filter(|id| chosen.contains(id))
                    .cloned()
                    .collect()
            }
            _ => {
                if chosen.is_empty() {
                    return Err(EngineError::NothingChosen);
                }
                known_ids(question, &ids, chosen)?;
                let single = !matches!(question.kind, QuestionKind::MultipleChoice { .. });
                if single && chosen.len() != 1 {
                    return Err(EngineError::OneChoiceOnly(question.id.clone()));
                }
                let mut chosen: Vec<String> = chosen.to_vec();
                chosen.dedup();
                chosen
            }
        };
        let fraction = grade_choices(question, &chosen).unwrap_or(0.0);
        let grade = Grade::of(question, fraction);
        let item = &mut self.items[index];
        let verdicts = verdicts(question, &item.choice_order, &chosen);
        item.response = Some(Response::Choices { chosen, grade });
        Ok(Feedback {
            grade,
            choices: verdicts,
            general: question.feedback.clone(),
        })
    }

    /// Takes a choice at the learner's current node of a scenario.
    pub fn choose(
        &mut self,
        module: &Module,
        index: usize,
        choice_id: &str,
    ) -> Result<ScenarioFeedback, EngineError> {
        let question = self.item_and_question(module, index)?;
        let QuestionKind::Scenario(scenario) = &question.kind else {
            return Err(EngineError::NotScenario(question.id.clone()));
        };
        let item = &mut self.items[index];
        let run = item.run.get_or_insert_with(|| ScenarioRun {
            node: scenario.nodes[scenario.start].id.clone(),
            path: Vec::new(),
            backs: 0,
        });
        let node = scenario
            .node_index(&run.node)
            .map(|i| &scenario.nodes[i])
            .ok_or_else(|| EngineError::NoSuchQuestion(question.id.clone()))?;
        let NodeKind::Step { choices } = &node.kind else {
            return Err(EngineError::AlreadyAnswered(question.id.clone()));
        };
        let choice = choices.iter().find(|c| c.id == choice_id).ok_or_else(|| {
            EngineError::NoSuchChoice {
                question: question.id.clone(),
                choice: choice_id.to_owned(),
            }
        })?;
        let next = &scenario.nodes[choice.to];
        run.path.push(PathStep {
            node: node.id.clone(),
            choice: choice.id.clone(),
            points: choice.points,
        });
        run.node.clone_from(&next.id);
        let ended = if matches!(next.kind, NodeKind::Ending { .. }) {
            let grade = Grade::of(question, grade_scenario(scenario, &run.path, choice.to));
            item.response = Some(Response::Scenario {
                path: run.path.clone(),
                ending: next.id.clone(),
                backs: run.backs,
                grade,
            });
            item.run = None;
            Some(grade)
        } else {
            None
        };
        Ok(ScenarioFeedback {
            feedback: choice.feedback.clone(),
            points: choice.points,
            node: next.id.clone(),
            ended,
        })
    }

    /// Steps back to the previous node of a scenario, undoing the last choice.
    pub fn back(&mut self, module: &Module, index: usize) -> Result<String, EngineError> {
        let question = self.item_and_question(module, index)?;
        let QuestionKind::Scenario(scenario) = &question.kind else {
            return Err(EngineError::NotScenario(question.id.clone()));
        };
        let item = &mut self.items[index];
        let cannot = || EngineError::CannotGoBack(question.id.clone());
        if !scenario.allow_back {
            return Err(cannot());
        }
        let run = item.run.as_mut().ok_or_else(cannot)?;
        let last = run.path.pop().ok_or_else(cannot)?;
        run.node = last.node;
        run.backs += 1;
        Ok(run.node.clone())
    }

    /// Finishes the attempt once every question is answered.
    pub fn finish(&mut self, module: &Module, now: DateTime<Utc>) -> Result<Outcome, EngineError> {
        if self.finished.is_some() {
            return Err(EngineError::Finished);
        }
        self.check_module(module)?;
        let unanswered = self.items.len() - self.answered();
        if unanswered > 0 {
            return Err(EngineError::Unanswered(unanswered));
        }
        self.finished = Some(now.max(self.started));
        Ok(self.outcome(module))
    }

    /// The score so far (of answered questions, over all asked).
    pub fn outcome(&self, module: &Module) -> Outcome {
        let raw: f64 = self
            .items
            .iter()
            .filter_map(|i| i.response.as_ref())
            .map(|r| r.grade().earned)
            .sum();
        let max: f64 = self
            .items
            .iter()
            .filter_map(|i| module.question(&i.question_id))
            .map(|q| f64::from(q.points))
            .sum();
        let percent = if max > 0.0 { raw / max * 100.0 } else { 0.0 };
        // Compare with a little tolerance so 7/10 of 70% passes despite rounding.
        let passed = percent + 1e-9 >= f64::from(module.assessment.pass_mark);
        Outcome {
            raw,
            max,
            percent,
            passed,
        }
    }

    /// How long the attempt took, in milliseconds.
    pub fn duration_ms(&self) -> i64 {
        self.finished
            .map_or(0, |f| (f - self.started).num_milliseconds().max(0))
    }
}

fn known_ids(question: &Question, ids: &[String], chosen: &[String]) -> Result<(), EngineError> {
    match chosen.iter().find(|c| !ids.contains(c)) {
        Some(unknown) => Err(EngineError::NoSuchChoice {
            question: question.id.clone(),
            choice: unknown.clone(),
        }),
        None => Ok(()),
    }
}

/// An ordering answer must hold every step exactly once.
fn checked_order(
    question: &Question,
    ids: &[String],
    order: &[String],
) -> Result<Vec<String>, EngineError> {
    known_ids(question, ids, order)?;
    let complete = order.len() == ids.len() && ids.iter().all(|id| order.contains(id));
    if complete {
        Ok(order.to_vec())
    } else {
        Err(EngineError::Incomplete(question.id.clone()))
    }
}

/// A matching answer pairs every item with a category the question has; it is kept in
/// the order the items were shown.
fn checked_pairs(
    question: &Question,
    shown: &[String],
    categories: &[Category],
    pairs: &[String],
) -> Result<Vec<String>, EngineError> {
    let stale = |pair: &String| EngineError::NoSuchChoice {
        question: question.id.clone(),
        choice: pair.clone(),
    };
    let mut chosen: Vec<(String, String)> = Vec::new();
    for pair in pairs {
        let (item, category) = MatchItem::split_pair(pair).ok_or_else(|| stale(pair))?;
        if !shown.iter().any(|s| s == item) || !categories.iter().any(|c| c.id == category) {
            return Err(stale(pair));
        }
        if !chosen.iter().any(|(i, _)| i == item) {
            chosen.push((item.to_owned(), category.to_owned()));
        }
    }
    shown
        .iter()
        .map(|item| {
            chosen
                .iter()
                .find(|(i, _)| i == item)
                .map(|(i, c)| MatchItem::pair(i, c))
                .ok_or_else(|| EngineError::Incomplete(question.id.clone()))
        })
        .collect()
}

/// The ids of a question's choices in authored order (`true`, `false` for true/false; the
/// segments, steps or items of the practice kinds).
pub fn choice_ids(question: &Question) -> Vec<String> {
    match &question.kind {
        QuestionKind::SingleChoice { choices } | QuestionKind::MultipleChoice { choices, .. } => {
            choices.iter().map(|c| c.id.clone()).collect()
        }
        QuestionKind::TrueFalse { .. } => TRUE_FALSE_IDS.iter().map(|s| (*s).to_owned()).collect(),
        QuestionKind::SpotTheLeak { segments, .. } => {
            segments.iter().map(|s| s.id.clone()).collect()
        }
        QuestionKind::Ordering { steps } => steps.iter().map(|s| s.id.clone()).collect(),
        QuestionKind::Matching { items, .. } => items.iter().map(|i| i.id.clone()).collect(),
        QuestionKind::Scenario(_) => Vec::new(),
    }
}

/// Each choice in display order with whether it was chosen, whether it is right, and why.
pub fn verdicts(question: &Question, order: &[String], chosen: &[String]) -> Vec<ChoiceVerdict> {
    order
        .iter()
        .map(|id| {
            let was_chosen = chosen.contains(id);
            let (correct, feedback) =
                match &question.kind {
                    QuestionKind::SingleChoice { choices }
                    | QuestionKind::MultipleChoice { choices, .. } => choices
                        .iter()
                        .find(|c| &c.id == id)
                        .map_or((false, None), |c| (c.correct, c.feedback.clone())),
                    QuestionKind::TrueFalse {
                        answer,
                        feedback_true,
                        feedback_false,
                    } => {
                        let is_true = id == "true";
                        let feedback = if is_true {
                            feedback_true
                        } else {
                            feedback_false
                        };
                        (is_true == *answer, feedback.clone())
                    }
                    QuestionKind::SpotTheLeak { segments, .. } => segments
                        .iter()
                        .find(|s| &s.id == id)
                        .map_or((false, None), |s| (s.mark.is_some(), s.feedback.clone())),
                    // Right when the step is where it belongs in the learner's order.
                    QuestionKind::Ordering { steps } => steps
                        .iter()
                        .position(|s| &s.id == id)
                        .map_or((false, None), |at| {
                            let placed = chosen.iter().position(|c| c == id);
                            (placed == Some(at), steps[at].feedback.clone())
                        }),
                    QuestionKind::Matching { items, .. } => items
                        .iter()
                        .find(|i| &i.id == id)
                        .map_or((false, None), |item| {
                            let right = MatchItem::pair(&item.id, &item.category);
                            (chosen.contains(&right), item.feedback.clone())
                        }),
                    QuestionKind::Scenario(_) => (false, None),
                };
            let was_chosen = match &question.kind {
                QuestionKind::Ordering { .. } | QuestionKind::Matching { .. } => true,
                _ => was_chosen,
            };
            ChoiceVerdict {
                id: id.clone(),
                chosen: was_chosen,
                correct,
                feedback,
            }
        })
        .collect()
}

/// The node a scenario run is at.
pub fn run_node<'s>(scenario: &'s Scenario, run: &ScenarioRun) -> Option<&'s crate::content::Node> {
    scenario.node_index(&run.node).map(|i| &scenario.nodes[i])
}
