//! Spaced refreshers: the scheduler with a fixed clock, the queue a graded attempt
//! leaves, answers that move the schedule without touching a graded result, content
//! changes, and erasure; on real SQLite files.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::float_cmp,
    reason = "a test fails loudly on a broken fixture"
)]

use std::path::Path;
use std::sync::Arc;

use chrono::Duration;
use jaga::clock::SeededEntropy;
use jaga::content::Course;
use jaga::engine::review::{self, Recall, Scheduler};
use jaga::engine::{Effect, Queue, Session};
use jaga::service::learner::{Applied, apply};
use jaga::store::{NewLearner, Store};
use uuid::Uuid;

use crate::support::{engine_module, finished_kinds, ids, t0};

fn open(dir: &Path) -> Store {
    Store::open(dir, t0()).expect("open").0
}

pub(crate) fn learner(store: &mut Store, employee_id: &str) -> String {
    store
        .create_learner(
            &NewLearner {
                employee_id: employee_id.to_owned(),
                display_name: format!("Learner {employee_id}"),
                department: Some("Finance".to_owned()),
            },
            Uuid::new_v4(),
            t0(),
        )
        .expect("learner")
        .id
}

pub(crate) fn course_of(module: jaga::content::Module) -> Course {
    Course {
        modules: vec![Arc::new(module)],
        ..Course::default()
    }
}

#[test]
fn a_wrong_answer_comes_back_sooner_than_a_right_one() {
    let module = engine_module("kinds");
    let question = module.question("single").unwrap();
    let scheduler = Scheduler::new(review::DEFAULT_RETENTION);
    let wrong = scheduler.first("kinds", question, Recall::Forgot, t0());
    let partly = scheduler.first("kinds", question, Recall::Partly, t0());
    let right = scheduler.first("kinds", question, Recall::Recalled, t0());
    assert!(wrong.due > t0(), "not shown again at once: {:?}", wrong.due);
    assert!(wrong.due < partly.due, "{:?} < {:?}", wrong.due, partly.due);
    assert!(partly.due < right.due, "{:?} < {:?}", partly.due, right.due);
    assert_eq!(wrong.due, t0() + Duration::days(1));
    assert_eq!(right.due, t0() + Duration::days(3));
    // The same answers at the same moment give the same schedule.
    assert_eq!(
        right,
        scheduler.first("kinds", question, Recall::Recalled, t0())
    );
}

#[test]
fn recalled_again_on_time_the_interval_grows_and_a_lapse_shrinks_it() {
    let module = engine_module("kinds");
    let question = module.question("single").unwrap();
    let scheduler = Scheduler::new(review::DEFAULT_RETENTION);
    let first = scheduler.first("kinds", question, Recall::Recalled, t0());
    let second = scheduler.review(&first, question, Recall::Recalled, first.due);
    let gap = |item: &jaga::engine::ReviewItem| item.due - item.last_review;
    assert!(
        gap(&second) > gap(&first),
        "{:?} > {:?}",
        gap(&second),
        gap(&first)
    );
    let lapse = scheduler.review(&second, question, Recall::Forgot, second.due);
    assert!(gap(&lapse) < gap(&second));
    assert_eq!(lapse.lapses, 1);
    assert!(lapse.stability < second.stability);
}

#[test]
fn a_long_gap_lowers_retrievability() {
    let module = engine_module("kinds");
    let question = module.question("single").unwrap();
    let item = Scheduler::new(0.9).first("kinds", question, Recall::Recalled, t0());
    let soon = review::retrievability(&item, t0() + Duration::days(2));
    let on_time = review::retrievability(&item, item.due);
    let late = review::retrievability(&item, t0() + Duration::days(60));
    assert!(
        soon > on_time && on_time > late,
        "{soon} > {on_time} > {late}"
    );
    // At the due date the chance of recall is about the desired retention.
    assert!((on_time - 0.9).abs() < 0.05, "{on_time}");
}

#[test]
fn a_higher_desired_retention_brings_questions_back_sooner() {
    let module = engine_module("kinds");
    let question = module.question("single").unwrap();
    let first = Scheduler::new(0.9).first("kinds", question, Recall::Recalled, t0());
    let strict = Scheduler::new(0.95);
    let relaxed = Scheduler::new(0.8);
    let strict = strict.review(&first, question, Recall::Recalled, first.due);
    let relaxed = relaxed.review(&first, question, Recall::Recalled, first.due);
    assert!(
        strict.due < relaxed.due,
        "{:?} < {:?}",
        strict.due,
        relaxed.due
    );
}

