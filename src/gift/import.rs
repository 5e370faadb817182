//! Turns a parsed GIFT file into a Jaga module, and says exactly what did not fit.
//!
//! An imported question bank should be usable at once and pleasant to edit after. So the
//! result is a whole module that validates without errors (GIFT has no lessons, so it gets
//! a short placeholder lesson in the bank's language), written in the layout of the module
//! template, with each question's GIFT line beside it. Question kinds Jaga does not have
//! (essay, numerical, short answer, missing word, descriptions) are skipped and reported
//! by line; they are never guessed at. Matching questions become Jaga's matching kind.
//!
//! Choice questions are marked as Moodle marks them (see `choice_marking`):
//! - Every answer is written `~`, so Moodle shows check boxes and scores the sum of the
//!   picked answers' weights, kept within 0-100%: a `MultipleChoice` with `Weighted`
//!   scoring and every weight as written (or `PartialCredit` when the weights are the
//!   ones it stands for: 100/R for each of R right answers and -100/R for each wrong one).
//! - Some answer is written `=`, so Moodle shows radio buttons and scores the picked
//!   answer's weight: a `SingleChoice` whose full-credit answers are right and whose
//!   partial weights are kept; a negative weight (Moodle takes points off) is dropped with
//!   a note.
//! - No answer with a positive weight: skipped, since nothing could be marked right.

use std::collections::{BTreeMap, HashSet};

use super::marking::{ChoiceKind, choice_marking};
use super::parse::{Answers, GiftAnswer, GiftFile, GiftQuestion, ItemKind, MatchPair, Weight};
use super::problem::{GiftError, Problem, Skip};
use super::text::{Formatted, slugify};
use super::write::{RonComments, module_to_ron};
use crate::content::raw::{
    RawAssessment, RawBlock, RawCategory, RawChoice, RawLesson, RawMatchItem, RawModule,
    RawQuestion, RawText,
};
use crate::content::validate::is_slug;

/// The pass mark of an imported module: the template's.
pub const PASS_MARK: i64 = 70;

/// The language a GIFT file is written in; the placeholder lesson is written in it too.
pub use crate::lang::Lang;

/// The placeholder texts, in one language.
struct Words {
    summary: &'static str,
    lesson_title: &'static str,
    lesson_text: &'static str,
    takeaways: [&'static str; 2],
}

/// The placeholder texts in `lang`.
fn words(lang: Lang) -> Words {
    match lang {
        Lang::Id => Words {
            summary: "Soal latihan yang diimpor dari bank soal Moodle.",
            lesson_title: "Tentang kuis ini",
            lesson_text: "Soal-soal dalam modul ini diimpor dari bank soal Moodle. \
                          Materi pelajarannya belum ditulis: bacalah setiap soal dengan \
                          cermat dan perhatikan umpan balik setelah Anda menjawab.",
            takeaways: [
                "Baca setiap soal dengan cermat sebelum menjawab.",
                "Umpan balik setelah menjawab menjelaskan jawaban yang benar.",
            ],
        },
        Lang::En => Words {
            summary: "Practice questions imported from a Moodle question bank.",
            lesson_title: "About this quiz",
            lesson_text: "The questions in this module were imported from a Moodle \
                          question bank. Its lessons have not been written yet: read each \
                          question carefully and note the feedback after you answer.",
            takeaways: [
                "Read each question carefully before you answer.",
                "The feedback after each answer explains the right answer.",
            ],
        },
    }
}

/// What to call the module and where its questions came from.
#[derive(Debug, Clone)]
pub struct ImportOptions<'a> {
    /// The module id; must be a slug.
    pub module_id: &'a str,
    pub lang: Lang,
    /// The GIFT file's name, for the comment at the top of the module.
    pub source_name: &'a str,
    /// The module file's name, for the comment that says how to check it.
    pub module_file: &'a str,
}

/// An imported module, as data and as the text of its file.
#[derive(Debug)]
pub struct Import {
    pub module: RawModule,
    /// The module file: formatted RON with comments.
    pub ron: String,
    /// Questions that were not imported, in line order.
    pub skipped: Vec<Problem>,
    /// Questions imported with less than they had (a partial weight dropped, …).
    pub notes: Vec<Problem>,
}

impl Import {
    pub fn question_count(&self) -> usize {
        self.module.assessment.questions.len()
    }
}

