#![cfg(feature = "gui")]
//! Interface text: both languages have the same messages, and dates read naturally.
#![allow(clippy::unwrap_used, reason = "a test fails loudly")]

use chrono::NaiveDate;
use jaga::ui::i18n::{FTL_FILES, Lang, day, message_keys, percent, tr, trf};

#[test]
fn indonesian_and_english_have_the_same_message_ids() {
    let keys: Vec<(&str, Vec<String>)> = FTL_FILES
        .iter()
        .map(|(lang, text)| (*lang, message_keys(text)))
        .collect();
    let (first_lang, first) = &keys[0];
    assert!(first.len() > 100, "only {} messages found", first.len());
    for (lang, other) in &keys[1..] {
        let missing: Vec<_> = first.iter().filter(|k| !other.contains(k)).collect();
        let extra: Vec<_> = other.iter().filter(|k| !first.contains(k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{lang} lacks {missing:?} that {first_lang} has, and has {extra:?} that {first_lang} lacks"
        );
    }
}

#[test]
fn every_message_resolves_in_both_languages_without_a_placeholder_left() {
    for (_, text) in FTL_FILES {
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
