#![cfg(feature = "gui")]
//! A refresher in the real window: two questions failed in the graded quiz come back a
//! day later on the home screen, are answered in a refresher with the module's own
//! feedback, and come back later still; the graded result stays as it was.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly"
)]

use chrono::Duration;
use eframe::egui::Key;
use eframe::egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;

use crate::support::window::{TestApp, app, t0};

/// Takes the basics module's quiz with both answers wrong, and goes home.
fn fail_basics(app: &mut TestApp) {
    app.create_profile("E-100", "Sari Wulandari", "Keuangan");
    app.click_nth("Buka modul", 0);
    app.click("Berikutnya");
    app.click("Mulai kuis");
    app.pick("2. Semua karyawan");
    app.click("Kirim jawaban");
    app.click("Pertanyaan berikutnya");
    app.pick("3. Ada logo bank");
    app.click("Kirim jawaban");
    app.click("Lihat hasil");
    assert!(app.shows("Belum lulus"));
    app.click("Kembali ke beranda");
}

#[test]
fn failed_questions_come_back_a_day_later_and_answering_them_moves_the_next_date_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    fail_basics(&mut app);
    assert!(
        app.shows("Penyegaran berikutnya: 30 November 2026"),
        "the home screen says when the first refresher comes"
    );
    assert!(!app.shows("Mulai penyegaran"), "nothing is due yet");

    // The next morning the home screen, left open, offers the two questions.
    app.clock.set(t0() + Duration::days(1) + Duration::hours(1));
    app.settle();
    assert!(
        app.shows("Penyegaran hari ini: 2 soal (± 1 menit)"),
        "{:?}",
        app.all_texts()
    );
    app.click("Mulai penyegaran");
    assert!(app.shows("Soal penyegaran 1 dari 2"));
    assert!(app.shows("Penyegaran: tidak dinilai"));
    assert!(app.shows("Mana tanda phishing?"));
    app.pick("1. Nada mendesak");
    app.pick("2. Tautan aneh");
    app.click("Kirim jawaban");
    assert!(app.shows("Benar!"), "the module's own feedback");
    assert!(
        app.shows("Baca lagi: Pelajaran dua (Dasar-dasar"),
        "a link back to the lesson that teaches the point: {:?}",
        app.all_texts()
    );
    app.click("Pertanyaan berikutnya");
    assert!(app.shows("Soal penyegaran 2 dari 2"));
    app.pick("1. Staf SDM yang memerlukannya");
    // By keyboard: Enter sends the answer, Enter again moves on.
    app.key(Key::Enter);
    assert!(app.shows("Benar!"));
    app.click("Lihat hasil");

    // The summary is a page of its own, read from its heading.
    app.harness
        .get_by_role_and_label(Role::Heading, "Penyegaran selesai");
    assert!(app.shows("2 dari 2 soal dijawab benar."));
    let back: Vec<String> = app
        .all_texts()
        .into_iter()
        .filter(|t| t.contains(" · kembali "))
        .collect();
    assert!(
        !back.is_empty() && back.iter().all(|t| t.starts_with("Benar · kembali ")),
        "{back:?}"
    );
    assert!(
        back.iter().all(|t| !t.contains("1 Desember 2026")),
        "right answers come back later than a wrong one would: {back:?}"
    );
    app.click("Kembali ke beranda");
    assert!(!app.shows("Mulai penyegaran"));
    assert!(app.shows("Penyegaran berikutnya: "));

    let store = app.store();
    let learner = store.learner_by_employee_id("E-100").unwrap().unwrap();
    let items = store.review_items(&learner.id).unwrap();
    assert_eq!(items.len(), 2);
    let answered = t0() + Duration::days(1) + Duration::hours(1);
    assert!(
        items.iter().all(|i| i.due > answered + Duration::days(2)),
        "{items:?}"
    );
    let attempts = store.attempts(&learner.id).unwrap();
    assert_eq!(attempts.len(), 1, "a refresher is not a graded attempt");
    assert!(!attempts[0].passed, "and it changes no graded result");
    let refreshers = store.refreshers(&learner.id).unwrap();
    assert_eq!(refreshers.len(), 1);
    assert_eq!(refreshers[0].answers.len(), 2);
    assert!(refreshers[0].answers.iter().all(|a| a.correct));
}

