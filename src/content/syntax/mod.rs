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

mod tokens;

use super::source::line_col;
use crate::i18n::Message;
use tokens::{Kind, Token, tokenize};

/// The likely cause of a syntax error: where to look and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub span: Range<usize>,
    pub message: Message,
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
    if let Some((start, key)) = unclosed {
        found.push(Explanation {
            span: start..start + 1,
            message: Message::new(key),
        });
    }
    let mut stack: Vec<Opened> = Vec::new();
    // A bracket left open, judged by indentation; trusted only when the brackets do not
    // balance, since odd indentation alone is no error.
    let mut by_indent: Option<Explanation> = None;
    let mut unbalanced = false;
    let mut last_line = 0;
    // Where the scan is, counted as it goes (asking `line_col` per token is quadratic).
    let (mut cursor, mut line, mut line_start) = (0, 1, 0);
    for (i, token) in tokens.iter().enumerate() {
        for (at, byte) in text[cursor..token.span.start].bytes().enumerate() {
            if byte == b'\n' {
                line += 1;
                line_start = cursor + at + 1;
            }
        }
        cursor = token.span.start;
        let col = text[line_start..token.span.start].chars().count() + 1;
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
            found.push(side_by_side(text, previous, token, next_is_field));
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
                        let Some(top) = stack.last() else { continue };
                        if let Some(missing) = opened_on_the_same_line(text, top, token, bracket) {
                            // `Bullets(⏎ … ⏎ ]),`: the `[` after `(` was left out.
                            found.push(missing);
                        } else if first_on_line && col - 1 > top.indent {
                            // Deeper than the open bracket's line, so not its closer:
                            // `choices:⏎ … ⏎ ],` lost its `[`.
                            found.push(closes_nothing(text, token, bracket));
                        } else {
                            found.push(closed_by_other(text, top, token));
                            stack.truncate(depth);
                        }
                    }
                    None => {
                        unbalanced = true;
                        let same_line = stack
                            .last()
                            .and_then(|top| opened_on_the_same_line(text, top, token, bracket));
                        found.push(
                            same_line.unwrap_or_else(|| closes_nothing(text, token, bracket)),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(top) = stack.last() {
        unbalanced = true;
        let end = text.len();
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

/// Two values side by side: usually a comma left out, but a text that runs on over a line
/// end (its closing quote left out) and a name whose `(` was left out look the same.
fn side_by_side(text: &str, previous: &Token, token: &Token, field: bool) -> Explanation {
    let value = &text[previous.span.clone()];
    if !previous.word
        && value.starts_with('"')
        && let Some(line_end) = value.find('\n')
    {
        // `"Judul,⏎ "en": …`: the text swallowed the line end and the next quote.
        let at = previous.span.start + line_end;
        let at = text[..at].trim_end_matches('\r').len();
        return Explanation {
            span: at..at,
            message: Message::new("syntax-quote-missing")
                .with("opened", place(text, previous.span.start)),
        };
    }
    let (previous_line, _) = line_col(text, previous.span.start);
    let (token_line, _) = line_col(text, token.span.start);
    if previous.word
        && field
        && token_line > previous_line
        && indentation(text, token.span.start) > indentation(text, previous.span.start)
    {
        // `Choice⏎    id: …`: a name followed by its fields, without the `(`.
        let at = previous.span.end;
        return Explanation {
            span: at..at,
            message: Message::new("syntax-paren-missing-after").with("name", value),
        };
    }
    comma_missing(text, previous, token, field)
}

/// A closer with nothing open to close: most often its opener was left out at the end of
/// the line above that has the closer's indentation (`title:` without its `{`).
fn closes_nothing(text: &str, token: &Token, bracket: u8) -> Explanation {
    let indent = indentation(text, token.span.start);
    let line_start = text[..token.span.start].rfind('\n').map_or(0, |i| i + 1);
    let above = text[..line_start.saturating_sub(1)]
        .rsplit('\n')
        .scan(line_start.saturating_sub(1), |end, line| {
            let start = end.saturating_sub(line.len());
            *end = start.saturating_sub(1);
            Some((start, line))
        })
        .find(|(_, line)| {
            !line.trim().is_empty() && line.len() - line.trim_start().len() <= indent
        });
    if let Some((start, line)) = above {
        let content = line.trim_end();
        let outer = line.len() - line.trim_start().len() < indent;
        let message = |key| {
            Message::new(key)
                .with("opener", bracket_text(opener(bracket)))
                .with("closer", bracket_text(bracket))
                .with("closed", place(text, token.span.start))
        };
        if outer || content.ends_with(',') {
            // The previous item (or the enclosing line) ends there; this one starts on the
            // next line with text.
            let after = start + line.len();
            let next = text[after..token.span.start]
                .find(|c: char| !c.is_whitespace())
                .map(|i| after + i);
            if let Some(at) = next {
                return Explanation {
                    span: at..at,
                    message: message("syntax-opener-missing-before"),
                };
            }
        } else if !content.ends_with(char::from(opener(bracket))) {
            let at = start + content.len();
            return Explanation {
                span: at..at,
                message: message("syntax-opener-missing"),
            };
        }
    }
    Explanation {
        span: token.span.clone(),
        message: Message::new("syntax-closes-nothing")
            .with("bracket", bracket_text(bracket))
            .with("opener", bracket_text(opener(bracket))),
    }
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

/// A closer that lines up with the open bracket's line and is followed by that bracket's
/// own closer (`])` under `Bullets(`) was opened on that line too, and its opener was left
/// out right after the bracket.
fn opened_on_the_same_line(
    text: &str,
    open: &Opened,
    token: &Token,
    bracket: u8,
) -> Option<Explanation> {
    let line_start = text[..token.span.start].rfind('\n').map_or(0, |i| i + 1);
    let first_on_line = text[line_start..token.span.start].trim().is_empty();
    let then_closes_open = text[token.span.end..]
        .trim_start()
        .starts_with(char::from(closer(open.bracket)));
    if !(first_on_line && then_closes_open && indentation(text, token.span.start) == open.indent) {
        return None;
    }
    let at = open.at + 1;
    Some(Explanation {
        span: at..at,
        message: Message::new("syntax-opener-missing-after")
            .with("opener", bracket_text(opener(bracket)))
            .with("closer", bracket_text(bracket))
            .with("closed", place(text, token.span.start))
            .with("bracket", bracket_text(open.bracket)),
    })
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

#[cfg(test)]
mod tests;
