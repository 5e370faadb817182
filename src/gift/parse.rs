//! Reads a Moodle GIFT file into questions with line numbers, the way Moodle reads it.
//!
//! Moodle's own importer (`question/format/gift/format.php`) is the reference: questions are
//! separated by blank lines, lines starting with `//` are comments, a question may start
//! with `::title::`, and its kind follows from its `{…}` answer block. Following it closely
//! means a file that Moodle imports is read here with the same meaning.
//!
//! Unlike Moodle, this stage never stops at a bad question and never drops one silently:
//! what it cannot read becomes a [`Problem`] with the question's line, and the kinds Jaga has
//! no equivalent for (essay, matching, …) are still returned, so that the conversion can say
//! exactly why it skips them.

use super::problem::{GiftError, Problem, Skip};
use super::text::{Formatted, TextFormat, excerpt, protect, release, split_format, strip_html};

/// A GIFT file: its categories and questions in order, and what could not be read.
#[derive(Debug, Clone, Default)]
pub struct GiftFile {
    pub items: Vec<GiftItem>,
    /// Questions Moodle would refuse too (unbalanced braces, a choice question with one
    /// answer), in line order.
    pub problems: Vec<Problem>,
}

impl GiftFile {
    /// The questions, with their lines.
    pub fn questions(&self) -> impl Iterator<Item = (usize, &GiftQuestion)> {
        self.items.iter().filter_map(|item| match &item.kind {
            ItemKind::Question(question) => Some((item.line, question)),
            ItemKind::Category(_) => None,
        })
    }

    /// The `$CATEGORY:` paths, in order.
    pub fn categories(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|item| match &item.kind {
            ItemKind::Category(path) => Some(path.as_str()),
            ItemKind::Question(_) => None,
        })
    }
}

/// One entry of the file, at the line where its text starts (after any comment lines).
#[derive(Debug, Clone)]
pub struct GiftItem {
    pub line: usize,
    pub kind: ItemKind,
}

#[derive(Debug, Clone)]
pub enum ItemKind {
    /// `$CATEGORY: path/to/category`: the questions after it belong to it.
    Category(String),
    Question(GiftQuestion),
}

#[derive(Debug, Clone)]
pub struct GiftQuestion {
    /// The `::title::`, escapes resolved, HTML stripped.
    pub title: Option<String>,
    /// The question text without its answer block. For a missing-word question, the
    /// place of the answers is marked `_____`, as Moodle shows it.
    pub text: Formatted,
    /// Text follows the answer block: the answers fill a blank inside the question.
    pub missing_word: bool,
    pub answers: Answers,
    /// The `####` feedback shown whatever the answer.
    pub general_feedback: Option<Formatted>,
}

impl GiftQuestion {
    /// A short name for messages: the title, else the start of the question text.
    pub fn label(&self) -> String {
        match &self.title {
            Some(title) => excerpt(title, 40),
            None => excerpt(&self.text.plain(), 40),
        }
    }
}

/// What the answer block says the question is. The kinds are Moodle's.
#[derive(Debug, Clone)]
pub enum Answers {
    /// `{=right ~wrong ~%50%half}`. `single` when an answer is written with `=`: Moodle
    /// then lets the learner pick one answer, otherwise any number.
    Choice {
        single: bool,
        answers: Vec<GiftAnswer>,
    },
    /// `{T}`, `{TRUE}`, `{F}` or `{FALSE}`, then `#feedback for a wrong answer` and
    /// `#feedback for the right one`.
    TrueFalse {
        answer: bool,
        wrong_feedback: Option<Formatted>,
        right_feedback: Option<Formatted>,
    },
    /// `{=answer =other answer}`: the learner types the answer.
    ShortAnswer {
        /// The accepted answers as written, for hints.
        answers: Vec<String>,
    },
    /// `{#1822:2}`.
    Numerical,
    /// `{=Canada -> Ottawa =Italy -> Rome = -> Paris}`: each item is matched to an
    /// answer from a list; an answer without an item (`= -> Paris`) is a distractor.
    Matching {
        pairs: Vec<MatchPair>,
        /// Every `=` part had its `->`; Moodle refuses the question otherwise.
        complete: bool,
    },
    /// `{}`.
    Essay,
    /// No answer block: a text shown between questions.
    Description,
}

