//! Turns a parsed module file into a checked [`Module`], reporting every problem at once.
//!
//! Authors fix content in rounds: an editor that stops at the first problem makes them
//! save and reload once per mistake. So the checker walks the whole module, records each
//! problem with the path of the item it is about, and only at the end decides whether a
//! usable module came out (no errors) or not. Paths are turned into `line:col` through the
//! file's [`SourceMap`].

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use super::diagnostic::{Diagnostic, ItemRef, Severity};
use super::model::{
    Assessment, Band, Block, Choice, Lesson, Module, Node, NodeKind, Question, QuestionKind,
    Revision, Scenario, ScenarioChoice, Text, Validity,
};
use super::raw::{
    RawAssessment, RawBlock, RawChoice, RawLesson, RawModule, RawNode, RawQuestion, RawText,
    ScenarioScoring,
};
use super::source::{Path, SourceMap};

/// Answers whether an image path names a file in the course's assets.
pub trait AssetLookup {
    /// `Ok(())` when `path` (relative, under `assets/`) names an existing file inside the
    /// assets folder; otherwise why it does not.
    fn check(&self, path: &str) -> Result<(), ImageProblem>;
}

/// Why an image path in a module does not name an image Jaga can show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageProblem {
    #[error("image path `{0}` uses '\\'; write paths with '/', like assets/images/x.png")]
    Backslash(String),
    #[error(
        "image path `{0}` is absolute; write it relative to the content folder, like assets/images/x.png"
    )]
    Absolute(String),
    #[error(
        "image path `{0}` escapes the content folder or has empty parts; keep images inside assets/"
    )]
    Escapes(String),
    #[error("image path `{0}` must be under assets/, like assets/images/x.png")]
    OutsideAssets(String),
    #[error("image `{0}` is not a PNG file; Jaga shows PNG images")]
    NotPng(String),
    #[error("image `{0}` does not exist in the bundled assets")]
    NotBundled(String),
    #[error("image `{0}` cannot be found: there is no assets folder beside the modules")]
    NoAssetsFolder(String),
    #[error("cannot open the assets folder {folder}: {reason}")]
    AssetsFolderUnreadable { folder: String, reason: String },
    #[error("image `{path}` does not exist (looked for {looked_for})")]
    Missing { path: String, looked_for: String },
    #[error("image `{0}` links to a file outside the assets folder")]
    LinksOutside(String),
    #[error("image `{0}` is not a file")]
    NotAFile(String),
}

/// The image file types the app can draw.
pub const IMAGE_EXTENSIONS: &[&str] = &["png"];

/// The most work spent finding a dynamic scenario's best path before giving up.
const MAX_PATH_SEARCH_STEPS: usize = 200_000;

/// Checks one module. Returns the module when there is no error, and every diagnostic.
pub fn check_module(
    file: &str,
    text: &str,
    bytes: &[u8],
    raw: &RawModule,
    assets: &dyn AssetLookup,
) -> (Option<Module>, Vec<Diagnostic>) {
    let mut checker = Checker {
        file,
        text,
        map: SourceMap::build(text),
        diagnostics: Vec::new(),
        languages: Vec::new(),
        item: ItemRef::default(),
    };
    let module = checker.module(raw, bytes, assets);
    for (key, span) in checker.map.duplicate_keys() {
        let message = format!(
            "`{key}` is given twice in this text; only the last one would be used — keep one"
        );
        checker
            .diagnostics
            .push(Diagnostic::at(Severity::Error, file, text, span, message));
    }
    let Checker { diagnostics, .. } = checker;
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    (if failed { None } else { Some(module) }, diagnostics)
}

struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    map: SourceMap,
    diagnostics: Vec<Diagnostic>,
    languages: Vec<String>,
    /// The item being checked, attached to each diagnostic for jumping to a preview.
    item: ItemRef,
}

