//! Lints against answers a test-wise learner spots without reading the lessons.
//!
//! Two habits of item writers give answers away. The right choice is written with care,
//! qualified and complete, while the wrong ones are short caricatures: across a module the
//! longest choice is then the right one, and a learner who always picks it passes. And a
//! multiple-answer prompt says how many answers are right ("pilih dua"), so the learner
//! stops weighing each choice once they have found that many. Both are warnings: the
//! module works, but it no longer tells a learner who read from one who guessed.

use std::collections::HashMap;

use super::Checker;
use crate::content::diagnostic::Severity;
use crate::content::raw::{RawChoice, RawModule, RawQuestion};
use crate::content::source::Path;
use crate::i18n::Message;

/// The right answer stands out when it is at least this many times as long (in
/// characters) as the longest wrong one: a fifth longer.
pub const CLEAR_MARGIN: f64 = 1.2;

/// How many of the ids of the questions that give their answer away a warning names.
const NAMED: usize = 5;

impl Checker<'_> {
    /// Warns, per language, when the right answer is the longest choice by a clear margin
    /// in more than half of the module's choice questions, and at each multiple-answer
    /// prompt that says how many answers are right.
    pub(super) fn giveaways(&mut self, raw: &RawModule) {
        let questions_path = Path::root().field("assessment").field("questions");
        let languages = self.languages.clone();
        for lang in &languages {
            let mut asked = 0usize;
            let mut standing_out = Vec::new();
            for question in &raw.assessment.questions {
                let (RawQuestion::SingleChoice { id, choices, .. }
                | RawQuestion::MultipleChoice { id, choices, .. }) = question
                else {
                    continue;
                };
                let Some(verdict) = right_answer_stands_out(choices, lang) else {
                    continue;
                };
                asked += 1;
                if verdict {
                    standing_out.push(format!("`{id}`"));
                }
            }
            if asked > 0 && standing_out.len() * 2 > asked {
                let count = standing_out.len();
                let mut named = standing_out[..count.min(NAMED)].join(", ");
                if count > NAMED {
                    named.push_str(", …");
                }
                self.item.question = None;
                self.lint(
                    Severity::Warning,
                    &questions_path,
                    Message::new("lint-giveaway-longest")
                        .with("count", count)
                        .with("total", asked)
                        .with("lang", lang.as_str())
                        .with("questions", named),
                );
            }
        }
        for (i, question) in raw.assessment.questions.iter().enumerate() {
            let RawQuestion::MultipleChoice {
                id,
                prompt,
                choices,
                ..
            } = question
            else {
                continue;
            };
            let right = choices.iter().filter(|c| c.correct).count();
            for lang in &languages {
                let Some(text) = prompt.get(lang) else {
                    continue;
                };
                if let Some(word) = states_how_many(text, lang, right) {
                    self.item.question = Some(id.clone());
                    self.lint(
                        Severity::Warning,
                        &questions_path.index(i).field("prompt").key(lang),
                        Message::new("lint-giveaway-count").with("word", word),
                    );
                }
            }
        }
        self.item.question = None;
    }
}

/// Whether every right choice of a question is longer, by [`CLEAR_MARGIN`], than every
/// wrong one in `lang`; `None` when the question has no wrong or no right choice, or a
/// choice lacks its `lang` text (another rule reports that).
pub fn right_answer_stands_out(choices: &[RawChoice], lang: &str) -> Option<bool> {
    let mut shortest_right: Option<usize> = None;
    let mut longest_wrong: Option<usize> = None;
    for choice in choices {
        let length = choice.text.get(lang)?.trim().chars().count();
        if choice.correct {
            shortest_right = Some(shortest_right.map_or(length, |s| s.min(length)));
        } else {
            longest_wrong = Some(longest_wrong.map_or(length, |l| l.max(length)));
        }
    }
    let (right, wrong) = (shortest_right?, longest_wrong?);
    #[expect(clippy::cast_precision_loss, reason = "text lengths are small")]
    let stands_out = right as f64 >= wrong as f64 * CLEAR_MARGIN;
    Some(stands_out)
}

