//! The manager's view of one person in the real window: found by part of a name, their
//! page with what each date means, their answers, one certificate and their record; the
//! matrix's legend; and one filter bar that every tab obeys.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly"
)]

use eframe::egui::{self, accesskit::Role};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use jaga::store::{Learner, Store};

use crate::keyboard::{focused_name, tab_to, type_text};
use crate::manager_ui::{demo_data, open_manager};
use crate::support::window::TestApp;

/// A learner of the demo data with a graded pass, and their last name (searched for).
fn someone_who_passed(store: &Store) -> Learner {
    store
        .learners()
        .unwrap()
        .into_iter()
        .find(|l| {
            store
                .attempts(&l.id)
                .unwrap()
                .iter()
                .any(|a| a.passed && a.mode == "graded")
        })
        .expect("the demo data has a pass")
}

fn search_text(learner: &Learner) -> String {
    // Part of the name, in another case: "wulan" finds "Sari Wulandari".
    let last = learner.display_name.split_whitespace().last().unwrap();
    last.chars().take(5).collect::<String>().to_lowercase()
}

fn result_button(learner: &Learner) -> String {
    format!(
        "{} ({}, {})",
        learner.display_name,
        learner.employee_id,
        learner.department.as_deref().unwrap_or("–")
    )
}

fn open_person_by_search(app: &mut TestApp, learner: &Learner) {
    app.type_into("Cari nama atau ID karyawan", &search_text(learner));
    app.settle();
    app.press(&result_button(learner));
    assert!(
        app.shows(&format!("ID karyawan: {}", learner.employee_id)),
        "the page of {} opens",
        learner.display_name
    );
}

#[test]
fn a_manager_finds_one_employee_by_part_of_the_name_and_downloads_their_certificate() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 60);
    let mut app = open_manager(dir.path());
    let learner = someone_who_passed(&app.store());
    open_person_by_search(&mut app, &learner);

    // Every module is listed with its date said with what it means.
    assert!(app.shows("Modul"));
    let texts = app.all_texts().join("\n");
    assert!(
        texts.contains("berlaku s.d.") || texts.contains("lulus "),
        "a pass says until when it is valid: {texts}"
    );

    // One certificate, from the window.
    let target = dir.path().join("sertifikat.pdf");
    app.replace_text("Simpan sertifikat ke", target.to_str().unwrap());
    app.press("Unduh sertifikat (PDF)");
    let pdf = std::fs::read(&target).expect("the certificate is written");
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    assert!(app.shows(&format!("Sertifikat disimpan di {}", target.display())));

    // The whole record, as JSON, for an access request.
    let record = dir.path().join("catatan.json");
    app.replace_text("Simpan catatan ke", record.to_str().unwrap());
    app.press("Ekspor catatan (JSON)");
    let json = std::fs::read_to_string(&record).expect("the record is written");
    assert!(json.contains(&learner.employee_id));
    assert!(app.shows(&format!("Catatan disimpan: {}", record.display())));

    // An attempt's answers: the review the learner saw.
    app.click_nth("Lihat jawaban", 0);
    assert!(app.shows("Sembunyikan jawaban"));
    assert!(
        app.all_texts()
            .iter()
            .any(|t| t.starts_with("Jawaban Anda") || t.starts_with("Jalur Anda")),
        "the answers given are shown: {:?}",
        app.all_texts()
    );

    app.press("Kembali ke area manajer");
    assert!(app.shows("Matriks penyelesaian"));
}

#[test]
fn a_person_is_opened_by_keyboard_alone() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 30);
    let mut app = open_manager(dir.path());
    let learner = someone_who_passed(&app.store());
    tab_to(&mut app, "Cari nama atau ID karyawan");
    type_text(&mut app, &search_text(&learner));
    app.settle();
    tab_to(&mut app, &result_button(&learner));
    app.key(egui::Key::Enter);
    assert!(app.shows(&format!("ID karyawan: {}", learner.employee_id)));
    // Escape goes back.
    app.key(egui::Key::Escape);
    assert!(app.shows("Matriks penyelesaian"));
    assert!(!focused_name(&app).is_empty() || app.shows("Area manajer"));
}

#[test]
fn a_search_that_finds_nobody_says_so() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 10);
    let mut app = open_manager(dir.path());
    app.type_into("Cari nama atau ID karyawan", "zzzz-tidak-ada");
    app.settle();
    assert!(app.shows("Tidak ada peserta yang cocok dengan \"zzzz-tidak-ada\"."));
}

#[test]
fn the_matrix_has_a_legend_and_labels_each_date_by_its_meaning() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 40);
    let mut app = open_manager(dir.path());
    app.harness.get_by_label("Keterangan").click();
    app.settle();
    assert!(app.shows("batas waktu lewat tanpa kelulusan yang berlaku; tanggal = batas waktu"));
    assert!(app.shows("Sel yang pudar tidak cocok dengan filter."));
    let cells = app.all_texts();
    assert!(
        cells.iter().any(|t| t.starts_with("berlaku s.d. ")),
        "a pass's date is its end of validity"
    );
}

