//! Problems found in content, and the one way they are shown.
//!
//! The CLI, the author's diagnostics panel and the tests all print a diagnostic with
//! [`Diagnostic::render`], so an author sees the same text wherever they look:
//!
//! ```text
//! content/01-paradox.ron:12:9: error: question `q3` has 2 correct choices; ...
//!    |
//! 12 |         SingleChoice(
//!    |         ^^^^^^^^^^^^
//! ```
//!
//! The header follows the `path:line:col: severity: message` convention that editors and
//! CI systems turn into clickable links. A small renderer of our own is used instead of a
//! report crate because those impose their own header layout.
//!
//! The message is a Fluent [`Message`], worded when shown: the author's window shows it in
//! the window's language and `jaga validate --lang id|en` prints it in the one asked for.
//! The `error`/`warning` word of the header stays English in every language, so scripts
//! and editors that parse the header keep working.

use std::fmt::Write as _;
use std::ops::Range;

use serde::{Serialize, Serializer};

use super::source::line_col;
use crate::i18n::{Lang, Message, NoTitles};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

/// The learner-facing item a diagnostic is about, so a tool can jump to its preview.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ItemRef {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
}

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the author named it (relative to where they pointed Jaga).
    pub file: String,
    /// 1-based line; 0 when the problem is about the file as a whole.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// What is wrong and what would fix it; serialised as its English text.
    #[serde(serialize_with = "english")]
    pub message: Message,
    /// The text of the line, tabs expanded, for showing under the header.
    pub source_line: Option<String>,
    /// Which characters of `source_line` to mark, 0-based, end exclusive.
    #[serde(skip)]
    pub mark: Range<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemRef>,
}

impl Diagnostic {
    /// The message in `lang` (the course's own checks' tests read it so).
    pub fn message_in(&self, lang: Lang) -> String {
        self.text(lang)
    }

    /// [`Self::at`], as the course's own checks (glossary, giveaways, course file) name it.
    pub fn worded(
        severity: Severity,
        file: &str,
        text: &str,
        span: Range<usize>,
        message: Message,
    ) -> Self {
        Self::at(severity, file, text, span, message)
    }

    /// [`Self::whole_file`], as the course's own checks name it.
    pub fn worded_whole_file(severity: Severity, file: &str, message: Message) -> Self {
        Self::whole_file(severity, file, message)
    }

    /// A diagnostic about the file as a whole (unreadable, too large, …).
    pub fn whole_file(severity: Severity, file: &str, message: Message) -> Self {
        Self {
            severity,
            file: file.to_owned(),
            line: 0,
            column: 0,
            message,
            source_line: None,
            mark: 0..0,
            item: None,
        }
    }

    /// A diagnostic marking the byte range `span` of `text`.
    pub fn at(
        severity: Severity,
        file: &str,
        text: &str,
        span: Range<usize>,
        message: Message,
    ) -> Self {
        let (line, column) = line_col(text, span.start);
        let line_start = text[..floor(text, span.start)]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let raw_line = text[line_start..line_end].trim_end_matches('\r');
        let source_line = expand_tabs(raw_line);
        // The mark, in characters of the tab-expanded line, stops at the line's end.
        let start_chars = display_width(&raw_line[..floor(raw_line, span.start - line_start)]);
        let end_byte = span.end.min(line_start + raw_line.len()).max(span.start);
        let end_chars = display_width(&raw_line[..floor(raw_line, end_byte - line_start)]);
        let mark = start_chars..end_chars.max(start_chars + 1);
        Self {
            severity,
            file: file.to_owned(),
            line,
            column,
            message,
            source_line: Some(source_line),
            mark,
            item: None,
        }
    }

    #[must_use]
    pub fn with_item(mut self, item: ItemRef) -> Self {
        self.item = Some(item);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        self.message.text(lang, &NoTitles)
    }

    /// `path:line:col: severity: message` in English, the first line of [`Self::render`].
    pub fn header(&self) -> String {
        self.header_in(Lang::En)
    }

    /// `path:line:col: severity: message` with the message in `lang`.
    pub fn header_in(&self, lang: Lang) -> String {
        let message = self.text(lang);
        if self.line == 0 {
            format!("{}: {}: {message}", self.file, self.severity.as_str())
        } else {
            format!(
                "{}:{}:{}: {}: {message}",
                self.file,
                self.line,
                self.column,
                self.severity.as_str(),
            )
        }
    }

    /// The English header, then the offending source line with the problem marked.
    pub fn render(&self) -> String {
        self.render_in(Lang::En)
    }

    /// The header in `lang`, then the offending source line with the problem marked.
    pub fn render_in(&self, lang: Lang) -> String {
        let mut out = self.header_in(lang);
        out.push('\n');
        if let Some(source) = &self.source_line {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            let (shown, mark) = shown_line(source, &self.mark);
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{number} | {shown}");
            let marker = "^".repeat(mark.len().max(1));
            let _ = writeln!(out, "{gutter} | {}{marker}", " ".repeat(mark.start));
        }
        out
    }
}

