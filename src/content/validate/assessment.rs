//! Assessment, question and choice checks: the pool and draw must add up, and each question
//! kind must have an answer a learner can get right; scenario questions go on to `scenario`.

use std::collections::HashMap;

use super::{Checker, did_you_mean};
use crate::content::model::{Assessment, Choice, Question, QuestionKind};
use crate::content::raw::{MultipleScoring, RawAssessment, RawChoice, RawQuestion};
use crate::content::source::Path;
use crate::i18n::Message;

impl Checker<'_> {
    pub(super) fn assessment(&mut self, raw: &RawAssessment, path: &Path) -> Assessment {
        if !(0..=100).contains(&raw.pass_mark) {
            self.error(
                &path.field("pass_mark"),
                Message::new("diag-pass-mark-outside").with("mark", raw.pass_mark.to_string()),
            );
        }
        let pool = raw.questions.len();
        if pool == 0 {
            self.error(&path.field("questions"), Message::new("diag-no-questions"));
        }
        let draw = raw.draw.and_then(|draw| {
            if draw < 1 {
                self.error(&path.field("draw"), Message::new("diag-draw-zero"));
                None
            } else if usize::try_from(draw).map_or(true, |d| d > pool) {
                self.error(
                    &path.field("draw"),
                    Message::new("diag-draw-too-large")
                        .with("draw", draw.to_string())
                        .with("pool", pool),
                );
                None
            } else {
                usize::try_from(draw).ok()
            }
        });

        let pinned = raw.questions.iter().filter(|q| always_asked(q)).count();
        if pinned > 0 && draw.is_none() {
            self.warning(
                &path.field("questions"),
                Message::new("diag-always-ask-without-draw"),
            );
        }
        if let Some(draw) = draw
            && pinned > draw
        {
            self.error(
                &path.field("draw"),
                Message::new("diag-always-ask-over-draw")
                    .with("pinned", pinned)
                    .with("draw", draw),
            );
        }
        let mut ids = HashMap::new();
        let questions = raw
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let q_path = path.field("questions").index(i);
                let id = question_id(q);
                self.item.question = Some(id.to_owned());
                self.unique_id(&mut ids, id, &q_path, "what-question");
                let question = self.question(q, &q_path);
                self.item.question = None;
                self.item.node = None;
                question
            })
            .collect();

        Assessment {
            pass_mark: u8::try_from(raw.pass_mark.clamp(0, 100)).unwrap_or(100),
            draw,
            shuffle_questions: raw.shuffle_questions,
            shuffle_choices: raw.shuffle_choices,
            questions,
        }
    }

    fn question(&mut self, raw: &RawQuestion, path: &Path) -> Question {
        let (id, points, always_ask, teaches) = match raw {
            RawQuestion::SingleChoice {
                id,
                points,
                always_ask,
                teaches,
                ..
            }
            | RawQuestion::MultipleChoice {
                id,
                points,
                always_ask,
                teaches,
                ..
            }
            | RawQuestion::TrueFalse {
                id,
                points,
                always_ask,
                teaches,
                ..
            }
            | RawQuestion::Scenario {
                id,
                points,
                always_ask,
                teaches,
                ..
            }
            | RawQuestion::SpotTheLeak {
                id,
                points,
                always_ask,
                teaches,
                ..
            }
            | RawQuestion::Ordering {
                id,
                points,
                always_ask,
                teaches,
                ..
            }
            | RawQuestion::Matching {
                id,
                points,
                always_ask,
                teaches,
                ..
            } => (id.clone(), *points, *always_ask, teaches.clone()),
        };
        if points == Some(0) {
            self.error(&path.field("points"), Message::new("diag-points-zero"));
        }
        if let Some(lesson) = &teaches {
            self.taught_by(&id, lesson, &path.field("teaches"));
        }
        let general = match raw {
            RawQuestion::SingleChoice { feedback, .. }
            | RawQuestion::MultipleChoice { feedback, .. }
            | RawQuestion::TrueFalse { feedback, .. }
            | RawQuestion::Scenario { feedback, .. }
            | RawQuestion::SpotTheLeak { feedback, .. }
            | RawQuestion::Ordering { feedback, .. }
            | RawQuestion::Matching { feedback, .. } => feedback.as_ref(),
        };
        let feedback =
            self.optional_text(&path.field("feedback"), general, "what-question-feedback");

        let (prompt, kind) = match raw {
            RawQuestion::SingleChoice {
                prompt, choices, ..
            } => {
                let prompt = self.text(&path.field("prompt"), prompt, "what-question-prompt");
                let mut choices = self.choices(choices, path);
                let correct = choices.iter().filter(|c| c.correct).count();
                self.single_choice_weights(&choices, path);
                // A wrong choice weighted 100% earns full marks too (Moodle's radio
                // question with several right answers): it is right.
                for choice in &mut choices {
                    if choice.weight.is_some_and(|w| w >= 100.0) {
                        choice.correct = true;
                    }
                }
                if correct != 1 && choices.len() >= 2 {
                    self.error(
                        path,
                        Message::new("diag-single-choice-correct")
                            .with("id", id.as_str())
                            .with("correct", correct),
                    );
                }
                (prompt, QuestionKind::SingleChoice { choices })
            }
            RawQuestion::MultipleChoice {
                prompt,
                scoring,
                choices,
                ..
            } => {
                let prompt = self.text(&path.field("prompt"), prompt, "what-question-prompt");
                let mut choices = self.choices(choices, path);
                self.multiple_choice_weights(*scoring, &mut choices, path);
                if choices.len() >= 2 && !choices.iter().any(|c| c.correct) {
                    self.error(
                        path,
                        Message::new("diag-multiple-choice-none-correct").with("id", id.as_str()),
                    );
                }
                (
                    prompt,
                    QuestionKind::MultipleChoice {
                        scoring: *scoring,
                        choices,
                    },
                )
            }
            RawQuestion::TrueFalse {
                prompt,
                answer,
                feedback_true,
                feedback_false,
                ..
            } => {
                let prompt = self.text(&path.field("prompt"), prompt, "what-statement");
                if answer.is_none() {
                    self.error(
                        path,
                        Message::new("diag-true-false-no-answer").with("id", id.as_str()),
                    );
                }
                let feedback_true = self.optional_text(
                    &path.field("feedback_true"),
                    feedback_true.as_ref(),
                    "what-feedback",
                );
                let feedback_false = self.optional_text(
                    &path.field("feedback_false"),
                    feedback_false.as_ref(),
                    "what-feedback",
                );
                for (given, which) in [(&feedback_true, "true"), (&feedback_false, "false")] {
                    if given.is_none() {
                        self.warning(
                            path,
                            Message::new("diag-true-false-no-feedback")
                                .with("id", id.as_str())
                                .with("which", which),
                        );
                    }
                }
                (
                    prompt,
                    QuestionKind::TrueFalse {
                        answer: answer.unwrap_or(true),
                        feedback_true,
                        feedback_false,
                    },
                )
            }
            RawQuestion::Scenario {
                title,
                prompt,
                scoring,
                allow_back,
                start,
                nodes,
                ..
            } => {
                let title = self.text(&path.field("title"), title, "what-scenario-title");
                let intro = self.optional_text(
                    &path.field("prompt"),
                    prompt.as_ref(),
                    "what-scenario-prompt",
                );
                let scenario = self.scenario(&id, intro, *scoring, *allow_back, start, nodes, path);
                (title, QuestionKind::Scenario(scenario))
            }
            RawQuestion::SpotTheLeak {
                prompt,
                artefact,
                segments,
                ..
            } => {
                let prompt = self.text(&path.field("prompt"), prompt, "what-question-prompt");
                let segments = self.segments(&id, segments, path);
                (
                    prompt,
                    QuestionKind::SpotTheLeak {
                        artefact: *artefact,
                        segments,
                    },
                )
            }
            RawQuestion::Ordering { prompt, steps, .. } => {
                let prompt = self.text(&path.field("prompt"), prompt, "what-question-prompt");
                let steps = self.steps(&id, steps, path);
                (prompt, QuestionKind::Ordering { steps })
            }
            RawQuestion::Matching {
                prompt,
                categories,
                items,
                ..
            } => {
                let prompt = self.text(&path.field("prompt"), prompt, "what-question-prompt");
                let (categories, items) = self.matching(&id, categories, items, path);
                (prompt, QuestionKind::Matching { categories, items })
            }
        };
        Question {
            id,
            prompt,
            feedback,
            points: points.unwrap_or(1).max(1),
            always_ask,
            teaches,
            kind,
        }
    }

    /// A question's `teaches` must name one of the module's lessons.
    fn taught_by(&mut self, id: &str, lesson: &str, path: &Path) {
        if self.lessons.iter().any(|l| l == lesson) {
            return;
        }
        let hint = did_you_mean(lesson, self.lessons.iter().map(String::as_str), "");
        self.error(
            path,
            Message::new("diag-teaches-unknown-lesson")
                .with("id", id)
                .with("lesson", lesson)
                .with("hint", hint),
        );
    }

    fn choices(&mut self, raw: &[RawChoice], question: &Path) -> Vec<Choice> {
        let path = question.field("choices");
        if raw.len() < 2 {
            self.error(&path, Message::new("diag-too-few-choices"));
        }
        let mut ids = HashMap::new();
        raw.iter()
            .enumerate()
            .map(|(i, choice)| {
                let c_path = path.index(i);
                self.unique_id(&mut ids, &choice.id, &c_path, "what-choice");
                let text = self.text(&c_path.field("text"), &choice.text, "what-choice-text");
                let feedback = self.optional_text(
                    &c_path.field("feedback"),
                    choice.feedback.as_ref(),
                    "what-choice-feedback",
                );
                if feedback.is_none() {
                    self.warning(
                        &c_path,
                        Message::new(if choice.correct {
                            "diag-choice-no-feedback-right"
                        } else {
                            "diag-choice-no-feedback-wrong"
                        })
                        .with("id", choice.id.as_str()),
                    );
                }
                let weight = choice.weight.filter(|w| {
                    let fits = w.is_finite() && (-100.0..=100.0).contains(w);
                    if !fits {
                        self.error(
                            &c_path.field("weight"),
                            Message::new("diag-choice-weight-range").with("id", choice.id.as_str()),
                        );
                    }
                    fits
                });
                Choice {
                    id: choice.id.clone(),
                    text,
                    correct: choice.correct,
                    weight,
                    feedback,
                }
            })
            .collect()
    }
}

