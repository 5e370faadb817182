#![cfg(feature = "gui")]
//! The manager area in the real window: the lock, the matrix, filters and due dates.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly"
)]

use std::process::Command;

use crate::support::window::TestApp;
use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use jaga::store::keys;

/// A data folder with made-up learners and results on the test course.
pub(crate) fn demo_data(dir: &std::path::Path, learners: usize) {
    let out = Command::new(env!("CARGO_BIN_EXE_jaga"))
        .args([
            "--content",
            "tests/fixtures/ui-course",
            "demo-data",
            "--learners",
        ])
        .arg(learners.to_string())
        .arg("--data")
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn type_password(app: &mut TestApp, label: &str, text: &str) {
    app.type_into(label, text);
}

pub(crate) fn open_manager(dir: &std::path::Path) -> TestApp {
    let mut app = crate::support::window::app(dir);
    app.click("Manajer");
    assert!(
        app.shows("Buat frasa sandi manajer"),
        "first use asks for a passphrase"
    );
    type_password(&mut app, "Frasa sandi", "rahasia-sekali");
    type_password(&mut app, "Ulangi frasa sandi", "rahasia-sekali");
    app.click("Simpan dan buka");
    assert!(app.shows("Area manajer"));
    app
}

#[test]
fn the_manager_area_is_locked_by_a_passphrase_with_a_growing_delay_after_wrong_tries() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 20);
    let mut app = open_manager(dir.path());
    app.click("Kunci");
    assert!(!app.shows("Area manajer"), "locking leaves the area");
    app.click("Manajer");
    assert!(app.shows("Buka area manajer"), "it asks again");
    type_password(&mut app, "Frasa sandi", "salah-tebak");
    app.click("Buka");
    assert!(app.shows("Frasa sandi salah."));
    assert!(
        app.shows("Coba lagi dalam 1 detik"),
        "the first wrong try waits a second"
    );
    // Even the right passphrase is not checked during the wait.
    type_password(&mut app, "Frasa sandi", "rahasia-sekali");
    app.key(egui::Key::Enter);
    assert!(!app.shows("Area manajer"));
    // A second wrong try doubles the wait.
    app.clock
        .set(crate::support::window::t0() + chrono::Duration::seconds(2));
    app.settle();
    type_password(&mut app, "Frasa sandi", "masih-salah");
    app.click("Buka");
    assert!(app.shows("Coba lagi dalam 2 detik"));
    app.clock
        .set(crate::support::window::t0() + chrono::Duration::seconds(5));
    app.settle();
    type_password(&mut app, "Frasa sandi", "rahasia-sekali");
    app.click("Buka");
    assert!(app.shows("Area manajer"));
    let store = app.store();
    assert!(store.has_manager_passphrase().unwrap());
}

#[test]
fn the_matrix_shows_every_learner_and_filters_by_department() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 40);
    let mut app = open_manager(dir.path());
    assert!(app.shows("40 dari 40 peserta ditampilkan"));
    let store = app.store();
    let in_finance = store
        .learners()
        .unwrap()
        .iter()
        .filter(|l| l.department.as_deref() == Some("Keuangan"))
        .count();
    assert!(in_finance > 0);
    app.harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Departemen")
        .click_accesskit();
    app.settle();
    app.harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Keuangan")
        .click();
    app.settle();
    assert!(
        app.shows(&format!("{in_finance} dari 40 peserta ditampilkan")),
        "the filter keeps exactly the department's learners"
    );

    // The export has exactly the filtered rows.
    app.click("Ekspor dan data");
    let target = dir.path().join("keuangan.csv");
    app.replace_text("Simpan laporan ke:", target.to_str().unwrap());
    app.press("Simpan");
    assert!(
        app.shows(&format!("Tersimpan {}", target.display())),
        "the manager is told, in Indonesian, where the export is"
    );
    let mut reader = csv::Reader::from_path(&target).unwrap();
    let headers = reader.headers().unwrap().clone();
    let department = headers.iter().position(|h| h == "department").unwrap();
    let employee = headers.iter().position(|h| h == "employee_id").unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        records.len(),
        in_finance * 2,
        "one row per learner x module (2 modules)"
    );
    assert!(records.iter().all(|r| &r[department] == "Keuangan"));
    let mut people: Vec<&str> = records.iter().map(|r| &r[employee]).collect();
    people.dedup();
    assert_eq!(people.len(), in_finance);
    let sidecar = std::fs::read_to_string(dir.path().join("keuangan.csv.sha256")).unwrap();
    assert!(sidecar.ends_with("  keuangan.csv\n"), "{sidecar}");
}

