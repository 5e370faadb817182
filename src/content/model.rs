//! The checked, immutable course that the engine, the store, reports and the UI use.
//!
//! A value of these types has passed validation: ids are unique, references resolve,
//! every declared language has every text, pass marks are in range. Code that uses them
//! can index and look up without re-checking, and without panicking.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

pub use super::raw::{ArtefactForm, CalloutKind, MultipleScoring, ScenarioScoring, SegmentMark};

/// A learner-visible text in each of the module's languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    /// The text in `lang`, else in English, else in any language there is.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    /// The text in exactly `lang`, if it has one.
    pub fn exact(&self, lang: &str) -> Option<&str> {
        self.0.get(lang).map(String::as_str)
    }

    pub fn single(lang: &str, text: &str) -> Self {
        Self(BTreeMap::from([(lang.to_owned(), text.to_owned())]))
    }
}

/// A hash of a module file's bytes: the exact version a learner was tested on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Revision(pub String);

impl Revision {
    pub fn of(bytes: &[u8]) -> Self {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(bytes);
        Self(hex(&digest))
    }

    /// The first 12 hex digits, enough to tell versions apart on screen.
    pub fn short(&self) -> &str {
        &self.0[..self.0.len().min(12)]
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The course: every module that loaded, in file-name order, and the tracks that group
/// them (from the course file beside the modules, or one track of every module).
#[derive(Debug, Clone, Default)]
pub struct Course {
    pub modules: Vec<Arc<Module>>,
    /// Never empty when there are modules: without a course file, one track holds them all.
    pub tracks: Vec<Track>,
}

impl Course {
    /// A course of `modules` grouped into `tracks`; without tracks (no course file, or one
    /// with errors), one track of every module in file order.
    pub fn new(modules: Vec<Arc<Module>>, tracks: Option<Vec<Track>>) -> Self {
        let tracks = tracks.unwrap_or_else(|| {
            if modules.is_empty() {
                Vec::new()
            } else {
                vec![Track::everything(&modules)]
            }
        });
        Self { modules, tracks }
    }

    pub fn module(&self, id: &str) -> Option<&Arc<Module>> {
        self.modules.iter().find(|m| m.id == id)
    }

    pub fn track(&self, id: &str) -> Option<&Track> {
        self.tracks.iter().find(|t| t.id == id)
    }
}

/// Modules grouped for a kind of employee: "Inti" for everyone, others for some roles.
/// A manager assigns a track to a department with a due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Track {
    pub id: String,
    pub title: Text,
    pub summary: Option<Text>,
    /// The lowest pass mark a module of this track may set: the track's risk rule.
    pub min_pass_mark: Option<u8>,
    /// The ids of its modules, in the order learners take them.
    pub modules: Vec<String>,
}

impl Track {
    /// The id of the one track a course without a course file has.
    pub const EVERYTHING: &'static str = "all";

    /// One track of every module, titled in both interface languages.
    pub fn everything(modules: &[Arc<Module>]) -> Self {
        use crate::i18n::{Lang, tr};
        let title = Text(
            Lang::ALL
                .iter()
                .map(|lang| (lang.code().to_owned(), tr(*lang, "track-everything")))
                .collect(),
        );
        Self {
            id: Self::EVERYTHING.to_owned(),
            title,
            summary: None,
            min_pass_mark: None,
            modules: modules.iter().map(|m| m.id.clone()).collect(),
        }
    }