/// Converts every question Jaga can represent into a module; the rest are in
/// [`Import::skipped`]. Fails when the id is not a slug or when no question is left.
pub fn import(file: &GiftFile, options: &ImportOptions<'_>) -> Result<Import, GiftError> {
    if !is_slug(options.module_id) {
        return Err(GiftError::BadModuleId {
            id: options.module_id.to_owned(),
        });
    }
    let lang = options.lang;
    let mut skipped = file.problems.clone();
    let mut notes = Vec::new();
    let mut ids = Ids::default();
    let mut questions = Vec::new();
    let mut comments: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in &file.items {
        let ItemKind::Question(question) = &item.kind else {
            continue;
        };
        match convert(question, lang, &mut ids) {
            Ok(Converted {
                question: raw,
                id,
                notes: question_notes,
            }) => {
                let mut lines = vec![match &question.title {
                    Some(title) => format!("GIFT line {}: ::{title}::", item.line),
                    None => format!("GIFT line {}", item.line),
                }];
                for note in question_notes {
                    lines.push(format!("note: {note}"));
                    notes.push(Problem::new(
                        item.line,
                        format!("{} `{}`: {note}", kind_name(question), question.label()),
                    ));
                }
                comments.insert(id, lines);
                questions.push(raw);
            }
            Err(reason) => skipped.push(Problem::new(
                item.line,
                format!(
                    "{} `{}` skipped: {reason}",
                    kind_name(question),
                    question.label()
                ),
            )),
        }
    }
    skipped.sort_by_key(|p| p.line);
    if questions.is_empty() {
        return Err(GiftError::NothingToImport { skipped });
    }

    let module = build_module(file, options, questions);
    let mut header = vec![
        format!(
            "Imported by `jaga gift import` from the Moodle GIFT file `{}`.",
            options.source_name
        ),
        "GIFT has no lessons, so the lesson below is a placeholder: replace it with the real \
         material."
            .to_owned(),
        "Each question names the line of the GIFT file it came from.".to_owned(),
        format!(
            "Check your changes with: jaga validate {}",
            options.module_file
        ),
    ];
    if !skipped.is_empty() {
        header.push(String::new());
        header.push(format!("Not imported ({}):", skipped.len()));
        header.extend(skipped.iter().map(|p| format!("  {p}")));
    }
    let ron = module_to_ron(
        &module,
        &RonComments {
            header,
            questions: comments,
        },
    );
    Ok(Import {
        module,
        ron,
        skipped,
        notes,
    })
}

fn build_module(
    file: &GiftFile,
    options: &ImportOptions<'_>,
    questions: Vec<RawQuestion>,
) -> RawModule {
    let lang = options.lang;
    let words = words(lang);
    let text = |s: &str| one_text(lang, s);
    let category_names: Vec<String> = file.categories().filter_map(category_name).collect();
    let mut tags: Vec<String> = Vec::new();
    for name in &category_names {
        let tag = slugify(name, 64);
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let title = category_names
        .last()
        .cloned()
        .unwrap_or_else(|| humanize(options.module_id));
    let minutes = u32::try_from(questions.len()).unwrap_or(u32::MAX).max(5);
    RawModule {
        id: options.module_id.to_owned(),
        languages: vec![lang.code().to_owned()],
        title: text(&title),
        summary: text(words.summary),
        minutes,
        tags,
        valid_for_days: None,
        warn_days_before: None,
        lessons: vec![RawLesson {
            id: "about".to_owned(),
            title: text(words.lesson_title),
            blocks: vec![
                RawBlock::Paragraph(text(words.lesson_text)),
                RawBlock::Takeaways(words.takeaways.iter().map(|t| text(t)).collect()),
            ],
        }],
        assessment: RawAssessment {
            pass_mark: PASS_MARK,
            draw: None,
            shuffle_questions: true,
            shuffle_choices: true,
            questions,
        },
        bands: Vec::new(),
    }
}

/// The last meaningful part of a category path: `$course$/top/Privacy` → `Privacy`.
fn category_name(path: &str) -> Option<String> {
    let is_name = |part: &&str| {
        let moodle_context = part.starts_with('$') && part.ends_with('$');
        !(part.is_empty() || moodle_context || part.eq_ignore_ascii_case("top"))
    };
    path.split('/')
        .map(str::trim)
        .rfind(is_name)
        .map(str::to_owned)
}

/// `privacy-quiz` → `Privacy quiz`.
fn humanize(id: &str) -> String {
    let spaced = id.replace('-', " ");
    let mut chars = spaced.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn one_text(lang: Lang, text: &str) -> RawText {
    RawText::from([(lang.code().to_owned(), text.to_owned())])
}

fn kind_name(question: &GiftQuestion) -> &'static str {
    if question.missing_word
        && matches!(
            question.answers,
            Answers::Choice { .. } | Answers::TrueFalse { .. }
        )
    {
        return "missing-word question";
    }
    match question.answers {
        Answers::Choice { .. } => "multiple-choice question",
        Answers::TrueFalse { .. } => "true/false question",
        Answers::ShortAnswer { .. } => "short-answer question",
        Answers::Numerical => "numerical question",
        Answers::Matching { .. } => "matching question",
        Answers::Essay => "essay question",
        Answers::Description => "description",
    }
}

/// Question ids from titles (`::Q1 Phishing::` → `q1-phishing`), else `q` and the
/// question's number; each made unique with `-2`, `-3`, ….
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    count: usize,
}

