//! The small text chores of GIFT: escapes, format markers, HTML, ids.
//!
//! GIFT marks its structure with ordinary characters (`~ = # { } :`) and lets authors write
//! them in texts with a backslash. Moodle parses by first swapping every escaped character
//! for a placeholder, cutting the question apart on the plain ones, and swapping the
//! placeholders back in each piece; this module does the same, so `\=` in an answer never
//! starts a new answer, exactly as in Moodle. The placeholders are characters from Unicode's
//! supplementary private use area, which no real question text contains.

use std::fmt::Write as _;

/// How a GIFT text is written, from its `[html]`, `[moodle]`, `[plain]` or `[markdown]`
/// marker; Moodle's own "auto-format" when there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextFormat {
    #[default]
    Moodle,
    Html,
    Plain,
    Markdown,
}

impl TextFormat {
    /// The format a marker names, as Moodle spells it (lowercase only).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "moodle" => Some(Self::Moodle),
            "html" => Some(Self::Html),
            "plain" => Some(Self::Plain),
            "markdown" => Some(Self::Markdown),
            _ => None,
        }
    }
}

/// A GIFT text with its format marker taken off and its escapes resolved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Formatted {
    pub format: TextFormat,
    pub text: String,
}

impl Formatted {
    /// The text as Jaga shows it, as Moodle would show it: HTML tags and comments
    /// stripped and entities decoded for `[html]` and for Moodle's own auto-format (the
    /// default, which Moodle also renders as HTML); `[plain]` and `[markdown]` as written.
    pub fn plain(&self) -> String {
        match self.format {
            TextFormat::Html | TextFormat::Moodle => strip_html(&self.text),
            TextFormat::Plain | TextFormat::Markdown => self.text.trim().to_owned(),
        }
    }
}

/// The placeholder for an escaped character (`\n` stands for a line break).
fn placeholder_for(escaped: char) -> Option<char> {
    Some(match escaped {
        '\\' => '\u{F0000}',
        '~' => '\u{F0001}',
        '=' => '\u{F0002}',
        '#' => '\u{F0003}',
        '{' => '\u{F0004}',
        '}' => '\u{F0005}',
        ':' => '\u{F0006}',
        'n' => '\u{F0007}',
        _ => return None,
    })
}

/// The character a placeholder stands for.
fn released(c: char) -> Option<char> {
    Some(match c {
        '\u{F0000}' => '\\',
        '\u{F0001}' => '~',
        '\u{F0002}' => '=',
        '\u{F0003}' => '#',
        '\u{F0004}' => '{',
        '\u{F0005}' => '}',
        '\u{F0006}' => ':',
        '\u{F0007}' => '\n',
        _ => return None,
    })
}

/// Swaps each escape (`\~ \= \# \{ \} \: \\ \n`) for its placeholder. A backslash before
/// any other character stays a backslash, as in Moodle.
pub fn protect(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(placeholder) = chars.peek().copied().and_then(placeholder_for)
        {
            out.push(placeholder);
            chars.next();
        } else {
            out.push(c);
        }
    }
    out
}

/// Swaps placeholders back. A line break in the file only wraps the source, so it becomes
/// one space; a written `\n` is a real line break.
pub fn release(protected: &str) -> String {
    let mut out = String::with_capacity(protected.len());
    let mut chars = protected.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            while out.ends_with([' ', '\t']) {
                out.pop();
            }
            while chars.next_if(|c| matches!(c, ' ' | '\t' | '\n')).is_some() {}
            if !out.is_empty() && !out.ends_with('\n') {
                out.push(' ');
            }
        } else {
            out.push(released(c).unwrap_or(c));
        }
    }
    out
}

/// Takes a leading format marker off a protected text (Moodle's `parse_text_with_format`),
/// then resolves its escapes. Without a marker the text has `default`'s format.
pub fn split_format(protected: &str, default: TextFormat) -> Formatted {
    let trimmed = protected.trim();
    let (format, body) = trimmed
        .strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(name, body)| TextFormat::from_name(name).map(|format| (format, body)))
        .unwrap_or((default, trimmed));
    Formatted {
        format,
        text: release(body).trim().to_owned(),
    }
}

/// Plain text from simple HTML: tags removed (line breaks kept for `<br>` and the end of
/// paragraphs, list items and headings; each list item starts its own line with `• `),
/// every entity decoded, spaces tidied.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tag = &rest[lt..];
        // A comment ends at `-->`, not at the first `>` inside it; one never closed runs
        // to the end, as in a browser.
        if let Some(comment) = tag.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let starts_tag = tag[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match tag.find('>') {
            Some(gt) if starts_tag => {
                let inner = &tag[1..gt];
                let closing = inner.starts_with('/');
                let name: String = inner
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase();
                let block_end = closing
                    && matches!(
                        name.as_str(),
                        "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                    );
                if name == "br" || block_end {
                    out.push('\n');
                } else if closing && (name == "ul" || name == "ol") {
                    if !out.ends_with('\n') {
                        out.push('\n');
                    }
                } else if name == "li" && !closing {
                    // A list item keeps its bullet, on a line of its own.
                    if !out.is_empty() && !out.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str("• ");
                }
                rest = &tag[gt + 1..];
            }
            _ => {
                out.push('<');
                rest = &tag[1..];
            }
        }
    }
    out.push_str(rest);
    tidy_whitespace(&decode_entities(&out))
}