/// One `=item -> answer` of a matching question.
#[derive(Debug, Clone)]
pub struct MatchPair {
    /// The item to match; empty for an answer that only distracts.
    pub item: Formatted,
    /// The answer it matches, plain text as Moodle keeps it.
    pub answer: String,
}

/// One answer of a choice question.
#[derive(Debug, Clone)]
pub struct GiftAnswer {
    pub weight: Weight,
    pub text: Formatted,
    pub feedback: Option<Formatted>,
}

/// An answer's share of the marks, kept exactly in hundred-thousandths of a percent
/// (Moodle stores fractions with seven decimals, so `33.33333%` is exact here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[must_use]
pub struct Weight(i64);

impl Weight {
    const SCALE: i64 = 100_000;
    /// The most a weight is read as; larger numbers in a file are nonsense anyway.
    const LIMIT: i64 = 1_000_000 * Self::SCALE;
    pub const FULL: Self = Self(100 * Self::SCALE);
    pub const ZERO: Self = Self(0);
    pub const MINUS_FULL: Self = Self(-100 * Self::SCALE);

    /// `100 / count` percent, rounded to five decimals: each right choice's share when
    /// `count` choices are right. Moodle lists these shares among its grades for counts
    /// 1 to 10 and 20.
    pub fn share(count: usize) -> Self {
        let count = i64::try_from(count.max(1)).unwrap_or(i64::MAX);
        Self((2 * Self::FULL.0 + count) / (2 * count))
    }

    /// Whether Moodle accepts this weight when importing: it must be one of its grades.
    pub fn is_moodle_grade(self) -> bool {
        // 100%, 90%, 83.33333%, … 5%, 0%, in hundred-thousandths of a percent.
        const GRADES: [i64; 21] = [
            10_000_000, 9_000_000, 8_333_333, 8_000_000, 7_500_000, 7_000_000, 6_666_667,
            6_000_000, 5_000_000, 4_000_000, 3_333_333, 3_000_000, 2_500_000, 2_000_000, 1_666_667,
            1_428_571, 1_250_000, 1_111_111, 1_000_000, 500_000, 0,
        ];
        GRADES.contains(&self.0.abs())
    }

    pub fn negated(self) -> Self {
        Self(-self.0)
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub fn is_full(self) -> bool {
        self.0 >= Self::FULL.0
    }

    /// The weight in percent, as a module file writes it (`33.33333`).
    #[allow(
        clippy::cast_precision_loss,
        reason = "weights are below 10^12, exact in f64"
    )]
    pub fn as_percent(self) -> f64 {
        self.0 as f64 / Self::SCALE as f64
    }

    /// A module file's weight in percent, rounded to Moodle's five decimals.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_precision_loss,
        reason = "the value is clamped to the weight limit, below 10^12, first"
    )]
    pub fn from_percent(percent: f64) -> Self {
        let limit = Self::LIMIT as f64 / Self::SCALE as f64;
        let clamped = if percent.is_finite() {
            percent.clamp(-limit, limit)
        } else {
            0.0
        };
        Self((clamped * Self::SCALE as f64).round() as i64)
    }

    /// The weight as GIFT writes it between `%` signs: `50`, `-100`, `33.33333`.
    pub fn percent(self) -> String {
        let abs = self.0.unsigned_abs();
        let scale = Self::SCALE.unsigned_abs();
        let (whole, fraction) = (abs / scale, abs % scale);
        let sign = if self.0 < 0 { "-" } else { "" };
        if fraction == 0 {
            format!("{sign}{whole}")
        } else {
            let digits = format!("{fraction:05}");
            format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
        }
    }

    /// A leading `%50%`, `%-100%` or `%33.33333%` and the text after it, matched as Moodle
    /// matches it (`^%-*([0-9]{1,2})\.?([0-9]*)%`).
    fn parse_prefix(text: &str) -> Option<(Self, &str)> {
        let rest = text.strip_prefix('%')?;
        let unsigned = rest.trim_start_matches('-');
        let negative = unsigned.len() != rest.len();
        let whole_len = unsigned.bytes().take_while(u8::is_ascii_digit).count();
        if whole_len == 0 {
            return None;
        }
        let (whole, after_whole) = unsigned.split_at(whole_len);
        let (fraction, after) = match after_whole.strip_prefix('.') {
            // Moodle's pattern allows a point only after one or two digits.
            Some(_) if whole_len > 2 => return None,
            Some(after_point) => {
                let len = after_point.bytes().take_while(u8::is_ascii_digit).count();
                after_point.split_at(len)
            }
            None => ("", after_whole),
        };
        let text = after.strip_prefix('%')?;
        let significant = whole.trim_start_matches('0');
        let whole: i64 = match significant.len() {
            0 => 0,
            1..=12 => significant.parse().unwrap_or(Self::LIMIT),
            _ => Self::LIMIT,
        };
        let fraction: i64 = format!("{:0<5}", fraction.get(..5).unwrap_or(fraction))
            .parse()
            .unwrap_or(0);
        let value = whole
            .saturating_mul(Self::SCALE)
            .saturating_add(fraction)
            .min(Self::LIMIT);
        Some((Self(if negative { -value } else { value }), text))
    }
}

