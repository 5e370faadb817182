//! The figures above the matrix: headline numbers, pass rates and score spreads per
//! module, the questions most often missed, and how learners moved through scenarios.

use chrono::{DateTime, Days, Utc};
use serde::Serialize;

use super::Completion;
use crate::content::{Course, NodeKind, QuestionKind};
use crate::engine::Status;
use crate::store::{ChoiceTally, QuestionTally, StepTally};

/// The numbers a manager reads first.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Headline {
    pub learners: usize,
    /// Share of learner × module rows that are passed and valid, 0–100.
    pub completion_rate: f64,
    pub overdue: usize,
    /// Valid passes that expire within the next 30 days.
    pub expiring_30_days: usize,
    /// Mean score of the attempts that count, 0–100; `None` before any attempt.
    pub average_score: Option<f64>,
}

pub fn headline(rows: &[&Completion], now: DateTime<Utc>) -> Headline {
    let mut learners: Vec<&str> = rows.iter().map(|r| r.learner_id.as_str()).collect();
    learners.sort_unstable();
    learners.dedup();
    let complete = rows.iter().filter(|r| r.status.is_complete()).count();
    let soon = now.checked_add_days(Days::new(30)).unwrap_or(now);
    let expiring = rows
        .iter()
        .filter(|r| r.status.is_complete())
        .filter(|r| r.valid_until.is_some_and(|until| until <= soon))
        .count();
    let scores: Vec<f64> = rows.iter().filter_map(|r| r.score_percent).collect();
    Headline {
        learners: learners.len(),
        completion_rate: percent(complete, rows.len()),
        overdue: rows
            .iter()
            .filter(|r| matches!(r.status, Status::Overdue { .. }))
            .count(),
        expiring_30_days: expiring,
        average_score: mean(&scores),
    }
}

/// One module's pass rate and score spread.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleStats {
    pub module_id: String,
    pub title: String,
    pub learners: usize,
    /// Learners with any finished attempt.
    pub attempted: usize,
    /// Learners with a valid pass.
    pub complete: usize,
    /// `complete` over `attempted`, 0–100.
    pub pass_rate: f64,
    pub average_score: Option<f64>,
    /// Counts of counting scores in bands of ten: 0–9, 10–19, …, 90–100.
    pub score_bands: [usize; 10],
}

pub fn module_stats(course: &Course, rows: &[&Completion], lang: &str) -> Vec<ModuleStats> {
    course
        .modules
        .iter()
        .map(|module| {
            let mine: Vec<&&Completion> =
                rows.iter().filter(|r| r.module_id == module.id).collect();
            let attempted = mine.iter().filter(|r| r.attempts > 0).count();
            let complete = mine.iter().filter(|r| r.status.is_complete()).count();
            let scores: Vec<f64> = mine.iter().filter_map(|r| r.score_percent).collect();
            let mut score_bands = [0usize; 10];
            for score in &scores {
                // Truncation to a band index is the point.
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "a score of 0–100 to a band of 0–9"
                )]
                let band = ((score / 10.0).floor() as usize).min(9);
                score_bands[band] += 1;
            }
            ModuleStats {
                module_id: module.id.clone(),
                title: module.title.get(lang).to_owned(),
                learners: mine.len(),
                attempted,
                complete,
                pass_rate: percent(complete, attempted),
                average_score: mean(&scores),
                score_bands,
            }
        })
        .collect()
}

/// A question learners get wrong, and the wrong choice they pick most.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissedQuestion {
    pub module_id: String,
    pub question_id: String,
    pub prompt: String,
    pub answered: u64,
    pub wrong: u64,
    /// `wrong` over `answered`, 0–100.
    pub wrong_rate: f64,
    /// The wrong choice picked most often: id, text, picks.
    pub top_wrong_choice: Option<(String, String, u64)>,
}

