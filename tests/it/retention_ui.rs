#![cfg(feature = "gui")]
//! The retention tab in the real window: forgetting curves from the demo data's refresher
//! answers, headed and with their figures as a table for a screen reader, and the desired
//! retention set by keyboard.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::float_cmp,
    reason = "a test fails loudly"
)]

use eframe::egui::Key;
use eframe::egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use crate::manager_ui::{demo_data, open_manager};

#[test]
fn the_retention_tab_shows_a_forgetting_curve_per_module_from_refresher_answers() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 40);
    let answered: i64 = {
        let store = jaga::store::Store::open(dir.path(), crate::support::t0())
            .unwrap()
            .0;
        store
            .recall_by_day(None)
            .unwrap()
            .iter()
            .map(|t| i64::try_from(t.answered).unwrap())
            .sum()
    };
    assert!(answered > 0, "the demo data takes refreshers after passes");

    let mut app = open_manager(dir.path());
    app.click("Retensi");
    assert!(app.shows("Seberapa banyak yang masih diingat"));
    // Each module with answers has a curve under its own heading.
    let curves: Vec<_> = app
        .harness
        .query_all_by_role(Role::Heading)
        .filter(|h| {
            h.accesskit_node()
                .label()
                .is_some_and(|l| l.contains("jawaban benar menurut hari sejak lulus"))
        })
        .collect();
    assert!(!curves.is_empty(), "{:?}", app.all_texts());
    drop(curves);
    // The figures under the first curve, as a screen reader reads them.
    app.harness
        .query_all_by_label("Angka dalam tabel")
        .next()
        .expect("a table under the first curve")
        .click();
    app.settle();
    let texts = app.all_texts();
    assert!(texts.iter().any(|t| t.contains(" % benar (")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("hari")), "{texts:?}");
}

#[test]
fn the_desired_retention_is_set_by_keyboard_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    demo_data(dir.path(), 5);
    let mut app = open_manager(dir.path());
    app.click("Retensi");
    app.harness
        .get_by_role_and_label(Role::Slider, "Retensi yang diinginkan")
        .focus();
    app.harness.run_ok();
    app.key(Key::ArrowRight);
    app.key(Key::ArrowRight);
    app.click("Simpan retensi");
    assert!(
        app.shows("Retensi yang diinginkan disimpan: 92 %."),
        "{:?}",
        app.all_texts()
    );
    assert_eq!(app.store().refresher_retention().unwrap(), 0.92);
}
