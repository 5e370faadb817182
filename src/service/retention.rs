//! The manager's retention view: whether what the course taught lasts.
//!
//! For each module, the share of refresher answers that were right, grouped by how long
//! after passing the module the learner answered (a forgetting curve drawn from real
//! answers, not a model), and the questions whose knowledge fades fastest: those right
//! far less often after the first week than within it. Refreshers never touch a graded
//! result, so this view is the only place they are added up. Everything here is data;
//! the window draws it and `jaga retention` prints it.

use crate::content::Course;
use crate::i18n::{Lang, percent, trf};
pub use crate::store::retention::EARLY_DAYS;
use crate::store::retention::{QuestionRecall, RecallTally};
use crate::store::{Store, StoreError};

/// The spans of days since the pass that the curve groups answers into: narrow at first,
/// where forgetting is steep, wider later. `None` means "and after".
pub const SPANS: &[(i64, Option<i64>)] = &[
    (0, Some(1)),
    (2, Some(6)),
    (7, Some(13)),
    (14, Some(29)),
    (30, Some(59)),
    (60, Some(119)),
    (120, None),
];

/// A question needs this many answers on each side of the first week before its decay
/// is shown: fewer say more about chance than about forgetting.
pub const MIN_ANSWERS_EACH_SIDE: u64 = 3;

/// At most this many fading questions are listed.
pub const MAX_DECAYING: usize = 10;

/// Some days since the pass, from `from` to `to` (inclusive), or from `from` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: i64,
    pub to: Option<i64>,
}

impl Span {
    fn of(days: i64) -> Self {
        let (from, to) = SPANS
            .iter()
            .rev()
            .find(|(from, _)| days >= *from)
            .copied()
            .unwrap_or(SPANS[0]);
        Self { from, to }
    }

    /// The span in words: "2–6 hari", "120 hari atau lebih".
    pub fn words(self, lang: Lang) -> String {
        match self.to {
            Some(to) => trf(
                lang,
                "retention-span",
                &[("from", self.from.to_string()), ("to", to.to_string())],
            ),
            None => trf(
                lang,
                "retention-span-open",
                &[("from", self.from.to_string())],
            ),
        }
    }

    /// Where the span sits on the curve's day axis: its middle, or its start plus a
    /// month for the open last span.
    #[expect(clippy::cast_precision_loss, reason = "days are far below 2^52")]
    pub fn middle(self) -> f64 {
        match self.to {
            Some(to) => (self.from + to) as f64 / 2.0,
            None => self.from as f64 + 30.0,
        }
    }
}

/// Refresher answers in one span of days since the pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurvePoint {
    pub span: Span,
    pub answered: u64,
    pub right: u64,
}

/// `right` out of `answered`, in percent; 0 when nothing was answered.
#[expect(
    clippy::cast_precision_loss,
    reason = "answer counts are far below 2^52"
)]
pub fn percent_right(right: u64, answered: u64) -> f64 {
    if answered == 0 {
        0.0
    } else {
        right as f64 / answered as f64 * 100.0
    }
}

impl CurvePoint {
    pub fn percent(&self) -> f64 {
        percent_right(self.right, self.answered)
    }

    /// "75 % benar (3 dari 4)".
    pub fn words(&self, lang: Lang) -> String {
        trf(
            lang,
            "retention-point",
            &[
                ("percent", percent(lang, self.percent())),
                ("right", self.right.to_string()),
                ("answered", self.answered.to_string()),
            ],
        )
    }
}

impl ModuleCurve {
    /// "53,8 % benar dari 13 jawaban penyegaran."
    pub fn total_words(&self, lang: Lang) -> String {
        trf(
            lang,
            "retention-curve-total",
            &[
                (
                    "percent",
                    percent(lang, percent_right(self.right, self.answered)),
                ),
                ("answered", self.answered.to_string()),
            ],
        )
    }
}

/// One module's forgetting curve: only spans with answers, earliest first.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleCurve {
    pub module_id: String,
    pub title: String,
    pub points: Vec<CurvePoint>,
    pub answered: u64,
    pub right: u64,
}

/// A question right less often after the first week than within it.
#[derive(Debug, Clone, PartialEq)]
pub struct DecayingQuestion {
    pub module_id: String,
    pub module_title: String,
    pub question_id: String,
    pub prompt: String,
    pub early_answered: u64,
    pub early_right: u64,
    pub late_answered: u64,
    pub late_right: u64,
}

impl DecayingQuestion {
    pub fn early_percent(&self) -> f64 {
        percent_right(self.early_right, self.early_answered)
    }

    pub fn late_percent(&self) -> f64 {
        percent_right(self.late_right, self.late_answered)
    }

