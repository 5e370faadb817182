#![cfg(feature = "gui")]
//! Tracks end to end in the real window, on the built-in course: a manager assigns the
//! core track to a department with a due date, a learner of that department sees it first
//! on their home with that date, and the completion report says which track made each
//! module required.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly"
)]

use std::sync::Arc;

use eframe::egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use jaga::clock::FixedClock;
use jaga::content::{self, ContentSource};

use crate::support::window::{TestApp, app_with, t0};

fn open_manager(app: &mut TestApp) {
    // The manager's door is on the profile list: a learner signs out first.
    if app.shows("Keluar") {
        app.click("Keluar");
    }
    app.click("Manajer");
    app.type_into("Frasa sandi", "rahasia-sekali");
    app.type_into("Ulangi frasa sandi", "rahasia-sekali");
    app.click("Simpan dan buka");
    assert!(app.shows("Area manajer"));
}

/// Opens the combo box labelled `label` and picks `option` in it.
fn choose(app: &mut TestApp, label: &str, option: &str) {
    app.harness
        .get_by_role_and_label(Role::ComboBox, label)
        .click_accesskit();
    app.settle();
    app.harness
        .get_by_role_and_label(Role::Button, option)
        .click();
    app.settle();
}

/// Where `text` is first read, in the order a screen reader reads the window.
fn position(texts: &[String], text: &str) -> usize {
    texts
        .iter()
        .position(|t| t == text)
        .unwrap_or_else(|| panic!("{text:?} is not shown"))
}

#[test]
fn a_manager_assigns_the_core_track_to_a_department_and_its_learner_sees_it_first() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(t0()));
    let mut app = app_with(ContentSource::Bundled, dir.path(), clock, 7);
    app.create_profile("PJL-007", "Rina Simanjuntak", "Penjualan");
    assert!(
        !app.shows("Jalur pelatihan Anda"),
        "before any assignment every module is shown alike"
    );

    open_manager(&mut app);
    app.click("Jalur pelatihan");
    choose(&mut app, "Jalur", "Inti");
    choose(&mut app, "Wajib untuk", "Penjualan");
    app.type_into("Selesai paling lambat (TTTT-BB-HH)", "2027-01-31");
    app.press("Tetapkan jalur");
    assert!(
        app.shows("Inti · Penjualan · 31 Januari 2027"),
        "the assignment is listed by the track's title"
    );
    let stored = app.store().track_assignments().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].track_id, "inti");
    assert_eq!(stored[0].department.as_deref(), Some("Penjualan"));

    // The completion report follows the assignment.
    app.click("Ekspor dan data");
    let target = dir.path().join("laporan.csv");
    app.replace_text("Simpan laporan ke:", target.to_str().unwrap());
    app.press("Simpan");
    assert!(app.shows(&format!("Tersimpan {}", target.display())));
    let mut reader = csv::Reader::from_path(&target).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (module, track, title, due, employee) = (
        column("module_id"),
        column("track"),
        column("track_title"),
        column("due_date"),
        column("employee_id"),
    );
    let course = content::load_bundled().course;
    let core = course.track("inti").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), course.modules.len(), "one row per module");
    for row in &rows {
        assert_eq!(&row[employee], "PJL-007");
        if core.contains(&row[module]) {
            assert_eq!((&row[track], &row[title]), ("inti", "Inti"), "{row:?}");
            assert_eq!(&row[due], "2027-01-31", "{row:?}");
        } else {
            assert_eq!(
                (&row[track], &row[title], &row[due]),
                ("", "", ""),
                "{row:?}"
            );
        }
    }

    // Back on the learner's home: the track first, with its due date, then the rest.
    app.click("Kunci");
    app.click("Rina Simanjuntak, PJL-007, Penjualan");
    let heading = "Jalur pelatihan Anda: Inti";
    let detail = format!(
        "Selesaikan paling lambat 31 Januari 2027 · 0 dari {} modul selesai",
        core.modules.len()
    );
    assert!(app.shows(heading), "{:#?}", app.all_texts());
    assert!(app.shows(&detail), "{:#?}", app.all_texts());
    let texts = app.all_texts();
    let optional = position(&texts, "Modul pilihan");
    assert!(position(&texts, heading) < optional);
    for id in &core.modules {
        let title = course.module(id).unwrap().title.get("id");
        assert!(
            position(&texts, heading) < position(&texts, title)
                && position(&texts, title) < optional,
            "{title} is shown in the track, before the optional modules"
        );
    }
    for module in course.modules.iter().filter(|m| !core.contains(&m.id)) {
        assert!(
            position(&texts, module.title.get("id")) > optional,
            "{} is optional",
            module.id
        );
    }
}
