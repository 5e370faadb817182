//! Spot the leak and ordering in the real window, through the one harness factory: once
//! by pointer and once by keyboard alone (Tab, Space, Enter), with every segment and every
//! move button named for a screen reader.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly"
)]

use std::path::PathBuf;
use std::sync::Arc;

use eframe::egui::Key;
use eframe::egui::accesskit::{Role, Toggled};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use jaga::clock::FixedClock;
use jaga::content::ContentSource;
use jaga::i18n::{Lang, tr};

use crate::keyboard::{focused_name, tab_to};
use crate::support::window::{TestApp, app_with, t0};

const CC: &str = "Cc: 40 alamat pelanggan";
const LIST: &str = "Lampiran: daftar_anggota.xlsx";
const RIGHT_ORDER: [&str; 3] = [
    "Lapor segera",
    "Nilai dampaknya",
    "Beri tahu dalam 3 x 24 jam",
];

fn t(key: &str) -> String {
    tr(Lang::Id, key)
}

fn practice_app(dir: &std::path::Path) -> TestApp {
    let course = ContentSource::Dir(PathBuf::from("tests/fixtures/ui-practice"));
    let mut app = app_with(course, dir, Arc::new(FixedClock::new(t0())), 7);
    app.create_profile("E-1", "Rina", "");
    app.click(&t("home-open"));
    app.click(&t("lesson-start-quiz"));
    app
}

/// Whether the segment named `name` is a ticked checkbox.
fn marked(app: &TestApp, name: &str) -> bool {
    let node = app.harness.get_by_role_and_label(Role::CheckBox, name);
    node.accesskit_node().toggled() == Some(Toggled::True)
}

/// The steps in the order shown now, read from their "move down" buttons.
fn shown_order(app: &TestApp) -> Vec<String> {
    let prefix = "Turunkan: ";
    app.harness
        .query_all_by_label_contains(prefix)
        .filter(|n| n.accesskit_node().role() == Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter_map(|l| l.strip_prefix(prefix).map(str::to_owned))
        .collect()
}

/// Moves each step up until the order is right: by pointer, or by Tab and Space.
fn put_in_order(app: &mut TestApp, keyboard: bool) {
    let start = shown_order(app);
    assert_eq!(
        start.len(),
        3,
        "every step has its named buttons: {start:?}"
    );
    assert_ne!(start, RIGHT_ORDER, "the steps are shuffled");
    for (target, step) in RIGHT_ORDER.iter().enumerate() {
        let up = format!("Naikkan: {step}");
        for _ in 0..3 {
            let order = shown_order(app);
            let at = order.iter().position(|s| s == step).expect("shown");
            if at <= target {
                break;
            }
            if keyboard {
                tab_to(app, &up);
                app.key(Key::Space);
            } else {
                app.click(&up);
            }
        }
    }
    assert_eq!(shown_order(app), RIGHT_ORDER);
}

fn recorded_kinds(app: &TestApp) -> Vec<(String, Vec<String>, bool)> {
    let store = app.store();
    let learner = store.learner_by_employee_id("E-1").unwrap().unwrap();
    let attempts = store.attempts(&learner.id).unwrap();
    assert_eq!(attempts.len(), 1);
    assert!(attempts[0].passed);
    attempts[0]
        .responses
        .iter()
        .map(|r| (r.kind.clone(), r.chosen.clone(), r.correct))
        .collect()
}

fn expected_record() -> Vec<(String, Vec<String>, bool)> {
    vec![
        (
            "spot_the_leak".to_owned(),
            vec!["cc".to_owned(), "list".to_owned()],
            true,
        ),
        (
            "ordering".to_owned(),
            vec![
                "report".to_owned(),
                "assess".to_owned(),
                "notify".to_owned(),
            ],
            true,
        ),
    ]
}

#[test]
fn a_learner_spots_the_leaks_in_an_email_and_orders_the_breach_steps_by_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = practice_app(dir.path());
    assert!(app.shows(&t("spot-artefact-email")));
    assert!(!marked(&app, CC));
    app.pick(CC);
    app.pick(LIST);
    app.pick("Subjek: Undangan");
    app.pick("Subjek: Undangan");
    assert!(marked(&app, CC) && marked(&app, LIST));
    assert!(!marked(&app, "Subjek: Undangan"), "a second click unmarks");
    app.click(&t("quiz-submit"));
    assert!(app.shows(&t("quiz-correct")));
    assert!(
        app.shows("Gunakan BCC."),
        "each marked segment's feedback is shown"
    );
    app.click(&t("quiz-next"));

    put_in_order(&mut app, false);
    app.click(&t("quiz-submit"));
    assert!(app.shows(&t("quiz-correct")));
    app.click(&t("quiz-see-result"));
    assert!(app.shows(&t("result-passed")));
    assert_eq!(recorded_kinds(&app), expected_record());
}

#[test]
fn a_learner_spots_the_leaks_and_orders_the_breach_steps_by_keyboard_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = practice_app(dir.path());
    for segment in [CC, LIST] {
        tab_to(&mut app, segment);
        app.key(Key::Space);
        assert!(marked(&app, segment), "Space marks {segment}");
    }
    // Enter on a segment sends the answer, as on a choice.
    app.key(Key::Enter);
    assert_eq!(
        focused_name(&app),
        t("quiz-correct"),
        "the feedback takes the focus"
    );
    app.key(Key::Enter);

    put_in_order(&mut app, true);
    tab_to(&mut app, &t("quiz-submit"));
    app.key(Key::Enter);
    assert_eq!(focused_name(&app), t("quiz-correct"));
    app.key(Key::Enter);
    assert!(app.shows(&t("result-passed")));
    assert_eq!(recorded_kinds(&app), expected_record());
}

#[test]
fn the_review_shows_the_leak_that_was_missed_and_the_right_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = practice_app(dir.path());
    app.pick(CC);
    app.click(&t("quiz-submit"));
    assert!(app.shows(&t("quiz-partly")));
    assert!(
        app.shows(&t("spot-missed")),
        "the missed attachment is named as missed"
    );
    assert!(app.shows("Daftar anggota tidak perlu dikirim."));
    app.click(&t("quiz-next"));
    app.click(&t("quiz-submit"));
    app.click(&t("quiz-see-result"));
    assert!(app.shows(&t("result-failed")));
    assert!(app.shows(&t("spot-missed")));
    assert!(app.shows(&t("order-right")));
    assert!(app.shows(&format!("1. {}", RIGHT_ORDER[0])));
}