/// The word of a prompt that tells how many answers are right, when it equals `right`
/// (two or more): a number word of the language ("dua", "three") or a digit, as a count
/// of things rather than part of a duration, a multiplication or a percentage.
pub fn states_how_many(prompt: &str, lang: &str, right: usize) -> Option<String> {
    if right < 2 {
        return None;
    }
    let numbers = number_words(lang);
    let words: Vec<String> = prompt
        .split(|c: char| !c.is_alphanumeric() && c != '%' && c != '×')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    for (i, word) in words.iter().enumerate() {
        let value = word
            .parse::<usize>()
            .ok()
            .or_else(|| numbers.get(word.as_str()).copied());
        if value != Some(right) {
            continue;
        }
        let next = words.get(i + 1).map_or("", String::as_str);
        let previous = i.checked_sub(1).map_or("", |p| words[p].as_str());
        if NOT_A_COUNT_AFTER.contains(&next) || NOT_A_COUNT_BEFORE.contains(&previous) {
            continue;
        }
        return Some(word.clone());
    }
    None
}

/// Words after a number that make it a duration, a multiplication or a share, not a count
/// of answers: "3 x 24 jam", "tiga kali dua puluh empat", "two hours".
const NOT_A_COUNT_AFTER: &[&str] = &[
    "x", "×", "kali", "puluh", "belas", "ratus", "ribu", "jam", "hari", "minggu", "bulan", "tahun",
    "menit", "persen", "%", "times", "hours", "hour", "days", "weeks", "months", "years",
    "minutes", "percent",
];

/// Words before a number that make it part of a multiplication or a reference.
const NOT_A_COUNT_BEFORE: &[&str] = &["x", "×", "kali", "pasal", "ayat", "article", "art"];

fn number_words(lang: &str) -> HashMap<&'static str, usize> {
    let words: &[&str] = match lang.split('-').next().unwrap_or(lang) {
        "id" => &[
            "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
        ],
        "en" => &[
            "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        ],
        _ => &[],
    };
    words.iter().enumerate().map(|(i, w)| (*w, i + 2)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(text: &str, correct: bool) -> RawChoice {
        RawChoice {
            id: text.to_owned(),
            text: [("en".to_owned(), text.to_owned())].into(),
            correct,
            weight: None,
            feedback: None,
        }
    }

    #[test]
    fn a_right_answer_a_fifth_longer_than_every_wrong_one_stands_out() {
        let long = [
            choice("Ask the owner first", false),
            choice("Report it now to the PPDP", true),
        ];
        assert_eq!(right_answer_stands_out(&long, "en"), Some(true));
        let even = [
            choice("Ask the owner first", false),
            choice("Report it to the PPDP", true),
        ];
        assert_eq!(right_answer_stands_out(&even, "en"), Some(false));
        assert_eq!(right_answer_stands_out(&even, "id"), None);
    }

    #[test]
    fn a_stated_count_is_found_but_durations_and_articles_are_not() {
        assert_eq!(
            states_how_many("Pilih dua tindakan yang tepat", "id", 2).as_deref(),
            Some("dua")
        );
        assert_eq!(
            states_how_many("Which three signs point to a scam?", "en", 3).as_deref(),
            Some("three")
        );
        assert_eq!(
            states_how_many("Pick 2 answers", "en", 2).as_deref(),
            Some("2")
        );
        assert_eq!(states_how_many("Pilih dua tindakan", "id", 3), None);
        assert_eq!(
            states_how_many("Dalam 3 x 24 jam, apa yang harus terjadi?", "id", 3),
            None
        );
        assert_eq!(
            states_how_many(
                "Batas tiga kali dua puluh empat jam berlaku untuk apa?",
                "id",
                2
            ),
            None
        );
        assert_eq!(states_how_many("Menurut Pasal 4 ayat (2)?", "id", 4), None);
    }
}