#[test]
fn a_graded_attempt_queues_every_wrong_question_and_a_sample_of_right_ones() {
    let scheduler = Scheduler::new(0.9);
    let (module, wrong) = finished_kinds(3, false);
    let queued = review::after_attempt(&scheduler, &wrong, &module, &[], t0());
    let mut questions: Vec<&str> = queued.iter().map(|i| i.question_id.as_str()).collect();
    questions.sort_unstable();
    // All four answered wrong (the partial one only partly right).
    assert_eq!(questions, ["partial", "single", "strict", "truefalse"]);
    let (module, right) = finished_kinds(3, true);
    let queued = review::after_attempt(&scheduler, &right, &module, &[], t0());
    assert_eq!(queued.len(), review::RIGHT_SAMPLE);
    assert!(queued.iter().all(|i| i.due == t0() + Duration::days(3)));
}

#[test]
fn recording_a_graded_attempt_fills_the_learners_queue_in_the_same_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let who = learner(&mut store, "E-1");
    let (module, attempt) = finished_kinds(5, false);
    let outcome = attempt.outcome(&module);
    store
        .record_finished(&who, &attempt, &module, &outcome, &[], t0())
        .unwrap();
    let items = store.review_items(&who).unwrap();
    assert_eq!(items.len(), 4);
    // Scheduled from when the attempt was finished, not when it was written.
    let finished = attempt.finished.unwrap();
    assert!(items.iter().all(|i| i.due == finished + Duration::days(1)));
    assert_eq!(
        store.reviews_due(&who, t0() + Duration::days(1)).unwrap(),
        0
    );
    assert_eq!(
        store
            .reviews_due(&who, finished + Duration::days(1))
            .unwrap(),
        4
    );
}

/// Plays a refresher of every due question of `course` for `who` at `now`, answering
/// right when `well`, applying its effects as the window's worker does.
pub(crate) fn take_refresher(
    store: &mut Store,
    course: &Course,
    who: &str,
    now: chrono::DateTime<chrono::Utc>,
    well: bool,
) -> Vec<jaga::engine::ReviewItem> {
    let queue = Queue::build(course, &store.review_items(who).unwrap(), now);
    let run = Uuid::new_v4();
    let mut entropy = SeededEntropy::new(9);
    let mut moved = Vec::new();
    for (module_id, questions) in queue.next_run() {
        let module = course.module(&module_id).unwrap();
        let asked = Arc::new(review::refresher_module(module, &questions).unwrap());
        let mut session = Session::refresher(&asked, run, now, &mut entropy, "en", now);
        let mut attempt = session.attempt.clone();
        crate::support::answer_all(&asked, &mut attempt, well);
        while let Some(index) = session.attempt.current() {
            let chosen = match &attempt.items[index].response {
                Some(jaga::engine::Response::Choices { chosen, .. }) => chosen.clone(),
                _ => panic!("a refresher asks no scenario"),
            };
            for effect in session.answer(&chosen).unwrap() {
                assert!(matches!(effect, Effect::Refreshed(_)), "{effect:?}");
                if let Applied::Refreshed(done) = apply(store, who, &effect, now).unwrap() {
                    moved.push(done.1);
                }
            }
            let (_, effects) = session.next(now).unwrap();
            assert!(effects.is_empty(), "a refresher records no attempt");
        }
    }
    moved
}