#[test]
fn a_status_filter_shows_every_learner_with_that_status_however_many_pages() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 70);
    let mut app = open_manager(dir.path());
    assert!(app.shows("70 dari 70 peserta ditampilkan"));
    // The learners with a row of some status, counted from every learner's rows.
    let store = app.store();
    let course = jaga::content::load(&crate::support::window::ui_course())
        .unwrap()
        .course;
    let with_status = |status: &str| {
        let filter = jaga::report::Filter {
            status: Some(status.to_owned()),
            ..jaga::report::Filter::default()
        };
        jaga::report::rows::each_learner(
            &store,
            &jaga::report::rows::RowScope::report(&course, "id", crate::support::window::t0()),
            &filter,
            &mut |_| Ok::<_, jaga::store::StoreError>(()),
        )
        .unwrap()
    };
    let (label, count) = [
        ("Lulus", "passed"),
        ("Terlambat", "overdue"),
        ("Kedaluwarsa", "expired"),
        ("Tidak lulus", "failed"),
    ]
    .into_iter()
    .map(|(label, key)| (label, with_status(key)))
    .find(|(_, n)| *n > 0 && *n < 70)
    .expect("some status that some learners have");
    app.harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Status")
        .click_accesskit();
    app.settle();
    app.harness
        .get_by_role_and_label(egui::accesskit::Role::Button, label)
        .click();
    app.settle();
    assert!(
        app.shows(&format!("{count} dari 70 peserta ditampilkan")),
        "the filter keeps exactly the learners with a row `{label}`"
    );
}

#[test]
fn a_due_date_for_a_department_is_saved_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 10);
    let mut app = open_manager(dir.path());
    app.click("Batas waktu");
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
    assert!(app.shows("Email mencurigakan · Semua peserta · 31 Januari 2027"));
    let due: Vec<_> = app.store().assignments().unwrap();
    assert!(
        due.iter()
            .any(|a| a.module_id == "story" && a.department.is_none())
    );
}

#[test]
fn switching_the_report_format_changes_the_file_and_never_overwrites_the_other_one() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 12);
    let mut app = open_manager(dir.path());
    app.click("Ekspor dan data");
    let csv = dir.path().join("laporan.csv");
    app.replace_text("Simpan laporan ke:", csv.to_str().unwrap());
    app.press("Simpan");
    assert!(csv.is_file() && dir.path().join("laporan.csv.sha256").is_file());
    let csv_bytes = std::fs::read(&csv).unwrap();

    // XLSX: the typed path follows the format's extension.
    app.harness
        .get_by_role_and_label(egui::accesskit::Role::RadioButton, "Excel (XLSX)")
        .click();
    app.settle();
    app.press("Simpan");
    let xlsx = dir.path().join("laporan.xlsx");
    assert!(xlsx.is_file(), "the report went to laporan.xlsx");
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    assert_eq!(
        std::fs::read(&csv).unwrap(),
        csv_bytes,
        "the CSV is untouched"
    );

    // Saving again asks first; replacing writes the report and its sidecar.
    app.press("Simpan");
    assert!(app.shows("sudah ada"));
    app.press("Ganti");
    assert!(app.shows("Tersimpan"));
}