/// The most characters of a source line shown under a diagnostic.
const SHOWN_LINE_CHARS: usize = 120;

/// A source line as a terminal shows it safely: control characters (which could move the
/// cursor, retitle the window or set the clipboard) shown as `�`, and a long line cut
/// to the part around the mark, with `…` where it was cut. Returns the mark within it.
fn shown_line(source: &str, mark: &Range<usize>) -> (String, Range<usize>) {
    let chars: Vec<char> = source
        .chars()
        .map(|c| {
            if c.is_control() || crate::i18n::is_unsafe_on_terminal(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    if chars.len() <= SHOWN_LINE_CHARS {
        return (chars.into_iter().collect(), mark.clone());
    }
    let start = mark
        .start
        .saturating_sub(SHOWN_LINE_CHARS / 3)
        .min(chars.len() - SHOWN_LINE_CHARS);
    let end = start + SHOWN_LINE_CHARS;
    let mut shown = String::new();
    let mut offset = 0;
    if start > 0 {
        shown.push('…');
        offset = 1;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    let from = mark.start.clamp(start, end) - start + offset;
    let to = mark.end.clamp(start, end) - start + offset;
    (shown, from..to.max(from))
}

fn english<S: Serializer>(message: &Message, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&message.text(Lang::En, &NoTitles))
}

/// Renders many diagnostics in `lang`, in the order given.
pub fn render_all(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic.render_in(lang));
        out.push('\n');
    }
    out
}

/// `2 errors, 1 warning` in `lang`, or empty when there is nothing to say.
pub fn summary(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors + warnings == 0 {
        return String::new();
    }
    let count = |key, n: usize| Message::new(key).with("count", n).text(lang, &NoTitles);
    match (errors, warnings) {
        (e, 0) => count("diag-count-errors", e),
        (0, w) => count("diag-count-warnings", w),
        (e, w) => format!(
            "{}, {}",
            count("diag-count-errors", e),
            count("diag-count-warnings", w)
        ),
    }
}

const TAB_WIDTH: usize = 4;

fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut width = 0;
    for c in line.chars() {
        if c == '\t' {
            let pad = TAB_WIDTH - width % TAB_WIDTH;
            out.extend(std::iter::repeat_n(' ', pad));
            width += pad;
        } else {
            out.push(c);
            width += 1;
        }
    }
    out
}

fn display_width(prefix: &str) -> usize {
    expand_tabs(prefix).chars().count()
}

fn floor(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_long_line_is_cut_around_its_mark_and_control_characters_are_not_sent() {
        let long = format!("{}BAD{}", "a".repeat(100_000), "b".repeat(100_000));
        let (shown, mark) = shown_line(&long, &(100_000..100_003));
        assert!(shown.chars().count() <= SHOWN_LINE_CHARS + 2);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        let marked: String = shown.chars().skip(mark.start).take(mark.len()).collect();
        assert_eq!(marked, "BAD");
        let (shown, mark) = shown_line("x\u{1b}]0;owned\u{7}y", &(0..1));
        assert_eq!(shown, "x\u{FFFD}]0;owned\u{FFFD}y");
        assert_eq!(mark, 0..1);
    }

    use super::*;

    #[test]
    fn renders_header_source_line_and_marker() {
        let text = "a\n\tbad: 1,\n";
        let start = text.find("bad").unwrap_or(0);
        let d = Diagnostic::at(
            Severity::Error,
            "m.ron",
            text,
            start..start + 3,
            Message::new("diag-tag-empty"),
        );
        assert_eq!(
            d.render(),
            "m.ron:2:2: error: a tag must not be empty\n  |\n2 |     bad: 1,\n  |     ^^^\n"
        );
        assert!(d.render_in(Lang::Id).starts_with("m.ron:2:2: error: "));
    }

    #[test]
    fn a_whole_file_problem_has_no_position() {
        let d = Diagnostic::whole_file(Severity::Error, "m.ron", Message::new("diag-tag-empty"));
        assert_eq!(d.render(), "m.ron: error: a tag must not be empty\n");
    }

    #[test]
    fn summary_counts_errors_and_warnings() {
        let e = Diagnostic::whole_file(Severity::Error, "a", Message::new("diag-tag-empty"));
        let w = Diagnostic::whole_file(Severity::Warning, "a", Message::new("diag-tag-empty"));
        let all = [e.clone(), e, w];
        assert_eq!(summary(&all, Lang::En), "2 errors, 1 warning");
        assert_eq!(summary(&all, Lang::Id), "2 kesalahan, 1 peringatan");
    }
}
