//! The figures above the matrix: headline numbers, pass rates and score spreads per
//! module, the questions most often missed, and how learners moved through scenarios.

use chrono::{DateTime, Days, Utc};
use serde::Serialize;

use super::Completion;
use crate::content::{Course, MatchItem, NodeKind, QuestionKind};
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
    let mut summary = Summary::new(&[], now);
    for row in rows {
        summary.add_row(row);
    }
    let mut learners: Vec<&str> = rows.iter().map(|r| r.learner_id.as_str()).collect();
    learners.sort_unstable();
    learners.dedup();
    summary.learners = learners.len();
    summary.headline()
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
    let modules: Vec<(String, String)> = course
        .modules
        .iter()
        .map(|m| (m.id.clone(), m.title.get(lang).to_owned()))
        .collect();
    let mut summary = Summary::new(&modules, DateTime::<Utc>::MIN_UTC);
    for row in rows {
        summary.add_row(row);
    }
    summary.module_stats()
}

/// Counts over some learner × module rows, from which the figures follow.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub rows: usize,
    /// Rows with a finished attempt (and so a score).
    pub attempted: usize,
    /// Rows passed and valid.
    pub complete: usize,
    pub overdue: usize,
    /// Valid passes that expire within 30 days.
    pub expiring_30_days: usize,
    /// The scores of the attempts that count, added up (0–100 each).
    pub score_sum: f64,
    /// Counts of those scores in bands of ten.
    pub score_bands: [usize; 10],
}

impl Counts {
    pub fn add(&mut self, other: &Self) {
        self.rows += other.rows;
        self.attempted += other.attempted;
        self.complete += other.complete;
        self.overdue += other.overdue;
        self.expiring_30_days += other.expiring_30_days;
        self.score_sum += other.score_sum;
        for (band, n) in self.score_bands.iter_mut().zip(other.score_bands) {
            *band += n;
        }
    }

    fn average_score(&self) -> Option<f64> {
        #[expect(clippy::cast_precision_loss, reason = "counts are far below 2^52")]
        (self.attempted > 0).then(|| self.score_sum / self.attempted as f64)
    }
}

/// The figures of rows read one at a time: a report's summary sheet and a filtered
/// dashboard add each row as it streams by, and the dashboard's tallies add whole groups.
#[derive(Debug, Clone)]
pub struct Summary {
    now: DateTime<Utc>,
    /// Module id, title and counts, in course order.
    modules: Vec<(String, String, Counts)>,
    total: Counts,
    /// Learners with a row in the summary.
    pub learners: usize,
}

impl Summary {
    /// An empty summary over `modules` (id, title) at `now`.
    pub fn new(modules: &[(String, String)], now: DateTime<Utc>) -> Self {
        Self {
            now,
            modules: modules
                .iter()
                .map(|(id, title)| (id.clone(), title.clone(), Counts::default()))
                .collect(),
            total: Counts::default(),
            learners: 0,
        }
    }

    /// Adds one learner's rows (the learner counts once if any row is given).
    pub fn add_learner<'a>(&mut self, rows: impl IntoIterator<Item = &'a Completion>) {
        let mut any = false;
        for row in rows {
            self.add_row(row);
            any = true;
        }
        if any {
            self.learners += 1;
        }
    }

    /// Adds one row (its learner is not counted: see [`Self::add_learner`]).
    pub fn add_row(&mut self, row: &Completion) {
        let soon = self.now.checked_add_days(Days::new(30)).unwrap_or(self.now);
        let complete = row.status.is_complete();
        let mut counts = Counts {
            rows: 1,
            attempted: usize::from(row.attempts > 0 && row.score_percent.is_some()),
            complete: usize::from(complete),
            overdue: usize::from(matches!(row.status, Status::Overdue { .. })),
            // By the pass its status stands on (the latest by `now`), as the tallies
            // count: a pass recorded later than `now` (a clock ahead) is in
            // `valid_until` but does not make the row valid yet.
            expiring_30_days: usize::from(
                complete && standing_until(&row.status).is_some_and(|until| until <= soon),
            ),
            ..Counts::default()
        };
        if let Some(score) = row.score_percent {
            counts.score_sum = score;
            counts.score_bands[band(score)] = 1;
        }
        self.add_counts(&row.module_id, &counts);
    }

    /// Adds counts for a module (a group of rows counted elsewhere).
    pub fn add_counts(&mut self, module_id: &str, counts: &Counts) {
        self.total.add(counts);
        if let Some((_, _, mine)) = self.modules.iter_mut().find(|(id, _, _)| id == module_id) {
            mine.add(counts);
        }
    }

    pub fn rows(&self) -> usize {
        self.total.rows
    }

    pub fn headline(&self) -> Headline {
        Headline {
            learners: self.learners,
            completion_rate: percent(self.total.complete, self.total.rows),
            overdue: self.total.overdue,
            expiring_30_days: self.total.expiring_30_days,
            average_score: self.total.average_score(),
        }
    }

    pub fn module_stats(&self) -> Vec<ModuleStats> {
        self.modules
            .iter()
            .map(|(id, title, counts)| ModuleStats {
                module_id: id.clone(),
                title: title.clone(),
                learners: counts.rows,
                attempted: counts.attempted,
                complete: counts.complete,
                pass_rate: percent(counts.complete, counts.attempted),
                average_score: counts.average_score(),
                score_bands: counts.score_bands,
            })
            .collect()
    }
}

/// When the pass a status stands on expires (`None`: no such pass, or one that never
/// expires).
fn standing_until(status: &Status) -> Option<DateTime<Utc>> {
    match status {
        Status::Passed { until, .. } => *until,
        Status::ExpiringSoon { until, .. } => Some(*until),
        _ => None,
    }
}

/// The band of ten a score of 0–100 falls in: 0 for 0–9.9, …, 9 for 90–100.
pub fn band(score: f64) -> usize {
    // Truncation to a band index is the point.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a score of 0–100 to a band of 0–9"
    )]
    let band = (score / 10.0).floor().max(0.0) as usize;
    band.min(9)
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

/// Questions by how often they were answered wrongly, worst first (scenarios excluded).
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
                        // Said as the learner saw it ("Salah" / "False"), never the id.
                        let is_true = id == "true";
                        let said = crate::i18n::Lang::from_code(lang).unwrap_or_default();
                        let key = if is_true { "quiz-true" } else { "quiz-false" };
                        (is_true != *answer).then(|| crate::i18n::tr(said, key))
                    }
                    // A harmless segment marked as a leak, said as the learner read it.
                    QuestionKind::SpotTheLeak { segments, .. } => segments
                        .iter()
                        .find(|s| s.id == id && s.mark.is_none())
                        .map(|s| match &s.label {
                            Some(label) => format!("{}: {}", label.get(lang), s.text.get(lang)),
                            None => s.text.get(lang).to_owned(),
                        }),
                    // An item put in a category it does not belong to.
                    QuestionKind::Matching { categories, items } => {
                        let (item, category) = MatchItem::split_pair(id)?;
                        let item = items
                            .iter()
                            .find(|i| i.id == item && i.category != category)?;
                        let category = categories.iter().find(|c| c.id == category)?;
                        Some(format!(
                            "{} → {}",
                            item.text.get(lang),
                            category.text.get(lang)
                        ))
                    }
                    // Every answer holds every step: no single wrong pick to name.
                    QuestionKind::Scenario(_) | QuestionKind::Ordering { .. } => None,
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
