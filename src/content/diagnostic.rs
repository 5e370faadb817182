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

use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;

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
    pub message: String,
    /// The text of the line, tabs expanded, for showing under the header.
    pub source_line: Option<String>,
    /// Which characters of `source_line` to mark, 0-based, end exclusive.
    #[serde(skip)]
    pub mark: Range<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemRef>,
    /// The message as a Fluent key with arguments, for the checks that word it in the
    /// reader's language; `message` is then its English wording.
    #[serde(skip)]
    pub localized: Option<Message>,
}

impl Diagnostic {
    /// A diagnostic about the file as a whole (unreadable, too large, …).
    pub fn whole_file(severity: Severity, file: &str, message: impl Into<String>) -> Self {
        Self {
            severity,
            file: file.to_owned(),
            line: 0,
            column: 0,
            message: message.into(),
            source_line: None,
            mark: 0..0,
            item: None,
            localized: None,
        }
    }

    /// A diagnostic marking the byte range `span` of `text`.
    pub fn at(
        severity: Severity,
        file: &str,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
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
            message: message.into(),
            source_line: Some(source_line),
            mark,
            item: None,
            localized: None,
        }
    }

    /// A diagnostic whose message is worded through Fluent: English in `message` (what
    /// the command line and JSON print by default), the reader's language on request.
    pub fn worded(
        severity: Severity,
        file: &str,
        text: &str,
        span: Range<usize>,
        message: Message,
    ) -> Self {
        let english = message.text(Lang::En, &NoTitles);
        let mut diagnostic = Self::at(severity, file, text, span, english);
        diagnostic.localized = Some(message);
        diagnostic
    }

    /// [`Self::worded`] for a problem with the file as a whole.
    pub fn worded_whole_file(severity: Severity, file: &str, message: Message) -> Self {
        let english = message.text(Lang::En, &NoTitles);
        let mut diagnostic = Self::whole_file(severity, file, english);
        diagnostic.localized = Some(message);
        diagnostic
    }

    /// The message in `lang` when it is worded through Fluent, else as written.
    pub fn message_in(&self, lang: Lang) -> String {
        self.localized
            .as_ref()
            .map_or_else(|| self.message.clone(), |m| m.text(lang, &NoTitles))
    }

    #[must_use]
    pub fn with_item(mut self, item: ItemRef) -> Self {
        self.item = Some(item);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col: severity: message`, the first line of [`Self::render`].
    pub fn header(&self) -> String {
        self.header_with(&self.message)
    }

    /// [`Self::header`] with the message in `lang` (`error`/`warning` stay as they are:
    /// editors and CI systems read them).
    pub fn header_in(&self, lang: Lang) -> String {
        self.header_with(&self.message_in(lang))
    }

    fn header_with(&self, message: &str) -> String {
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

    /// The header, then the offending source line with the problem marked.
    pub fn render(&self) -> String {
        self.render_with(self.header())
    }

    /// [`Self::render`] with the message in `lang`.
    pub fn render_in(&self, lang: Lang) -> String {
        self.render_with(self.header_in(lang))
    }

    fn render_with(&self, header: String) -> String {
        let mut out = header;
        out.push('\n');
        if let Some(source) = &self.source_line {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{number} | {source}");
            let marker = "^".repeat(self.mark.len().max(1));
            let _ = writeln!(out, "{gutter} | {}{marker}", " ".repeat(self.mark.start));
        }
        out
    }
}

/// Renders many diagnostics, errors and warnings in file and line order, with a summary.
pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    render_all_in(diagnostics, Lang::En)
}

/// [`render_all`] with the messages worded through Fluent in `lang`.
pub fn render_all_in(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic.render_in(lang));
        out.push('\n');
    }
    out
}

/// `2 errors, 1 warning` or empty when there is nothing to say.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (errors, warnings) {
        (0, 0) => String::new(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
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
    use super::*;

    #[test]
    fn renders_header_source_line_and_marker() {
        let text = "a\n\tbad: 1,\n";
        let start = text.find("bad").unwrap_or(0);
        let d = Diagnostic::at(Severity::Error, "m.ron", text, start..start + 3, "no");
        assert_eq!(
            d.render(),
            "m.ron:2:2: error: no\n  |\n2 |     bad: 1,\n  |     ^^^\n"
        );
    }

    #[test]
    fn a_whole_file_problem_has_no_position() {
        let d = Diagnostic::whole_file(Severity::Error, "m.ron", "too big");
        assert_eq!(d.render(), "m.ron: error: too big\n");
    }

    #[test]
    fn summary_counts_errors_and_warnings() {
        let e = Diagnostic::whole_file(Severity::Error, "a", "x");
        let w = Diagnostic::whole_file(Severity::Warning, "a", "x");
        assert_eq!(summary(&[e.clone(), e, w]), "2 errors, 1 warning");
    }
}
