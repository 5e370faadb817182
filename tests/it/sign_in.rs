//! A computer several employees share, in the real window: it opens on the profile list,
//! a profile with a PIN opens only with it, PINs can be required, a learner is signed out
//! after the idle time, and the privacy notice comes back when results start going to an
//! LRS.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly"
)]

use chrono::Duration;
use eframe::egui;
use egui_kittest::kittest::Queryable as _;

use crate::access::shared_computer;
use crate::support::t0;
use crate::support::window::{TestApp, app};

/// Opens the profile of `name` from the list and types `pin`.
fn open_with_pin(app: &mut TestApp, name: &str, pin: &str) {
    app.click(name);
    assert!(
        app.shows("Masukkan PIN"),
        "a profile with a PIN asks for it"
    );
    app.type_into("PIN", pin);
    app.click("Buka profil");
}

#[test]
fn on_a_shared_computer_with_pins_required_one_learner_cannot_open_anothers_profile() {
    let dir = tempfile::tempdir().unwrap();
    shared_computer(dir.path(), true);
    let mut app = app(dir.path());
    assert!(
        app.shows("Siapa yang berlatih hari ini?"),
        "a shared computer opens on the list, not on the last learner"
    );
    assert!(!app.shows("Halo, Ani"));
    assert!(app.shows("Ani Lestari, E-1, dilindungi PIN"));

    // Budi tries his own PIN on Ani's profile.
    open_with_pin(&mut app, "Ani Lestari, E-1, dilindungi PIN", "1357");
    assert!(app.shows("PIN itu salah."));
    assert!(app.shows("Coba lagi dalam 1 detik"));
    assert!(!app.shows("Halo, Ani"), "Ani's home stays closed");
    app.click("Pilih profil lain");
    open_with_pin(&mut app, "Budi Santoso, E-2, dilindungi PIN", "1357");
    assert!(app.shows("Halo, Budi Santoso"));
    app.click("Keluar");
    assert!(app.shows("Siapa yang berlatih hari ini?"));
    assert!(
        !app.shows("Halo, Budi"),
        "signing out leaves nothing of Budi"
    );

    // Ani, after the wait, with her own PIN.
    app.clock.set(t0() + Duration::seconds(2));
    open_with_pin(&mut app, "Ani Lestari, E-1, dilindungi PIN", "2468");
    assert!(app.shows("Halo, Ani Lestari"));
}

#[test]
fn a_learner_without_a_pin_chooses_one_when_a_manager_requires_it() {
    let dir = tempfile::tempdir().unwrap();
    let [_, _, citra] = shared_computer(dir.path(), true);
    let mut app = app(dir.path());
    assert!(
        !app.shows("Siapa pun di komputer ini dapat membuka"),
        "with PINs required the list does not warn"
    );
    app.click("Citra Dewi, E-3");
    assert!(app.shows("Lindungi profil Anda dengan PIN"));
    assert!(
        app.harness
            .query_by_role_and_label(egui::accesskit::Role::Button, "Nanti saja")
            .is_none(),
        "a required PIN cannot be skipped"
    );
    app.type_into("PIN baru", "8080");
    app.type_into("Ketik PIN sekali lagi", "8081");
    app.click("Pasang PIN");
    assert!(app.shows("Kedua PIN berbeda."));
    app.replace_text("Ketik PIN sekali lagi", "8080");
    app.click("Pasang PIN");
    assert!(app.shows("Halo, Citra Dewi"));
    assert!(app.store().learner_access(&citra).unwrap().has_pin);
}

#[test]
fn without_pins_the_list_says_anyone_can_open_a_profile_and_idle_time_signs_out() {
    let dir = tempfile::tempdir().unwrap();
    shared_computer(dir.path(), false);
    let mut app = app(dir.path());
    assert!(app.shows("Siapa pun di komputer ini dapat membuka profil yang tidak memiliki PIN"));
    app.click("Citra Dewi, E-3");
    assert!(app.shows("Halo, Citra Dewi"));
    // Four minutes idle: still signed in; five: signed out, and told why.
    app.clock.set(t0() + Duration::minutes(4));
    app.settle();
    assert!(app.shows("Halo, Citra Dewi"));
    app.clock.set(t0() + Duration::minutes(5));
    app.settle();
    assert!(app.shows("Siapa yang berlatih hari ini?"));
    assert!(app.shows("Anda dikeluarkan setelah 5 menit tanpa aktivitas."));
    assert!(!app.shows("Halo, Citra"));
}

#[test]
fn a_personal_computer_opens_its_one_profile_and_asks_nothing_extra() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut first = app(dir.path());
        first.create_profile("E-100", "Sari Wulandari", "");
        assert!(first.shows("Halo, Sari Wulandari"));
        assert!(!first.shows("PIN"), "one profile: no PIN asked");
    }
    let again = app(dir.path());
    assert!(again.shows("Halo, Sari Wulandari"));
}

#[test]
fn a_pin_removed_by_a_manager_is_told_to_its_learner() {
    let dir = tempfile::tempdir().unwrap();
    let [ani, ..] = shared_computer(dir.path(), false);
    {
        let (mut store, _) = jaga::store::Store::open(dir.path(), t0()).unwrap();
        store
            .remove_learner_pin(&ani, Some(t0() - Duration::days(1)))
            .unwrap();
    }
    let mut app = app(dir.path());
    app.click("Ani Lestari, E-1");
    assert!(app.shows("Halo, Ani Lestari"));
    assert!(app.shows("Seorang manajer menghapus PIN Anda pada"));
    // She sets a new one in "My data".
    app.click("Data saya");
    assert!(app.shows("Profil Anda tidak memiliki PIN"));
    app.type_into("PIN baru", "4321");
    app.type_into("Ketik PIN sekali lagi", "4321");
    app.click("Pasang PIN");
    assert!(app.shows("PIN Anda sudah terpasang."));
    let access = app.store().learner_access(&ani).unwrap();
    assert!(access.has_pin);
    assert_eq!(access.pin_reset_at, None, "a new PIN clears the reset");
}

#[test]
fn the_privacy_notice_comes_back_when_results_start_going_to_an_lrs() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut first = app(dir.path());
        first.create_profile("E-100", "Sari Wulandari", "");
        assert!(first.shows("Halo, Sari Wulandari"));
    }
    {
        let (mut store, _) = jaga::store::Store::open(dir.path(), t0()).unwrap();
        let source = crate::support::window::ui_course();
        let course = jaga::content::load(&source).unwrap().course;
        let config = jaga::lrs::LrsConfig {
            endpoint: "http://127.0.0.1:9/xapi/".to_owned(),
            key: Some("key".to_owned()),
            secret: Some("secret-secret".to_owned()),
            home_page: None,
            activity_base: None,
        };
        jaga::lrs::configure(&mut store, &config, &course, t0()).unwrap();
    }
    let mut app = app(dir.path());
    assert!(app.shows("Cara Jaga menangani data Anda telah berubah"));
    assert!(app.shows("learning record store (LRS) organisasi Anda di 127.0.0.1:9"));
    assert!(app.shows("ID karyawan Anda (bukan nama Anda)"));
    app.click("Saya mengerti, lanjutkan");
    assert!(app.shows("Halo, Sari Wulandari"));
    app.click("Data saya");
    assert!(
        app.shows("127.0.0.1:9"),
        "My data says where results go, too"
    );
    drop(app);
    let again = crate::support::window::app(dir.path());
    assert!(
        again.shows("Halo, Sari Wulandari"),
        "a notice read is not shown again"
    );
}
