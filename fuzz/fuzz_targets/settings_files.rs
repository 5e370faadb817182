//! The settings Jaga reads back, from bytes: the LRS credentials file (`lrs-credentials.json`,
//! owner-only) and the settings kept in the store (LRS address, home page, activity base,
//! on/off, retention, idle minutes, PIN rule, certificate issuer). The bytes up to the first
//! NUL are the credentials file; each NUL-separated part after it is the next setting's
//! value. Every reader that front ends use runs on them; errors are worded in both
//! languages. Any panic is a finding.

#![no_main]
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a fuzz target fails loudly: a panic is how libFuzzer hears of a finding"
)]

use std::os::unix::fs::PermissionsExt as _;
use std::sync::{Mutex, OnceLock};

use chrono::{TimeZone as _, Utc};
use jaga::i18n::NoTitles;
use jaga::lang::Lang;
use jaga::lrs::settings::{CREDENTIALS_FILE, keys as lrs_keys, load_credentials};
use jaga::lrs::{LrsSettings, Overrides, Plan, Timeouts};
use jaga::store::{Store, keys};
use libfuzzer_sys::fuzz_target;

struct Fixture {
    _dir: tempfile::TempDir,
    data: std::path::PathBuf,
    store: Store,
}

fn fixture() -> &'static Mutex<Fixture> {
    static FIXTURE: OnceLock<Mutex<Fixture>> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let data = dir.path().join("data");
        let now = Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).unwrap();
        let (store, _) = Store::open(&data, now).expect("a store");
        Mutex::new(Fixture {
            _dir: dir,
            data,
            store,
        })
    })
}

/// The settings a part of the input sets, in order.
const KEYS: [&str; 10] = [
    lrs_keys::ENDPOINT,
    lrs_keys::ENABLED,
    lrs_keys::HOME_PAGE,
    lrs_keys::ACTIVITY_BASE,
    keys::RETENTION_DAYS,
    keys::IDLE_MINUTES,
    keys::PINS_REQUIRED,
    keys::ORG_NAME,
    keys::ORG_SIGNATORY,
    keys::ORG_SIGNATORY_TITLE,
];

fn words(error: &dyn jaga::i18n::Localized) {
    for lang in Lang::ALL {
        let _ = error.message().text(lang, &NoTitles);
    }
}

fuzz_target!(|data: &[u8]| {
    let mut guard = fixture()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let fixture = &mut *guard;
    let mut parts = data.split(|&b| b == 0);
    let credentials = parts.next().unwrap_or_default();
    let path = fixture.data.join(CREDENTIALS_FILE);
    std::fs::write(&path, credentials).expect("the credentials file is written");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("owner-only");

    let values: Vec<(&str, Option<String>)> = KEYS
        .iter()
        .map(|key| {
            (
                *key,
                parts
                    .next()
                    .map(|v| String::from_utf8_lossy(v).into_owned()),
            )
        })
        .collect();
    let settings: Vec<(&str, Option<&str>)> =
        values.iter().map(|(k, v)| (*k, v.as_deref())).collect();
    fixture
        .store
        .set_settings(&settings)
        .expect("the settings are stored");
    let store = &fixture.store;

    match load_credentials(&fixture.data) {
        Ok(Some(c)) => {
            let _ = (c.key_hint(), format!("{c:?}"));
        }
        Ok(None) => {}
        Err(e) => words(&e),
    }
    match LrsSettings::load(store) {
        Ok(settings) => {
            let _ = settings.delivers();
            let _ = settings.effective_home_page();
            if let Err(e) = settings.xapi_config() {
                words(&e);
            }
        }
        Err(e) => words(&e),
    }
    match Plan::load(store, &fixture.data, &Overrides::default()) {
        Ok(plan) => {
            let _ = plan.client(Timeouts::default());
        }
        Err(e) => words(&e),
    }
    if let Err(e) = jaga::lrs::overview(store) {
        words(&e);
    }
    let _ = store.retention_days();
    let _ = jaga::service::access::Machine::load(store);
    let _ = jaga::certificate::data::Issuer::load(store);
});