/// The "Salah N dari M kali" lines of the questions tab, in order.
fn missed_lines(app: &TestApp) -> Vec<String> {
    app.harness
        .root()
        .children_recursive()
        .filter(|n| n.accesskit_node().role() == Role::Label)
        .filter_map(|n| {
            let node = n.accesskit_node();
            node.label()
                .filter(|l| !l.is_empty())
                .or_else(|| node.value())
        })
        .filter(|t| t.starts_with("Salah ") && t.contains(" dari "))
        .collect()
}

#[test]
fn the_department_filter_changes_the_missed_question_counts_to_that_department() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 60);
    let mut app = open_manager(dir.path());
    app.click("Soal yang sering salah");
    let everyone = missed_lines(&app);
    assert!(!everyone.is_empty(), "demo answers include wrong ones");
    let wrong_all: u64 = app
        .store()
        .question_tallies(None)
        .unwrap()
        .iter()
        .map(|t| t.wrong)
        .sum();
    let wrong_finance: u64 = app
        .store()
        .question_tallies(Some("Keuangan"))
        .unwrap()
        .iter()
        .map(|t| t.wrong)
        .sum();
    assert!(wrong_finance < wrong_all);

    app.harness
        .get_by_role_and_label(Role::ComboBox, "Departemen")
        .click_accesskit();
    app.settle();
    app.harness
        .get_by_role_and_label(Role::Button, "Keuangan")
        .click();
    app.settle();
    app.settle();
    assert!(app.shows("Filter aktif: Departemen Keuangan"));
    assert!(app.shows(
        "Dihitung dari jawaban departemen Keuangan. Filter status dan tanggal tidak berlaku di tab ini."
    ));
    let finance = missed_lines(&app);
    let shown_wrong: u64 = finance
        .iter()
        .map(|l| l.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(
        shown_wrong, wrong_finance,
        "the counts are the department's: {finance:?}"
    );
    assert_ne!(finance, everyone);

    // The scenario paths say each choice's share of its step, as text beside the bar.
    app.click("Jalur skenario");
    assert!(
        app.all_texts()
            .iter()
            .any(|t| t.contains("% dari langkah ini")),
        "shares are written out"
    );
    // Every tab says how the filter applies to it.
    app.click("Batas waktu");
    assert!(app.shows("Filter tidak berlaku di tab ini: semua batas waktu ditampilkan."));
}

#[test]
fn a_due_date_needs_a_module_and_can_be_picked_on_a_calendar() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 10);
    let mut app = open_manager(dir.path());
    app.click("Batas waktu");
    let before = app.store().assignments().unwrap();
    app.press("Simpan batas waktu");
    assert!(app.shows("Pilih modulnya dulu."), "no module, no due date");
    assert_eq!(app.store().assignments().unwrap(), before);

    app.harness
        .get_by_role_and_label(Role::ComboBox, "Modul yang diberi batas waktu")
        .click_accesskit();
    app.settle();
    app.harness
        .get_by_role_and_label(Role::Button, "Email mencurigakan")
        .click();
    app.settle();
    // The due date's calendar is the last of the tab (the filters have two).
    let calendars = app
        .harness
        .query_all_by_role_and_label(Role::Button, "Kalender")
        .count();
    app.click_nth("Kalender", calendars - 1);
    assert!(app.shows("Sen"), "weekdays in Indonesian");
    app.press("Bulan berikutnya");
    app.press("15");
    let today = crate::support::window::t0().date_naive();
    let next_month = today.checked_add_months(chrono::Months::new(1)).unwrap();
    let want = chrono::NaiveDate::from_ymd_opt(
        chrono::Datelike::year(&next_month),
        chrono::Datelike::month(&next_month),
        15,
    )
    .unwrap();
    app.press("Simpan batas waktu");
    let due = app.store().assignments().unwrap();
    assert!(
        due.iter()
            .any(|a| a.module_id == "story" && a.department.is_none() && a.due_on == want),
        "{due:?}"
    );
}

#[test]
fn the_charts_name_every_module_and_give_their_figures_as_a_table() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 40);
    let mut app = open_manager(dir.path());
    app.click("Grafik");
    app.settle();
    assert!(app.shows("Penyelesaian per departemen (%)"));
    assert!(app.shows("Penyelesaian per minggu"));
    app.harness
        .query_all_by_label("Angka dalam tabel")
        .next()
        .expect("a table under the first chart")
        .click();
    app.settle();
    for module in ["Dasar-dasar", "Email mencurigakan"] {
        assert!(app.shows(module), "{module} is named");
    }
    assert!(
        app.all_texts()
            .iter()
            .any(|t| t.contains("% (") && t.contains(" dari ")),
        "each module's pass rate is written out: {:?}",
        app.all_texts()
    );
}
