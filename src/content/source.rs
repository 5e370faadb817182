//! Where each value of a RON file sits in its text.
//!
//! serde tells us *what* is wrong with a module once it has parsed, but not *where*: the
//! deserialised values carry no positions. This module re-reads the (already valid) text
//! with a small tokenizer and builds a tree of value spans, so the validator can name an
//! item by its path (`assessment.questions[2].choices[0]`) and get back the exact place to
//! underline. It only runs on text ron has accepted, whose nesting ron has bounded, and it
//! is iterative, so hostile input cannot make it recurse.

use std::ops::Range;

/// One step of a path from the module's root value to an item in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A named field of a struct or struct-like enum variant: `title: …`.
    Field(&'static str),
    /// The nth element of a list or of a tuple-like value: `Bullets([…])` is `Index(0)`.
    Index(usize),
    /// The value under a key of a map: the `"en"` of `{"id": …, "en": …}`.
    Key(String),
}

/// A path from the root value, built up by the validator as it walks the module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path(pub Vec<Seg>);

impl Path {
    pub fn root() -> Self {
        Self(Vec::new())
    }

    #[must_use]
    pub fn field(&self, name: &'static str) -> Self {
        self.with(Seg::Field(name))
    }

    #[must_use]
    pub fn index(&self, i: usize) -> Self {
        self.with(Seg::Index(i))
    }

    #[must_use]
    pub fn key(&self, key: &str) -> Self {
        self.with(Seg::Key(key.to_owned()))
    }

    fn with(&self, seg: Seg) -> Self {
        let mut segs = self.0.clone();
        segs.push(seg);
        Self(segs)
    }
}

#[derive(Debug)]
enum Body {
    /// A number, string, identifier or anything else without children.
    Leaf,
    /// `Name(a: 1, b: 2)` or `(a: 1)`: named children.
    Fields(Vec<(String, usize)>),
    /// `[1, 2]`, `Name(1, 2)`, `Some(1)`: positional children.
    Items(Vec<usize>),
    /// `{"k": v}`: keyed children; the key's text is unquoted when it is a plain string.
    Entries(Vec<(String, usize)>),
}

#[derive(Debug)]
struct Node {
    /// The whole value, from its first to its last byte.
    span: Range<usize>,
    /// The first token of the value (the struct name, the opening bracket, the literal).
    head: Range<usize>,
    body: Body,
}

/// The value tree of one RON text.
#[derive(Debug)]
pub struct SourceMap {
    nodes: Vec<Node>,
    root: Option<usize>,
}

impl SourceMap {
    /// Builds the tree. Text that does not tokenize as RON gives a map that resolves
    /// nothing, so a diagnostic then falls back to the start of the file.
    pub fn build(text: &str) -> Self {
        let tokens = tokenize(text);
        let mut builder = Builder {
            tokens: &tokens,
            pos: 0,
            nodes: Vec::new(),
        };
        let root = builder.parse();
        Self {
            nodes: builder.nodes,
            root,
        }
    }

    /// The span to underline for the item at `path`: the item's first token, widened to
    /// the whole item when it fits on one line. Walks as far down the path as the text
    /// goes, so a missing field points at the value that should have held it.
    pub fn locate(&self, text: &str, path: &Path) -> Range<usize> {
        let Some(mut current) = self.root else {
            return 0..0;
        };
        for seg in &path.0 {
            match self.child(current, seg) {
                Some(next) => current = next,
                None => break,
            }
        }
        let node = &self.nodes[current];
        let whole = &text[node.span.clone()];
        if whole.contains('\n') {
            node.head.clone()
        } else {
            node.span.clone()
        }
    }

    /// Keys given twice in one map (`{"en": "a", "en": "b"}`): each key and the span of
    /// its second value. serde keeps the last silently; an author meant one of them.
    pub fn duplicate_keys(&self) -> Vec<(String, Range<usize>)> {
        let mut found = Vec::new();
        for node in &self.nodes {
            if let Body::Entries(entries) = &node.body {
                for (i, (key, child)) in entries.iter().enumerate() {
                    if entries[..i].iter().any(|(earlier, _)| earlier == key) {
                        found.push((key.clone(), self.nodes[*child].span.clone()));
                    }
                }
            }
        }
        found
    }

    /// Every value written under a key of a map, with the key: in a module, the text of
    /// each translation under its language code. Lints on wording walk these.
    pub fn keyed_values(&self) -> Vec<(String, Range<usize>)> {
        let mut found = Vec::new();
        for node in &self.nodes {
            if let Body::Entries(entries) = &node.body {
                for (key, child) in entries {
                    let value = &self.nodes[*child];
                    if matches!(value.body, Body::Leaf) {
                        found.push((key.clone(), value.span.clone()));
                    }
                }
            }
        }
        found.sort_by_key(|(_, span)| span.start);
        found
    }

    /// The first token of the innermost value whose span contains `offset`.
    pub fn enclosing_head(&self, offset: usize) -> Option<Range<usize>> {
        self.nodes
            .iter()
            .filter(|n| n.span.start <= offset && offset < n.span.end)
            .min_by_key(|n| n.span.len())
            .map(|n| n.head.clone())
    }

