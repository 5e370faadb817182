//! The manager's retention view: forgetting curves and fading questions added up from
//! refresher answers on a real store, checked against figures worked out by hand; and
//! `jaga retention` on the real binary.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::float_cmp,
    reason = "a test fails loudly on a broken fixture"
)]

use std::path::Path;
use std::sync::Arc;

use chrono::Duration;
use jaga::content::Course;
use jaga::service::retention::{RetentionView, Span};
use jaga::store::{NewLearner, RefresherAnswerRecord, Store};
use uuid::Uuid;

use crate::support::{engine_module, jaga_command, t0, text};

fn learner(store: &mut Store, employee_id: &str, department: &str) -> String {
    store
        .create_learner(
            &NewLearner {
                employee_id: employee_id.to_owned(),
                display_name: format!("Learner {employee_id}"),
                department: Some(department.to_owned()),
            },
            Uuid::new_v4(),
            t0(),
        )
        .expect("learner")
        .id
}

/// Stores one refresher of `answers`: (question, days since the pass, right).
fn refresher(store: &mut Store, learner_id: &str, answers: &[(&str, Option<i64>, bool)]) {
    let id = Uuid::new_v4().to_string();
    store
        .transact(|tx| {
            tx.execute(
                "INSERT INTO refreshers (id, learner_id, language, started_at, finished_at,
                     answered, right_count)
                 VALUES (?1, ?2, 'en', '2026-12-01T09:00:00.000Z', '2026-12-01T09:02:00.000Z', ?3, ?4)",
                rusqlite::params![
                    id,
                    learner_id,
                    i64::try_from(answers.len()).unwrap(),
                    i64::try_from(answers.iter().filter(|a| a.2).count()).unwrap()
                ],
            )?;
            for (position, (question, days, right)) in answers.iter().enumerate() {
                let answered = t0() + Duration::days(days.unwrap_or(0));
                jaga::store::insert_refresher_answer(
                    tx,
                    &id,
                    learner_id,
                    &RefresherAnswerRecord {
                        position,
                        module_id: "kinds".to_owned(),
                        revision: "r".to_owned(),
                        question_id: (*question).to_owned(),
                        kind: "single_choice".to_owned(),
                        choice_order: vec![],
                        chosen: vec![],
                        correct: *right,
                        points: if *right { 1.0 } else { 0.0 },
                        max_points: 1.0,
                        recall: if *right { "recalled" } else { "forgot" }.to_owned(),
                        answered,
                        days_since_pass: *days,
                        next_due: answered + Duration::days(3),
                    },
                )?;
            }
            Ok(())
        })
        .expect("refresher");
}

/// Two learners in two departments; the figures the tests expect are worked out by hand
/// in their comments.
fn seeded(dir: &Path) -> Store {
    let mut store = Store::open(dir, t0()).expect("open").0;
    let finance = learner(&mut store, "F-1", "Finance");
    let sales = learner(&mut store, "S-1", "Sales");
    let (w, r) = (false, true);
    refresher(
        &mut store,
        &finance,
        &[
            ("single", Some(0), r),
            ("single", Some(1), r),
            ("single", Some(3), w),
        ],
    );
    refresher(
        &mut store,
        &finance,
        &[
            ("partial", Some(5), r),
            ("single", Some(10), w),
            ("partial", Some(20), r),
            ("single", Some(40), w),
            // Answered before the learner had passed: not part of any curve.
            ("strict", None, w),
        ],
    );
    refresher(
        &mut store,
        &sales,
        &[
            ("single", Some(2), r),
            ("single", Some(6), r),
            ("partial", Some(8), r),
            ("single", Some(8), w),
            ("single", Some(9), w),
            ("partial", Some(130), w),
        ],
    );
    store
}

fn course() -> Course {
    Course {
        modules: vec![Arc::new(engine_module("kinds"))],
        ..Course::default()
    }
}

fn curve(view: &RetentionView) -> Vec<(i64, Option<i64>, u64, u64)> {
    assert_eq!(view.modules.len(), 1, "one module has answers");
    view.modules[0]
        .points
        .iter()
        .map(|p| (p.span.from, p.span.to, p.answered, p.right))
        .collect()
}

