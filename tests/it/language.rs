#![cfg(feature = "gui")]
//! The Indonesian window speaks Indonesian everywhere: every screen a learner and a
//! manager reach, and every notice and result line the core sends back, read from the
//! accessibility tree (what a screen reader hears), holds none of a list of English words.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly"
)]

use crate::support::window::TestApp;
use eframe::egui;
use egui_kittest::kittest::Queryable as _;

/// English words that have no business in the Indonesian window (whole words, as written).
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "of",
    "is",
    "was",
    "not",
    "with",
    "your",
    "Your",
    "you",
    "rows",
    "row",
    "Done",
    "learners",
    "attempts",
    "attempt",
    "Saved",
    "saved",
    "Passed",
    "Failed",
    "passed",
    "failed",
    "Question",
    "Submit",
    "Next",
    "Back",
    "Export",
    "Import",
    "certificate",
    "certificates",
    "error",
    "cannot",
    "could",
    "Welcome",
    "Due",
    "Overdue",
    "Score",
    "added",
    "conflicts",
    "already",
    "queued",
    "bundle",
    "Lesson",
    "Home",
    "module",
    "modules",
    "Module",
    "rows",
];

/// Fails with every English word found on the screen `step` shows.
fn assert_indonesian(app: &TestApp, step: &str) {
    let mut found = Vec::new();
    for text in app.all_texts() {
        for word in text.split(|c: char| !c.is_alphanumeric() && c != '-') {
            if ENGLISH.contains(&word) {
                found.push(format!("{word:?} in {text:?}"));
            }
        }
    }
    found.dedup();
    assert!(
        found.is_empty(),
        "{step}: English in the Indonesian window: {found:#?}"
    );
}

#[test]
fn every_screen_and_notice_of_the_indonesian_window_is_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut app = crate::support::window::app(&data);
    assert_indonesian(&app, "welcome");
    app.click("Saya mengerti, lanjutkan");
    assert_indonesian(&app, "new profile");
    app.type_into("ID karyawan", "E-100");
    app.type_into("Nama tampilan", "Sari Wulandari");
    app.type_into("Departemen (opsional)", "Keuangan");
    app.click("Buat profil");
    assert_indonesian(&app, "home");

    // A lesson, a question answered wrong and right, the result.
    app.click_nth("Buka modul", 0);
    assert_indonesian(&app, "lesson");
    app.click("Langsung ke kuis");
    assert_indonesian(&app, "question");
    app.pick("2. Semua karyawan");
    app.click("Kirim jawaban");
    assert_indonesian(&app, "feedback");
    app.click("Pertanyaan berikutnya");
    app.pick("1. Nada mendesak");
    app.pick("2. Tautan aneh");
    app.click("Kirim jawaban");
    app.click("Lihat hasil");
    assert_indonesian(&app, "result");
    app.click("Kembali ke beranda");

    // A scenario to its ending.
    app.click_nth("Buka modul", 1);
    app.click("Mulai kuis");
    app.click("3. Laporkan ke tim keamanan");
    assert_indonesian(&app, "scenario ending");
    app.click("Lihat hasil");
    assert_indonesian(&app, "scenario result");
    app.click("Kembali ke beranda");

    // My data, with the notice of an export.
    app.click("Data saya");
    assert_indonesian(&app, "my data");
    let mine = dir.path().join("saya.json");
    app.harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "Simpan ke file:")
        .focus();
    app.harness.run_ok();
    app.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    app.harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "Simpan ke file:")
        .type_text(mine.to_str().unwrap());
    app.settle();
    app.click("Simpan");
    assert!(app.shows("Data Anda diekspor ke"));
    assert_indonesian(&app, "my data exported");

    // The manager area: every tab, and the result line of each action. Learners do not
    // see its button; the manager opens it from the profile list.
    app.click("Keluar");
    assert_indonesian(&app, "profile list");
    app.click("Manajer");
    assert_indonesian(&app, "manager setup");
    app.type_into("Frasa sandi", "rahasia-sekali");
    app.type_into("Ulangi frasa sandi", "rahasia-sekali");
    app.click("Simpan dan buka");
    assert_indonesian(&app, "overview");
    for tab in [
        "Grafik",
        "Soal yang sering salah",
        "Jalur skenario",
        "Batas waktu",
    ] {
        app.click(tab);
        assert_indonesian(&app, tab);
    }
    app.harness
        .get_by_role_and_label(
            egui::accesskit::Role::ComboBox,
            "Modul yang diberi batas waktu",
        )
        .click_accesskit();
    app.settle();
    app.harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Email mencurigakan")
        .click();
    app.settle();
    app.type_into("Tanggal (TTTT-BB-HH)", "2027-01-31");
    app.press("Simpan batas waktu");
    assert!(app.shows("31 Januari 2027"));
    assert_indonesian(&app, "due date set");

    app.click("Ekspor dan data");
    assert_indonesian(&app, "data tab");
    let report = dir.path().join("laporan.csv");
    app.replace_text("Simpan laporan ke:", report.to_str().unwrap());
    app.press("Simpan");
    assert!(app.shows("Tersimpan"), "the export's result line is shown");
    assert_indonesian(&app, "report exported");

    let bundle = dir.path().join("bundel.json");
    app.replace_text("Simpan bundel ke:", bundle.to_str().unwrap());
    app.press("Buat bundel");
    assert!(bundle.exists(), "the bundle is written");
    assert_indonesian(&app, "bundle written");

    app.type_into("Jalur file bundel:", bundle.to_str().unwrap());
    app.press("Impor");
    assert!(app.shows("sudah ada"), "the import's result line is shown");
    assert_indonesian(&app, "bundle imported");
    let broken = dir.path().join("rusak.json");
    std::fs::write(&broken, "{ bukan bundel").unwrap();
    app.replace_text("Jalur file bundel:", broken.to_str().unwrap());
    app.press("Impor");
    assert!(app.shows("tidak diimpor"), "the refusal is shown");
    assert_indonesian(&app, "a broken bundle refused");

    let certificates = dir.path().join("sertifikat");
    app.replace_text("Simpan ke folder:", certificates.to_str().unwrap());
    app.press("Buat sertifikat");
    assert!(certificates.is_dir(), "certificates are written");
    assert!(
        app.shows("sertifikat tersimpan"),
        "the certificates' result line is shown"
    );
    assert_indonesian(&app, "certificates written");
}