#[test]
fn leaving_a_refresher_half_way_keeps_the_answer_given_and_the_rest_stays_due() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    fail_basics(&mut app);
    app.clock.set(t0() + Duration::days(2));
    app.settle();
    app.click("Mulai penyegaran");
    app.pick("3. Ada logo bank");
    app.click("Kirim jawaban");
    assert!(app.shows("Kurang tepat."));
    // The link opens the lesson that teaches the point; the answer is already kept.
    let link = app
        .all_texts()
        .into_iter()
        .find(|t| t.starts_with("Baca lagi: Pelajaran dua"))
        .unwrap();
    app.harness.get_by_role_and_label(Role::Link, &link).click();
    app.settle();
    assert!(app.shows("Pelajaran 2 dari 2"));
    app.click("Beranda");
    assert!(
        app.shows("Penyegaran hari ini: 1 soal"),
        "the one answered wrong is due again tomorrow, not today; the other still today: {:?}",
        app.all_texts()
    );
    let store = app.store();
    let learner = store.learner_by_employee_id("E-100").unwrap().unwrap();
    let refreshers = store.refreshers(&learner.id).unwrap();
    assert_eq!(refreshers[0].answers.len(), 1);
    assert!(!refreshers[0].answers[0].correct);
}

#[test]
fn the_desktop_nudge_is_off_until_turned_on_then_comes_at_most_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    fail_basics(&mut app);
    // Off by default: the next morning's refresher brings no notification.
    app.clock.set(t0() + Duration::days(1) + Duration::hours(1));
    app.settle();
    assert!(app.shows("Penyegaran hari ini: 2 soal"));
    assert!(app.notifications.shown().is_empty());
    let toggle = "Ingatkan saya dengan notifikasi desktop saat penyegaran tiba (paling banyak sekali sehari)";
    app.harness.get_by_label(toggle).focus();
    app.harness.run_ok();
    app.key(Key::Space);
    // Turning it on counts today as notified: the learner is looking at the window.
    assert!(app.notifications.shown().is_empty());
    let store = app.store();
    let learner = store.learners().unwrap()[0].id.clone();
    assert!(store.nudge(&learner).unwrap().enabled, "kept in the store");
    drop(store);

    // The next day, with the questions still due: one notification, with a count only.
    app.clock.set(t0() + Duration::days(2) + Duration::hours(1));
    app.settle();
    assert_eq!(
        app.notifications.shown(),
        vec![(
            "Jaga: penyegaran hari ini".to_owned(),
            "2 soal menunggu (± 1 menit). Buka Jaga untuk mulai.".to_owned()
        )]
    );
    // Later that day: not again.
    app.clock.set(t0() + Duration::days(2) + Duration::hours(6));
    app.settle();
    assert_eq!(app.notifications.shown().len(), 1);
    // Turned off: the day after brings nothing.
    app.harness.get_by_label(toggle).focus();
    app.harness.run_ok();
    app.key(Key::Space);
    app.clock.set(t0() + Duration::days(3) + Duration::hours(1));
    app.settle();
    assert_eq!(app.notifications.shown().len(), 1);
    assert!(!app.store().nudge(&learner).unwrap().enabled);
}

#[test]
fn a_desktop_without_a_notification_service_gets_an_error_and_nothing_else() {
    let sent = jaga::ui::notify::send(Some("unix:path=/nonexistent/jaga-test-bus"), "s", "b");
    assert!(sent.is_err(), "{sent:?}");
}

#[test]
fn my_data_shows_the_refresher_schedule_and_answers_and_the_notice_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    fail_basics(&mut app);
    app.click("Data saya");
    assert!(
        app.shows("Soal yang dijadwalkan kembali dalam penyegaran: 2"),
        "{:?}",
        app.all_texts()
    );
    assert!(app.shows("Jawaban penyegaran tersimpan: 0"));
    assert!(
        app.shows("Untuk penyegaran: soal mana yang kembali kepada Anda dan kapan"),
        "the privacy notice on the page says refreshers are stored"
    );

    // One refresher answer later, the page counts it.
    app.clock.set(t0() + Duration::days(2));
    app.settle();
    app.click("Beranda");
    app.click("Mulai penyegaran");
    app.pick("3. Ada logo bank");
    app.click("Kirim jawaban");
    assert!(app.shows("Kurang tepat."));
    app.click("Data saya");
    assert!(
        app.shows("Jawaban penyegaran tersimpan: 1"),
        "{:?}",
        app.all_texts()
    );
    assert!(app.shows("Soal yang dijadwalkan kembali dalam penyegaran: 2"));
}
