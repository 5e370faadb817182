//! Writes a module (the [`RawModule`] file grammar) as RON that reads like a hand-written
//! module file.
//!
//! Generated modules are meant to be kept and edited, so they follow the layout of
//! `docs/template-module.ron`: struct names, one field per line, optional fields only when
//! they are set, a text on one line when it has one language, comments where they help.
//! ron's own pretty printer would write every `None` and `false` and spread each short text
//! over three lines, and it cannot write comments. What is written here parses back to the
//! same module, which the tests check on every bundled module.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::content::raw::{
    CalloutKind, MultipleScoring, RawBand, RawBlock, RawChoice, RawLesson, RawModule, RawNode,
    RawOption, RawQuestion, RawText, ScenarioScoring,
};

/// Comments to write with a module.
#[derive(Debug, Clone, Default)]
pub struct RonComments {
    /// Lines at the top of the file, before `Module(`.
    pub header: Vec<String>,
    /// Lines before a question, by question id.
    pub questions: BTreeMap<String, Vec<String>>,
}

/// The module as RON text, ending with a line break.
pub fn module_to_ron(module: &RawModule, comments: &RonComments) -> String {
    let mut ron = Ron {
        out: String::new(),
        depth: 0,
        languages: module.languages.clone(),
    };
    for line in &comments.header {
        ron.comment(line);
    }
    ron.open("Module(");
    ron.field("id", &string(&module.id));
    ron.field(
        "languages",
        &format!(
            "[{}]",
            module
                .languages
                .iter()
                .map(|l| string(l))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    ron.text_field("title", &module.title);
    ron.text_field("summary", &module.summary);
    ron.field("minutes", &module.minutes.to_string());
    if !module.tags.is_empty() {
        let tags: Vec<String> = module.tags.iter().map(|t| string(t)).collect();
        ron.field("tags", &format!("[{}]", tags.join(", ")));
    }
    if let Some(days) = module.valid_for_days {
        ron.field("valid_for_days", &days.to_string());
    }
    if let Some(days) = module.warn_days_before {
        ron.field("warn_days_before", &days.to_string());
    }

    ron.blank();
    ron.open("lessons: [");
    for lesson in &module.lessons {
        ron.lesson(lesson);
    }
    ron.close("],");

    ron.blank();
    let assessment = &module.assessment;
    ron.open("assessment: Assessment(");
    ron.field("pass_mark", &assessment.pass_mark.to_string());
    if let Some(draw) = assessment.draw {
        ron.field("draw", &draw.to_string());
    }
    ron.flag("shuffle_questions", assessment.shuffle_questions);
    ron.flag("shuffle_choices", assessment.shuffle_choices);
    ron.open("questions: [");
    for question in &assessment.questions {
        let id = question_id(question);
        for line in comments.questions.get(id).into_iter().flatten() {
            ron.comment(line);
        }
        ron.question(question);
    }
    ron.close("],");
    ron.close("),");

    if !module.bands.is_empty() {
        ron.blank();
        ron.open("bands: [");
        for band in &module.bands {
            ron.band(band);
        }
        ron.close("],");
    }
    ron.close(")");
    ron.out
}

/// A RON string literal: quotes, backslashes and control characters escaped.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn question_id(question: &RawQuestion) -> &str {
    match question {
        RawQuestion::SingleChoice { id, .. }
        | RawQuestion::MultipleChoice { id, .. }
        | RawQuestion::TrueFalse { id, .. }
        | RawQuestion::Scenario { id, .. }
        | RawQuestion::SpotTheLeak { id, .. }
        | RawQuestion::Ordering { id, .. }
        | RawQuestion::Matching { id, .. } => id,
    }
}

fn callout_kind(kind: CalloutKind) -> &'static str {
    match kind {
        CalloutKind::Tip => "Tip",
        CalloutKind::Warning => "Warning",
        CalloutKind::Example => "Example",
        CalloutKind::Law => "Law",
    }
}

fn multiple_scoring(scoring: MultipleScoring) -> &'static str {
    match scoring {
        MultipleScoring::AllOrNothing => "AllOrNothing",
        MultipleScoring::PartialCredit => "PartialCredit",
        MultipleScoring::Weighted => "Weighted",
    }
}

fn scenario_scoring(scoring: ScenarioScoring) -> &'static str {
    match scoring {
        ScenarioScoring::Static => "Static",
        ScenarioScoring::Dynamic => "Dynamic",
    }
}

/// The text being written, and how deep it is.
struct Ron {
    out: String,
    depth: usize,
    /// The module's languages: texts list them in this order.
    languages: Vec<String>,
}