#[test]
fn refresher_answers_move_the_schedule_and_never_a_graded_result() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let who = learner(&mut store, "E-2");
    let (module, attempt) = finished_kinds(7, false);
    let course = course_of(module.clone());
    let outcome = attempt.outcome(&module);
    store
        .record_finished(&who, &attempt, &module, &outcome, &[], t0())
        .unwrap();
    let graded_before = store.attempts(&who).unwrap();
    let later = t0() + Duration::days(1) + Duration::hours(2);
    let moved = take_refresher(&mut store, &course, &who, later, true);
    assert_eq!(moved.len(), 4);
    for item in &moved {
        assert!(item.due > later + Duration::days(1), "{:?}", item.due);
        assert_eq!(item.reps, 2);
    }
    assert_eq!(store.reviews_due(&who, later).unwrap(), 0);
    assert_eq!(store.attempts(&who).unwrap(), graded_before);
    let refreshers = store.refreshers(&who).unwrap();
    assert_eq!(refreshers.len(), 1);
    let answers = &refreshers[0].answers;
    assert_eq!(answers.len(), 4);
    assert!(answers.iter().all(|a| a.correct && a.recall == "recalled"));
    assert_eq!(
        answers.iter().map(|a| a.position).collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );
    // Failed, so no pass to count days from.
    assert!(answers.iter().all(|a| a.days_since_pass.is_none()));
}

#[test]
fn days_since_pass_are_counted_from_the_latest_pass() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let who = learner(&mut store, "E-3");
    let (module, attempt) = finished_kinds(8, true);
    let course = course_of(module.clone());
    let outcome = attempt.outcome(&module);
    assert!(outcome.passed);
    store
        .record_finished(&who, &attempt, &module, &outcome, &[], t0())
        .unwrap();
    let later = t0() + Duration::days(4);
    take_refresher(&mut store, &course, &who, later, false);
    let answers = &store.refreshers(&who).unwrap()[0].answers;
    assert_eq!(answers.len(), review::RIGHT_SAMPLE);
    // Finished 3.5 minutes after t0: 3 whole days and most of a fourth.
    assert!(answers.iter().all(|a| a.days_since_pass == Some(3)));
    assert!(answers.iter().all(|a| !a.correct && a.recall == "forgot"));
    assert!(
        answers
            .iter()
            .all(|a| a.next_due == later + Duration::days(1))
    );
}

#[test]
fn a_changed_question_starts_again_and_a_vanished_one_is_retired() {
    let scheduler = Scheduler::new(0.9);
    let (module, attempt) = finished_kinds(11, false);
    let queued = review::after_attempt(&scheduler, &attempt, &module, &[], t0());
    let mut changed = module.clone();
    changed.assessment.questions.retain(|q| q.id != "strict");
    let single = changed
        .assessment
        .questions
        .iter_mut()
        .find(|q| q.id == "single")
        .unwrap();
    single.points += 1;
    let course = course_of(changed.clone());
    let queue = Queue::build(&course, &queued, t0() + Duration::days(30));
    assert_eq!(queue.retired, [("kinds".to_owned(), "strict".to_owned())]);
    assert_eq!(queue.due.len(), 3);
    assert!(queue.due.iter().all(|i| i.question_id != "strict"));
    let old = queued.iter().find(|i| i.question_id == "single").unwrap();
    let question = changed.question("single").unwrap();
    let later = t0() + Duration::days(30);
    let again = scheduler.review(old, question, Recall::Recalled, later);
    assert_eq!(again.reps, 1, "a changed question starts again");
    assert_eq!(again.lapses, 0);
    assert_eq!(again.fingerprint, review::fingerprint(question));
    assert_ne!(again.fingerprint, old.fingerprint);
}

#[test]
fn a_run_asks_at_most_five_due_questions_most_overdue_first() {
    let scheduler = Scheduler::new(0.9);
    let module = engine_module("kinds");
    let mut items = Vec::new();
    for (n, id) in ["single", "partial", "strict", "truefalse"]
        .iter()
        .enumerate()
    {
        let question = module.question(id).unwrap();
        let at = t0() + Duration::hours(i64::try_from(n).unwrap());
        items.push(scheduler.first("kinds", question, Recall::Forgot, at));
    }
    let course = course_of(module);
    let queue = Queue::build(&course, &items, t0() + Duration::days(2));
    assert_eq!(
        queue.next_run(),
        [(
            "kinds".to_owned(),
            ids(&["single", "partial", "strict", "truefalse"])
        )]
    );
    assert_eq!(queue.minutes(), 2);
    assert_eq!((queue.run_len(), queue.after_run()), (4, 0));
    let none = Queue::build(&course, &items, t0() + Duration::hours(12));
    assert!(none.due.is_empty());
}

