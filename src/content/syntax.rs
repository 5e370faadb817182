//! Plain-word explanations of RON syntax errors, with the likely cause and both positions.
//!
//! ron stops where the text stops making sense to its parser and says so in a parser's
//! terms: a `)` left out of a choice is reported as "Expected identifier" at a lone `,`
//! twenty lines later. Authors are not programmers, and the most common slips are a
//! bracket never closed and a comma left out. So when ron rejects a file, this module
//! reads the text again with a small scanner of its own (skipping strings, characters,
//! comments and raw strings) and looks for those slips:
//!
//! - a comma missing between two fields or items, said at the place it belongs;
//! - a bracket never closed, found by indentation (a line that goes back to the bracket's
//!   indentation while it is still open) or by the closer that does not match it, said at
//!   the place its closer belongs together with where it was opened;
//! - a closer that closes nothing, and a text or comment never closed.
//!
//! The scanner is a loop with its own stack, so hostile nesting cannot overflow anything.

use std::ops::Range;

use super::source::line_col;
use crate::i18n::Message;

/// The likely cause of a syntax error: where to look and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub span: Range<usize>,
    pub message: Message,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A word (identifier, number, `true`), a string or a character: a whole value.
    Value,
    Open(u8),
    Close(u8),
    Colon,
    Comma,
    Other,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    span: Range<usize>,
    /// A word rather than a string or a character (a word before `(` names a struct).
    word: bool,
}

/// A bracket still open while scanning.
#[derive(Debug, Clone)]
struct Opened {
    bracket: u8,
    at: usize,
    line: usize,
    /// The indentation of the line the bracket is on.
    indent: usize,
}