/// The text of a file, or why it is not text: GIFT files are UTF-8, as Moodle reads them.
/// A byte-order mark at the start is dropped.
pub fn decode(bytes: &[u8]) -> Result<&str, GiftError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(error) => {
            let valid = bytes.get(..error.valid_up_to()).unwrap_or_default();
            let line = valid.split(|&b| b == b'\n').count();
            let byte = bytes.get(error.valid_up_to()).copied().unwrap_or(0);
            Err(GiftError::NotUtf8 { line, byte })
        }
    }
}

/// Decodes and parses a file's bytes.
pub fn parse_bytes(bytes: &[u8]) -> Result<GiftFile, GiftError> {
    decode(bytes).map(parse)
}

/// Parses GIFT text. Never fails: what cannot be read is in [`GiftFile::problems`].
pub fn parse(text: &str) -> GiftFile {
    // Files saved on old Macs end lines with a lone CR; Moodle accepts them too.
    let lines: Vec<&str> = if text.contains('\r') && !text.contains('\n') {
        text.split('\r').collect()
    } else {
        text.lines().collect()
    };
    let mut file = GiftFile::default();
    let mut block: Vec<(usize, &str)> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            read_block(&block, &mut file);
            block.clear();
        } else {
            block.push((index + 1, trimmed));
        }
    }
    read_block(&block, &mut file);
    file
}

/// One run of non-blank lines: a category, a question, or only comments.
fn read_block(block: &[(usize, &str)], file: &mut GiftFile) {
    let content: Vec<(usize, &str)> = block
        .iter()
        .copied()
        .filter(|(_, line)| !line.starts_with("//"))
        .collect();
    let Some(&(line, _)) = content.first() else {
        return;
    };
    let joined = content
        .iter()
        .map(|(_, text)| *text)
        .collect::<Vec<_>>()
        .join("\n");
    let protected = protect(&joined);
    let text = protected.trim();

    if let Some(path) = text.strip_prefix("$CATEGORY:") {
        // Moodle reads the whole block as the category's name, so a question written right
        // under the line would be lost without a word; say so instead.
        let (path, rest) = path.split_once('\n').unwrap_or((path, ""));
        file.items.push(GiftItem {
            line,
            kind: ItemKind::Category(release(path).trim().to_owned()),
        });
        if let Some(&(next, _)) = content.get(1)
            && !rest.trim().is_empty()
        {
            file.problems.push(Problem::new(
                next,
                format!(
                    "text `{}` skipped: Moodle reads everything up to the next blank line as \
                     the category's name; put a blank line after the `$CATEGORY:` line",
                    excerpt(&release(rest), 40)
                ),
            ));
        }
        return;
    }
    if let Some(next) = swallowed_question(text).and_then(|at| {
        // `text` keeps every line of `content` (only the first's leading spaces are gone).
        let index = text[..at].matches('\n').count();
        content.get(index).map(|&(line, _)| line)
    }) {
        file.problems
            .push(Problem::new(line, Skip::Swallowed(next).to_string()));
        return;
    }
    match read_question(text) {
        Ok(question) => file.items.push(GiftItem {
            line,
            kind: ItemKind::Question(question),
        }),
        Err(skip) => file.problems.push(Problem::new(line, skip.to_string())),
    }
}