    fn child(&self, node: usize, seg: &Seg) -> Option<usize> {
        let node = &self.nodes[node];
        match (&node.body, seg) {
            (Body::Fields(fields), Seg::Field(name)) => fields
                .iter()
                .find(|(field, _)| field == name)
                .map(|(_, child)| *child),
            (Body::Items(items), Seg::Index(i)) => items.get(*i).copied(),
            (Body::Entries(entries), Seg::Key(key)) => entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, child)| *child),
            // `Some(x)` written around a value: look through it.
            (Body::Items(items), _) if items.len() == 1 => self.child(items[0], seg),
            _ => None,
        }
    }
}

/// A 1-based line and a 1-based column counted in characters, as editors show them.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// The byte offset of a 1-based line and character column (clamped to the text).
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line {
        match text[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return text.len(),
        }
    }
    let line_text = text[offset..].split('\n').next().unwrap_or("");
    let within: usize = line_text
        .chars()
        .take(col.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    offset + within
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Ident,
    Str,
    Other,
    Open(u8),
    Close(u8),
    Colon,
    Comma,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Tok,
    span: Range<usize>,
    /// The unquoted contents, for plain strings (used as map keys).
    text: Option<String>,
}

fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                // Block comments nest in RON.
                let mut depth = 0usize;
                while i < bytes.len() {
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
                let mut value = String::new();
                let mut plain = true;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        plain = false;
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
                if plain {
                    value.push_str(&text[start + 1..i.min(bytes.len())]);
                }
                i = (i + 1).min(bytes.len());
                tokens.push(Token {
                    kind: Tok::Str,
                    span: start..i,
                    text: plain.then_some(value),
                });
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                // Raw string: r"…", r#"…"#, …
                let mut j = i + 1;
                let mut hashes = 0;
                while bytes.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if bytes.get(j) == Some(&b'"') {
                    j += 1;
                    let content_start = j;
                    let closing: String = std::iter::once('"')
                        .chain(std::iter::repeat_n('#', hashes))
                        .collect();
                    let end = text[j..].find(&closing).map_or(bytes.len(), |k| j + k);
                    let value = text[content_start..end].to_owned();
                    i = (end + closing.len()).min(bytes.len());
                    tokens.push(Token {
                        kind: Tok::Str,
                        span: start..i,
                        text: Some(value),
                    });
                } else {
                    i = j;
                    tokens.push(Token {
                        kind: Tok::Other,
                        span: start..i,
                        text: None,
                    });
                }
            }
            b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                tokens.push(Token {
                    kind: Tok::Other,
                    span: start..i,
                    text: None,
                });
            }
            b'(' | b'[' | b'{' => {
                i += 1;
                tokens.push(Token {
                    kind: Tok::Open(c),
                    span: start..i,
                    text: None,
                });
            }
            b')' | b']' | b'}' => {
                i += 1;
                tokens.push(Token {
                    kind: Tok::Close(c),
                    span: start..i,
                    text: None,
                });
            }
            b':' => {
                i += 1;
                tokens.push(Token {
                    kind: Tok::Colon,
                    span: start..i,
                    text: None,
                });
            }
            b',' => {
                i += 1;
                tokens.push(Token {
                    kind: Tok::Comma,
                    span: start..i,
                    text: None,
                });
            }
            _ if c == b'_' || c.is_ascii_alphabetic() => {
                while i < bytes.len() && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                tokens.push(Token {
                    kind: Tok::Ident,
                    span: start..i,
                    text: Some(text[start..i].to_owned()),
                });
            }
            _ => {
                // Numbers, signs, `#![enable(...)]` attributes and anything unexpected:
                // one token per run of such bytes, never splitting a UTF-8 character.
                i += 1;
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b' ' | b'\t'
                            | b'\r'
                            | b'\n'
                            | b'('
                            | b')'
                            | b'['
                            | b']'
                            | b'{'
                            | b'}'
                            | b':'
                            | b','
                            | b'"'
                    )
                {
                    i += 1;
                }
                // Delimiters are ASCII, so `i` is on a character boundary here.
                tokens.push(Token {
                    kind: Tok::Other,
                    span: start..i,
                    text: None,
                });
            }
        }
    }
    tokens
}

/// An open container while building the tree without recursion.
struct Frame {
    node: usize,
    close: u8,
    /// A field name or map key read before the next value.
    pending: Option<String>,
    /// Whether this container's children are keyed by `key: value`.
    keyed: Option<bool>,
    map: bool,
}

struct Builder<'a> {
    tokens: &'a [Token],
    pos: usize,
    nodes: Vec<Node>,
}

