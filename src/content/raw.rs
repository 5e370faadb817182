//! The module file as written: serde types that mirror the RON text one to one.
//!
//! These types exist so that serde can reject what is not Jaga content (unknown or
//! missing fields, wrong types) with ron's own position. They are never used beyond
//! validation: [`super::validate`] turns them into the checked types in [`super::model`].
//! Every struct denies unknown fields so that a typo in a field name is an error, not
//! silently ignored text.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A learner-visible text in each language: `{"id": "…", "en": "…"}`.
pub type RawText = BTreeMap<String, String>;

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "Module", deny_unknown_fields)]
pub struct RawModule {
    pub id: String,
    pub languages: Vec<String>,
    pub title: RawText,
    pub summary: RawText,
    pub minutes: u32,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub valid_for_days: Option<u32>,
    #[serde(default)]
    pub warn_days_before: Option<u32>,
    pub lessons: Vec<RawLesson>,
    pub assessment: RawAssessment,
    #[serde(default)]
    pub bands: Vec<RawBand>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "Lesson", deny_unknown_fields)]
pub struct RawLesson {
    pub id: String,
    pub title: RawText,
    pub blocks: Vec<RawBlock>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "Block", deny_unknown_fields)]
pub enum RawBlock {
    Heading(RawText),
    Paragraph(RawText),
    Bullets(Vec<RawText>),
    Callout {
        kind: CalloutKind,
        #[serde(default)]
        title: Option<RawText>,
        text: RawText,
    },
    Image {
        path: String,
        alt: RawText,
        #[serde(default)]
        caption: Option<RawText>,
    },
    Takeaways(Vec<RawText>),
}

/// How a callout is drawn: each kind has its own colour and label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
pub enum CalloutKind {
    Tip,
    Warning,
    Example,
    Law,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "Assessment", deny_unknown_fields)]
pub struct RawAssessment {
    pub pass_mark: i64,
    #[serde(default)]
    pub draw: Option<i64>,
    #[serde(default)]
    pub shuffle_questions: bool,
    #[serde(default)]
    pub shuffle_choices: bool,
    pub questions: Vec<RawQuestion>,
}

/// Every kind has the common fields `id`, `feedback`, `points`, `always_ask` and
/// `teaches` (the id of the module's lesson that teaches the question's point).
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "Question", deny_unknown_fields)]
pub enum RawQuestion {
    SingleChoice {
        id: String,
        prompt: RawText,
        choices: Vec<RawChoice>,
        #[serde(default)]
        feedback: Option<RawText>,
        #[serde(default)]
        points: Option<u32>,
        #[serde(default)]
        always_ask: bool,
        #[serde(default)]
        teaches: Option<String>,
    },
    MultipleChoice {
        id: String,
        prompt: RawText,
        scoring: MultipleScoring,
        choices: Vec<RawChoice>,
        #[serde(default)]
        feedback: Option<RawText>,
        #[serde(default)]
        points: Option<u32>,
        #[serde(default)]
        always_ask: bool,
        #[serde(default)]
        teaches: Option<String>,
    },
    TrueFalse {
        id: String,
        prompt: RawText,
        #[serde(default)]
        answer: Option<bool>,
        #[serde(default)]
        feedback_true: Option<RawText>,
        #[serde(default)]
        feedback_false: Option<RawText>,
        #[serde(default)]
        feedback: Option<RawText>,
        #[serde(default)]
        points: Option<u32>,
        #[serde(default)]
        always_ask: bool,
        #[serde(default)]
        teaches: Option<String>,
    },
    Scenario {
        id: String,
        title: RawText,
        #[serde(default)]
        prompt: Option<RawText>,
        scoring: ScenarioScoring,
        #[serde(default)]
        allow_back: bool,
        start: String,
        nodes: Vec<RawNode>,
        #[serde(default)]
        feedback: Option<RawText>,
        #[serde(default)]
        points: Option<u32>,
        #[serde(default)]
        always_ask: bool,
        #[serde(default)]
        teaches: Option<String>,
    },
    /// A realistic artefact (an email, a chat, a table of records, a form) made of
    /// segments; the learner marks the ones that leak or hold personal data.
    SpotTheLeak {
        id: String,
        prompt: RawText,
        artefact: ArtefactForm,
        segments: Vec<RawSegment>,
        #[serde(default)]
        feedback: Option<RawText>,
        #[serde(default)]
        points: Option<u32>,
        #[serde(default)]
        always_ask: bool,
        #[serde(default)]
        teaches: Option<String>,
    },
    /// Steps to put in order; written in the right order, shown shuffled.
    Ordering {
        id: String,
        prompt: RawText,
        steps: Vec<RawStep>,
        #[serde(default)]
        feedback: Option<RawText>,
        #[serde(default)]
        points: Option<u32>,
        #[serde(default)]
        always_ask: bool,
        #[serde(default)]
        teaches: Option<String>,
    },
    /// Items to pair with categories; items shown shuffled.
    Matching {
        id: String,
        prompt: RawText,
        categories: Vec<RawCategory>,
        items: Vec<RawMatchItem>,
        #[serde(default)]
        feedback: Option<RawText>,
        #[serde(default)]
        points: Option<u32>,
        #[serde(default)]
        always_ask: bool,
        #[serde(default)]
        teaches: Option<String>,
    },
}