#[test]
fn erasing_a_learner_removes_their_review_queue_and_refreshers() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let who = learner(&mut store, "E-4");
    let other = learner(&mut store, "E-5");
    let (module, attempt) = finished_kinds(13, false);
    let course = course_of(module.clone());
    let outcome = attempt.outcome(&module);
    store
        .record_finished(&who, &attempt, &module, &outcome, &[], t0())
        .unwrap();
    let (_, theirs) = finished_kinds(14, false);
    store
        .record_finished(
            &other,
            &theirs,
            &module,
            &theirs.outcome(&module),
            &[],
            t0(),
        )
        .unwrap();
    take_refresher(&mut store, &course, &who, t0() + Duration::days(2), true);
    store.set_nudge(&who, true).unwrap();
    store
        .note_nudged(&who, (t0() + Duration::days(2)).date_naive())
        .unwrap();
    let export = store.export_learner(&who, t0()).unwrap();
    assert_eq!(export.refreshers.len(), 1);
    assert_eq!(export.review_queue.len(), 4);
    let report = store.erase_learner(&who).unwrap();
    assert!(!store.nudge(&who).unwrap().enabled);
    assert_eq!(report.refreshers, 1);
    assert_eq!(report.review_items, 4);
    assert_eq!(store.review_items(&other).unwrap().len(), 4);
    drop(store);
    let file = rusqlite::Connection::open(dir.path().join(jaga::store::FILE_NAME)).unwrap();
    for table in [
        "review_items",
        "refreshers",
        "refresher_answers",
        "refresher_nudges",
    ] {
        let left: i64 = file
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE learner_id = ?1"),
                [&who],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(left, 0, "{table}");
    }
}

#[test]
fn the_desired_retention_is_kept_within_its_range() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    assert_eq!(store.refresher_retention().unwrap(), 0.9);
    store.set_refresher_retention(0.85).unwrap();
    assert_eq!(store.refresher_retention().unwrap(), 0.85);
    assert!(store.set_refresher_retention(0.5).is_err());
    assert!(store.set_refresher_retention(f64::NAN).is_err());
    assert_eq!(store.refresher_retention().unwrap(), 0.85);
}

#[test]
fn an_answer_older_than_the_last_review_still_gives_a_sound_schedule() {
    let module = engine_module("kinds");
    let question = module.question("single").unwrap();
    let scheduler = Scheduler::new(0.9);
    let later = scheduler.first(
        "kinds",
        question,
        Recall::Recalled,
        t0() + Duration::days(10),
    );
    let earlier = scheduler.review(&later, question, Recall::Forgot, t0());
    assert!(earlier.stability.is_finite() && earlier.stability > 0.0);
    assert!(earlier.difficulty.is_finite());
    assert!(earlier.due > t0() + Duration::days(10));
}

#[test]
fn the_nudge_is_off_until_turned_on_and_comes_at_most_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let who = learner(&mut store, "E-6");
    let today = t0().date_naive();
    let nudge = store.nudge(&who).unwrap();
    assert!(!nudge.enabled);
    assert!(!nudge.due(today, 3), "off by default");
    store.set_nudge(&who, true).unwrap();
    let nudge = store.nudge(&who).unwrap();
    assert!(nudge.due(today, 3));
    assert!(!nudge.due(today, 0), "nothing due, nothing said");
    store.note_nudged(&who, today).unwrap();
    let nudge = store.nudge(&who).unwrap();
    assert_eq!(nudge.last_day, Some(today));
    assert!(!nudge.due(today, 3), "once a day");
    assert!(nudge.due(today.succ_opt().unwrap(), 3));
}

#[test]
fn a_backlog_is_offered_five_questions_at_a_time() {
    let scheduler = Scheduler::new(0.9);
    let module = engine_module("draw-pool");
    let items: Vec<_> = (1..=12)
        .map(|n| {
            let question = module.question(&format!("q{n:02}")).unwrap();
            scheduler.first("draw-pool", question, Recall::Forgot, t0())
        })
        .collect();
    let course = course_of(module);
    // A learner back from a month away: all twelve are due.
    let queue = Queue::build(&course, &items, t0() + Duration::days(30));
    assert_eq!(queue.due.len(), 12);
    assert_eq!(queue.run_len(), 5);
    assert_eq!(queue.after_run(), 7);
    assert_eq!(
        queue.minutes(),
        2,
        "a two-minute refresher, not a ten-minute one"
    );
    assert_eq!(queue.next_run()[0].1.len(), 5);
}