impl Ron {
    fn line(&mut self, text: &str) {
        for _ in 0..self.depth {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    fn comment(&mut self, text: &str) {
        if text.is_empty() {
            self.line("//");
        } else {
            for line in text.lines() {
                self.line(&format!("// {line}"));
            }
        }
    }

    fn open(&mut self, text: &str) {
        self.line(text);
        self.depth += 1;
    }

    fn close(&mut self, text: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line(text);
    }

    fn field(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}: {value},"));
    }

    /// A `bool` field that defaults to false: written only when true.
    fn flag(&mut self, name: &str, value: bool) {
        if value {
            self.field(name, "true");
        }
    }

    /// The text's entries, the module's languages first.
    fn entries<'t>(&self, text: &'t RawText) -> Vec<(&'t str, &'t str)> {
        let mut entries: Vec<(&str, &str)> = self
            .languages
            .iter()
            .filter_map(|lang| text.get_key_value(lang.as_str()))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        for (lang, value) in text {
            if !self.languages.contains(lang) {
                entries.push((lang.as_str(), value.as_str()));
            }
        }
        entries
    }

    /// `before{"id": "…"}after` on one line when the text has one language; otherwise one
    /// language per line.
    fn text(&mut self, before: &str, text: &RawText, after: &str) {
        let entries = self.entries(text);
        if entries.len() <= 1 {
            let inner: Vec<String> = entries
                .iter()
                .map(|(lang, value)| format!("{}: {}", string(lang), string(value)))
                .collect();
            self.line(&format!("{before}{{{}}}{after}", inner.join(", ")));
        } else {
            self.open(&format!("{before}{{"));
            for (lang, value) in entries {
                self.line(&format!("{}: {},", string(lang), string(value)));
            }
            self.close(&format!("}}{after}"));
        }
    }

    fn text_field(&mut self, name: &str, text: &RawText) {
        self.text(&format!("{name}: "), text, ",");
    }

    fn optional_text(&mut self, name: &str, text: Option<&RawText>) {
        if let Some(text) = text {
            self.text_field(name, text);
        }
    }

    fn lesson(&mut self, lesson: &RawLesson) {
        self.open("Lesson(");
        self.field("id", &string(&lesson.id));
        self.text_field("title", &lesson.title);
        self.open("blocks: [");
        for block in &lesson.blocks {
            self.block(block);
        }
        self.close("],");
        self.close("),");
    }

    fn block(&mut self, block: &RawBlock) {
        match block {
            RawBlock::Heading(text) => self.text("Heading(", text, "),"),
            RawBlock::Paragraph(text) => self.text("Paragraph(", text, "),"),
            RawBlock::Bullets(items) => self.list("Bullets", items),
            RawBlock::Takeaways(items) => self.list("Takeaways", items),
            RawBlock::Callout { kind, title, text } => {
                self.open("Callout(");
                self.field("kind", callout_kind(*kind));
                self.optional_text("title", title.as_ref());
                self.text_field("text", text);
                self.close("),");
            }
            RawBlock::Image { path, alt, caption } => {
                self.open("Image(");
                self.field("path", &string(path));
                self.text_field("alt", alt);
                self.optional_text("caption", caption.as_ref());
                self.close("),");
            }
        }
    }

    fn list(&mut self, name: &str, items: &[RawText]) {
        self.open(&format!("{name}(["));
        for item in items {
            self.text("", item, ",");
        }
        self.close("]),");
    }