/// The likely cause of ron rejecting `text`, or `None` when the scanner sees no slip it
/// can name (then ron's own message is the best there is).
pub fn explain(text: &str) -> Option<Explanation> {
    let (tokens, unclosed) = tokenize(text);
    let mut found: Vec<Explanation> = Vec::new();
    if let Some(problem) = unclosed {
        found.push(problem);
    }
    let mut stack: Vec<Opened> = Vec::new();
    // A bracket left open, judged by indentation; trusted only when the brackets do not
    // balance, since odd indentation alone is no error.
    let mut by_indent: Option<Explanation> = None;
    let mut unbalanced = false;
    let mut last_line = 0;
    for (i, token) in tokens.iter().enumerate() {
        let (line, col) = line_col(text, token.span.start);
        let first_on_line = line != last_line;
        last_line = line;
        if first_on_line
            && by_indent.is_none()
            && let Some(top) = stack.last()
        {
            let indent = col - 1;
            let closes_top = token.kind == Kind::Close(closer(top.bracket));
            if top.line < line && indent <= top.indent && !closes_top {
                by_indent = Some(never_closed(text, top, token.span.clone()));
            }
        }
        let previous = i.checked_sub(1).map(|p| &tokens[p]);
        if !stack.is_empty()
            && let Some(previous) = previous
            && missing_comma(previous, token)
        {
            let next_is_field = tokens.get(i + 1).is_some_and(|t| t.kind == Kind::Colon);
            found.push(comma_missing(text, previous, token, next_is_field));
        }
        match token.kind {
            Kind::Open(bracket) => stack.push(Opened {
                bracket,
                at: token.span.start,
                line,
                indent: indentation(text, token.span.start),
            }),
            Kind::Close(bracket) => {
                let matching = stack.iter().rposition(|o| closer(o.bracket) == bracket);
                match matching {
                    Some(depth) if depth + 1 == stack.len() => {
                        stack.pop();
                    }
                    Some(depth) => {
                        unbalanced = true;
                        if let Some(top) = stack.last() {
                            found.push(closed_by_other(text, top, token));
                        }
                        stack.truncate(depth);
                    }
                    None => {
                        unbalanced = true;
                        found.push(Explanation {
                            span: token.span.clone(),
                            message: Message::new("syntax-closes-nothing")
                                .with("bracket", bracket_text(bracket))
                                .with("opener", bracket_text(opener(bracket))),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(top) = stack.last() {
        unbalanced = true;
        let end = text.trim_end().len();
        found.push(Explanation {
            span: end..end,
            message: Message::new("syntax-never-closed-at-end")
                .with("bracket", bracket_text(top.bracket))
                .with("closer", bracket_text(closer(top.bracket)))
                .with("opened", place(text, top.at)),
        });
    }
    if unbalanced && let Some(indent) = by_indent {
        found.push(indent);
    }
    // The earliest slip is the cause; what follows it is its consequence.
    found.into_iter().min_by_key(|e| e.span.start)
}

/// Two values side by side in a container, with nothing between them.
fn missing_comma(previous: &Token, token: &Token) -> bool {
    let ends_value = matches!(previous.kind, Kind::Value | Kind::Close(_));
    let starts_value = matches!(token.kind, Kind::Value | Kind::Open(_));
    // `Name(` and `Some(` are one value.
    let named = previous.word && token.kind == Kind::Open(b'(');
    ends_value && starts_value && !named
}

fn comma_missing(text: &str, previous: &Token, token: &Token, field: bool) -> Explanation {
    let at = previous.span.end;
    let next = &text[token.span.clone()];
    let message = if field {
        Message::new("syntax-comma-missing-field")
            .with("field", next)
            .with("next", place(text, token.span.start))
    } else {
        Message::new("syntax-comma-missing-item").with("next", place(text, token.span.start))
    };
    Explanation {
        span: at..at,
        message,
    }
}

fn never_closed(text: &str, open: &Opened, before: Range<usize>) -> Explanation {
    Explanation {
        span: before,
        message: Message::new("syntax-never-closed")
            .with("bracket", bracket_text(open.bracket))
            .with("closer", bracket_text(closer(open.bracket)))
            .with("opened", place(text, open.at)),
    }
}

fn closed_by_other(text: &str, open: &Opened, token: &Token) -> Explanation {
    let Kind::Close(found) = token.kind else {
        return never_closed(text, open, token.span.clone());
    };
    Explanation {
        span: token.span.clone(),
        message: Message::new("syntax-closed-by-other")
            .with("bracket", bracket_text(open.bracket))
            .with("closer", bracket_text(closer(open.bracket)))
            .with("opened", place(text, open.at))
            .with("found", bracket_text(found)),
    }
}

/// `12:5`, as the header of a diagnostic shows a place.
fn place(text: &str, offset: usize) -> String {
    let (line, col) = line_col(text, offset);
    format!("{line}:{col}")
}

fn bracket_text(bracket: u8) -> String {
    char::from(bracket).to_string()
}

fn closer(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

fn opener(close: u8) -> u8 {
    match close {
        b')' => b'(',
        b']' => b'[',
        _ => b'{',
    }
}

/// The indentation, in characters, of the line holding `offset`.
fn indentation(text: &str, offset: usize) -> usize {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .count()
}

/// The tokens of `text`, and a text or comment that runs to the end of the file.
fn tokenize(text: &str) -> (Vec<Token>, Option<Explanation>) {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let push = |tokens: &mut Vec<Token>, kind, span, word| tokens.push(Token { kind, span, word });
    while i < bytes.len() {
        let start = i;
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                // Block comments nest in RON.
                let mut depth = 0usize;
                loop {
                    if i >= bytes.len() {
                        return (tokens, Some(unclosed(start, "syntax-comment-never-closed")));
                    }
                    if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i >= bytes.len() {
                    return (tokens, Some(unclosed(start, "syntax-text-never-closed")));
                }
                i += 1;
                push(&mut tokens, Kind::Value, start..i, false);
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                let mut j = i + 1;
                let mut hashes = 0;
                while bytes.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if bytes.get(j) == Some(&b'"') {
                    let closing: String = std::iter::once('"')
                        .chain(std::iter::repeat_n('#', hashes))
                        .collect();
                    let Some(end) = text[j + 1..].find(&closing) else {
                        return (tokens, Some(unclosed(start, "syntax-text-never-closed")));
                    };
                    i = j + 1 + end + closing.len();
                    push(&mut tokens, Kind::Value, start..i, false);
                } else {
                    // `r#ident`: a raw identifier.
                    i = j;
                    while i < bytes.len() && is_word_byte(bytes[i]) {
                        i += 1;
                    }
                    push(&mut tokens, Kind::Value, start..i, true);
                }
            }
            b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'\'' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                push(&mut tokens, Kind::Value, start..i, false);
            }
            c @ (b'(' | b'[' | b'{') => {
                i += 1;
                push(&mut tokens, Kind::Open(c), start..i, false);
            }
            c @ (b')' | b']' | b'}') => {
                i += 1;
                push(&mut tokens, Kind::Close(c), start..i, false);
            }
            b':' => {
                i += 1;
                push(&mut tokens, Kind::Colon, start..i, false);
            }
            b',' => {
                i += 1;
                push(&mut tokens, Kind::Comma, start..i, false);
            }
            c if is_word_byte(c) => {
                while i < bytes.len() && is_word_byte(bytes[i]) {
                    i += 1;
                }
                push(&mut tokens, Kind::Value, start..i, true);
            }
            _ => {
                // `#`, `!` and anything unexpected; a multi-byte character whole.
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                push(&mut tokens, Kind::Other, start..i, false);
            }
        }
    }
    (tokens, None)
}

/// Letters, digits and what numbers are written with (`-1`, `0.5`, `1e+3`).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'.')
}

fn unclosed(start: usize, key: &'static str) -> Explanation {
    Explanation {
        span: start..start + 1,
        message: Message::new(key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, NoTitles};

    fn said(text: &str) -> (String, String) {
        let Some(found) = explain(text) else {
            return (String::new(), "nothing found".to_owned());
        };
        let (line, col) = line_col(text, found.span.start);
        (
            format!("{line}:{col}"),
            found.message.text(Lang::En, &NoTitles),
        )
    }

    #[test]
    fn nothing_is_said_about_a_text_without_slips() {
        assert_eq!(
            explain("Module(\n    id: \"a\",\n    list: [1, 2],\n)\n"),
            None
        );
    }

    #[test]
    fn a_choice_never_closed_is_said_where_its_closer_belongs() {
        let text = "(\n    choices: [\n        Choice(\n            id: \"a\",\n        ,\n        Choice(\n            id: \"b\",\n        ),\n    ],\n)\n";
        let (at, message) = said(text);
        assert_eq!(at, "5:9");
        assert!(
            message.contains("`(` opened at 3:15 is never closed"),
            "{message}"
        );
    }

    #[test]
    fn a_comma_missing_between_fields_is_said_after_the_first_value() {
        let text = "Choice(\n    id: \"a\"\n    text: \"b\",\n)\n";
        assert_eq!(
            said(text),
            (
                "2:12".to_owned(),
                "a comma `,` is missing here, after this value and before the field `text` at 3:5"
                    .to_owned()
            )
        );
    }

    #[test]
    fn a_comma_missing_between_items_names_the_next_one() {
        let text = "(\n    list: [\"a\" \"b\"],\n)";
        assert_eq!(
            said(text),
            (
                "2:15".to_owned(),
                "a comma `,` is missing here, between this value and the next one at 2:16"
                    .to_owned()
            )
        );
    }

    #[test]
    fn a_bracket_closed_by_the_wrong_closer_names_both_places() {
        let text = "(\n    a: [1, 2,\n)";
        assert_eq!(
            said(text),
            (
                "3:1".to_owned(),
                "the `[` opened at 2:8 is never closed: this `)` comes first, so a `]` is \
                 probably missing before it"
                    .to_owned()
            )
        );
    }

    #[test]
    fn a_bracket_open_at_the_end_of_the_file_is_said_there() {
        let text = "Module(\n    id: \"a\",\n";
        assert_eq!(
            said(text),
            (
                "2:13".to_owned(),
                "the `(` opened at 1:7 is never closed: add a `)` at the end of what it holds"
                    .to_owned()
            )
        );
    }

    #[test]
    fn a_closer_that_closes_nothing_is_said_where_it_is() {
        let (at, message) = said("(a: 1))");
        assert_eq!(at, "1:7");
        assert!(message.starts_with("this `)` closes nothing"), "{message}");
    }

    #[test]
    fn brackets_in_strings_characters_raw_strings_and_comments_do_not_count() {
        let text = "(a: \"(\", b: '(', c: r#\"[(\"#, /* ( /* [ */ */ d: 1 // (\n)";
        assert_eq!(explain(text), None);
    }

    #[test]
    fn a_text_never_closed_is_said_at_its_opening_quote() {
        let (at, message) = said("(a: \"b,\n c: 1)");
        assert_eq!(at, "1:5");
        assert!(message.contains("closing double quote"), "{message}");
    }

    #[test]
    fn the_explanation_reads_in_indonesian_too() {
        let text = "Choice(\n    id: \"a\"\n    text: \"b\",\n)\n";
        let found = explain(text).map(|e| e.message.text(Lang::Id, &NoTitles));
        assert_eq!(
            found.as_deref(),
            Some("koma `,` hilang di sini, sesudah nilai ini dan sebelum kolom `text` di 3:5")
        );
    }
}