    /// "80 % benar dalam 7 hari pertama (5 jawaban), 0 % sesudahnya (4 jawaban)".
    pub fn words(&self, lang: Lang) -> String {
        trf(
            lang,
            "retention-decaying-line",
            &[
                ("early", percent(lang, self.early_percent())),
                ("days", EARLY_DAYS.to_string()),
                ("early_n", self.early_answered.to_string()),
                ("late", percent(lang, self.late_percent())),
                ("late_n", self.late_answered.to_string()),
            ],
        )
    }

    /// Percentage points lost after the first week.
    pub fn drop(&self) -> f64 {
        self.early_percent() - self.late_percent()
    }
}

/// The retention view for one department (every department when `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct RetentionView {
    pub department: Option<String>,
    /// The desired retention the schedule aims at (0.7 to 0.97).
    pub desired: f64,
    /// Modules with refresher answers, in the course's order.
    pub modules: Vec<ModuleCurve>,
    /// Fastest fading first.
    pub decaying: Vec<DecayingQuestion>,
}

impl RetentionView {
    /// What to say when no module has answers to show.
    pub fn none_words(&self, lang: Lang) -> String {
        match &self.department {
            Some(department) => trf(
                lang,
                "retention-none-in",
                &[("department", department.clone())],
            ),
            None => crate::i18n::tr(lang, "retention-none"),
        }
    }

    pub fn load(
        store: &Store,
        course: &Course,
        lang: &str,
        department: Option<&str>,
    ) -> Result<Self, StoreError> {
        Ok(Self::from_tallies(
            course,
            lang,
            department,
            store.refresher_retention()?,
            &store.recall_by_day(department)?,
            &store.recall_by_question(department)?,
        ))
    }

    /// The view from the store's tallies. Modules and questions no longer in the course
    /// are left out: their titles and prompts are gone, and an id means nothing to a
    /// manager.
    pub fn from_tallies(
        course: &Course,
        lang: &str,
        department: Option<&str>,
        desired: f64,
        by_day: &[RecallTally],
        by_question: &[QuestionRecall],
    ) -> Self {
        let modules = course
            .modules
            .iter()
            .filter_map(|module| {
                let mut points: Vec<CurvePoint> = Vec::new();
                for tally in by_day.iter().filter(|t| t.module_id == module.id) {
                    let span = Span::of(tally.days_since_pass);
                    match points.iter_mut().find(|p| p.span == span) {
                        Some(point) => {
                            point.answered += tally.answered;
                            point.right += tally.right;
                        }
                        None => points.push(CurvePoint {
                            span,
                            answered: tally.answered,
                            right: tally.right,
                        }),
                    }
                }
                if points.is_empty() {
                    return None;
                }
                points.sort_by_key(|p| p.span.from);
                Some(ModuleCurve {
                    module_id: module.id.clone(),
                    title: module.title.get(lang).to_owned(),
                    answered: points.iter().map(|p| p.answered).sum(),
                    right: points.iter().map(|p| p.right).sum(),
                    points,
                })
            })
            .collect();
        let mut decaying: Vec<DecayingQuestion> = by_question
            .iter()
            .filter(|q| {
                q.early_answered >= MIN_ANSWERS_EACH_SIDE
                    && q.late_answered >= MIN_ANSWERS_EACH_SIDE
            })
            .filter_map(|q| {
                let module = course.module(&q.module_id)?;
                let question = module.question(&q.question_id)?;
                Some(DecayingQuestion {
                    module_id: q.module_id.clone(),
                    module_title: module.title.get(lang).to_owned(),
                    question_id: q.question_id.clone(),
                    prompt: question.prompt.get(lang).to_owned(),
                    early_answered: q.early_answered,
                    early_right: q.early_right,
                    late_answered: q.late_answered,
                    late_right: q.late_right,
                })
            })
            .filter(|q| q.drop() > 0.0)
            .collect();
        decaying.sort_by(|a, b| {
            b.drop()
                .total_cmp(&a.drop())
                .then_with(|| a.module_id.cmp(&b.module_id))
                .then_with(|| a.question_id.cmp(&b.question_id))
        });
        decaying.truncate(MAX_DECAYING);
        Self {
            department: department.map(str::to_owned),
            desired,
            modules,
            decaying,
        }
    }
}

/// A desired retention (0.7 to 0.97) as whole percent, for the words that say it.
#[expect(
    clippy::cast_possible_truncation,
    reason = "a share between 0 and 1, times 100"
)]
pub fn whole_percent(share: f64) -> i64 {
    (share * 100.0).round() as i64
}
