#![cfg(feature = "gui")]
//! The learner's journey in the real window (`egui_kittest`, accessibility check on).
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly"
)]

use crate::support::window::{TestApp, app};
use eframe::egui;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

fn profile(dir: &std::path::Path) -> TestApp {
    let mut app = app(dir);
    assert!(
        app.shows("Selamat datang di Jaga"),
        "first start shows the welcome notice"
    );
    assert!(app.shows("Apa yang disimpan Jaga"));
    app.create_profile("E-100", "Sari Wulandari", "Keuangan");
    assert!(
        app.shows("Halo, Sari Wulandari"),
        "home greets the new learner"
    );
    app
}

#[test]
fn first_start_shows_what_is_stored_then_makes_a_profile() {
    let dir = tempfile::tempdir().unwrap();
    let app = profile(dir.path());
    let store = app.store();
    let learners = store.learners().unwrap();
    assert_eq!(learners.len(), 1);
    assert_eq!(learners[0].employee_id, "E-100");
    assert_eq!(learners[0].department.as_deref(), Some("Keuangan"));
    assert!(app.shows("0 dari 2 modul selesai"));
    assert!(app.shows("Belum dimulai"));
}

/// Reads both lessons of the basics module and starts its quiz.
fn read_basics(app: &mut TestApp) {
    app.click_nth("Buka modul", 0);
    assert!(app.shows("Pelajaran 1 dari 2"));
    assert!(app.shows("Bagikan data hanya kepada yang memerlukannya."));
    app.click("Berikutnya");
    assert!(app.shows("Pelajaran 2 dari 2"));
    app.click("Mulai kuis");
    assert!(app.shows("Pertanyaan 1 dari 2"));
}

#[test]
fn a_learner_reads_a_module_fails_retakes_and_passes_and_both_attempts_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = profile(dir.path());
    read_basics(&mut app);

    // Fail: the wrong answer first.
    app.pick("2. Semua karyawan");
    app.click("Kirim jawaban");
    assert!(app.shows("Kurang tepat."));
    assert!(
        app.shows("Terlalu luas."),
        "the chosen choice says why it is wrong"
    );
    assert!(
        app.shows("Benar: perlu tahu."),
        "the right choice says why it is right"
    );
    assert!(app.shows("Akses mengikuti kebutuhan."), "general feedback");
    app.click("Pertanyaan berikutnya");
    assert!(app.shows("Pertanyaan 2 dari 2"));
    app.pick("1. Nada mendesak");
    app.pick("2. Tautan aneh");
    app.click("Kirim jawaban");
    assert!(app.shows("Benar!"));
    app.click("Lihat hasil");
    assert!(app.shows("Belum lulus"));
    assert!(app.shows("Skor Anda 50%"));
    assert!(app.shows("Baca lagi, lalu ulangi."), "band feedback");
    assert!(
        app.shows("Jawaban Anda: Semua karyawan"),
        "the review shows the answer given"
    );
    assert!(app.shows("Jawaban benar: Staf SDM yang memerlukannya"));

    // Retake an hour later and pass.
    app.clock
        .set(crate::support::window::t0() + chrono::Duration::hours(1));
    app.click("Ulangi kuis");
    assert!(app.shows("Pertanyaan 1 dari 2"));
    app.pick("1. Staf SDM yang memerlukannya");
    app.click("Kirim jawaban");
    app.click("Pertanyaan berikutnya");
    app.pick("1. Nada mendesak");
    app.pick("2. Tautan aneh");
    app.click("Kirim jawaban");
    app.click("Lihat hasil");
    assert!(app.shows("Lulus"));
    assert!(app.shows("Skor Anda 100%"));
    assert!(app.shows("Berlaku sampai 29 November 2027"));

    app.click("Kembali ke beranda");
    assert!(app.shows("Lulus, berlaku sampai 29 November 2027"));
    assert!(app.shows("1 dari 2 modul selesai"));

    let store = app.store();
    let learner = store.learner_by_employee_id("E-100").unwrap().unwrap();
    let attempts = store.attempts(&learner.id).unwrap();
    assert_eq!(attempts.len(), 2);
    assert!(!attempts[0].passed);
    assert!(attempts[1].passed);
    assert!(
        attempts
            .iter()
            .all(|a| a.language == "id" && a.module_id == "basics")
    );
    assert_eq!(attempts[0].responses[0].chosen, ["all"]);
    assert_eq!(attempts[1].responses[0].chosen, ["hr"]);
    assert!(store.open_attempts(&learner.id).unwrap().is_empty());
}

