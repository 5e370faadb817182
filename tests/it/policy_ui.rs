#![cfg(feature = "gui")]
//! The organisation's policy in the real window: it names the organisation, requires PINs
//! and hides the Author button over what was set locally, shows the values it fixes
//! greyed with the reason, and an invalid policy is reported with file, line and key
//! while the safe defaults apply.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly"
)]

use std::path::Path;

use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use jaga::service::access::{AccessPolicy, Organisation, set_organisation, set_policy};
use jaga::store::Store;

use crate::support::t0;
use crate::support::window::{TestApp, app, app_with_policy};

/// This computer as set up locally: the Author button on, PINs optional, and another
/// organisation named on certificates.
fn set_up_locally(data: &Path) {
    let (mut store, _) = Store::open(data, t0()).unwrap();
    let local = AccessPolicy {
        pins_required: false,
        idle_minutes: 10,
        show_author: true,
        tools_for_learners: false,
    };
    set_policy(&mut store, local).unwrap();
    let org = Organisation {
        name: "Toko Lokal".to_owned(),
        ..Organisation::default()
    };
    set_organisation(&mut store, &org).unwrap();
}

fn write_policy(dir: &Path, text: &str) {
    std::fs::write(dir.join("policy.toml"), text).unwrap();
}

fn author_button_shown(app: &TestApp) -> bool {
    app.harness
        .query_by_role_and_label(Role::Button, "Penulis")
        .is_some()
}

/// Opens the manager area (first use: sets its passphrase) on its data tab.
fn manager_data_tab(app: &mut TestApp) {
    app.click("Manajer");
    app.type_into("Frasa sandi", "rahasia-sekali");
    app.type_into("Ulangi frasa sandi", "rahasia-sekali");
    app.click("Simpan dan buka");
    app.click("Ekspor dan data");
}

#[test]
fn a_policy_names_the_organisation_requires_pins_and_hides_the_author_button() {
    let data = tempfile::tempdir().unwrap();
    let policy = tempfile::tempdir().unwrap();
    set_up_locally(data.path());
    // Without a policy, the local settings hold: the Author button is there.
    assert!(author_button_shown(&app(data.path())));

    write_policy(
        policy.path(),
        "[organisation]\nname = \"PT Contoh Sejahtera\"\n\n[access]\npins_required = true\nshow_author = false\n",
    );
    let mut app = app_with_policy(data.path(), policy.path());
    assert!(
        !author_button_shown(&app),
        "the policy hides the Author button"
    );

    if app.shows("Saya mengerti, lanjutkan") {
        app.click("Saya mengerti, lanjutkan");
    }
    assert!(
        app.shows("Pilih PIN (wajib di komputer ini)"),
        "a new profile must have a PIN"
    );

    manager_data_tab(&mut app);
    let name = app
        .harness
        .get_by_role_and_label(Role::TextInput, "Organisasi");
    assert_eq!(
        name.accesskit_node().value().as_deref(),
        Some("PT Contoh Sejahtera")
    );
    assert!(
        name.accesskit_node().is_disabled(),
        "greyed: set by the organisation"
    );
    let pins = app
        .harness
        .get_by_label("Wajibkan PIN untuk setiap profil di komputer ini");
    assert!(pins.accesskit_node().is_disabled());
    assert!(app.shows("Ditetapkan oleh organisasi Anda"));
    // What the manager may still change is not greyed.
    let signatory = app
        .harness
        .get_by_role_and_label(Role::TextInput, "Nama penanda tangan");
    assert!(!signatory.accesskit_node().is_disabled());
}

#[test]
fn an_invalid_policy_is_named_by_file_line_and_key_and_the_safe_defaults_apply() {
    let data = tempfile::tempdir().unwrap();
    let policy = tempfile::tempdir().unwrap();
    set_up_locally(data.path());
    write_policy(
        policy.path(),
        "[organisation]\nname = \"PT Contoh\"\n\n[access]\nshow_autor = true\n",
    );
    let mut app = app_with_policy(data.path(), policy.path());
    let file = policy.path().join("policy.toml");
    let said = format!("{}:5:1: error: access.show_autor", file.display());
    assert!(
        app.shows(&said),
        "the notice names file, line and key: {:?}",
        app.all_texts()
    );
    assert!(app.shows("Jaga memakai pengaturan aman"));
    assert!(
        !author_button_shown(&app),
        "safe defaults hide the Author button"
    );
    if app.shows("Saya mengerti, lanjutkan") {
        app.click("Saya mengerti, lanjutkan");
    }
    assert!(app.shows("Pilih PIN (wajib di komputer ini)"));
}
