//! Spaced refreshers: which questions come back to a learner, and when.
//!
//! Annual compliance training is mostly forgotten within weeks. After a graded attempt
//! its questions enter the learner's review queue (every one answered wrong, and a sample
//! of the right ones), and each comes back in a short refresher at the moment the learner
//! is about to forget it, as FSRS (the scheduler Anki uses; `rs-fsrs`, the scheduler only)
//! predicts from their answers. A refresher answer is rated from its correctness and moves
//! the schedule; it never touches a graded result.
//!
//! Everything here is pure: the items, the answer and the time go in, the new schedule
//! comes out. The store keeps the items; the window and the command line ask this module.

use chrono::{DateTime, Duration, Utc};
use rand::SeedableRng as _;
use rand::seq::SliceRandom as _;
use rand_chacha::ChaCha8Rng;
use rs_fsrs::{Card, FSRS, Parameters, Rating, State};
use serde::Serialize;

use super::attempt::{Attempt, Response};
use crate::content::{Course, Module, Question, QuestionKind};

/// The retention a manager has not changed: nine answers in ten still right when a
/// question comes back.
pub const DEFAULT_RETENTION: f64 = 0.9;
/// The retentions a manager may choose between. Below 0.7 the refreshers come too late
/// to help; above 0.97 they come almost daily.
pub const RETENTION_RANGE: (f64, f64) = (0.7, 0.97);
/// At most this many questions in one refresher: about two minutes.
pub const RUN_LENGTH: usize = 5;
/// The time a learner needs for one refresher question, for the home screen's estimate.
pub const SECONDS_PER_QUESTION: u32 = 24;
/// How many of a graded attempt's right answers join the queue beside its wrong ones.
pub const RIGHT_SAMPLE: usize = 2;
/// No question comes back later than this, however well it is known: the annual
/// training comes round again before.
pub const MAXIMUM_INTERVAL_DAYS: i32 = 365;

/// How well a learner recalled a question, from the answer alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recall {
    /// Wrong: forgotten.
    Forgot,
    /// Partly right (some of a multiple choice, part of an order).
    Partly,
    /// Right.
    Recalled,
}

impl Recall {
    /// The rating of an answer that earned `fraction` of its points.
    pub fn of_fraction(fraction: f64) -> Self {
        if fraction >= 1.0 - 1e-9 {
            Self::Recalled
        } else if fraction > 1e-9 {
            Self::Partly
        } else {
            Self::Forgot
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Forgot => "forgot",
            Self::Partly => "partly",
            Self::Recalled => "recalled",
        }
    }

    fn rating(self) -> Rating {
        match self {
            Self::Forgot => Rating::Again,
            Self::Partly => Rating::Hard,
            Self::Recalled => Rating::Good,
        }
    }
}

/// One question in a learner's review queue, with its memory state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewItem {
    pub module_id: String,
    pub question_id: String,
    /// The question as it was when last reviewed ([`fingerprint`]): a changed question
    /// starts again rather than coming back with the schedule of the old one.
    pub fingerprint: String,
    pub due: DateTime<Utc>,
    /// Days until the chance of recalling it falls to 90% (FSRS stability).
    pub stability: f64,
    /// 1 (easy) to 10 (hard), FSRS difficulty.
    pub difficulty: f64,
    pub reps: i32,
    pub lapses: i32,
    pub last_review: DateTime<Utc>,
    /// Days between the last two reviews, and the interval last scheduled.
    pub elapsed_days: i64,
    pub scheduled_days: i64,
}

/// The schedule, for one desired retention.
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: FSRS,
}

impl Scheduler {
    /// A scheduler aiming at `retention` (clamped to [`RETENTION_RANGE`]), with FSRS's
    /// default weights, whole days and no random fuzz (the same answers at the same times
    /// give the same schedule).
    pub fn new(retention: f64) -> Self {
        let retention = if retention.is_finite() {
            retention.clamp(RETENTION_RANGE.0, RETENTION_RANGE.1)
        } else {
            DEFAULT_RETENTION
        };
        let parameters = Parameters {
            request_retention: retention,
            maximum_interval: MAXIMUM_INTERVAL_DAYS,
            enable_short_term: false,
            enable_fuzz: false,
            ..Parameters::default()
        };
        Self {
            fsrs: FSRS::new(parameters),
        }
    }