impl Checker<'_> {
    fn report(&mut self, severity: Severity, path: &Path, message: String) {
        let span = self.map.locate(self.text, path);
        let diagnostic = Diagnostic::at(severity, self.file, self.text, span, message)
            .with_item(self.item.clone());
        self.diagnostics.push(diagnostic);
    }

    fn error(&mut self, path: &Path, message: impl Into<String>) {
        self.report(Severity::Error, path, message.into());
    }

    fn warning(&mut self, path: &Path, message: impl Into<String>) {
        self.report(Severity::Warning, path, message.into());
    }

    fn module(&mut self, raw: &RawModule, bytes: &[u8], assets: &dyn AssetLookup) -> Module {
        let root = Path::root();
        self.item.module = Some(raw.id.clone());
        if !is_slug(&raw.id) {
            self.error(
                &root.field("id"),
                format!(
                    "module id `{}` must be a slug: lowercase letters, digits and single hyphens, \
                     like `phishing-basics`",
                    raw.id
                ),
            );
        }
        self.languages(raw, &root);

        let title = self.text(&root.field("title"), &raw.title, "module title");
        let summary = self.text(&root.field("summary"), &raw.summary, "module summary");
        if raw.minutes == 0 {
            self.warning(
                &root.field("minutes"),
                "estimated minutes is 0; say how long the module takes so learners can plan",
            );
        }
        for (i, tag) in raw.tags.iter().enumerate() {
            if tag.trim().is_empty() {
                self.error(&root.field("tags").index(i), "a tag must not be empty");
            }
        }
        let validity = self.validity(raw, &root);

        let mut lesson_ids = HashMap::new();
        let lessons: Vec<Lesson> = raw
            .lessons
            .iter()
            .enumerate()
            .map(|(i, lesson)| {
                let path = root.field("lessons").index(i);
                self.unique_id(&mut lesson_ids, &lesson.id, &path, "lesson");
                self.lesson(lesson, &path, assets)
            })
            .collect();
        self.item.lesson = None;
        if raw.lessons.is_empty() {
            self.warning(
                &root.field("lessons"),
                "the module has no lessons; learners go straight to the assessment",
            );
        } else if !lessons
            .iter()
            .flat_map(|l| &l.blocks)
            .any(|b| matches!(b, Block::Takeaways(_)))
        {
            self.warning(
                &root.field("lessons"),
                "the module has no key takeaways; end a lesson with a Takeaways([...]) block",
            );
        }

        let assessment = self.assessment(&raw.assessment, &root.field("assessment"));
        let bands = self.bands(raw, &root);

        Module {
            id: raw.id.clone(),
            languages: self.languages.clone(),
            title,
            summary,
            minutes: raw.minutes,
            tags: raw.tags.clone(),
            validity,
            lessons,
            assessment,
            bands,
            revision: Revision::of(bytes),
            file: self.file.to_owned(),
        }
    }

    fn languages(&mut self, raw: &RawModule, root: &Path) {
        let path = root.field("languages");
        if raw.languages.is_empty() {
            self.error(
                &path,
                "declare at least one language, for example languages: [\"id\", \"en\"]",
            );
        }
        let mut seen = HashSet::new();
        for (i, lang) in raw.languages.iter().enumerate() {
            if !is_language_code(lang) {
                self.error(
                    &path.index(i),
                    format!(
                        "`{lang}` is not a language code; use a code like \"id\", \"en\" or \"pt-BR\""
                    ),
                );
            } else if !seen.insert(lang.as_str()) {
                self.error(
                    &path.index(i),
                    format!("language `{lang}` is declared twice"),
                );
            }
        }
        self.languages.clone_from(&raw.languages);
    }

    fn validity(&mut self, raw: &RawModule, root: &Path) -> Option<Validity> {
        match (raw.valid_for_days, raw.warn_days_before) {
            (None, None) => None,
            (None, Some(_)) => {
                self.warning(
                    &root.field("warn_days_before"),
                    "warn_days_before has no effect without valid_for_days",
                );
                None
            }
            (Some(0), _) => {
                self.error(
                    &root.field("valid_for_days"),
                    "valid_for_days must be at least 1; leave it out if a pass never expires",
                );
                None
            }
            (Some(days), warn) => {
                let warn_days_before = warn.unwrap_or_else(|| (days / 2).min(30));
                if warn_days_before >= days {
                    self.warning(
                        &root.field("warn_days_before"),
                        format!(
                            "warn_days_before ({warn_days_before}) is not less than valid_for_days \
                             ({days}): a pass would be 'expiring soon' from the day it is earned"
                        ),
                    );
                }
                Some(Validity {
                    valid_for_days: days,
                    warn_days_before,
                })
            }
        }
    }

    /// Checks a learner-visible text: every declared language present and not empty.
    fn text(&mut self, path: &Path, raw: &RawText, what: &str) -> Text {
        let missing: Vec<&str> = self
            .languages
            .iter()
            .filter(|lang| !raw.contains_key(lang.as_str()))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|l| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let noun = if missing.len() == 1 {
                "translation"
            } else {
                "translations"
            };
            self.error(
                path,
                format!(
                    "the {what} is missing its {list} {noun} (the module declares languages {})",
                    self.languages.join(", ")
                ),
            );
        }
        for (lang, value) in raw {
            // Without declared languages the module already has an error; one is enough.
            if self.languages.is_empty() {
                continue;
            }
            if !self.languages.iter().any(|l| l == lang) {
                self.warning(
                    &path.key(lang),
                    format!(
                        "`{lang}` is not one of the module's languages ({}); add it to \
                         languages or remove this text",
                        self.languages.join(", ")
                    ),
                );
            } else if value.trim().is_empty() {
                self.error(&path.key(lang), format!("the `{lang}` {what} is empty"));
            }
        }
        Text(raw.clone())
    }

    fn optional_text(&mut self, path: &Path, raw: Option<&RawText>, what: &str) -> Option<Text> {
        raw.map(|raw| self.text(path, raw, what))
    }

    fn unique_id(&mut self, seen: &mut HashMap<String, usize>, id: &str, path: &Path, what: &str) {
        let id_path = path.field("id");
        if !is_item_id(id) {
            self.error(
                &id_path,
                format!(
                    "{what} id `{id}` must be 1 to 64 letters, digits, '-', '_' or '.', without spaces"
                ),
            );
        }
        let count = seen.entry(id.to_owned()).or_insert(0);
        *count += 1;
        if *count == 2 {
            self.error(
                &id_path,
                format!("duplicate {what} id `{id}`: each {what} needs its own id"),
            );
        }
    }

    fn lesson(&mut self, raw: &RawLesson, path: &Path, assets: &dyn AssetLookup) -> Lesson {
        self.item.lesson = Some(raw.id.clone());
        let title = self.text(&path.field("title"), &raw.title, "lesson title");
        if raw.blocks.is_empty() {
            self.warning(&path.field("blocks"), "the lesson has no blocks to read");
        }
        let blocks = raw
            .blocks
            .iter()
            .enumerate()
            .map(|(i, block)| self.block(block, &path.field("blocks").index(i), assets))
            .collect();
        Lesson {
            id: raw.id.clone(),
            title,
            blocks,
        }
    }

    fn block(&mut self, raw: &RawBlock, path: &Path, assets: &dyn AssetLookup) -> Block {
        match raw {
            RawBlock::Heading(text) => Block::Heading(self.text(&path.index(0), text, "heading")),
            RawBlock::Paragraph(text) => {
                Block::Paragraph(self.text(&path.index(0), text, "paragraph"))
            }
            RawBlock::Bullets(items) => Block::Bullets(self.list(items, path, "bullet")),
            RawBlock::Takeaways(items) => Block::Takeaways(self.list(items, path, "takeaway")),
            RawBlock::Callout { kind, title, text } => Block::Callout {
                kind: *kind,
                title: self.optional_text(&path.field("title"), title.as_ref(), "callout title"),
                text: self.text(&path.field("text"), text, "callout text"),
            },
            RawBlock::Image {
                path: image,
                alt,
                caption,
            } => {
                self.image_path(image, &path.field("path"), assets);
                Block::Image {
                    path: image.clone(),
                    alt: self.text(&path.field("alt"), alt, "image's alt text"),
                    caption: self.optional_text(
                        &path.field("caption"),
                        caption.as_ref(),
                        "image caption",
                    ),
                }
            }
        }
    }

    fn list(&mut self, items: &[RawText], path: &Path, what: &str) -> Vec<Text> {
        if items.is_empty() {
            self.error(path, format!("a list of {what}s needs at least one item"));
        }
        items
            .iter()
            .enumerate()
            .map(|(i, item)| self.text(&path.index(0).index(i), item, what))
            .collect()
    }

    fn image_path(&mut self, image: &str, path: &Path, assets: &dyn AssetLookup) {
        if let Err(problem) = check_image_path(image) {
            self.error(path, problem.to_string());
            return;
        }
        if let Err(problem) = assets.check(image) {
            self.error(path, problem.to_string());
        }
    }

    fn assessment(&mut self, raw: &RawAssessment, path: &Path) -> Assessment {
        if !(0..=100).contains(&raw.pass_mark) {
            self.error(
                &path.field("pass_mark"),
                format!(
                    "pass mark {} is outside 0–100; it is the percentage needed to pass",
                    raw.pass_mark
                ),
            );
        }
        let pool = raw.questions.len();
        if pool == 0 {
            self.error(
                &path.field("questions"),
                "the assessment has no questions; add at least one",
            );
        }
        let draw = raw.draw.and_then(|draw| {
            if draw < 1 {
                self.error(&path.field("draw"), "draw must be at least 1");
                None
            } else if usize::try_from(draw).map_or(true, |d| d > pool) {
                self.error(
                    &path.field("draw"),
                    format!("draw of {draw} questions is larger than the pool of {pool}"),
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
                "always_ask has no effect without a draw: every question is asked anyway",
            );
        }
        if let Some(draw) = draw
            && pinned > draw
        {
            self.error(
                &path.field("draw"),
                format!(
                    "{pinned} questions are marked always_ask, more than the draw of {draw}; \
                     raise the draw or pin fewer questions"
                ),
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
                self.unique_id(&mut ids, id, &q_path, "question");
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
        let (id, points, always_ask) = match raw {
            RawQuestion::SingleChoice {
                id,
                points,
                always_ask,
                ..
            }
            | RawQuestion::MultipleChoice {
                id,
                points,
                always_ask,
                ..
            }
            | RawQuestion::TrueFalse {
                id,
                points,
                always_ask,
                ..
            }
            | RawQuestion::Scenario {
                id,
                points,
                always_ask,
                ..
            } => (id.clone(), *points, *always_ask),
        };
        if points == Some(0) {
            self.error(
                &path.field("points"),
                "points must be at least 1; it is the question's weight in the score",
            );
        }
        let general = match raw {
            RawQuestion::SingleChoice { feedback, .. }
            | RawQuestion::MultipleChoice { feedback, .. }
            | RawQuestion::TrueFalse { feedback, .. }
            | RawQuestion::Scenario { feedback, .. } => feedback.as_ref(),
        };
        let feedback = self.optional_text(&path.field("feedback"), general, "question feedback");

        let (prompt, kind) = match raw {
            RawQuestion::SingleChoice {
                prompt, choices, ..
            } => {
                let prompt = self.text(&path.field("prompt"), prompt, "question");
                let choices = self.choices(choices, path);
                let correct = choices.iter().filter(|c| c.correct).count();
                if correct != 1 && choices.len() >= 2 {
                    self.error(
                        path,
                        format!(
                            "single-choice question `{id}` has {correct} correct choices; it needs \
                             exactly one (use MultipleChoice for more)"
                        ),
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
                let prompt = self.text(&path.field("prompt"), prompt, "question");
                let choices = self.choices(choices, path);
                if choices.len() >= 2 && !choices.iter().any(|c| c.correct) {
                    self.error(
                        path,
                        format!(
                            "multiple-choice question `{id}` has no correct choice; mark at least \
                             one with correct: true"
                        ),
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
                let prompt = self.text(&path.field("prompt"), prompt, "statement");
                if answer.is_none() {
                    self.error(
                        path,
                        format!(
                            "true/false question `{id}` is missing its answer; add answer: true \
                             or answer: false"
                        ),
                    );
                }
                let feedback_true = self.optional_text(
                    &path.field("feedback_true"),
                    feedback_true.as_ref(),
                    "feedback",
                );
                let feedback_false = self.optional_text(
                    &path.field("feedback_false"),
                    feedback_false.as_ref(),
                    "feedback",
                );
                for (given, which) in [(&feedback_true, "true"), (&feedback_false, "false")] {
                    if given.is_none() {
                        self.warning(
                            path,
                            format!(
                                "true/false question `{id}` has no feedback_{which}: say why \
                                 answering {which} is right or wrong"
                            ),
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
                let title = self.text(&path.field("title"), title, "scenario title");
                let intro =
                    self.optional_text(&path.field("prompt"), prompt.as_ref(), "scenario prompt");
                let scenario = self.scenario(&id, intro, *scoring, *allow_back, start, nodes, path);
                (title, QuestionKind::Scenario(scenario))
            }
        };
        Question {
            id,
            prompt,
            feedback,
            points: points.unwrap_or(1).max(1),
            always_ask,
            kind,
        }
    }

    fn choices(&mut self, raw: &[RawChoice], question: &Path) -> Vec<Choice> {
        let path = question.field("choices");
        if raw.len() < 2 {
            self.error(&path, "a choice question needs at least two choices");
        }
        let mut ids = HashMap::new();
        raw.iter()
            .enumerate()
            .map(|(i, choice)| {
                let c_path = path.index(i);
                self.unique_id(&mut ids, &choice.id, &c_path, "choice");
                let text = self.text(&c_path.field("text"), &choice.text, "choice text");
                let feedback = self.optional_text(
                    &c_path.field("feedback"),
                    choice.feedback.as_ref(),
                    "choice feedback",
                );
                if feedback.is_none() {
                    self.warning(
                        &c_path,
                        format!(
                            "choice `{}` has no feedback: tell the learner why it is {}",
                            choice.id,
                            if choice.correct { "right" } else { "wrong" }
                        ),
                    );
                }
                Choice {
                    id: choice.id.clone(),
                    text,
                    correct: choice.correct,
                    feedback,
                }
            })
            .collect()
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "the fields of one scenario, passed apart"
    )]
    fn scenario(
        &mut self,
        id: &str,
        intro: Option<Text>,
        scoring: ScenarioScoring,
        allow_back: bool,
        start: &str,
        raw: &[RawNode],
        path: &Path,
    ) -> Scenario {
        let nodes_path = path.field("nodes");
        let mut ids = HashMap::new();
        for (i, node) in raw.iter().enumerate() {
            self.unique_id(&mut ids, node_id(node), &nodes_path.index(i), "node");
        }
        // First occurrence wins for duplicates, which are already reported.
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, node) in raw.iter().enumerate() {
            index.entry(node_id(node)).or_insert(i);
        }

        let start_index = index.get(start).copied();
        if start_index.is_none() {
            self.error(
                &path.field("start"),
                format!(
                    "scenario `{id}` starts at node `{start}`, which does not exist{}",
                    suggestion(start, index.keys().copied())
                ),
            );
        }

        let mut nodes = Vec::with_capacity(raw.len());
        for (i, node) in raw.iter().enumerate() {
            let n_path = nodes_path.index(i);
            self.item.node = Some(node_id(node).to_owned());
            nodes.push(self.node(node, &n_path, &index, scoring));
        }
        self.item.node = None;

        if !raw.iter().any(|n| matches!(n, RawNode::Ending { .. })) {
            // Without an ending every node is stuck; one error says it.
            self.error(
                path,
                format!("scenario `{id}` has no ending; add at least one Ending(...) node"),
            );
        }

        let mut scenario = Scenario {
            intro,
            scoring,
            allow_back,
            start: start_index.unwrap_or(0),
            nodes,
            max_score: 0,
        };
        let has_ending = raw.iter().any(|n| matches!(n, RawNode::Ending { .. }));
        let penalties = raw.iter().any(|n| match n {
            RawNode::Step { choices, .. } => choices.iter().any(|c| c.points < 0),
            RawNode::Ending { .. } => false,
        });
        if allow_back && scoring == ScenarioScoring::Dynamic && penalties {
            self.warning(
                &path.field("allow_back"),
                format!(
                    "scenario `{id}` lets learners step back and has choices that cost points: \
                     stepping back undoes the penalty; turn allow_back off or use Static scoring"
                ),
            );
        }
        if start_index.is_some() && has_ending {
            self.scenario_graph(id, &scenario, &nodes_path);
            scenario.max_score = self.scenario_max(id, &scenario, path);
        }
        scenario
    }

    fn node(
        &mut self,
        raw: &RawNode,
        path: &Path,
        index: &HashMap<&str, usize>,
        scoring: ScenarioScoring,
    ) -> Node {
        match raw {
            RawNode::Step { id, text, choices } => {
                let text = self.text(&path.field("text"), text, "node text");
                if choices.is_empty() {
                    self.error(
                        &path.field("choices"),
                        format!(
                            "node `{id}` is a dead end: a Step needs choices; make it an Ending \
                             if the story stops here"
                        ),
                    );
                }
                let mut ids = HashMap::new();
                let choices = choices
                    .iter()
                    .enumerate()
                    .map(|(i, choice)| {
                        let c_path = path.field("choices").index(i);
                        self.unique_id(&mut ids, &choice.id, &c_path, "choice");
                        let to = index.get(choice.to.as_str()).copied();
                        if to.is_none() {
                            self.error(
                                &c_path.field("to"),
                                format!(
                                    "choice `{}` leads to node `{}`, which does not exist{}",
                                    choice.id,
                                    choice.to,
                                    suggestion(&choice.to, index.keys().copied())
                                ),
                            );
                        }
                        let text = self.text(&c_path.field("text"), &choice.text, "choice text");
                        let feedback = self.optional_text(
                            &c_path.field("feedback"),
                            choice.feedback.as_ref(),
                            "choice feedback",
                        );
                        if feedback.is_none() {
                            self.warning(
                                &c_path,
                                format!(
                                    "choice `{}` has no feedback: tell the learner what this \
                                     choice leads to and why",
                                    choice.id
                                ),
                            );
                        }
                        if scoring == ScenarioScoring::Static && choice.points != 0 {
                            self.warning(
                                &c_path.field("points"),
                                format!(
                                    "choice `{}` has points, but the scenario uses Static scoring \
                                     (the ending's score), so they are ignored",
                                    choice.id
                                ),
                            );
                        }
                        ScenarioChoice {
                            id: choice.id.clone(),
                            text,
                            to: to.unwrap_or(usize::MAX),
                            points: choice.points,
                            feedback,
                        }
                    })
                    .collect();
                Node {
                    id: id.clone(),
                    text,
                    kind: NodeKind::Step { choices },
                }
            }
            RawNode::Ending {
                id,
                text,
                score,
                feedback,
            } => {
                let text = self.text(&path.field("text"), text, "ending text");
                let feedback =
                    self.optional_text(&path.field("feedback"), feedback.as_ref(), "feedback");
                if scoring == ScenarioScoring::Dynamic && *score != 0 {
                    self.warning(
                        &path.field("score"),
                        format!(
                            "ending `{id}` has a score, but the scenario uses Dynamic scoring \
                             (the sum of choice points), so it is ignored"
                        ),
                    );
                }
                Node {
                    id: id.clone(),
                    text,
                    kind: NodeKind::Ending {
                        score: *score,
                        feedback,
                    },
                }
            }
        }
    }

    /// Unreachable nodes, and nodes from which no ending can be reached.
    fn scenario_graph(&mut self, id: &str, scenario: &Scenario, nodes_path: &Path) {
        let n = scenario.nodes.len();
        let edges = |i: usize| -> Vec<usize> {
            match &scenario.nodes[i].kind {
                NodeKind::Step { choices } => {
                    choices.iter().map(|c| c.to).filter(|&to| to < n).collect()
                }
                NodeKind::Ending { .. } => Vec::new(),
            }
        };
        let reachable = reach(n, [scenario.start], edges);
        for (i, node) in scenario.nodes.iter().enumerate() {
            if !reachable[i] {
                self.item.node = Some(node.id.clone());
                self.error(
                    &nodes_path.index(i).field("id"),
                    format!(
                        "node `{}` of scenario `{id}` cannot be reached from the start node `{}`",
                        node.id, scenario.nodes[scenario.start].id
                    ),
                );
            }
        }
        // Walk the graph backwards from the endings.
        let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); n];
        for from in 0..n {
            for to in edges(from) {
                reverse[to].push(from);
            }
        }
        let endings = (0..n).filter(|&i| matches!(scenario.nodes[i].kind, NodeKind::Ending { .. }));
        let can_finish = reach(n, endings, |i| reverse[i].clone());
        for (i, node) in scenario.nodes.iter().enumerate() {
            let is_step = matches!(&node.kind, NodeKind::Step { choices } if !choices.is_empty());
            if reachable[i] && !can_finish[i] && is_step {
                self.item.node = Some(node.id.clone());
                self.error(
                    &nodes_path.index(i).field("id"),
                    format!(
                        "from node `{}` no ending can be reached: a learner who gets here loops \
                         forever; give one of its paths a way to an Ending",
                        node.id
                    ),
                );
            }
        }
        self.item.node = None;
    }

    /// The best score a learner can reach, or an error when it is zero.
    fn scenario_max(&mut self, id: &str, scenario: &Scenario, path: &Path) -> u32 {
        let max = match scenario.scoring {
            ScenarioScoring::Static => scenario
                .nodes
                .iter()
                .filter_map(|n| match n.kind {
                    NodeKind::Ending { score, .. } => Some(score),
                    NodeKind::Step { .. } => None,
                })
                .max()
                .unwrap_or(0),
            ScenarioScoring::Dynamic => {
                let Some(best) = best_path_points(scenario) else {
                    self.error(
                        path,
                        format!(
                            "scenario `{id}` has too many paths to work out its best score; \
                             split it into smaller scenarios"
                        ),
                    );
                    return 0;
                };
                self.loop_points(scenario, path);
                u32::try_from(best.max(0)).unwrap_or(0)
            }
        };
        if max == 0
            && scenario
                .nodes
                .iter()
                .any(|n| matches!(n.kind, NodeKind::Ending { .. }))
        {
            let hint = match scenario.scoring {
                ScenarioScoring::Static => "give the best ending a score: Ending(..., score: 10)",
                ScenarioScoring::Dynamic => "give good choices points: Choice(..., points: 1)",
            };
            self.error(
                &path.field("scoring"),
                format!("scenario `{id}` cannot earn any score, so it cannot be marked; {hint}"),
            );
        }
        max
    }

    /// Warns about point-earning choices on a loop: repeating them does not raise the
    /// score beyond the best path, which may surprise an author.
    fn loop_points(&mut self, scenario: &Scenario, path: &Path) {
        let n = scenario.nodes.len();
        let edges = |i: usize| -> Vec<usize> {
            match &scenario.nodes[i].kind {
                NodeKind::Step { choices } => {
                    choices.iter().map(|c| c.to).filter(|&to| to < n).collect()
                }
                NodeKind::Ending { .. } => Vec::new(),
            }
        };
        for (from, node) in scenario.nodes.iter().enumerate() {
            let NodeKind::Step { choices } = &node.kind else {
                continue;
            };
            for (ci, choice) in choices.iter().enumerate() {
                if choice.points > 0 && choice.to < n && reach(n, [choice.to], edges)[from] {
                    self.item.node = Some(node.id.clone());
                    self.warning(
                        &path
                            .field("nodes")
                            .index(from)
                            .field("choices")
                            .index(ci)
                            .field("points"),
                        format!(
                            "choice `{}` earns points and lies on a loop; the score is capped at \
                             the best path without repeats, so looping earns nothing extra",
                            choice.id
                        ),
                    );
                }
            }
        }
        self.item.node = None;
    }

    fn bands(&mut self, raw: &RawModule, root: &Path) -> Vec<Band> {
        let mut seen = HashSet::new();
        let mut bands = Vec::new();
        for (i, band) in raw.bands.iter().enumerate() {
            let path = root.field("bands").index(i);
            let feedback = self.text(&path.field("feedback"), &band.feedback, "band feedback");
            let Ok(from) = u8::try_from(band.from) else {
                self.error(
                    &path.field("from"),
                    format!("band starts at {}%, outside 0–100", band.from),
                );
                continue;
            };
            if from > 100 {
                self.error(
                    &path.field("from"),
                    format!("band starts at {from}%, outside 0–100"),
                );
            } else if !seen.insert(from) {
                self.error(
                    &path.field("from"),
                    format!("two bands start at {from}%; each band needs its own start"),
                );
            }
            bands.push(Band { from, feedback });
        }
        bands.sort_by_key(|b| b.from);
        if let Some(lowest) = bands.first()
            && lowest.from > 0
        {
            self.warning(
                &root.field("bands"),
                format!(
                    "no band starts at 0%, so scores below {}% get no band feedback",
                    lowest.from
                ),
            );
        }
        bands
    }
}

/// Which nodes can be reached from `starts` following `edges`, without recursion.
fn reach(
    n: usize,
    starts: impl IntoIterator<Item = usize>,
    edges: impl Fn(usize) -> Vec<usize>,
) -> Vec<bool> {
    let mut seen = vec![false; n];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for s in starts {
        if s < n && !seen[s] {
            seen[s] = true;
            queue.push_back(s);
        }
    }
    while let Some(i) = queue.pop_front() {
        for next in edges(i) {
            if !seen[next] {
                seen[next] = true;
                queue.push_back(next);
            }
        }
    }
    seen
}

/// The highest sum of choice points along a path from the start to an ending that visits
/// no node twice; `None` when the search takes too long.
fn best_path_points(scenario: &Scenario) -> Option<i64> {
    let n = scenario.nodes.len();
    let mut on_path = vec![false; n];
    let mut best: Option<i64> = None;
    // (node, next choice to try, points so far)
    let mut stack: Vec<(usize, usize, i64)> = vec![(scenario.start, 0, 0)];
    on_path[scenario.start] = true;
    let mut steps = 0usize;
    while let Some(top) = stack.last_mut() {
        steps += 1;
        if steps > MAX_PATH_SEARCH_STEPS {
            return None;
        }
        let (node, next, sum) = *top;
        match &scenario.nodes[node].kind {
            NodeKind::Ending { .. } => {
                best = Some(best.map_or(sum, |b| b.max(sum)));
                on_path[node] = false;
                stack.pop();
            }
            NodeKind::Step { choices } => {
                if let Some(choice) = choices.get(next) {
                    top.1 += 1;
                    if choice.to < n && !on_path[choice.to] {
                        on_path[choice.to] = true;
                        stack.push((choice.to, 0, sum + i64::from(choice.points)));
                    }
                } else {
                    on_path[node] = false;
                    stack.pop();
                }
            }
        }
    }
    Some(best.unwrap_or(0))
}

fn always_asked(q: &RawQuestion) -> bool {
    match q {
        RawQuestion::SingleChoice { always_ask, .. }
        | RawQuestion::MultipleChoice { always_ask, .. }
        | RawQuestion::TrueFalse { always_ask, .. }
        | RawQuestion::Scenario { always_ask, .. } => *always_ask,
    }
}

fn question_id(q: &RawQuestion) -> &str {
    match q {
        RawQuestion::SingleChoice { id, .. }
        | RawQuestion::MultipleChoice { id, .. }
        | RawQuestion::TrueFalse { id, .. }
        | RawQuestion::Scenario { id, .. } => id,
    }
}

fn node_id(n: &RawNode) -> &str {
    match n {
        RawNode::Step { id, .. } | RawNode::Ending { id, .. } => id,
    }
}

/// `; did you mean `x`?` when a known name is close to the unknown one.
pub(crate) fn suggestion<'a>(unknown: &str, known: impl Iterator<Item = &'a str>) -> String {
    let best = known
        .map(|k| (edit_distance(unknown, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min();
    best.map_or_else(String::new, |(_, k)| format!("; did you mean `{k}`?"))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            row[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1);
        }
        prev = row;
    }
    prev[b.len()]
}

/// Lowercase letters, digits and single inner hyphens, up to 64 characters.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn is_item_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    let region = parts.next();
    parts.next().is_none()
        && (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && region.is_none_or(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()))
}

/// The checks on an image path that need no file system: relative, under `assets/`,
/// no way out of it, a type the app can draw.
pub fn check_image_path(image: &str) -> Result<(), ImageProblem> {
    if image.contains('\\') {
        return Err(ImageProblem::Backslash(image.to_owned()));
    }
    if image.starts_with('/') || image.contains(':') {
        return Err(ImageProblem::Absolute(image.to_owned()));
    }
    if image
        .split('/')
        .any(|part| part == ".." || part == "." || part.is_empty())
    {
        return Err(ImageProblem::Escapes(image.to_owned()));
    }
    if !image.starts_with("assets/") {
        return Err(ImageProblem::OutsideAssets(image.to_owned()));
    }
    let extension = image.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if !extension
        .as_deref()
        .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e))
    {
        return Err(ImageProblem::NotPng(image.to_owned()));
    }
    Ok(())
}

/// Module ids that appear in more than one file: `(id, files in load order)`.
pub fn duplicate_module_ids<'a>(
    modules: impl Iterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, Vec<String>> {
    let mut files: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, file) in modules {
        files
            .entry(id.to_owned())
            .or_default()
            .push(file.to_owned());
    }
    files.retain(|_, f| f.len() > 1);
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_single_hyphens() {
        assert!(is_slug("data-leaks-101"));
        assert!(!is_slug("Data"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(!is_slug(""));
    }

    #[test]
    fn language_codes_follow_bcp47_shape() {
        assert!(is_language_code("id"));
        assert!(is_language_code("pt-BR"));
        assert!(!is_language_code("EN"));
        assert!(!is_language_code("english"));
    }

    #[test]
    fn image_paths_must_stay_under_assets() {
        assert!(check_image_path("assets/images/a.png").is_ok());
        assert!(check_image_path("assets/../secret.png").is_err());
        assert!(check_image_path("/etc/passwd.png").is_err());
        assert!(check_image_path("images/a.png").is_err());
        assert!(check_image_path("assets/a.gif").is_err());
    }

    #[test]
    fn suggests_a_close_name() {
        assert_eq!(
            suggestion("strat", ["start", "end"].into_iter()),
            "; did you mean `start`?"
        );
        assert_eq!(suggestion("zzz", ["start"].into_iter()), "");
    }
}
