//! Text on its way to a terminal: the one place that makes it safe to print.
//!
//! Names, titles, paths, bundle fields and an LRS's error bodies come from people and
//! servers Jaga does not control. Printed raw, an escape sequence in them could retitle
//! the window, clear the screen or set the clipboard; a carriage return could overwrite
//! what was printed before. So every line the command line prints, and every source line
//! a diagnostic quotes, goes through [`printable`].

use std::borrow::Cow;

/// Whether a character must not reach a terminal as it is: every control character
/// (C0 with ESC and carriage return, DEL, C1) but the line break, and the bidirectional
/// overrides and isolates that make text read differently from how it is stored.
pub fn is_unsafe_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with each character [`is_unsafe_on_terminal`] shown as `�`; line breaks kept.
pub fn printable(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_unsafe_on_terminal) {
        Cow::Owned(
            text.chars()
                .map(|c| {
                    if is_unsafe_on_terminal(c) {
                        '\u{FFFD}'
                    } else {
                        c
                    }
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_carriage_returns_are_shown_and_line_breaks_kept() {
        assert_eq!(
            printable("a\u{1b}]0;owned\u{7}b\r\nc\u{9b}2J\u{202E}d\te"),
            "a\u{FFFD}]0;owned\u{FFFD}b\u{FFFD}\nc\u{FFFD}2J\u{FFFD}d\u{FFFD}e"
        );
        assert!(matches!(printable("plain text\n"), Cow::Borrowed(_)));
    }
}