#[test]
fn the_forgetting_curve_adds_up_refresher_answers_by_days_since_the_pass() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    let view = RetentionView::load(&store, &course(), "en", None).unwrap();
    // 0–1 days: F d0 right, F d1 right. 2–6: F d3 wrong, F d5 right, S d2 right, S d6
    // right. 7–13: F d10 wrong, S d8 right, S d8 wrong, S d9 wrong. 14–29: F d20 right.
    // 30–59: F d40 wrong. 120+: S d130 wrong. The answer with no pass is left out.
    assert_eq!(
        curve(&view),
        vec![
            (0, Some(1), 2, 2),
            (2, Some(6), 4, 3),
            (7, Some(13), 4, 1),
            (14, Some(29), 1, 1),
            (30, Some(59), 1, 0),
            (120, None, 1, 0),
        ]
    );
    let module = &view.modules[0];
    assert_eq!((module.answered, module.right), (13, 7));
    assert_eq!(module.title, "Kinds");
    assert_eq!(module.points[1].percent(), 75.0);
    assert_eq!(view.desired, 0.9, "the default desired retention");
}

#[test]
fn the_curve_of_one_department_counts_only_its_learners() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    let view = RetentionView::load(&store, &course(), "id", Some("Finance")).unwrap();
    assert_eq!(
        curve(&view),
        vec![
            (0, Some(1), 2, 2),
            (2, Some(6), 2, 1),
            (7, Some(13), 1, 0),
            (14, Some(29), 1, 1),
            (30, Some(59), 1, 0),
        ]
    );
    assert_eq!(view.modules[0].title, "Jenis");
    let nobody = RetentionView::load(&store, &course(), "id", Some("Legal")).unwrap();
    assert!(nobody.modules.is_empty() && nobody.decaying.is_empty());
}

#[test]
fn a_question_right_far_less_often_after_the_first_week_is_listed_as_fading() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    let view = RetentionView::load(&store, &course(), "en", None).unwrap();
    // "single": within 7 days F d0 R, d1 R, d3 W, S d2 R, d6 R (4 of 5 right, 80%);
    // after: F d10 W, d40 W, S d8 W, d9 W (0 of 4). "partial" has one early answer only,
    // below the three each side a comparison needs.
    assert_eq!(view.decaying.len(), 1, "{:?}", view.decaying);
    let fading = &view.decaying[0];
    assert_eq!(fading.question_id, "single");
    assert_eq!(fading.prompt, "Who may see payroll data?");
    assert_eq!(
        (
            fading.early_answered,
            fading.early_right,
            fading.late_answered,
            fading.late_right
        ),
        (5, 4, 4, 0)
    );
    assert_eq!(fading.drop(), 80.0);
    // In Finance alone "single" has two late answers: too few to say.
    let finance = RetentionView::load(&store, &course(), "en", Some("Finance")).unwrap();
    assert!(finance.decaying.is_empty());
}

#[test]
fn a_module_no_longer_in_the_course_is_left_out_of_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    let view = RetentionView::load(&store, &Course::default(), "en", None).unwrap();
    assert!(view.modules.is_empty() && view.decaying.is_empty());
}

#[test]
fn spans_are_narrow_first_and_open_at_the_end() {
    for (days, from, to) in [
        (0, 0, Some(1)),
        (1, 0, Some(1)),
        (2, 2, Some(6)),
        (13, 7, Some(13)),
        (29, 14, Some(29)),
        (119, 60, Some(119)),
        (365, 120, None),
    ] {
        let tallies = [jaga::store::retention::RecallTally {
            module_id: "kinds".to_owned(),
            days_since_pass: days,
            answered: 1,
            right: 1,
        }];
        let view = RetentionView::from_tallies(&course(), "en", None, 0.9, &tallies, &[]);
        assert_eq!(view.modules[0].points[0].span, Span { from, to }, "{days}");
    }
}

#[test]
fn jaga_retention_prints_the_curve_and_sets_the_desired_retention() {
    let dir = tempfile::tempdir().unwrap();
    drop(seeded(dir.path()));
    let run = |args: &[&str]| {
        jaga_command()
            .args([
                "--content",
                "tests/fixtures/engine",
                "retention",
                "--lang",
                "en",
            ])
            .args(args)
            .arg("--data")
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Desired retention\t90 %"), "{stdout}");
    assert!(
        stdout.contains("Kinds\t2–6 days\t75% right (3 of 4)"),
        "{stdout}"
    );
    assert!(stdout.contains("Kinds\t120 days or more\t0% right (0 of 1)"));
    assert!(
        stdout.contains("Who may see payroll data?\t80% right in the first 7 days (5 answers), 0% after (4 answers)"),
        "{stdout}"
    );

    let out = run(&["--set-desired", "0.99"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("between 70% and 97%"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["--set-desired", "0.85", "--department", "Sales"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Desired retention\t85 %"), "{stdout}");
    assert!(
        stdout.contains("Kinds\t7–13 days\t33.3% right (1 of 3)"),
        "{stdout}"
    );
    let store = Store::open(dir.path(), t0()).unwrap().0;
    assert_eq!(store.refresher_retention().unwrap(), 0.85);
}