#[test]
fn a_scenario_played_through_a_loop_and_a_back_step_to_an_ending_records_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = profile(dir.path());
    app.click_nth("Buka modul", 1);
    app.click("Mulai kuis");
    assert!(app.shows("Email meminta kata sandi Anda dalam 1 jam."));
    app.click("1. Baca ulang dengan teliti");
    assert!(
        app.shows("Pengirimnya domain asing."),
        "the consequence of the choice"
    );
    app.click("Lanjutkan");
    assert!(
        app.shows("Email meminta kata sandi Anda dalam 1 jam."),
        "the loop returns to the start"
    );
    app.click("2. Klik tautannya");
    app.click("Lanjutkan");
    assert!(app.shows("Halaman login palsu terbuka."));
    app.click("Langkah sebelumnya");
    assert!(
        app.shows("Email meminta kata sandi Anda dalam 1 jam."),
        "the back step"
    );
    app.click("3. Laporkan ke tim keamanan");
    assert!(app.shows("Tim keamanan memblokirnya."));
    assert!(app.shows("Data aman."), "the ending");
    assert!(app.shows("Bagus."), "the ending's feedback");
    app.click("Lihat hasil");
    assert!(app.shows("Lulus"));
    assert!(app.shows("Jalur Anda"));
    assert!(app.shows("Anda mundur 1 langkah."));

    let store = app.store();
    let learner = store.learner_by_employee_id("E-100").unwrap().unwrap();
    let attempts = store.attempts(&learner.id).unwrap();
    let response = &attempts[0].responses[0];
    let path: Vec<(&str, &str)> = response
        .path
        .iter()
        .map(|s| (s.node.as_str(), s.choice.as_str()))
        .collect();
    assert_eq!(path, [("inbox", "reread"), ("inbox", "report")]);
    assert_eq!(response.ending.as_deref(), Some("safe"));
    assert_eq!(response.backs, 1);
}

#[test]
fn closing_mid_quiz_resumes_at_the_same_question_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut app = profile(dir.path());
        read_basics(&mut app);
        app.pick("1. Staf SDM yang memerlukannya");
        app.click("Kirim jawaban");
        // The window closes here: the harness and the app are dropped.
    }
    let mut app = crate::support::window::app(dir.path());
    assert!(
        app.shows("Pertanyaan 2 dari 2"),
        "straight back into the open quiz"
    );
    assert!(app.shows("Mana tanda phishing?"));
    app.pick("1. Nada mendesak");
    app.pick("2. Tautan aneh");
    app.click("Kirim jawaban");
    app.click("Lihat hasil");
    assert!(app.shows("Skor Anda 100%"));
    let store = app.store();
    let learner = store.learner_by_employee_id("E-100").unwrap().unwrap();
    assert_eq!(store.attempts(&learner.id).unwrap().len(), 1);
}

#[test]
fn switching_language_changes_the_text_and_the_attempts_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = profile(dir.path());
    app.click("English");
    assert!(app.shows("Hello, Sari Wulandari"));
    assert!(app.shows("The basics"));
    assert!(!app.shows("Dasar-dasar"));
    app.click_nth("Open module", 0);
    assert!(app.shows("Lesson 1 of 2"));
    assert!(app.shows("Share data only with those who need it."));
    app.click("Go to the quiz");
    app.pick("1. HR staff who need it");
    app.click("Submit answer");
    app.click("Next question");
    app.pick("1. An urgent tone");
    app.click("Submit answer");
    assert!(app.shows("Partly right."));
    app.click("See the result");
    assert!(app.shows("Your score 75%"));
    let store = app.store();
    let learner = store.learner_by_employee_id("E-100").unwrap().unwrap();
    assert_eq!(store.attempts(&learner.id).unwrap()[0].language, "en");
    // The choice is remembered for the next start.
    drop(app);
    let app = crate::support::window::app(dir.path());
    assert!(app.shows("Hello, Sari Wulandari"));
}

#[test]
fn erasing_removes_the_learner_and_everything_about_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = profile(dir.path());
    read_basics(&mut app);
    app.pick("1. Staf SDM yang memerlukannya");
    app.click("Kirim jawaban");
    app.click("Simpan dan keluar");
    app.click("Data saya");
    assert!(app.shows("ID karyawan: E-100"));
    assert!(app.shows("Kuis yang belum selesai: 1"));
    app.click("Hapus data saya");
    assert!(
        app.shows("Hapus semua data Anda?"),
        "a clear confirmation first"
    );
    app.click("Batal");
    assert_eq!(
        app.store().learners().unwrap().len(),
        1,
        "cancel erases nothing"
    );
    app.click("Hapus data saya");
    app.click("Ya, hapus semuanya");
    assert!(app.shows("Profil dan semua data Anda telah dihapus"));
    assert!(
        app.shows("Selamat datang di Jaga"),
        "back to the first start"
    );
    let store = app.store();
    assert!(store.learners().unwrap().is_empty());
    let open: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM open_attempts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(open, 0);
}

