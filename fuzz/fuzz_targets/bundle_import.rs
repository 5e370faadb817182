//! A results bundle from bytes, imported into a real store on disk the way `jaga import`
//! does, against the built-in course: once as the file itself (a version 1 JSON document,
//! or anything else), and once gzip-compressed (a version 2 stream of JSON lines, whose
//! line reader and record checks the fuzzer could not reach through gzip's checksum). A
//! bundle that imports is written out again from the store. Any panic is a finding; a
//! refusal is the expected answer to most inputs.

#![no_main]
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a fuzz target fails loudly: a panic is how libFuzzer hears of a finding"
)]

use std::io::Write as _;
use std::sync::{Mutex, OnceLock};

use chrono::{TimeZone as _, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;
use jaga::bundle;
use jaga::content::{Course, load_bundled};
use jaga::fsio::Existing;
use jaga::store::Store;
use libfuzzer_sys::fuzz_target;

struct Fixture {
    dir: tempfile::TempDir,
    store: Store,
    course: Course,
}

fn fixture() -> &'static Mutex<Fixture> {
    static FIXTURE: OnceLock<Mutex<Fixture>> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (store, _) = Store::open(&dir.path().join("data"), now()).expect("a fresh store");
        Mutex::new(Fixture {
            dir,
            store,
            course: load_bundled().course,
        })
    })
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).unwrap()
}

fuzz_target!(|data: &[u8]| {
    let mut guard = fixture()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Fixture { dir, store, course } = &mut *guard;
    let plain = dir.path().join("bundle.json");
    std::fs::write(&plain, data).expect("the bundle file is written");
    import(store, course, dir.path(), &plain);

    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(data).expect("gzip in memory");
    let compressed = dir.path().join("bundle.jsonl.gz");
    std::fs::write(&compressed, gz.finish().expect("gzip in memory"))
        .expect("the bundle file is written");
    import(store, course, dir.path(), &compressed);
});

fn import(store: &mut Store, course: &Course, dir: &std::path::Path, path: &std::path::Path) {
    if let Ok(report) = bundle::import_file(store, path, Some(course), now()) {
        let _ = report.changed_nothing();
        let out = dir.join("again.jsonl.gz");
        let written = bundle::write(store, &out, Existing::Replace, uuid::Uuid::nil(), now());
        assert!(
            written.is_ok(),
            "an imported bundle cannot be written again: {written:?}"
        );
    }
}
