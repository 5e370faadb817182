//! How one answer is marked: pure functions from a question and a response to a grade.

use serde::{Deserialize, Serialize};

use crate::content::{
    Choice, MatchItem, MultipleScoring, NodeKind, Question, QuestionKind, Scenario,
    ScenarioScoring, Segment, Step,
};

/// The mark of one answered question.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Grade {
    /// Share of the question's points earned, 0.0 to 1.0.
    pub fraction: f64,
    /// Points earned: `fraction` times the question's weight.
    pub earned: f64,
    /// The question's weight.
    pub max: f64,
}

impl Grade {
    pub fn of(question: &Question, fraction: f64) -> Self {
        let fraction = fraction.clamp(0.0, 1.0);
        let max = f64::from(question.points);
        Self {
            fraction,
            earned: fraction * max,
            max,
        }
    }

    /// Full marks.
    pub fn is_correct(&self) -> bool {
        self.fraction >= 1.0 - 1e-9
    }
}

/// The choice ids a true/false question offers, in display order.
pub const TRUE_FALSE_IDS: [&str; 2] = ["true", "false"];

/// Marks a choice question (single, multiple, true/false) given the chosen ids.
/// Returns `None` for a scenario, which is marked by [`grade_scenario`].
pub fn grade_choices(question: &Question, chosen: &[String]) -> Option<f64> {
    let picked = |id: &str| chosen.iter().any(|c| c == id);
    match &question.kind {
        QuestionKind::SingleChoice { choices } => {
            choices.iter().find(|c| c.correct)?;
            let [only] = chosen else {
                return Some(0.0);
            };
            // The picked choice's grade: full for the right one, its weight (Moodle's
            // partial credit) for another, nothing otherwise.
            Some(choices.iter().find(|c| c.id == *only).map_or(0.0, |c| {
                if c.correct {
                    1.0
                } else {
                    c.weight.map_or(0.0, |w| (w / 100.0).clamp(0.0, 1.0))
                }
            }))
        }
        QuestionKind::TrueFalse { answer, .. } => {
            let right = if *answer { "true" } else { "false" };
            Some(if chosen.len() == 1 && picked(right) {
                1.0
            } else {
                0.0
            })
        }
        QuestionKind::MultipleChoice { scoring, choices } => {
            Some(grade_multiple(*scoring, choices, chosen))
        }
        QuestionKind::SpotTheLeak { segments, .. } => Some(grade_spotted(segments, chosen)),
        QuestionKind::Ordering { steps } => Some(grade_order(steps, chosen)),
        QuestionKind::Matching { items, .. } => Some(grade_pairs(items, chosen)),
        QuestionKind::Scenario(_) => None,
    }
}

/// Spot the leak: segments rightly marked minus segments wrongly marked, over the number
/// of segments that should be marked, never below 0. Marking everything scores only
/// what is left after the false marks.
pub fn grade_spotted(segments: &[Segment], marked: &[String]) -> f64 {
    let is_marked = |s: &&Segment| marked.contains(&s.id);
    let targets = segments.iter().filter(|s| s.mark.is_some()).count();
    let hits = segments
        .iter()
        .filter(|s| s.mark.is_some())
        .filter(is_marked)
        .count();
    let false_marks = segments
        .iter()
        .filter(|s| s.mark.is_none())
        .filter(is_marked)
        .count();
    ratio(hits.saturating_sub(false_marks), targets)
}

/// Ordering: the share of pairs of steps that the learner put in the right relative
/// order. The right order scores 1, the reversed order 0, one swap of neighbours in
/// n steps 1 − 1/(n(n−1)/2). A step missing from the answer counts every pair it is in
/// as wrong.
pub fn grade_order(steps: &[Step], order: &[String]) -> f64 {
    let position = |id: &str| order.iter().position(|o| o == id);
    let n = steps.len();
    let pairs = n * n.saturating_sub(1) / 2;
    let mut right = 0;
    for (i, first) in steps.iter().enumerate() {
        for second in &steps[i + 1..] {
            if let (Some(a), Some(b)) = (position(&first.id), position(&second.id))
                && a < b
            {
                right += 1;
            }
        }
    }
    ratio(right, pairs)
}

/// Matching: the share of items paired with their right category. `pairs` are written
/// `item=category`; an item paired twice counts only its first pairing.
pub fn grade_pairs(items: &[MatchItem], pairs: &[String]) -> f64 {
    let chosen = |item: &str| {
        pairs
            .iter()
            .filter_map(|p| MatchItem::split_pair(p))
            .find(|(i, _)| *i == item)
            .map(|(_, c)| c)
    };
    let right = items
        .iter()
        .filter(|item| chosen(&item.id) == Some(item.category.as_str()))
        .count();
    ratio(right, items.len())
}

fn grade_multiple(scoring: MultipleScoring, choices: &[Choice], chosen: &[String]) -> f64 {
    let picked = |c: &&Choice| chosen.contains(&c.id);
    let right_total = choices.iter().filter(|c| c.correct).count();
    let right_picked = choices.iter().filter(|c| c.correct).filter(picked).count();
    let wrong_picked = choices.iter().filter(|c| !c.correct).filter(picked).count();
    match scoring {
        MultipleScoring::AllOrNothing => {
            if right_picked == right_total && wrong_picked == 0 {
                1.0
            } else {
                0.0
            }
        }
        MultipleScoring::PartialCredit => {
            if right_total == 0 {
                return 0.0;
            }
            let net = right_picked.saturating_sub(wrong_picked);
            ratio(net, right_total)
        }
        MultipleScoring::Weighted => {
            // As Moodle marks a check-box question: the sum of the picked weights,
            // kept within 0-100%.
            let sum: f64 = choices.iter().filter(picked).filter_map(|c| c.weight).sum();
            // Moodle keeps fractions to seven decimals and calls 0.9999999 right; three
            // choices of 33.33333% each are full marks here too.
            ((sum / 100.0) * 1e6).round().clamp(0.0, 1e6) / 1e6
        }
    }
}

/// One choice taken in a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathStep {
    pub node: String,
    pub choice: String,
    pub points: i32,
}

/// Marks a finished scenario from the path taken and the ending reached.
pub fn grade_scenario(scenario: &Scenario, path: &[PathStep], ending: usize) -> f64 {
    if scenario.max_score == 0 {
        return 0.0;
    }
    let score = match scenario.scoring {
        ScenarioScoring::Static => match scenario.nodes.get(ending).map(|n| &n.kind) {
            Some(NodeKind::Ending { score, .. }) => i64::from(*score),
            _ => 0,
        },
        ScenarioScoring::Dynamic => path.iter().map(|s| i64::from(s.points)).sum(),
    };
    let capped = score.clamp(0, i64::from(scenario.max_score));
    ratio(
        usize::try_from(capped).unwrap_or(0),
        usize::try_from(scenario.max_score).unwrap_or(1),
    )
}

#[expect(
    clippy::cast_precision_loss,
    reason = "counts of choices and points are far below 2^52"
)]
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}