/// Where a second question starts inside this block's text: after the answers' `}` come
/// more text and another `{…}`, which only happens when no blank line separates two
/// questions. (Moodle would read them as one missing-word question.)
fn swallowed_question(text: &str) -> Option<usize> {
    let close = text.find('}')?;
    if text.find('{').is_none_or(|open| open > close) {
        return None;
    }
    let after = &text[close + 1..];
    let open = after.find('{')?;
    after[open..].contains('}').then_some(())?;
    let start = close + 1 + (after.len() - after.trim_start().len());
    Some(start)
}

/// A question from its protected text (comments removed, escapes as placeholders).
fn read_question(text: &str) -> Result<GiftQuestion, Skip> {
    let (title, text) = match text.strip_prefix("::") {
        Some(after) => match after.find("::") {
            Some(end) => {
                let title = strip_html(&release(&after[..end]));
                let title = (!title.is_empty()).then_some(title);
                (title, after[end + 2..].trim())
            }
            // Moodle drops the `::` and reads on.
            None => (None, after),
        },
        None => (None, text),
    };
    let label = |plain: &str| match &title {
        Some(title) => excerpt(title, 40),
        None => excerpt(plain, 40),
    };

    let (open, close) = (text.find('{'), text.find('}'));
    let (question_text, answer_text, missing_word) = match (open, close) {
        (None, None) => {
            return Ok(GiftQuestion {
                title,
                text: split_format(text, TextFormat::Moodle),
                missing_word: false,
                answers: Answers::Description,
                general_feedback: None,
            });
        }
        (Some(open), Some(close)) if open < close => {
            let (before, after) = (&text[..open], &text[close + 1..]);
            let answers = text[open + 1..close].trim();
            if after.trim().is_empty() {
                (before.to_owned(), answers, false)
            } else {
                (format!("{before}_____{after}"), answers, true)
            }
        }
        (Some(_), None) => {
            return Err(Skip::Unclosed(label(&strip_html(&release(text)))));
        }
        (None | Some(_), Some(_)) => {
            return Err(Skip::BraceBeforeAnswers(label(&strip_html(&release(text)))));
        }
    };

    let question_text = split_format(&question_text, TextFormat::Moodle);
    let format = question_text.format;
    // Moodle looks for the last `####`.
    let (answer_text, general_feedback) = match answer_text.rfind("####") {
        Some(at) => (
            answer_text[..at].trim(),
            Some(split_format(&answer_text[at + 4..], format)).filter(|f| !f.text.is_empty()),
        ),
        None => (answer_text, None),
    };

    let answers = if answer_text.is_empty() {
        Answers::Essay
    } else if answer_text.starts_with('#') {
        Answers::Numerical
    } else if answer_text.contains('~') {
        let answers = choice_answers(answer_text, format);
        if answers.len() < 2 {
            return Err(Skip::TooFewAnswers(label(&question_text.plain())));
        }
        Answers::Choice {
            single: answer_text.contains('='),
            answers,
        }
    } else if answer_text.contains('=') && answer_text.contains("->") {
        Answers::Matching {
            pairs: match_pairs(answer_text, format),
            complete: answer_text
                .split('=')
                .skip(1)
                .all(|part| part.contains("->")),
        }
    } else {
        let value = match answer_text.find('#') {
            Some(at) => answer_text[..at].trim(),
            None => answer_text,
        };
        if matches!(value, "T" | "TRUE" | "F" | "FALSE") {
            true_false(answer_text, format)
        } else {
            Answers::ShortAnswer {
                answers: answer_text
                    .split('=')
                    .map(|answer| {
                        release(answer.split('#').next().unwrap_or(""))
                            .trim()
                            .to_owned()
                    })
                    .filter(|answer| !answer.is_empty())
                    .collect(),
            }
        }
    };

    Ok(GiftQuestion {
        title,
        text: question_text,
        missing_word,
        answers,
        general_feedback,
    })
}