impl Builder<'_> {
    fn peek(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.pos + ahead)
    }

    fn parse(&mut self) -> Option<usize> {
        // Skip leading `#![enable(...)]` attributes.
        while self
            .peek(0)
            .is_some_and(|t| t.kind == Tok::Other && t.span.len() >= 2)
        {
            self.pos += 1;
            let mut depth = 0i32;
            while let Some(kind) = self.peek(0).map(|t| t.kind) {
                self.pos += 1;
                match kind {
                    Tok::Open(_) => depth += 1,
                    Tok::Close(_) => {
                        depth -= 1;
                        if depth <= 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }

        let mut stack: Vec<Frame> = Vec::new();
        let mut root = None;
        loop {
            // Inside a container: read separators, keys and closers until a value starts.
            if let Some(frame) = stack.last_mut() {
                let tok = self.peek(0)?.clone();
                match tok.kind {
                    Tok::Comma => {
                        self.pos += 1;
                        continue;
                    }
                    Tok::Close(c) if c == frame.close => {
                        self.pos += 1;
                        let node = frame.node;
                        self.nodes[node].span.end = tok.span.end;
                        stack.pop();
                        if stack.is_empty() {
                            return Some(node);
                        }
                        continue;
                    }
                    Tok::Close(_) => return root,
                    _ => {}
                }
                let is_key = self.peek(1).is_some_and(|t| t.kind == Tok::Colon);
                if frame.keyed.is_none() {
                    frame.keyed = Some(is_key);
                    let body = match (frame.map, is_key) {
                        (true, _) => Body::Entries(Vec::new()),
                        (false, true) => Body::Fields(Vec::new()),
                        (false, false) => Body::Items(Vec::new()),
                    };
                    self.nodes[frame.node].body = body;
                }
                if is_key && frame.pending.is_none() {
                    let key = tok.text.clone().unwrap_or_else(|| "\u{0}".to_owned());
                    frame.pending = Some(key);
                    self.pos += 2;
                    continue;
                }
            }

            // A value starts here.
            let Some(tok) = self.peek(0).cloned() else {
                return root;
            };
            let (head, opens) = match tok.kind {
                Tok::Ident => match self.peek(1) {
                    Some(next) if matches!(next.kind, Tok::Open(b'(')) => {
                        (tok.span.clone(), Some((b')', false, 2)))
                    }
                    _ => (tok.span.clone(), None),
                },
                Tok::Open(b'(') => (tok.span.clone(), Some((b')', false, 1))),
                Tok::Open(b'[') => (tok.span.clone(), Some((b']', false, 1))),
                Tok::Open(b'{') => (tok.span.clone(), Some((b'}', true, 1))),
                Tok::Str | Tok::Other => (tok.span.clone(), None),
                _ => return root,
            };
            let node = self.nodes.len();
            self.nodes.push(Node {
                span: tok.span.clone(),
                head,
                body: Body::Leaf,
            });
            if let Some(parent) = stack.last_mut() {
                let pending = parent.pending.take();
                match (&mut self.nodes[parent.node].body, pending) {
                    (Body::Fields(fields) | Body::Entries(fields), Some(key)) => {
                        fields.push((key, node));
                    }
                    (Body::Items(items), _) => items.push(node),
                    _ => {}
                }
            } else {
                root = Some(node);
            }
            if let Some((close, map, consumed)) = opens {
                self.pos += consumed;
                stack.push(Frame {
                    node,
                    close,
                    pending: None,
                    keyed: None,
                    map,
                });
                // Empty container: set its body kind now.
                if self.peek(0).is_some_and(|t| t.kind == Tok::Close(close)) {
                    self.nodes[node].body = if map {
                        Body::Entries(Vec::new())
                    } else {
                        Body::Items(Vec::new())
                    };
                }
            } else {
                self.pos += 1;
                if stack.is_empty() {
                    return root;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_fields_items_and_keys() {
        let text = "Module(\n  id: \"m\",\n  title: {\"id\": \"Judul\", \"en\": \"Title\"},\n  lessons: [Lesson(id: \"a\"), Lesson(id: \"b\")],\n)";
        let map = SourceMap::build(text);
        let span = map.locate(text, &Path::root().field("lessons").index(1).field("id"));
        assert_eq!(&text[span.clone()], "\"b\"");
        assert_eq!(line_col(text, span.start), (4, 41));
        let span = map.locate(text, &Path::root().field("title").key("en"));
        assert_eq!(&text[span], "\"Title\"");
    }

    #[test]
    fn a_multi_line_item_is_marked_by_its_first_token() {
        let text = "(\n qs: [\n  SingleChoice(\n   id: \"q\",\n  ),\n ],\n)";
        let map = SourceMap::build(text);
        let span = map.locate(text, &Path::root().field("qs").index(0));
        assert_eq!(&text[span], "SingleChoice");
    }

    #[test]
    fn comments_and_raw_strings_are_skipped() {
        let text = "( /* a ( /* nested */ ) */ a: r#\"x \"(\" y\"#, // b: 1\n b: Some(2))";
        let map = SourceMap::build(text);
        let span = map.locate(text, &Path::root().field("b"));
        assert_eq!(&text[span], "Some(2)");
    }

    #[test]
    fn a_missing_item_falls_back_to_its_nearest_parent() {
        let text = "(a: (b: 1))";
        let map = SourceMap::build(text);
        let span = map.locate(text, &Path::root().field("a").field("zzz"));
        assert_eq!(&text[span], "(b: 1)");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_col("é\nxé y", 6), (2, 3));
        assert_eq!(offset_of("é\nxé y", 2, 3), 6);
    }
}