    /// The item after a first answer to `question` at `now`.
    pub fn first(
        &self,
        module_id: &str,
        question: &Question,
        recall: Recall,
        now: DateTime<Utc>,
    ) -> ReviewItem {
        let card = Card {
            due: now,
            last_review: now,
            ..Card::default()
        };
        let next = self.fsrs.next(card, now, recall.rating()).card;
        item_of(module_id, &question.id, fingerprint(question), &next)
    }

    /// The item after answering it again at `now`. A question that changed since starts
    /// again from this answer.
    pub fn review(
        &self,
        item: &ReviewItem,
        question: &Question,
        recall: Recall,
        now: DateTime<Utc>,
    ) -> ReviewItem {
        let print = fingerprint(question);
        if print != item.fingerprint {
            return self.first(&item.module_id, question, recall, now);
        }
        // An answer older than the last review (attempts recorded out of order, a clock
        // set back) counts as given at the last review: FSRS's curve has no negative days.
        let at = now.max(item.last_review);
        let next = self.fsrs.next(card_of(item), at, recall.rating()).card;
        if !(next.stability.is_finite() && next.difficulty.is_finite()) || next.stability <= 0.0 {
            // A stored state FSRS cannot continue from: start again from this answer.
            return self.first(&item.module_id, question, recall, at);
        }
        item_of(&item.module_id, &item.question_id, print, &next)
    }
}

/// The chance, by FSRS's forgetting curve, that the learner still recalls the item at
/// `now`.
pub fn retrievability(item: &ReviewItem, now: DateTime<Utc>) -> f64 {
    card_of(item).get_retrievability(now)
}

fn card_of(item: &ReviewItem) -> Card {
    Card {
        due: item.due,
        stability: item.stability,
        difficulty: item.difficulty,
        elapsed_days: item.elapsed_days,
        scheduled_days: item.scheduled_days,
        reps: item.reps,
        lapses: item.lapses,
        state: if item.reps > 0 {
            State::Review
        } else {
            State::New
        },
        last_review: item.last_review,
    }
}

fn item_of(module_id: &str, question_id: &str, fingerprint: String, card: &Card) -> ReviewItem {
    ReviewItem {
        module_id: module_id.to_owned(),
        question_id: question_id.to_owned(),
        fingerprint,
        due: card.due,
        stability: card.stability,
        difficulty: card.difficulty,
        reps: card.reps,
        lapses: card.lapses,
        last_review: card.last_review,
        elapsed_days: card.elapsed_days,
        scheduled_days: card.scheduled_days,
    }
}

