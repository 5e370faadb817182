//! The scanner under [`super::explain`]: RON text cut into the tokens that matter for its
//! shape (values, brackets, colons, commas), with strings, characters, raw strings and
//! nested comments read whole so a bracket inside them never counts.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A word (identifier, number, `true`), a string or a character: a whole value.
    Value,
    Open(u8),
    Close(u8),
    Colon,
    Comma,
    Other,
}

#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) kind: Kind,
    pub(super) span: std::ops::Range<usize>,
    /// A word rather than a string or a character (a word before `(` names a struct).
    pub(super) word: bool,
}

/// A text or a comment that runs to the end of the file: where it starts, and the Fluent
/// key that says so.
pub(super) type Unclosed = (usize, &'static str);

/// The tokens of `text`, and a text or comment that runs to the end of the file.
pub(super) fn tokenize(text: &str) -> (Vec<Token>, Option<Unclosed>) {
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

fn unclosed(start: usize, key: &'static str) -> Unclosed {
    (start, key)
}