    pub fn contains(&self, module_id: &str) -> bool {
        self.modules.iter().any(|m| m == module_id)
    }
}

impl crate::i18n::Titles for Course {
    fn title(&self, module_id: &str, lang: crate::i18n::Lang) -> Option<String> {
        self.module(module_id)
            .map(|m| m.title.get(lang.code()).to_owned())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Validity {
    pub valid_for_days: u32,
    pub warn_days_before: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Module {
    pub id: String,
    pub languages: Vec<String>,
    pub title: Text,
    pub summary: Text,
    pub minutes: u32,
    pub tags: Vec<String>,
    /// When a pass expires and must be renewed; `None` means a pass never expires.
    pub validity: Option<Validity>,
    pub lessons: Vec<Lesson>,
    pub assessment: Assessment,
    /// Feedback by score band, sorted by `from`.
    pub bands: Vec<Band>,
    pub revision: Revision,
    /// The file the module came from, as shown in diagnostics.
    pub file: String,
}

impl Module {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.assessment.questions.iter().find(|q| q.id == id)
    }

    /// The lesson that teaches question `question_id`'s point, with its index in
    /// `lessons`; `None` when there is no such question or it names no lesson.
    pub fn lesson_teaching(&self, question_id: &str) -> Option<(usize, &Lesson)> {
        let lesson_id = self.question(question_id)?.teaches.as_deref()?;
        self.lessons
            .iter()
            .enumerate()
            .find(|(_, lesson)| lesson.id == lesson_id)
    }

    /// The band feedback for a percentage, if the module has bands.
    pub fn band_for(&self, percent: f64) -> Option<&Band> {
        self.bands
            .iter()
            .rev()
            .find(|band| f64::from(band.from) <= percent)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Lesson {
    pub id: String,
    pub title: Text,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Serialize)]
pub enum Block {
    Heading(Text),
    Paragraph(Text),
    Bullets(Vec<Text>),
    Callout {
        kind: CalloutKind,
        title: Option<Text>,
        text: Text,
    },
    Image {
        /// The path as written, under `assets/`.
        path: String,
        alt: Text,
        caption: Option<Text>,
    },
    Takeaways(Vec<Text>),
}

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// Percentage needed to pass, 0–100.
    pub pass_mark: u8,
    /// How many questions an attempt draws from the pool; `None` means all of them.
    pub draw: Option<usize>,
    pub shuffle_questions: bool,
    pub shuffle_choices: bool,
    pub questions: Vec<Question>,
}

impl Assessment {
    /// The number of questions an attempt asks.
    pub fn asked(&self) -> usize {
        self.draw.unwrap_or(self.questions.len())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub id: String,
    /// The question text; for a scenario, its title.
    pub prompt: Text,
    /// Explanation shown after answering, whatever the answer.
    pub feedback: Option<Text>,
    /// The question's weight in the module's score.
    pub points: u32,
    /// Asked in every attempt, even when the assessment draws from its pool.
    pub always_ask: bool,
    /// The id of the lesson of the same module that teaches the question's point, for
    /// pointing a learner back to it; validation has checked that the lesson exists.
    pub teaches: Option<String>,
    pub kind: QuestionKind,
}

#[derive(Debug, Clone, Serialize)]
pub enum QuestionKind {
    SingleChoice {
        choices: Vec<Choice>,
    },
    MultipleChoice {
        scoring: MultipleScoring,
        choices: Vec<Choice>,
    },
    TrueFalse {
        answer: bool,
        feedback_true: Option<Text>,
        feedback_false: Option<Text>,
    },
    Scenario(Scenario),
    /// Segments of an artefact; the learner marks those with a `mark`.
    SpotTheLeak {
        artefact: ArtefactForm,
        segments: Vec<Segment>,
    },
    /// Steps in their right order (shown shuffled).
    Ordering {
        steps: Vec<Step>,
    },
    /// Items each paired with one of the categories (items shown shuffled).
    Matching {
        categories: Vec<Category>,
        items: Vec<MatchItem>,
    },
}

/// One piece of a spot-the-leak artefact: an email's Cc line, a chat message, a record.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    pub id: String,
    /// The field name, the sender or the row's key; `None` for running text.
    pub label: Option<Text>,
    pub text: Text,
    /// Why the learner should mark it; `None` when it is harmless.
    pub mark: Option<SegmentMark>,
    pub feedback: Option<Text>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub id: String,
    pub text: Text,
    pub feedback: Option<Text>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: String,
    pub text: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatchItem {
    pub id: String,
    pub text: Text,
    /// The id of its right category.
    pub category: String,
    pub feedback: Option<Text>,
}

impl MatchItem {
    /// How a learner's pairing is written in a response: `item=category`. Ids never
    /// hold `=`, so the two halves are always told apart.
    pub fn pair(item: &str, category: &str) -> String {
        format!("{item}={category}")
    }

    /// The item and category ids of a pairing written by [`MatchItem::pair`].
    pub fn split_pair(pair: &str) -> Option<(&str, &str)> {
        pair.split_once('=')
    }
}

impl QuestionKind {
    /// A short stable name used in reports and the store.
    pub fn name(&self) -> &'static str {
        match self {
            Self::SingleChoice { .. } => "single_choice",
            Self::MultipleChoice { .. } => "multiple_choice",
            Self::TrueFalse { .. } => "true_false",
            Self::Scenario(_) => "scenario",
            Self::SpotTheLeak { .. } => "spot_the_leak",
            Self::Ordering { .. } => "ordering",
            Self::Matching { .. } => "matching",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub id: String,
    pub text: Text,
    /// Right (full credit in a single choice; a positive weight with `Weighted`).
    pub correct: bool,
    /// The share of the question's points picking this choice earns, in percent, where
    /// the file gives one: partial credit for a wrong choice of a single choice, and every
    /// choice's weight (negative for a wrong one) of a `Weighted` multiple choice.
    pub weight: Option<f64>,
    pub feedback: Option<Text>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    /// Shown before the first node.
    pub intro: Option<Text>,
    pub scoring: ScenarioScoring,
    pub allow_back: bool,
    /// Index into `nodes` of the start node.
    pub start: usize,
    pub nodes: Vec<Node>,
    /// The best score a learner can reach: the highest ending score (static) or the
    /// highest sum of points along a path without repeated nodes (dynamic).
    pub max_score: u32,
}

impl Scenario {
    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub id: String,
    pub text: Text,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, Serialize)]
pub enum NodeKind {
    Step { choices: Vec<ScenarioChoice> },
    Ending { score: u32, feedback: Option<Text> },
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioChoice {
    pub id: String,
    pub text: Text,
    /// Index into the scenario's `nodes`.
    pub to: usize,
    pub points: i32,
    pub feedback: Option<Text>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Band {
    /// The lowest percentage of the band.
    pub from: u8,
    pub feedback: Text,
}