#[test]
fn bundles_and_certificates_in_bulk_ask_before_replacing() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 8);
    let mut app = open_manager(dir.path());
    app.click("Ekspor dan data");
    let bundle = dir.path().join("bundel.json");
    app.replace_text("Simpan bundel ke:", bundle.to_str().unwrap());
    app.press("Buat bundel");
    assert!(bundle.is_file());
    app.press("Buat bundel");
    assert!(app.shows("sudah ada"), "a second bundle asks first");
    app.press("Biarkan file yang ada");

    let folder = dir.path().join("sertifikat");
    app.replace_text("Simpan ke folder:", folder.to_str().unwrap());
    app.press("Buat sertifikat");
    let made = std::fs::read_dir(&folder).unwrap().count();
    assert!(made > 0, "certificates were written");
    app.press("Buat sertifikat");
    assert!(
        app.shows("Sebagian sertifikat sudah ada"),
        "certificates already there are not replaced unasked"
    );
    app.press("Ganti");
    assert!(app.shows("sertifikat tersimpan"));
}

#[test]
fn a_manager_requires_pins_removes_a_forgotten_one_and_names_the_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let [ani, ..] = crate::access::shared_computer(dir.path(), false);
    let mut app = open_manager(dir.path());
    app.click("Ekspor dan data");
    app.pick("Wajibkan PIN untuk setiap profil di komputer ini");
    app.replace_text(
        "Keluarkan peserta setelah sekian menit tanpa aktivitas (0: tidak pernah):",
        "15",
    );
    app.press("Simpan aturan masuk");
    assert!(app.shows("Tersimpan: setiap profil di komputer ini wajib memiliki PIN"));
    let store = app.store();
    assert_eq!(
        store.setting(keys::PINS_REQUIRED).unwrap().as_deref(),
        Some("1")
    );
    assert_eq!(
        store.setting(keys::IDLE_MINUTES).unwrap().as_deref(),
        Some("15")
    );

    // Removing a PIN is asked once more, by name.
    app.press("Hapus PIN Ani Lestari");
    app.press("Ya, hapus PIN Ani Lestari");
    assert!(app.shows("PIN Ani Lestari sudah dihapus."));
    let access = app.store().learner_access(&ani).unwrap();
    assert!(!access.has_pin);
    assert!(access.pin_reset_at.is_some(), "the learner will be told");

    app.type_into("Organisasi", "PT Sentosa Data");
    app.type_into("Nama penanda tangan", "Rina Hartono");
    app.press("Simpan organisasi");
    assert!(app.shows("Sertifikat yang dibuat mulai sekarang mencantumkan organisasi"));
    // The outcome is shown beside its button, in its own card.
    let said = app
        .harness
        .get_by_label_contains("Sertifikat yang dibuat mulai sekarang")
        .rect();
    let button = app
        .harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Simpan organisasi")
        .rect();
    assert!(
        said.top() >= button.bottom() && said.top() - button.bottom() < 60.0,
        "the message {said:?} is right under its button {button:?}"
    );
    assert_eq!(
        app.store().setting(keys::ORG_NAME).unwrap().as_deref(),
        Some("PT Sentosa Data")
    );

    // Back at the list, Ani must now choose a new PIN before anything else.
    app.click("Kunci");
    app.click("Ani Lestari, E-1");
    assert!(app.shows("Lindungi profil Anda dengan PIN"));
}

#[test]
fn switching_the_language_in_the_manager_area_shows_the_module_titles_in_it() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 10);
    let mut app = open_manager(dir.path());
    assert!(
        app.shows("Dasar-dasar"),
        "the matrix heads its columns by title"
    );
    app.click("English");
    assert!(app.shows("Manager area"));
    assert!(
        app.shows("The basics") && app.shows("A suspicious email"),
        "the column titles follow the language"
    );
    assert!(!app.shows("Dasar-dasar"));
}