impl Checker<'_> {
    /// A single choice's weights are partial credit for its wrong choices: between 0 and
    /// 100%, and never on the right choice, which always earns full marks.
    fn single_choice_weights(&mut self, choices: &[Choice], path: &Path) {
        for (i, choice) in choices.iter().enumerate() {
            let Some(weight) = choice.weight else {
                continue;
            };
            let key = if choice.correct {
                "diag-choice-weight-on-right"
            } else if weight < 0.0 {
                "diag-single-choice-negative-weight"
            } else {
                continue;
            };
            self.error(
                &path.field("choices").index(i).field("weight"),
                Message::new(key).with("id", choice.id.as_str()),
            );
        }
    }

    /// With `Weighted`, every choice has a weight, a choice marked right has a positive
    /// one, and the positive weights should add up to 100% (Moodle warns of the same when
    /// they do not). The right choices are the positive ones.
    /// With any other scoring a weight would be ignored, so it is an error.
    fn multiple_choice_weights(
        &mut self,
        scoring: MultipleScoring,
        choices: &mut [Choice],
        path: &Path,
    ) {
        if scoring != MultipleScoring::Weighted {
            for (i, choice) in choices.iter().enumerate() {
                if choice.weight.is_some() {
                    self.error(
                        &path.field("choices").index(i).field("weight"),
                        Message::new("diag-choice-weight-needs-weighted")
                            .with("id", choice.id.as_str()),
                    );
                }
            }
            return;
        }
        let mut positive = 0.0;
        for (i, choice) in choices.iter_mut().enumerate() {
            let c_path = path.field("choices").index(i);
            let Some(weight) = choice.weight else {
                self.error(
                    &c_path,
                    Message::new("diag-choice-weight-missing").with("id", choice.id.as_str()),
                );
                continue;
            };
            if choice.correct && weight <= 0.0 {
                self.error(
                    &c_path.field("weight"),
                    Message::new("diag-choice-weight-contradicts").with("id", choice.id.as_str()),
                );
            }
            choice.correct = weight > 0.0;
            if weight > 0.0 {
                positive += weight;
            }
        }
        if choices.iter().all(|c| c.weight.is_some()) && positive > 0.0 {
            let sum = format!("{}", (positive * 100_000.0).round() / 100_000.0);
            if positive < 100.0 - 0.001 {
                self.warning(
                    &path.field("choices"),
                    Message::new("diag-weights-below-full").with("sum", sum),
                );
            } else if positive > 100.0 + 0.001 {
                self.warning(
                    &path.field("choices"),
                    Message::new("diag-weights-above-full").with("sum", sum),
                );
            }
        }
    }
}

fn always_asked(q: &RawQuestion) -> bool {
    match q {
        RawQuestion::SingleChoice { always_ask, .. }
        | RawQuestion::MultipleChoice { always_ask, .. }
        | RawQuestion::TrueFalse { always_ask, .. }
        | RawQuestion::Scenario { always_ask, .. }
        | RawQuestion::SpotTheLeak { always_ask, .. }
        | RawQuestion::Ordering { always_ask, .. }
        | RawQuestion::Matching { always_ask, .. } => *always_ask,
    }
}

fn question_id(q: &RawQuestion) -> &str {
    match q {
        RawQuestion::SingleChoice { id, .. }
        | RawQuestion::MultipleChoice { id, .. }
        | RawQuestion::TrueFalse { id, .. }
        | RawQuestion::Scenario { id, .. }
        | RawQuestion::SpotTheLeak { id, .. }
        | RawQuestion::Ordering { id, .. }
        | RawQuestion::Matching { id, .. } => id,
    }
}