#[test]
fn my_data_exports_everything_as_json_to_the_typed_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = profile(dir.path());
    app.click("Data saya");
    let target = dir.path().join("saya.json");
    let field = app
        .harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "Simpan ke file:");
    field.focus();
    app.harness.run_ok();
    app.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    app.harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "Simpan ke file:")
        .type_text(target.to_str().unwrap());
    app.settle();
    app.click("Simpan");
    assert!(app.shows("Data Anda diekspor ke"));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    assert_eq!(json["format"], "jaga-learner-export");
    assert_eq!(json["learner"]["display_name"], "Sari Wulandari");
}

#[test]
fn the_keyboard_alone_answers_a_question() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = profile(dir.path());
    read_basics(&mut app);
    app.key(egui::Key::Num1);
    app.key(egui::Key::Enter);
    assert!(
        app.shows("Benar!"),
        "1 picks the first choice and Enter submits"
    );
    app.key(egui::Key::Enter);
    assert!(app.shows("Pertanyaan 2 dari 2"), "Enter moves on");
    app.key(egui::Key::Num1);
    app.key(egui::Key::Num2);
    app.key(egui::Key::Enter);
    assert!(app.shows("Benar!"));
}

#[test]
fn a_shared_machine_keeps_one_profile_per_learner() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = profile(dir.path());
    app.click("Keluar");
    assert!(app.shows("Siapa yang berlatih hari ini?"));
    app.click("Buat profil baru");
    assert!(
        app.shows("Apa yang disimpan Jaga"),
        "a new learner sees the notice too"
    );
    app.type_into("ID karyawan", "E-200");
    app.type_into("Nama tampilan", "Budi");
    app.click("Buat profil");
    assert!(app.shows("Halo, Budi"));
    app.click("Keluar");
    app.click("Sari Wulandari, E-100, Keuangan");
    assert!(app.shows("Halo, Sari Wulandari"));
    // A duplicate employee ID is refused with a clear message.
    app.click("Keluar");
    app.click("Buat profil baru");
    app.type_into("ID karyawan", "E-200");
    app.type_into("Nama tampilan", "Someone else");
    app.click("Buat profil");
    assert!(app.shows("ID karyawan E-200 sudah memiliki profil."));
    assert_eq!(app.store().learners().unwrap().len(), 2);
}

#[test]
fn every_lesson_block_is_drawn_with_its_label_and_the_image_has_alt_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = profile(dir.path());
    app.click_nth("Buka modul", 0);
    for text in [
        "Perlu tahu",
        "Tanya tujuannya",
        "DASAR HUKUM",
        "UU PDP",
        "TIPS",
        "PERHATIAN",
        "CONTOH",
    ] {
        assert!(app.shows(text), "{text} is drawn");
    }
    app.click("Berikutnya");
    assert!(
        app.harness.query_by_label("Perisai biru").is_some(),
        "the image is named by its alt text"
    );
    assert!(app.shows("Lindungi data."));
    assert!(app.shows("Poin penting"));
}

#[test]
fn the_dark_theme_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = profile(dir.path());
    app.harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Tema")
        .click_accesskit();
    app.settle();
    app.click("Gelap");
    assert_eq!(app.harness.ctx.theme(), egui::Theme::Dark);
    drop(app);
    let app = crate::support::window::app(dir.path());
    assert_eq!(app.harness.ctx.theme(), egui::Theme::Dark);
    assert_eq!(
        app.harness
            .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Tema")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("Gelap"),
        "the theme's name is shown and read"
    );
}

#[test]
fn an_attempt_finished_in_the_frame_the_window_closes_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = profile(dir.path());
    read_basics(&mut app);
    app.pick("1. Staf SDM yang memerlukannya");
    app.click("Kirim jawaban");
    app.click("Pertanyaan berikutnya");
    app.pick("1. Nada mendesak");
    app.pick("2. Tautan aneh");
    app.click("Kirim jawaban");
    // "See the result" finishes the attempt; the window closes in the same frame, before
    // the worker has answered. Closing finishes the worker's queue first.
    app.harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Lihat hasil")
        .click();
    app.harness.step();
    assert!(
        app.app().pending_jobs() > 0,
        "the record is still queued when the window closes"
    );
    let data = app.data.clone();
    drop(app);
    let store = jaga::store::Store::open(&data, crate::support::window::t0())
        .unwrap()
        .0;
    let learner = store.learner_by_employee_id("E-100").unwrap().unwrap();
    let attempts = store.attempts(&learner.id).unwrap();
    assert_eq!(attempts.len(), 1, "the finished attempt was recorded");
    assert!(attempts[0].passed);
}

