//! The plain-word explanations, with the exact positions an author is sent to.

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
            "a comma `,` is missing here, between this value and the next one at 2:16".to_owned()
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
            "3:1".to_owned(),
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
fn a_closing_quote_left_out_is_said_at_the_end_of_its_line() {
    let text = "(\n    t: {\n        \"id\": \"Judul,\n        \"en\": \"Title\",\n    },\n)";
    assert_eq!(
        said(text),
        (
            "3:22".to_owned(),
            "the text opened at 3:15 is probably not closed: add the closing double quote \
             `\"` at the end of its line, here"
                .to_owned()
        )
    );
}

#[test]
fn a_name_without_its_paren_is_said_after_the_name() {
    let text = "(\n    q: [\n        Choice\n            id: \"a\",\n        ),\n    ],\n)";
    assert_eq!(
        said(text),
        (
            "3:15".to_owned(),
            "`Choice` is followed by its fields but no `(`: add `(` after it, here".to_owned()
        )
    );
}

#[test]
fn an_opener_left_out_at_a_line_end_is_said_there_with_its_closer() {
    let text = "(\n    title:\n        \"id\": \"a\",\n    },\n)";
    assert_eq!(
        said(text),
        (
            "2:11".to_owned(),
            "the `}` at 4:5 closes nothing: its `{` is probably missing here, at the end of \
             this line"
                .to_owned()
        )
    );
    let text = "(\n    b: Bullets(\n        \"x\",\n    ]),\n)";
    assert_eq!(
        said(text),
        (
            "2:16".to_owned(),
            "the `]` at 4:5 closes nothing: its `[` is probably missing here, after this `(`"
                .to_owned()
        )
    );
}

#[test]
fn an_opener_left_out_on_its_own_line_is_said_before_what_it_held() {
    let text = "(\n    l: [\n        {\n            \"id\": \"a\",\n        },\n\n            \"id\": \"b\",\n        },\n    ],\n)";
    assert_eq!(
        said(text),
        (
            "7:13".to_owned(),
            "the `}` at 8:9 closes nothing: its `{` is probably missing just before this"
                .to_owned()
        )
    );
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
