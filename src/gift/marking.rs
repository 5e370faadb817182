//! How a GIFT choice question's answers are marked in Jaga: exactly as Moodle marks them
//! where Jaga can say the same, and a note for each thing it cannot.
//!
//! Kept apart from the rest of the import because it is the one place where marks, not
//! texts, are at stake: a learner's score must not change on the way from Moodle.

use super::parse::{GiftAnswer, Weight};
use super::problem::Skip;
use super::text::excerpt;
use crate::content::raw::MultipleScoring;

/// The Jaga kind a choice question becomes.
pub(super) enum ChoiceKind {
    Single,
    Multiple(MultipleScoring),
}

/// How one answer is marked in Jaga.
pub(super) struct ChoiceMark {
    pub(super) correct: bool,
    /// Written as the choice's `weight`.
    pub(super) weight: Option<Weight>,
}

/// How a choice question is marked in Jaga: its kind and each answer's mark.
pub(super) struct ChoiceMarking {
    pub(super) kind: ChoiceKind,
    pub(super) choices: Vec<ChoiceMark>,
}

/// How Moodle marks the answers, kept exactly where Jaga can, and what was lost where not.
///
/// - Check boxes (no answer written `=`): Moodle scores the sum of the picked answers'
///   weights, kept within 0-100%. That is Jaga's `Weighted` scoring, so every weight is
///   kept as written.
/// - Radio buttons with one full-credit answer: a single choice. A partial weight on
///   another answer is kept as that choice's `weight`; a negative one is dropped (Jaga
///   never takes points off a question below zero) with a note.
/// - Radio buttons with several full-credit answers: a single choice where each of them
///   is right (any one earns full marks, as in Moodle).
/// - Radio buttons with no full-credit answer: the best answer becomes the right one,
///   with a note, since a Jaga single choice always has a full-credit answer.
pub(super) fn choice_marking(
    single: bool,
    answers: &[GiftAnswer],
    texts: &[String],
) -> Result<(ChoiceMarking, Vec<String>), Skip> {
    if !answers.iter().any(|answer| answer.weight.is_positive()) {
        return Err(Skip::NoRightAnswer);
    }
    let quoted = |i: usize| {
        format!(
            "\"{}\"",
            excerpt(texts.get(i).map_or("", String::as_str), 30)
        )
    };
    let mut notes = Vec::new();
    // Jaga's weights lie within -100..=100%; Moodle's importer reads larger numbers too.
    let kept = |i: usize, weight: Weight, notes: &mut Vec<String>| {
        let clamped = weight.clamp(Weight::MINUS_FULL, Weight::FULL);
        if clamped != weight {
            notes.push(format!(
                "the weight of {}% for {} is outside -100 to 100; Jaga keeps it as {}%",
                weight.percent(),
                quoted(i),
                clamped.percent()
            ));
        }
        clamped
    };
    if !single {
        // The weights Jaga's own export writes for `PartialCredit` (each right choice
        // 100/R, each wrong one -100/R) mark exactly as that scoring does: kept as it,
        // which reads better than a weight on every choice.
        let right = answers.iter().filter(|a| a.weight.is_positive()).count();
        let share = Weight::share(right);
        if answers
            .iter()
            .all(|a| a.weight == share || a.weight == share.negated())
        {
            let choices = answers
                .iter()
                .map(|a| ChoiceMark {
                    correct: a.weight.is_positive(),
                    weight: None,
                })
                .collect();
            let marking = ChoiceMarking {
                kind: ChoiceKind::Multiple(MultipleScoring::PartialCredit),
                choices,
            };
            return Ok((marking, notes));
        }
        let choices = answers
            .iter()
            .enumerate()
            .map(|(i, answer)| {
                let weight = kept(i, answer.weight, &mut notes);
                ChoiceMark {
                    correct: weight.is_positive(),
                    weight: Some(weight),
                }
            })
            .collect();
        let marking = ChoiceMarking {
            kind: ChoiceKind::Multiple(MultipleScoring::Weighted),
            choices,
        };
        return Ok((marking, notes));
    }
    let best = answers
        .iter()
        .map(|answer| answer.weight)
        .max()
        .unwrap_or(Weight::ZERO);
    if !best.is_full()
        && let Some(i) = answers.iter().position(|answer| answer.weight == best)
    {
        notes.push(format!(
            "no answer earned full marks; the best one, {} ({}%), is the right choice and \
             earns full marks in Jaga",
            quoted(i),
            best.percent()
        ));
    }
    let mut first_right = true;
    let choices = answers
        .iter()
        .enumerate()
        .map(|(i, answer)| {
            let weight = answer.weight;
            if weight == best || weight.is_full() {
                // The first full-credit answer is `correct`; any other earns full marks
                // through its weight, which the validator reads as right too.
                let mark = ChoiceMark {
                    correct: first_right,
                    weight: (!first_right).then_some(Weight::FULL),
                };
                first_right = false;
                mark
            } else if weight.is_positive() {
                ChoiceMark {
                    correct: false,
                    weight: Some(weight),
                }
            } else {
                if weight != Weight::ZERO {
                    notes.push(format!(
                        "picking {} took {}% off in Moodle; in Jaga a wrong pick earns nothing",
                        quoted(i),
                        weight.percent()
                    ));
                }
                ChoiceMark {
                    correct: false,
                    weight: None,
                }
            }
        })
        .collect();
    let marking = ChoiceMarking {
        kind: ChoiceKind::Single,
        choices,
    };
    Ok((marking, notes))
}