/// Passes the basics module and lands on its result.
fn pass_basics(app: &mut TestApp) {
    read_basics(app);
    app.pick("1. Staf SDM yang memerlukannya");
    app.click("Kirim jawaban");
    app.click("Pertanyaan berikutnya");
    app.pick("1. Nada mendesak");
    app.pick("2. Tautan aneh");
    app.click("Kirim jawaban");
    app.click("Lihat hasil");
    assert!(app.shows("Lulus"));
}

#[test]
fn the_certificate_is_saved_where_typed_and_an_existing_file_is_replaced_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = profile(dir.path());
    pass_basics(&mut app);
    let target = dir.path().join("sertifikat-saya.pdf");
    app.replace_text("Simpan sertifikat ke:", target.to_str().unwrap());
    app.press("Simpan sertifikat");
    assert!(
        app.shows("Sertifikat disimpan di"),
        "the outcome is shown beside the button"
    );
    let first = std::fs::read(&target).unwrap();
    assert!(first.starts_with(b"%PDF-"));

    // The same path again: nothing is written until the learner says so.
    std::fs::write(&target, b"a file the learner keeps").unwrap();
    app.press("Simpan sertifikat");
    assert!(app.shows("sudah ada"), "asks before replacing");
    assert_eq!(std::fs::read(&target).unwrap(), b"a file the learner keeps");
    app.press("Biarkan file yang ada");
    assert!(!app.shows("sudah ada"));
    assert_eq!(std::fs::read(&target).unwrap(), b"a file the learner keeps");
    app.press("Simpan sertifikat");
    app.press("Ganti");
    assert!(std::fs::read(&target).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn a_save_that_cannot_be_written_says_why_beside_the_button() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = profile(dir.path());
    app.click("Data saya");
    let nowhere = dir.path().join("tidak-ada").join("saya.json");
    app.replace_text("Simpan ke file:", nowhere.to_str().unwrap());
    app.press("Simpan");
    assert!(
        app.shows("Berkas tidak dapat ditulis"),
        "the failure is told, in Indonesian"
    );
    assert!(!nowhere.exists());
}

#[test]
fn a_long_profile_list_shows_the_first_fifty_and_the_search_finds_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = jaga::store::Store::open(dir.path(), crate::support::t0()).unwrap();
        for n in 1..=60 {
            let new = jaga::store::NewLearner {
                employee_id: format!("E-{n:03}"),
                display_name: format!("Peserta {n:02}"),
                department: None,
            };
            let learner = store
                .create_learner(&new, uuid::Uuid::from_u128(n), crate::support::t0())
                .unwrap();
            let notice = jaga::service::access::Machine::load(&store)
                .unwrap()
                .notice_version();
            store.set_notice_seen(&learner.id, &notice).unwrap();
        }
    }
    let mut app = app(dir.path());
    if app.shows("Saya mengerti, lanjutkan") {
        app.click("Saya mengerti, lanjutkan");
    }
    // Labels are matched by name only: how name, ID and department are joined is the
    // profile screen's business.
    assert!(app.shows("Peserta 01"));
    assert!(app.shows("Peserta 50"));
    assert!(!app.shows("Peserta 51"), "the 51st profile is not drawn");
    assert!(app.shows("… dan 10 profil lainnya"));
    app.type_into("Cari nama atau ID karyawan", "E-057");
    assert!(app.shows("Peserta 57"), "the search finds it");
    assert!(!app.shows("Peserta 01"), "and only it");
    assert!(
        !app.shows("profil lainnya"),
        "one match: nothing more to say"
    );
    app.harness
        .query_all_by_label_contains("Peserta 57")
        .next()
        .unwrap()
        .click();
    app.settle();
    assert!(app.shows("Halo, Peserta 57"));
}

#[test]
fn a_learner_who_accepted_an_earlier_edition_of_the_notice_reads_it_again_once() {
    let dir = tempfile::tempdir().unwrap();
    drop(profile(dir.path()));
    // As if they had accepted the first edition, before refreshers were stored.
    {
        let mut store = jaga::store::Store::open(dir.path(), crate::support::t0())
            .unwrap()
            .0;
        let id = store.learners().unwrap()[0].id.clone();
        store.set_notice_seen(&id, "local").unwrap();
    }
    let mut app = app(dir.path());
    assert!(app.shows("Apa yang disimpan Jaga"), "{:?}", app.all_texts());
    assert!(
        app.shows("Untuk penyegaran"),
        "the new edition names refreshers"
    );
    app.click("Saya mengerti, lanjutkan");
    assert!(app.shows("Halo, Sari Wulandari"));
    drop(app);
    let app = crate::support::window::app(dir.path());
    assert!(
        app.shows("Halo, Sari Wulandari") && !app.shows("Apa yang disimpan Jaga"),
        "once accepted, not again"
    );
}