/// A question's content, hashed: the same text, choices and marks give the same print.
pub fn fingerprint(question: &Question) -> String {
    use sha2::{Digest as _, Sha256};
    let json = serde_json::to_vec(question).unwrap_or_default();
    let digest = Sha256::digest(&json);
    digest.iter().take(12).fold(String::new(), |mut out, b| {
        use std::fmt::Write as _;
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// Whether a question can come back in a refresher. A scenario is a story of several
/// steps, too long for a two-minute refresher; the other kinds are one answer each.
pub fn refreshable(question: &Question) -> bool {
    !matches!(question.kind, QuestionKind::Scenario(_))
}

/// What a finished graded attempt adds to the queue: each refreshable question answered
/// wrong or partly, and up to [`RIGHT_SAMPLE`] of the right ones (drawn with the
/// attempt's own seed), with the answer in the attempt as their first review. A question
/// already in the queue is reviewed with this answer instead (`existing`).
pub fn after_attempt(
    scheduler: &Scheduler,
    attempt: &Attempt,
    module: &Module,
    existing: &[ReviewItem],
    now: DateTime<Utc>,
) -> Vec<ReviewItem> {
    let answered: Vec<(&Question, Recall)> = attempt
        .items
        .iter()
        .filter_map(|item| {
            let question = module.question(&item.question_id)?;
            let Some(Response::Choices { grade, .. }) = &item.response else {
                return None;
            };
            refreshable(question).then_some((question, Recall::of_fraction(grade.fraction)))
        })
        .collect();
    let mut right: Vec<&Question> = answered
        .iter()
        .filter(|(_, recall)| *recall == Recall::Recalled)
        .map(|(q, _)| *q)
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(attempt.seed ^ 0x5eed_7e57);
    right.shuffle(&mut rng);
    right.truncate(RIGHT_SAMPLE);
    answered
        .iter()
        .filter_map(|(question, recall)| {
            let known = existing
                .iter()
                .find(|i| i.module_id == module.id && i.question_id == question.id);
            if let Some(item) = known {
                return Some(scheduler.review(item, question, *recall, now));
            }
            let joins = *recall != Recall::Recalled || right.iter().any(|q| q.id == question.id);
            joins.then(|| scheduler.first(&module.id, question, *recall, now))
        })
        .collect()
}

/// The day's refreshers for one learner: the items due by `until`, most overdue first,
/// that still match the course, and the ones to retire.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Queue {
    /// Due items whose question is in the course, unchanged or changed (a changed one
    /// starts again when answered), most overdue first.
    pub due: Vec<ReviewItem>,
    /// Items whose module or question is no longer in the course, or can no longer be a
    /// refresher: never shown, to be removed.
    pub retired: Vec<(String, String)>,
    /// The moment the queue was built up to: after it, build it again.
    pub until: Option<DateTime<Utc>>,
}

impl Queue {
    /// The queue of `items` at `now`: due by the end of `until`.
    pub fn build(course: &Course, items: &[ReviewItem], until: DateTime<Utc>) -> Self {
        let mut queue = Self {
            until: Some(until),
            ..Self::default()
        };
        for item in items {
            let question = course
                .module(&item.module_id)
                .and_then(|m| m.question(&item.question_id));
            match question {
                Some(question) if refreshable(question) => {
                    if item.due <= until {
                        queue.due.push(item.clone());
                    }
                }
                _ => queue
                    .retired
                    .push((item.module_id.clone(), item.question_id.clone())),
            }
        }
        queue.due.sort_by(|a, b| {
            a.due
                .cmp(&b.due)
                .then_with(|| a.module_id.cmp(&b.module_id))
                .then_with(|| a.question_id.cmp(&b.question_id))
        });
        queue
    }

    /// The questions of the next refresher: at most [`RUN_LENGTH`], grouped by module in
    /// the order their modules first come due.
    pub fn next_run(&self) -> Vec<(String, Vec<String>)> {
        let mut run: Vec<(String, Vec<String>)> = Vec::new();
        for item in self.due.iter().take(RUN_LENGTH) {
            match run.iter_mut().find(|(m, _)| *m == item.module_id) {
                Some((_, questions)) => questions.push(item.question_id.clone()),
                None => run.push((item.module_id.clone(), vec![item.question_id.clone()])),
            }
        }
        run
    }

    /// How many questions the next refresher asks: the due ones, at most [`RUN_LENGTH`]. A
    /// backlog (a learner back from leave) is offered a short run at a time, never all at
    /// once.
    pub fn run_len(&self) -> usize {
        self.due.len().min(RUN_LENGTH)
    }

    /// How many due questions wait after the next refresher.
    pub fn after_run(&self) -> usize {
        self.due.len() - self.run_len()
    }

    /// About how many minutes the next refresher takes, at least one.
    pub fn minutes(&self) -> u32 {
        let count = u32::try_from(self.run_len()).unwrap_or(u32::MAX);
        count
            .saturating_mul(SECONDS_PER_QUESTION)
            .div_ceil(60)
            .max(1)
    }
}

/// The end of the learner's day that contains `now`, `offset` east of UTC: refreshers
/// due later today are offered with those already due.
pub fn end_of_day(now: DateTime<Utc>, offset: chrono::FixedOffset) -> DateTime<Utc> {
    let local = now.with_timezone(&offset);
    let midnight = local
        .date_naive()
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| t.and_local_timezone(offset).single());
    midnight.map_or(now + Duration::hours(24), |m| {
        m.with_timezone(&Utc) - Duration::seconds(1)
    })
}

/// A module for a refresher: `module` asking only `questions`, in that order, every one
/// of them, none drawn or shuffled away. `None` when none of them is in the module.
pub fn refresher_module(module: &Module, questions: &[String]) -> Option<Module> {
    let asked: Vec<Question> = questions
        .iter()
        .filter_map(|id| module.question(id))
        .filter(|q| refreshable(q))
        .cloned()
        .collect();
    if asked.is_empty() {
        return None;
    }
    let mut single = module.clone();
    single.assessment.questions = asked;
    single.assessment.draw = None;
    single.assessment.shuffle_questions = false;
    Some(single)
}

/// A learner's choice of a desktop notification when refreshers are due: off unless
/// they turn it on, and at most once a (local) day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Nudge {
    pub enabled: bool,
    /// The local day of the last notification.
    pub last_day: Option<chrono::NaiveDate>,
}

impl Nudge {
    /// Whether to notify now: turned on, something is due, and not yet today.
    pub fn due(&self, today: chrono::NaiveDate, due_questions: usize) -> bool {
        self.enabled && due_questions > 0 && self.last_day.is_none_or(|last| last < today)
    }
}