impl Ids {
    fn allocate(&mut self, title: Option<&str>) -> String {
        self.count += 1;
        let base = title
            .map(|title| slugify(title, 56))
            .filter(|slug| !slug.is_empty())
            .unwrap_or_else(|| format!("q{}", self.count));
        let mut id = base.clone();
        let mut n = 2;
        while !self.used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

struct Converted {
    question: RawQuestion,
    id: String,
    notes: Vec<String>,
}

/// The GIFT kinds Jaga has, borrowed from a question.
enum Supported<'a> {
    TrueFalse {
        answer: bool,
        wrong_feedback: Option<&'a Formatted>,
        right_feedback: Option<&'a Formatted>,
    },
    Choice {
        single: bool,
        answers: &'a [GiftAnswer],
    },
    Matching {
        pairs: &'a [MatchPair],
    },
}

/// The question as a kind Jaga has, or why Jaga cannot ask it.
fn supported(question: &GiftQuestion) -> Result<Supported<'_>, Skip> {
    match &question.answers {
        Answers::Essay => Err(Skip::Essay),
        Answers::Numerical => Err(Skip::Numerical),
        Answers::Choice { .. } | Answers::TrueFalse { .. } | Answers::Matching { .. }
            if question.missing_word =>
        {
            Err(Skip::MissingWord)
        }
        Answers::Matching { pairs, complete } => {
            let items = pairs.iter().filter(|p| !p.item.plain().is_empty()).count();
            let answers: HashSet<&str> = pairs.iter().map(|p| p.answer.as_str()).collect();
            if !complete || items < 2 || answers.len() < 2 || answers.contains("") {
                Err(Skip::TooFewMatches)
            } else {
                Ok(Supported::Matching { pairs })
            }
        }
        Answers::ShortAnswer { answers } => {
            let looks_true_false = matches!(
                answers.as_slice(),
                [only] if ["t", "true", "f", "false"].contains(&only.to_lowercase().as_str())
            );
            Err(if looks_true_false {
                Skip::TypedTrueFalse
            } else {
                Skip::TypedAnswer
            })
        }
        Answers::Description => Err(Skip::Description),
        Answers::TrueFalse {
            answer,
            wrong_feedback,
            right_feedback,
        } => Ok(Supported::TrueFalse {
            answer: *answer,
            wrong_feedback: wrong_feedback.as_ref(),
            right_feedback: right_feedback.as_ref(),
        }),
        Answers::Choice { single, answers } => Ok(Supported::Choice {
            single: *single,
            answers,
        }),
    }
}

