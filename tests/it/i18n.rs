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

/// Every key the code asks for by name (`Message::new("…")`, `tr(lang, "…")`,
/// `trf(lang, "…", …)`), so a typo or a missing translation fails here, not in front of a
/// learner.
#[test]
fn every_key_the_code_names_exists_in_both_languages() {
    fn rust_files(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, files);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    rust_files(std::path::Path::new("src"), &mut files);
    let known_id = keys_of("id");
    let known_en = keys_of("en");
    let mut named = 0;
    let mut missing = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, _) in text.match_indices('"') {
            let before = &text[..i];
            let asks = before.ends_with("Message::new(")
                || (before.ends_with(", ")
                    && before.rfind(['(', '\n']).is_some_and(|open| {
                        before[..open].ends_with("tr") || before[..open].ends_with("trf")
                    }));
            if !asks {
                continue;
            }
            let Some(end) = text[i + 1..].find('"') else {
                continue;
            };
            let key = &text[i + 1..i + 1 + end];
            if key.is_empty()
                || !key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                continue;
            }
            named += 1;
            let key = key.to_owned();
            if !known_id.contains(&key) || !known_en.contains(&key) {
                missing.push(format!("{}: {key}", file.display()));
            }
        }
    }
    assert!(named > 300, "only {named} keys found in the code");
    assert!(
        missing.is_empty(),
        "keys the code names but no .ftl defines: {missing:#?}"
    );
}