/// Spaces and tabs collapsed, no spaces around line breaks, at most one empty line.
fn tidy_whitespace(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut empty_run = 0;
    for line in &lines {
        if line.is_empty() {
            empty_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if empty_run > 0 { "\n\n" } else { "\n" });
        }
        empty_run = 0;
        out.push_str(line);
    }
    out
}

/// Decodes every named HTML entity (`&eacute; &mdash; &rsquo; &hellip;` …) and numeric
/// ones, as a browser does; a reference to a control character is left as written.
pub fn decode_entities(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

/// Lowercase ASCII letters and digits joined by single hyphens, at most `max` characters:
/// `Q1 Phishing` → `q1-phishing`, `Données` → `donnees`. Empty when nothing is left.
pub fn slugify(text: &str, max: usize) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            slug.push(c);
            continue;
        }
        let folded = fold_latin(c);
        if folded.is_empty() {
            if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        } else {
            slug.push_str(folded);
        }
    }
    let mut slug: String = slug.trim_matches('-').chars().take(max).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// A lowercase accented Latin letter as ASCII; empty for anything else.
fn fold_latin(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        _ => "",
    }
}

/// A text written for GIFT: control characters escaped, line breaks as `\n`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '~' | '=' | '#' | '{' | '}' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// At most `max` characters of a text on one line, with `…` when cut: for messages.
pub fn excerpt(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let mut cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    while cut.ends_with(' ') {
        cut.pop();
    }
    let _ = write!(cut, "…");
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_lists_keep_one_bulleted_line_per_item() {
        assert_eq!(
            strip_html(
                "Keep:<ul><li>the <b>purpose</b></li><li>the retention&nbsp;period</li></ul>Done."
            ),
            "Keep:\n• the purpose\n• the retention period\nDone."
        );
    }

    #[test]
    fn escapes_survive_protect_and_release() {
        let raw = r"a \~ b \= c \# d \{ e \} f \: g \\ h \n i \q";
        assert_eq!(
            release(&protect(raw)),
            "a ~ b = c # d { e } f : g \\ h \n i \\q"
        );
    }

    #[test]
    fn a_line_break_in_the_file_is_one_space() {
        assert_eq!(release("one\ntwo \n  three"), "one two three");
    }

    #[test]
    fn every_named_entity_is_decoded_and_comments_end_at_their_close() {
        assert_eq!(
            strip_html("Caf&eacute; &mdash; it&rsquo;s open&hellip; &#233; &#x2014;"),
            "Café — it’s open… é —"
        );
        assert_eq!(
            strip_html("Before<!-- a > b, still a comment -->after"),
            "Beforeafter"
        );
        assert_eq!(strip_html("open <!-- never closed"), "open");
    }

    #[test]
    fn moodles_auto_format_is_read_as_html_and_plain_as_written() {
        let moodle = Formatted {
            format: TextFormat::Moodle,
            text: "<b>bold</b> &amp; true".to_owned(),
        };
        assert_eq!(moodle.plain(), "bold & true");
        let plain = Formatted {
            format: TextFormat::Plain,
            text: "<b>bold</b> &amp; true".to_owned(),
        };
        assert_eq!(plain.plain(), "<b>bold</b> &amp; true");
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            strip_html("<p>Jangan <b>klik</b> tautan &amp; lampiran</p><p>Laporkan&nbsp;ke TI</p>"),
            "Jangan klik tautan & lampiran\nLaporkan ke TI"
        );
        assert_eq!(strip_html("a<br /><br />b"), "a\n\nb");
        assert_eq!(
            strip_html("1 < 2 &#60; 3 &#x3E; 0 &bogus;"),
            "1 < 2 < 3 > 0 &bogus;"
        );
    }

    #[test]
    fn slugs_fold_accents_and_join_words() {
        assert_eq!(slugify("Q1 Phishing", 48), "q1-phishing");
        assert_eq!(
            slugify("  Données personnelles! ", 48),
            "donnees-personnelles"
        );
        assert_eq!(slugify("Jesus' hometown", 48), "jesus-hometown");
        assert_eq!(slugify("???", 48), "");
        assert_eq!(slugify("abc def", 4), "abc");
    }

    #[test]
    fn escape_is_undone_by_protect_and_release() {
        let text = "50% of {data} = #1: ~all~ \\ back\nnext";
        assert_eq!(release(&protect(&escape(text))), text);
    }
}