/// One question, or why it cannot be a Jaga question.
fn convert(question: &GiftQuestion, lang: Lang, ids: &mut Ids) -> Result<Converted, Skip> {
    let kind = supported(question)?;
    let prompt = question.text.plain();
    if prompt.is_empty() {
        return Err(Skip::NoQuestionText);
    }
    let text = |s: &str| one_text(lang, s);
    let optional = |f: Option<&Formatted>| {
        f.map(Formatted::plain)
            .filter(|s| !s.is_empty())
            .map(|s| text(&s))
    };
    let feedback = optional(question.general_feedback.as_ref());

    match kind {
        Supported::TrueFalse {
            answer,
            wrong_feedback,
            right_feedback,
        } => {
            let (wrong, right) = (optional(wrong_feedback), optional(right_feedback));
            let (feedback_true, feedback_false) = if answer {
                (right, wrong)
            } else {
                (wrong, right)
            };
            let id = ids.allocate(question.title.as_deref());
            Ok(Converted {
                question: RawQuestion::TrueFalse {
                    id: id.clone(),
                    prompt: text(&prompt),
                    answer: Some(answer),
                    feedback_true,
                    feedback_false,
                    feedback,
                    points: None,
                    always_ask: false,
                    teaches: None,
                },
                id,
                notes: Vec::new(),
            })
        }
        Supported::Matching { pairs } => {
            let (categories, items) = matching_parts(pairs, &text);
            let id = ids.allocate(question.title.as_deref());
            Ok(Converted {
                question: RawQuestion::Matching {
                    id: id.clone(),
                    prompt: text(&prompt),
                    categories,
                    items,
                    feedback,
                    points: None,
                    always_ask: false,
                    teaches: None,
                },
                id,
                notes: Vec::new(),
            })
        }
        Supported::Choice { single, answers } => {
            let mut texts = Vec::with_capacity(answers.len());
            for (i, answer) in answers.iter().enumerate() {
                let plain = answer.text.plain();
                if plain.is_empty() {
                    return Err(Skip::AnswerWithoutText(i + 1));
                }
                texts.push(plain);
            }
            let (marking, notes) = choice_marking(single, answers, &texts)?;
            let choices = answers
                .iter()
                .zip(&texts)
                .zip(&marking.choices)
                .enumerate()
                .map(|(i, ((answer, plain), mark))| RawChoice {
                    id: choice_id(i),
                    text: text(plain),
                    correct: mark.correct,
                    weight: mark.weight.map(Weight::as_percent),
                    feedback: optional(answer.feedback.as_ref()),
                })
                .collect();
            let id = ids.allocate(question.title.as_deref());
            let question = match marking.kind {
                ChoiceKind::Single => RawQuestion::SingleChoice {
                    id: id.clone(),
                    prompt: text(&prompt),
                    choices,
                    feedback,
                    points: None,
                    always_ask: false,
                    teaches: None,
                },
                ChoiceKind::Multiple(scoring) => RawQuestion::MultipleChoice {
                    id: id.clone(),
                    prompt: text(&prompt),
                    scoring,
                    choices,
                    feedback,
                    points: None,
                    always_ask: false,
                    teaches: None,
                },
            };
            Ok(Converted {
                question,
                id,
                notes,
            })
        }
    }
}

/// A Moodle matching question as Jaga's: each distinct answer a category (in the order
/// they first appear; an answer with no item, `= -> Paris`, is a category no item
/// belongs to, as Moodle offers it in every list), each item with its answer's category.
/// Moodle marks the share of items matched rightly, and so does Jaga.
fn matching_parts(
    pairs: &[MatchPair],
    text: &dyn Fn(&str) -> RawText,
) -> (Vec<RawCategory>, Vec<RawMatchItem>) {
    let mut categories: Vec<RawCategory> = Vec::new();
    let mut category_of: BTreeMap<&str, String> = BTreeMap::new();
    let mut used = HashSet::new();
    for pair in pairs {
        if category_of.contains_key(pair.answer.as_str()) {
            continue;
        }
        let base = Some(slugify(&pair.answer, 24))
            .filter(|slug| !slug.is_empty())
            .unwrap_or_else(|| format!("category-{}", categories.len() + 1));
        let mut id = base.clone();
        let mut n = 2;
        while !used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        category_of.insert(&pair.answer, id.clone());
        categories.push(RawCategory {
            id,
            text: text(&pair.answer),
        });
    }
    let items = pairs
        .iter()
        .map(|pair| (pair.item.plain(), pair))
        .filter(|(item, _)| !item.is_empty())
        .enumerate()
        .map(|(i, (item, pair))| RawMatchItem {
            id: choice_id(i),
            text: text(&item),
            category: category_of
                .get(pair.answer.as_str())
                .cloned()
                .unwrap_or_default(),
            feedback: None,
        })
        .collect();
    (categories, items)
}

/// `a`, `b`, … `z`, then `c27`, `c28`, ….
fn choice_id(index: usize) -> String {
    const LETTERS: &str = "abcdefghijklmnopqrstuvwxyz";
    LETTERS
        .get(index..=index)
        .map_or_else(|| format!("c{}", index + 1), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_names_skip_moodle_context_parts() {
        assert_eq!(
            category_name("$course$/top/Default for Privacy").as_deref(),
            Some("Default for Privacy")
        );
        assert_eq!(category_name("$system$/top"), None);
        assert_eq!(category_name("jaga/phishing"), Some("phishing".to_owned()));
    }

    #[test]
    fn ids_are_unique_slugs() {
        let mut ids = Ids::default();
        assert_eq!(ids.allocate(Some("Q1 Phishing")), "q1-phishing");
        assert_eq!(ids.allocate(Some("Q1 phishing!")), "q1-phishing-2");
        assert_eq!(ids.allocate(None), "q3");
        assert_eq!(ids.allocate(Some("???")), "q4");
        assert_eq!(choice_id(0), "a");
        assert_eq!(choice_id(25), "z");
        assert_eq!(choice_id(26), "c27");
    }

    #[test]
    fn module_titles_come_from_ids() {
        assert_eq!(humanize("privacy-quiz"), "Privacy quiz");
        assert_eq!(humanize(""), "");
    }
}
