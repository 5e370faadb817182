//! Who may open which profile: the core rules the window's worker runs (PINs checked and
//! throttled, a required PIN enforced, the privacy notice versioned by where results go),
//! and the same rules walked through in the real window on a shared computer.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly"
)]

use std::path::Path;

use jaga::service::access::{
    self, AccessPolicy, Machine, NewProfile, Organisation, SignIn, set_organisation, set_policy,
};
use jaga::store::{NewLearner, Store, StoreError, keys};

use crate::support::{t0, v4};

fn open(dir: &Path) -> Store {
    Store::open(dir, t0()).expect("open").0
}

fn person(employee_id: &str, name: &str) -> NewLearner {
    NewLearner {
        employee_id: employee_id.to_owned(),
        display_name: name.to_owned(),
        department: None,
    }
}

/// A shared computer: Ani with PIN 2468, Budi with PIN 1357, Citra without one.
pub fn shared_computer(dir: &Path, pins_required: bool) -> [String; 3] {
    let mut store = open(dir);
    let ani = store
        .create_learner(&person("E-1", "Ani Lestari"), v4(1), t0())
        .unwrap();
    let budi = store
        .create_learner(&person("E-2", "Budi Santoso"), v4(2), t0())
        .unwrap();
    let citra = store
        .create_learner(&person("E-3", "Citra Dewi"), v4(3), t0())
        .unwrap();
    store.set_learner_pin(&ani.id, "2468").unwrap();
    store.set_learner_pin(&budi.id, "1357").unwrap();
    set_policy(
        &mut store,
        AccessPolicy {
            pins_required,
            idle_minutes: 5,
            show_author: false,
            tools_for_learners: false,
        },
    )
    .unwrap();
    // Ani used the computer last; all three have read the privacy notice.
    store.set_setting(keys::LAST_LEARNER, &ani.id).unwrap();
    let notice = Machine::load(&store).unwrap().notice_version();
    for learner in [&ani, &budi, &citra] {
        store.set_notice_seen(&learner.id, &notice).unwrap();
    }
    [ani.id, budi.id, citra.id]
}

#[test]
fn a_profile_with_a_pin_opens_only_with_its_pin_and_wrong_tries_wait() {
    let dir = tempfile::tempdir().unwrap();
    let [ani, _, citra] = shared_computer(dir.path(), false);
    let mut store = open(dir.path());
    assert!(matches!(
        access::sign_in(&mut store, &ani, None, t0()).unwrap(),
        SignIn::PinNeeded
    ));
    let SignIn::Wrong { retry_at } = access::sign_in(&mut store, &ani, Some("1357"), t0()).unwrap()
    else {
        panic!("another learner's PIN opens nothing");
    };
    assert!(retry_at > t0());
    // During the wait even the right PIN is not checked.
    assert!(matches!(
        access::sign_in(&mut store, &ani, Some("2468"), t0()).unwrap(),
        SignIn::Wait { .. }
    ));
    let SignIn::Opened(data) = access::sign_in(&mut store, &ani, Some("2468"), retry_at).unwrap()
    else {
        panic!("the right PIN after the wait opens the profile");
    };
    assert_eq!(data.learner.unwrap().display_name, "Ani Lestari");
    assert!(data.access.has_pin);
    // A profile without a PIN opens without one.
    assert!(matches!(
        access::sign_in(&mut store, &citra, None, t0()).unwrap(),
        SignIn::Opened(_)
    ));
}

#[test]
fn when_a_manager_requires_pins_no_profile_is_made_or_left_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let [ani, ..] = shared_computer(dir.path(), true);
    let mut store = open(dir.path());
    let new = NewProfile {
        learner: person("E-9", "Dodi"),
        pin: None,
        notice_version: "local#2".to_owned(),
    };
    assert!(matches!(
        access::create_profile(&mut store, &new, v4(9), t0()),
        Err(StoreError::PinRequired)
    ));
    let short = NewProfile {
        pin: Some("12".to_owned()),
        ..new.clone()
    };
    assert!(matches!(
        access::create_profile(&mut store, &short, v4(9), t0()),
        Err(StoreError::PinTooShort { .. })
    ));
    assert_eq!(
        store.learners().unwrap().len(),
        3,
        "a refused PIN leaves no half-made profile"
    );
    let good = NewProfile {
        pin: Some("9090".to_owned()),
        ..new
    };
    let dodi = access::create_profile(&mut store, &good, v4(9), t0()).unwrap();
    assert!(store.learner_access(&dodi.id).unwrap().has_pin);
    assert_eq!(
        store.notice_seen(&dodi.id).unwrap().as_deref(),
        Some("local#2")
    );
    assert!(matches!(
        access::remove_own_pin(&mut store, &ani),
        Err(StoreError::PinRequired)
    ));
    assert!(store.learner_access(&ani).unwrap().has_pin);
}

#[test]
fn the_privacy_notice_version_follows_where_results_go() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let local = Machine::load(&store).unwrap();
    assert_eq!(local.notice_version(), "local#2");
    assert!(!local.shared(1), "one profile, no PIN: a personal computer");
    let source = jaga::content::ContentSource::Dir("tests/fixtures/ui-course".into());
    let course = jaga::content::load(&source).unwrap().course;
    let config = jaga::lrs::LrsConfig {
        endpoint: "http://127.0.0.1:9/xapi/".to_owned(),
        key: Some("key".to_owned()),
        secret: Some("secret-secret".to_owned()),
        home_page: None,
        activity_base: None,
    };
    jaga::lrs::configure(&mut store, &config, &course, t0()).unwrap();
    let delivering = Machine::load(&store).unwrap();
    assert_eq!(delivering.lrs_host.as_deref(), Some("127.0.0.1:9"));
    assert_ne!(delivering.notice_version(), local.notice_version());
    jaga::lrs::turn_off(&mut store, false).unwrap();
    assert_eq!(Machine::load(&store).unwrap().notice_version(), "local#2");
}

#[test]
fn the_organisation_on_certificates_is_checked_whole_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let org = Organisation {
        name: "  PT Sentosa Data  ".to_owned(),
        signatory: "Rina Hartono".to_owned(),
        signatory_title: "Pejabat Pelindungan Data Pribadi".to_owned(),
    };
    set_organisation(&mut store, &org).unwrap();
    assert_eq!(
        store.setting(keys::ORG_NAME).unwrap().as_deref(),
        Some("PT Sentosa Data")
    );
    let bad = Organisation {
        name: "Other".to_owned(),
        signatory: "x".repeat(500),
        signatory_title: String::new(),
    };
    assert!(matches!(
        set_organisation(&mut store, &bad),
        Err(StoreError::FieldTooLong { .. })
    ));
    assert_eq!(
        store.setting(keys::ORG_NAME).unwrap().as_deref(),
        Some("PT Sentosa Data"),
        "nothing of a refused change is written"
    );
    let cleared = Organisation {
        name: "PT Sentosa Data".to_owned(),
        ..Organisation::default()
    };
    set_organisation(&mut store, &cleared).unwrap();
    assert_eq!(store.setting(keys::ORG_SIGNATORY).unwrap(), None);
}