/// The answers of a choice question: `=` full marks, `~` none, `~%50%` a weight, each with
/// an optional `#feedback`. Like Moodle, every unescaped `=` starts a new answer.
fn choice_answers(answer_text: &str, format: TextFormat) -> Vec<GiftAnswer> {
    let spread = answer_text.replace('=', "~=");
    let mut parts: Vec<&str> = spread.split('~').collect();
    if parts.first().is_some_and(|first| first.trim().is_empty()) {
        parts.remove(0);
    }
    parts
        .into_iter()
        .map(|part| {
            let part = part.trim();
            let (weight, rest) = if let Some(rest) = part.strip_prefix('=') {
                (Weight::FULL, rest)
            } else if let Some((weight, rest)) = Weight::parse_prefix(part) {
                (weight, rest)
            } else {
                (Weight::ZERO, part)
            };
            let (text, feedback) = match rest.split_once('#') {
                Some((text, feedback)) => (text, Some(feedback)),
                None => (rest, None),
            };
            GiftAnswer {
                weight,
                text: split_format(text, format),
                feedback: feedback
                    .map(|feedback| split_format(feedback, format))
                    .filter(|feedback| !feedback.text.is_empty()),
            }
        })
        .collect()
}

/// The `=item -> answer` pairs, as Moodle splits them: at each `=`, then at the first
/// `->`. A part without `->` is left out here (and `complete` says so): Moodle refuses
/// such a question, and the import reports it.
fn match_pairs(answer_text: &str, format: TextFormat) -> Vec<MatchPair> {
    answer_text
        .split('=')
        .skip(1)
        .filter_map(|part| {
            let (item, answer) = part.split_once("->")?;
            Some(MatchPair {
                item: split_format(item.trim(), format),
                answer: release(answer).trim().to_owned(),
            })
        })
        .collect()
}

/// `{TRUE#feedback when answered wrongly#feedback when answered rightly}`.
fn true_false(answer_text: &str, format: TextFormat) -> Answers {
    let mut bits = answer_text.splitn(3, '#');
    let value = bits.next().unwrap_or("").trim();
    let mut feedback = || {
        bits.next()
            .map(|bit| split_format(bit, format))
            .filter(|bit| !bit.text.is_empty())
    };
    let wrong_feedback = feedback();
    let right_feedback = feedback();
    Answers::TrueFalse {
        answer: matches!(value, "T" | "TRUE"),
        wrong_feedback,
        right_feedback,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_pairs_split_at_each_equals_then_at_the_arrow() {
        let file = parse(
            "::Activities::Match them.{\n=[html]<b>Forum</b> talk -> Forum\n=Ask -> Choice\n= -> Chat\n}\n",
        );
        let Some(GiftItem {
            kind: ItemKind::Question(question),
            ..
        }) = file.items.first()
        else {
            panic!("no question: {file:?}");
        };
        let Answers::Matching { pairs, complete } = &question.answers else {
            panic!("not matching: {:?}", question.answers);
        };
        assert!(complete);
        let read: Vec<(String, &str)> = pairs
            .iter()
            .map(|p| (p.item.plain(), p.answer.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                ("Forum talk".to_owned(), "Forum"),
                ("Ask".to_owned(), "Choice"),
                (String::new(), "Chat"),
            ]
        );
    }

    #[test]
    fn weights_read_like_moodle_reads_them() {
        fn read(s: &str) -> Option<(String, &str)> {
            Weight::parse_prefix(s).map(|(weight, rest)| (weight.percent(), rest))
        }
        assert_eq!(read("%50%half"), Some(("50".to_owned(), "half")));
        assert_eq!(read("%-100%wrong"), Some(("-100".to_owned(), "wrong")));
        assert_eq!(read("%100%all"), Some(("100".to_owned(), "all")));
        assert_eq!(
            read("%33.33333%third"),
            Some(("33.33333".to_owned(), "third"))
        );
        assert_eq!(read("%100.0%x"), None);
        assert_eq!(read("%%x"), None);
        assert_eq!(read("%50x"), None);
        assert!(read("%99999999999999999999999%x").is_some());
    }

    #[test]
    fn shares_are_moodle_grades_up_to_ten() {
        assert_eq!(Weight::share(3).percent(), "33.33333");
        assert_eq!(Weight::share(6).percent(), "16.66667");
        assert!((1..=10).all(|n| Weight::share(n).is_moodle_grade()));
        assert!(Weight::share(20).is_moodle_grade());
        assert!(!Weight::share(11).is_moodle_grade());
    }

    #[test]
    fn a_lone_cr_file_is_split_into_lines() {
        let file = parse("A?{T}\r\rB?{F}");
        let lines: Vec<usize> = file.questions().map(|(line, _)| line).collect();
        assert_eq!(lines, vec![1, 3]);
    }
}
