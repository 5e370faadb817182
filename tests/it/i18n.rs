//! Interface text: both languages have the same messages, and dates read naturally.
#![allow(clippy::unwrap_used, reason = "a test fails loudly")]

use chrono::NaiveDate;
use jaga::i18n::{FTL_FILES, Lang, day, message_keys, percent, tr, trf};

/// The message keys of each language, over all its files.
fn keys_of(lang: &str) -> Vec<String> {
    let mut keys: Vec<String> = FTL_FILES
        .iter()
        .filter(|(code, _, _)| *code == lang)
        .flat_map(|(_, _, text)| message_keys(text))
        .collect();
    keys.sort();
    keys
}

#[test]
fn indonesian_and_english_have_the_same_message_ids() {
    let first = keys_of("id");
    assert!(first.len() > 200, "only {} messages found", first.len());
    let mut unique = first.clone();
    unique.dedup();
    assert_eq!(unique.len(), first.len(), "a key is defined twice");
    let other = keys_of("en");
    let missing: Vec<_> = first.iter().filter(|k| !other.contains(k)).collect();
    let extra: Vec<_> = other.iter().filter(|k| !first.contains(k)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "en lacks {missing:?} that id has, and has {extra:?} that id lacks"
    );
    for (lang, file, _) in FTL_FILES {
        let pair = FTL_FILES
            .iter()
            .filter(|(l, f, _)| l != &lang && f == &file)
            .count();
        assert_eq!(pair, 1, "{lang}/{file} has no counterpart");
    }
}

#[test]
fn every_message_resolves_in_both_languages_without_a_placeholder_left() {
    for (_, _, text) in FTL_FILES {
        for key in message_keys(text) {
            for lang in Lang::ALL {
                let value = tr(lang, &key);
                assert!(!value.is_empty(), "{key} is empty in {lang:?}");
                assert_ne!(value, key, "{key} is missing in {lang:?}");
            }
        }
    }
}

#[test]
fn dates_read_in_each_languages_own_style() {
    let date = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    assert_eq!(day(Lang::Id, date), "29 November 2026");
    assert_eq!(day(Lang::En, date), "29 Nov 2026");
    let march = NaiveDate::from_ymd_opt(2027, 3, 5).unwrap();
    assert_eq!(day(Lang::Id, march), "5 Maret 2027");
    assert_eq!(day(Lang::En, march), "5 Mar 2027");
}

#[test]
fn arguments_are_filled_in_without_isolation_marks() {
    let text = trf(
        Lang::En,
        "quiz-question-of",
        &[("n", "3".into()), ("total", "8".into())],
    );
    assert_eq!(text, "Question 3 of 8");
    let text = trf(
        Lang::Id,
        "quiz-question-of",
        &[("n", "3".into()), ("total", "8".into())],
    );
    assert_eq!(text, "Pertanyaan 3 dari 8");
}

#[test]
fn percentages_use_each_languages_decimal_mark() {
    assert_eq!(percent(Lang::En, 66.666), "66.7");
    assert_eq!(percent(Lang::Id, 66.666), "66,7");
    assert_eq!(percent(Lang::Id, 80.0), "80");
}