/// Choice questions by how often they were answered wrongly, worst first.
pub fn most_missed(
    course: &Course,
    tallies: &[QuestionTally],
    choices: &[ChoiceTally],
    lang: &str,
) -> Vec<MissedQuestion> {
    let mut missed: Vec<MissedQuestion> = tallies
        .iter()
        .filter(|t| t.wrong > 0)
        .filter_map(|t| {
            let module = course.module(&t.module_id)?;
            let question = module.question(&t.question_id)?;
            let wrong_choice = |id: &str| -> Option<String> {
                match &question.kind {
                    QuestionKind::SingleChoice { choices }
                    | QuestionKind::MultipleChoice { choices, .. } => choices
                        .iter()
                        .find(|c| c.id == id && !c.correct)
                        .map(|c| c.text.get(lang).to_owned()),
                    QuestionKind::TrueFalse { answer, .. } => {
                        let is_true = id == "true";
                        (is_true != *answer).then(|| id.to_owned())
                    }
                    QuestionKind::Scenario(_) => None,
                }
            };
            let top_wrong_choice = choices
                .iter()
                .filter(|c| c.module_id == t.module_id && c.question_id == t.question_id)
                .filter_map(|c| {
                    wrong_choice(&c.choice_id).map(|text| (c.choice_id.clone(), text, c.picks))
                })
                .max_by(|a, b| a.2.cmp(&b.2).then_with(|| b.0.cmp(&a.0)));
            #[expect(
                clippy::cast_precision_loss,
                reason = "answer counts are far below 2^52"
            )]
            let wrong_rate = if t.answered == 0 {
                0.0
            } else {
                t.wrong as f64 / t.answered as f64 * 100.0
            };
            Some(MissedQuestion {
                module_id: t.module_id.clone(),
                question_id: t.question_id.clone(),
                prompt: question.prompt.get(lang).to_owned(),
                answered: t.answered,
                wrong: t.wrong,
                wrong_rate,
                top_wrong_choice,
            })
        })
        .collect();
    missed.sort_by(|a, b| {
        b.wrong_rate
            .total_cmp(&a.wrong_rate)
            .then_with(|| b.wrong.cmp(&a.wrong))
            .then_with(|| a.question_id.cmp(&b.question_id))
    });
    missed
}

/// How learners moved through one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioFlow {
    pub module_id: String,
    pub question_id: String,
    pub title: String,
    /// Per node in authored order: its text and each choice with how often it was taken.
    pub nodes: Vec<NodeFlow>,
    /// Each ending with how often it was reached.
    pub endings: Vec<(String, String, u64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeFlow {
    pub node_id: String,
    pub text: String,
    /// Choice id, choice text, times taken.
    pub choices: Vec<(String, String, u64)>,
}

/// Every scenario of the course with the counts of each choice taken and ending reached.
pub fn scenario_flows(course: &Course, tallies: &[StepTally], lang: &str) -> Vec<ScenarioFlow> {
    let mut flows = Vec::new();
    for module in &course.modules {
        for question in &module.assessment.questions {
            let QuestionKind::Scenario(scenario) = &question.kind else {
                continue;
            };
            let count = |node: &str, choice: &str| -> u64 {
                tallies
                    .iter()
                    .filter(|t| {
                        t.module_id == module.id
                            && t.question_id == question.id
                            && t.node_id == node
                            && t.choice_id == choice
                    })
                    .map(|t| t.count)
                    .sum()
            };
            let mut nodes = Vec::new();
            let mut endings = Vec::new();
            for node in &scenario.nodes {
                match &node.kind {
                    NodeKind::Step { choices } => nodes.push(NodeFlow {
                        node_id: node.id.clone(),
                        text: node.text.get(lang).to_owned(),
                        choices: choices
                            .iter()
                            .map(|c| {
                                (
                                    c.id.clone(),
                                    c.text.get(lang).to_owned(),
                                    count(&node.id, &c.id),
                                )
                            })
                            .collect(),
                    }),
                    NodeKind::Ending { .. } => endings.push((
                        node.id.clone(),
                        node.text.get(lang).to_owned(),
                        count(&node.id, ""),
                    )),
                }
            }
            flows.push(ScenarioFlow {
                module_id: module.id.clone(),
                question_id: question.id.clone(),
                title: question.prompt.get(lang).to_owned(),
                nodes,
                endings,
            });
        }
    }
    flows
}

#[expect(clippy::cast_precision_loss, reason = "counts are far below 2^52")]
fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64 * 100.0
    }
}

#[expect(clippy::cast_precision_loss, reason = "counts are far below 2^52")]
fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}