    fn question(&mut self, question: &RawQuestion) {
        match question {
            RawQuestion::SingleChoice {
                id,
                prompt,
                choices,
                feedback,
                points,
                always_ask,
                teaches,
            } => {
                self.question_head("SingleChoice(", id, teaches.as_deref());
                self.text_field("prompt", prompt);
                self.choices(choices);
                self.question_tail(feedback.as_ref(), *points, *always_ask);
            }
            RawQuestion::MultipleChoice {
                id,
                prompt,
                scoring,
                choices,
                feedback,
                points,
                always_ask,
                teaches,
            } => {
                self.question_head("MultipleChoice(", id, teaches.as_deref());
                self.text_field("prompt", prompt);
                self.field("scoring", multiple_scoring(*scoring));
                self.choices(choices);
                self.question_tail(feedback.as_ref(), *points, *always_ask);
            }
            RawQuestion::TrueFalse {
                id,
                prompt,
                answer,
                feedback_true,
                feedback_false,
                feedback,
                points,
                always_ask,
                teaches,
            } => {
                self.question_head("TrueFalse(", id, teaches.as_deref());
                self.text_field("prompt", prompt);
                if let Some(answer) = answer {
                    self.field("answer", &answer.to_string());
                }
                self.optional_text("feedback_true", feedback_true.as_ref());
                self.optional_text("feedback_false", feedback_false.as_ref());
                self.question_tail(feedback.as_ref(), *points, *always_ask);
            }
            RawQuestion::Scenario {
                id,
                title,
                prompt,
                scoring,
                allow_back,
                start,
                nodes,
                feedback,
                points,
                always_ask,
                teaches,
            } => {
                self.question_head("Scenario(", id, teaches.as_deref());
                self.text_field("title", title);
                self.optional_text("prompt", prompt.as_ref());
                self.field("scoring", scenario_scoring(*scoring));
                self.flag("allow_back", *allow_back);
                self.field("start", &string(start));
                self.open("nodes: [");
                for node in nodes {
                    self.node(node);
                }
                self.close("],");
                self.question_tail(feedback.as_ref(), *points, *always_ask);
            }
            RawQuestion::SpotTheLeak {
                id,
                prompt,
                artefact,
                segments,
                feedback,
                points,
                always_ask,
                teaches,
            } => {
                self.question_head("SpotTheLeak(", id, teaches.as_deref());
                self.text_field("prompt", prompt);
                self.field("artefact", &format!("{artefact:?}"));
                self.open("segments: [");
                for segment in segments {
                    self.open("Segment(");
                    self.field("id", &string(&segment.id));
                    self.optional_text("label", segment.label.as_ref());
                    self.text_field("text", &segment.text);
                    if let Some(mark) = segment.mark {
                        self.field("mark", &format!("{mark:?}"));
                    }
                    self.optional_text("feedback", segment.feedback.as_ref());
                    self.close("),");
                }
                self.close("],");
                self.question_tail(feedback.as_ref(), *points, *always_ask);
            }
            RawQuestion::Ordering {
                id,
                prompt,
                steps,
                feedback,
                points,
                always_ask,
                teaches,
            } => {
                self.question_head("Ordering(", id, teaches.as_deref());
                self.text_field("prompt", prompt);
                self.open("steps: [");
                for step in steps {
                    self.open("Step(");
                    self.field("id", &string(&step.id));
                    self.text_field("text", &step.text);
                    self.optional_text("feedback", step.feedback.as_ref());
                    self.close("),");
                }
                self.close("],");
                self.question_tail(feedback.as_ref(), *points, *always_ask);
            }
            RawQuestion::Matching {
                id,
                prompt,
                categories,
                items,
                feedback,
                points,
                always_ask,
                teaches,
            } => {
                self.question_head("Matching(", id, teaches.as_deref());
                self.text_field("prompt", prompt);
                self.open("categories: [");
                for category in categories {
                    self.open("Category(");
                    self.field("id", &string(&category.id));
                    self.text_field("text", &category.text);
                    self.close("),");
                }
                self.close("],");
                self.open("items: [");
                for item in items {
                    self.open("Item(");
                    self.field("id", &string(&item.id));
                    self.text_field("text", &item.text);
                    self.field("category", &string(&item.category));
                    self.optional_text("feedback", item.feedback.as_ref());
                    self.close("),");
                }
                self.close("],");
                self.question_tail(feedback.as_ref(), *points, *always_ask);
            }
        }
    }

    /// A question's opening and id, and the lesson that teaches it when one is named.
    fn question_head(&mut self, open: &str, id: &str, teaches: Option<&str>) {
        self.open(open);
        self.field("id", &string(id));
        if let Some(lesson) = teaches {
            self.field("teaches", &string(lesson));
        }
    }

    /// The optional fields every question has, and the closing parenthesis.
    fn question_tail(&mut self, feedback: Option<&RawText>, points: Option<u32>, always: bool) {
        self.optional_text("feedback", feedback);
        if let Some(points) = points {
            self.field("points", &points.to_string());
        }
        self.flag("always_ask", always);
        self.close("),");
    }

    fn choices(&mut self, choices: &[RawChoice]) {
        self.open("choices: [");
        for choice in choices {
            self.open("Choice(");
            self.field("id", &string(&choice.id));
            self.text_field("text", &choice.text);
            self.flag("correct", choice.correct);
            if let Some(weight) = choice.weight {
                self.field("weight", &weight.to_string());
            }
            self.optional_text("feedback", choice.feedback.as_ref());
            self.close("),");
        }
        self.close("],");
    }

    fn node(&mut self, node: &RawNode) {
        match node {
            RawNode::Step { id, text, choices } => {
                self.open("Step(");
                self.field("id", &string(id));
                self.text_field("text", text);
                self.open("choices: [");
                for option in choices {
                    self.option(option);
                }
                self.close("],");
                self.close("),");
            }
            RawNode::Ending {
                id,
                text,
                score,
                feedback,
            } => {
                self.open("Ending(");
                self.field("id", &string(id));
                self.text_field("text", text);
                self.field("score", &score.to_string());
                self.optional_text("feedback", feedback.as_ref());
                self.close("),");
            }
        }
    }

    fn option(&mut self, option: &RawOption) {
        self.open("Choice(");
        self.field("id", &string(&option.id));
        self.text_field("text", &option.text);
        self.field("to", &string(&option.to));
        if option.points != 0 {
            self.field("points", &option.points.to_string());
        }
        self.optional_text("feedback", option.feedback.as_ref());
        self.close("),");
    }

    fn band(&mut self, band: &RawBand) {
        self.open("Band(");
        self.field("from", &band.from.to_string());
        self.text_field("feedback", &band.feedback);
        self.close("),");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_what_ron_needs() {
        assert_eq!(
            string("say \"hi\"\\\n\tok\u{7}é"),
            r#""say \"hi\"\\\n\tok\u{7}é""#
        );
    }
}