/// A text inside a part of a spot-the-leak, ordering or matching question: where it is
/// (`segments[2].feedback`) and what it is (a Fluent `what-…` key).
pub struct PartText<'r> {
    pub list: &'static str,
    pub index: usize,
    pub field: &'static str,
    pub what: &'static str,
    pub text: &'r RawText,
}

impl RawQuestion {
    /// Every text in the segments, steps, categories and items of the question, in file
    /// order; nothing for the other kinds.
    pub fn part_texts(&self) -> Vec<PartText<'_>> {
        fn add<'r>(
            out: &mut Vec<PartText<'r>>,
            (list, index, field): (&'static str, usize, &'static str),
            what: &'static str,
            text: Option<&'r RawText>,
        ) {
            if let Some(text) = text {
                out.push(PartText {
                    list,
                    index,
                    field,
                    what,
                    text,
                });
            }
        }
        let mut out = Vec::new();
        let o = &mut out;
        match self {
            Self::SpotTheLeak { segments, .. } => {
                for (i, s) in segments.iter().enumerate() {
                    let label = s.label.as_ref();
                    add(o, ("segments", i, "label"), "what-segment-label", label);
                    add(
                        o,
                        ("segments", i, "text"),
                        "what-segment-text",
                        Some(&s.text),
                    );
                    let feedback = s.feedback.as_ref();
                    add(
                        o,
                        ("segments", i, "feedback"),
                        "what-segment-feedback",
                        feedback,
                    );
                }
            }
            Self::Ordering { steps, .. } => {
                for (i, s) in steps.iter().enumerate() {
                    add(o, ("steps", i, "text"), "what-step-text", Some(&s.text));
                    let feedback = s.feedback.as_ref();
                    add(o, ("steps", i, "feedback"), "what-step-feedback", feedback);
                }
            }
            Self::Matching {
                categories, items, ..
            } => {
                for (i, c) in categories.iter().enumerate() {
                    add(
                        o,
                        ("categories", i, "text"),
                        "what-category-text",
                        Some(&c.text),
                    );
                }
                for (i, item) in items.iter().enumerate() {
                    let text = Some(&item.text);
                    add(o, ("items", i, "text"), "what-match-item-text", text);
                    let feedback = item.feedback.as_ref();
                    add(
                        o,
                        ("items", i, "feedback"),
                        "what-match-item-feedback",
                        feedback,
                    );
                }
            }
            _ => {}
        }
        out
    }
}

/// What a spot-the-leak artefact looks like on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum ArtefactForm {
    /// From, To, Cc, Subject, body and attachments: a label and its text per segment.
    Email,
    /// A chat thread: the label is who wrote the message.
    Chat,
    /// A table of records: one segment per row, the label in the first column.
    Table,
    /// A form: the label is the field's name.
    Form,
}

/// Why a segment should be marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum SegmentMark {
    /// Sending it as it is would leak data.
    Leak,
    /// It holds personal data.
    PersonalData,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "Segment", deny_unknown_fields)]
pub struct RawSegment {
    pub id: String,
    #[serde(default)]
    pub label: Option<RawText>,
    pub text: RawText,
    #[serde(default)]
    pub mark: Option<SegmentMark>,
    #[serde(default)]
    pub feedback: Option<RawText>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "Step", deny_unknown_fields)]
pub struct RawStep {
    pub id: String,
    pub text: RawText,
    #[serde(default)]
    pub feedback: Option<RawText>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "Category", deny_unknown_fields)]
pub struct RawCategory {
    pub id: String,
    pub text: RawText,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "Item", deny_unknown_fields)]
pub struct RawMatchItem {
    pub id: String,
    pub text: RawText,
    pub category: String,
    #[serde(default)]
    pub feedback: Option<RawText>,
}

/// How a multiple-choice question is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum MultipleScoring {
    /// Full marks only for exactly the right set of choices, otherwise none.
    AllOrNothing,
    /// Right picks minus wrong picks, over the number of right choices, never below 0.
    PartialCredit,
    /// Moodle's marking: every choice has a `weight` in percent (negative for a wrong
    /// choice); the score is the sum of the picked choices' weights, kept within 0-100%.
    Weighted,
}

/// How a scenario is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum ScenarioScoring {
    /// The score of the ending reached.
    Static,
    /// The sum of the points of every choice taken along the path.
    Dynamic,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "Choice", deny_unknown_fields)]
pub struct RawChoice {
    pub id: String,
    pub text: RawText,
    #[serde(default)]
    pub correct: bool,
    /// Moodle's grade for picking this choice, in percent (-100 to 100): partial credit
    /// for a wrong choice of a single choice, or every choice's share with `Weighted`.
    #[serde(default)]
    pub weight: Option<f64>,
    #[serde(default)]
    pub feedback: Option<RawText>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "Node", deny_unknown_fields)]
pub enum RawNode {
    Step {
        id: String,
        text: RawText,
        choices: Vec<RawOption>,
    },
    Ending {
        id: String,
        text: RawText,
        #[serde(default)]
        score: u32,
        #[serde(default)]
        feedback: Option<RawText>,
    },
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "Choice", deny_unknown_fields)]
pub struct RawOption {
    pub id: String,
    pub text: RawText,
    pub to: String,
    #[serde(default)]
    pub points: i32,
    #[serde(default)]
    pub feedback: Option<RawText>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "Band", deny_unknown_fields)]
pub struct RawBand {
    pub from: i64,
    pub feedback: RawText,
}
