//! A learner's side of Jaga: what their screens show, read in one go, and the effects of
//! their sessions applied to the store.
//!
//! [`apply`] is the one place a session's [`Effect`] becomes a write: the window's worker
//! calls it for each effect in order, and so do `jaga demo-data` and the crash test's
//! `jaga stress-store`, so the test that kills a writer at random exercises exactly what
//! the window runs.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Transaction;

use crate::engine::{Attempt, Effect, ReviewItem};
use crate::store::{
    self, Access, AttemptRecord, Learner, RefresherAnswerRecord, Store, StoreError,
};

/// Everything the learner's screens show about them, read at once.
#[derive(Debug, Clone, Default)]
pub struct LearnerData {
    pub learner: Option<Learner>,
    /// Finished attempts, oldest first.
    pub attempts: Vec<AttemptRecord>,
    /// Open attempts, most recently saved first.
    pub open: Vec<Attempt>,
    /// Due dates that apply to this learner, by module.
    pub due: Vec<(String, NaiveDate)>,
    /// The tracks assigned to this learner (to everyone, or to their department), with
    /// their due dates.
    pub tracks: Vec<(String, NaiveDate)>,
    /// Whether the profile has a PIN, and whether a manager removed it.
    pub access: Access,
    /// The privacy notice version the learner last accepted.
    pub notice_seen: Option<String>,
    /// The lesson page last open in each module.
    pub lesson_pages: std::collections::BTreeMap<String, usize>,
    /// The learner's review queue (every item, soonest due first), for the refreshers.
    pub reviews: Vec<ReviewItem>,
    /// Whether they asked for a desktop notification when refreshers are due.
    pub nudge: crate::engine::review::Nudge,
    /// How many refresher answers are stored (shown in "My data").
    pub refresher_answers: usize,
}

impl LearnerData {
    /// Reads a learner's profile, results, open attempts, due dates and tracks.
    pub fn load(store: &Store, learner_id: &str) -> Result<Self, StoreError> {
        let learner = store.learner(learner_id)?;
        Ok(Self {
            attempts: store.attempts(learner_id)?,
            open: store.open_attempts(learner_id)?,
            due: store.due_dates_for(learner.department.as_deref())?,
            tracks: store.track_dates_for(learner.department.as_deref())?,
            access: store.learner_access(learner_id)?,
            notice_seen: store.notice_seen(learner_id)?,
            lesson_pages: store.lesson_pages(learner_id)?.into_iter().collect(),
            reviews: store.review_items(learner_id)?,
            nudge: store.nudge(learner_id)?,
            refresher_answers: store.refresher_answer_count(learner_id)?,
            learner: Some(learner),
        })
    }

    /// Keeps this copy in step with an effect sent to the store, so a screen drawn before
    /// the store answers shows what the store will hold. A recorded attempt arrives with
    /// the next [`LearnerData::load`].
    pub fn note(&mut self, effect: &Effect) {
        match effect {
            Effect::SaveProgress(attempt) => {
                self.open.retain(|a| a.module_id != attempt.module_id);
                self.open.insert(0, (**attempt).clone());
            }
            Effect::Record { attempt, .. } => {
                self.open.retain(|a| a.module_id != attempt.module_id);
            }
            Effect::Discard { module_id } => self.open.retain(|a| &a.module_id != module_id),
            Effect::RetireReviews(gone) => self.reviews.retain(|item| {
                !gone
                    .iter()
                    .any(|(m, q)| *m == item.module_id && *q == item.question_id)
            }),
            // The new schedule arrives with the store's answer (`note_review`).
            Effect::Notice(_) | Effect::Refreshed(_) => {}
        }
    }

    /// Keeps this copy in step with a refresher answer the store recorded, and the review
    /// item it rescheduled.
    pub fn note_review(&mut self, item: &ReviewItem) {
        self.refresher_answers += 1;
        self.reviews
            .retain(|i| !(i.module_id == item.module_id && i.question_id == item.question_id));
        self.reviews.push(item.clone());
        self.reviews.sort_by_key(|item| item.due);
    }
}

/// What applying an effect wrote.
#[derive(Debug, Clone, PartialEq)]
pub enum Applied {
    /// Nothing to tell (a save, a discard, a notice, a practice attempt finished).
    Saved,
    /// A graded attempt was recorded.
    Recorded(Box<AttemptRecord>),
    /// A refresher answer was recorded, and its question rescheduled.
    Refreshed(Box<(RefresherAnswerRecord, ReviewItem)>),
}

/// Applies one effect of a session of `learner_id` to the store, in one transaction. A
/// recorded attempt is queued for the LRS in the same transaction when delivery is on.
pub fn apply(
    store: &mut Store,
    learner_id: &str,
    effect: &Effect,
    now: DateTime<Utc>,
) -> Result<Applied, StoreError> {
    match effect {
        Effect::SaveProgress(attempt) => {
            store.save_progress(learner_id, attempt, now)?;
            Ok(Applied::Saved)
        }
        Effect::Record {
            attempt,
            module,
            outcome,
        } => {
            let statements =
                crate::lrs::statements_for_finish(store, learner_id, attempt, module, outcome);
            store.record_finished(learner_id, attempt, module, outcome, &statements, now)?;
            Ok(match store.attempt(attempt.id)? {
                Some(record) => Applied::Recorded(Box::new(record)),
                // A practice attempt is not recorded.
                None => Applied::Saved,
            })
        }
        Effect::Discard { module_id } => {
            store.discard_open_attempt(learner_id, module_id)?;
            Ok(Applied::Saved)
        }
        Effect::Refreshed(answer) => {
            let statements = crate::lrs::statements_for_refresher(store, learner_id, answer, now);
            let done = store.record_refresher_answer(learner_id, answer, &statements, now)?;
            Ok(Applied::Refreshed(Box::new(done)))
        }
        Effect::RetireReviews(items) => {
            store.retire_reviews(learner_id, items)?;
            Ok(Applied::Saved)
        }
        Effect::Notice(_) => Ok(Applied::Saved),
    }
}

/// [`apply`] inside a transaction the caller holds, for writing many sessions at once
/// (demo data). No statements are queued here: the LRS sender queues statements for any
/// recorded attempt that has none when delivery is on.
pub fn apply_in(
    tx: &Transaction<'_>,
    learner_id: &str,
    effect: &Effect,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    match effect {
        Effect::SaveProgress(attempt) => store::save_progress_in(tx, learner_id, attempt, now),
        Effect::Record {
            attempt,
            module,
            outcome,
        } => store::record_finished_in(tx, learner_id, attempt, module, outcome, &[], now),
        Effect::Discard { module_id } => store::discard_open_attempt_in(tx, learner_id, module_id),
        Effect::Refreshed(answer) => {
            store::record_refresher_answer_in(tx, learner_id, answer, &[], now).map(|_| ())
        }
        Effect::RetireReviews(items) => {
            for (module_id, question_id) in items {
                tx.execute(
                    "DELETE FROM review_items WHERE learner_id = ?1 AND module_id = ?2 AND question_id = ?3",
                    [learner_id, module_id, question_id],
                )?;
            }
            Ok(())
        }
        Effect::Notice(_) => Ok(()),
    }
}
