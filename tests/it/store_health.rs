//! Whether a store is sound, found out without making every open wait: opening reads the
//! header and the schema only; a session killed with the store open makes the next open
//! say a check is due; the check (on demand, or weekly) reads the whole file; damage it
//! finds sets the file aside at the next open, never deleting it; and neither opening nor
//! a command that only reads removes results under the retention period.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::io::{BufRead as _, BufReader, Seek as _, SeekFrom, Write as _};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use chrono::Duration as Days;
use jaga::store::{self, CheckDue, CheckOutcome, Damage, Store};

use crate::support::{jaga_command, path, t0, text};

fn markers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("session") || n.contains("check-failed"))
        .collect()
}

/// `jaga stress-store` killed with SIGKILL once it has written, as a crash or a power cut
/// would end a window.
fn killed_while_writing(data: &Path) {
    let mut child = jaga_command()
        .args(["stress-store", "--data", path(data)])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("a first write").unwrap();
    assert!(first.starts_with("progress") || first.starts_with("committed"));
    std::thread::sleep(Duration::from_millis(30));
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_session_killed_with_the_store_open_makes_the_next_open_ask_for_a_check() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    // A clean open and close leaves nothing behind, and a fresh store needs no check.
    let (store, report) = Store::open(data, t0()).unwrap();
    assert_eq!(report.check_due, None);
    assert_eq!(
        markers(data).len(),
        1,
        "an open store holds its session marker"
    );
    drop(store);
    assert!(markers(data).is_empty(), "{:?}", markers(data));

    killed_while_writing(data);
    assert_eq!(markers(data).len(), 1, "the killed session's marker stays");
    let (store, report) = Store::open(data, t0()).unwrap();
    assert_eq!(report.check_due, Some(CheckDue::UncleanShutdown));
    // Another process holding the store open is not taken for a crash.
    let (second, again) = Store::open(data, t0()).unwrap();
    assert_eq!(
        again.check_due,
        Some(CheckDue::UncleanShutdown),
        "until checked"
    );
    assert_eq!(store.check(t0(), false).unwrap(), CheckOutcome::Sound);
    drop(second);
    drop(store);
    assert!(markers(data).is_empty(), "{:?}", markers(data));
    let (_store, report) = Store::open(data, t0()).unwrap();
    assert_eq!(report.check_due, None, "checked, and not a week ago");
}

#[test]
fn the_whole_file_check_comes_round_weekly() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path(), t0()).unwrap();
    store.set_setting("ui.theme", "dark").unwrap();
    store
        .create_learner(
            &store::NewLearner {
                employee_id: "E-1".to_owned(),
                display_name: "Sari".to_owned(),
                department: None,
            },
            uuid::Uuid::new_v4(),
            t0(),
        )
        .unwrap();
    drop(store);
    let at = |days: i64| Store::open(dir.path(), t0() + Days::days(days)).unwrap().1;
    assert_eq!(at(6).check_due, None);
    assert_eq!(at(7).check_due, Some(CheckDue::Scheduled));
    let (store, _) = Store::open(dir.path(), t0() + Days::days(8)).unwrap();
    assert!(store.check_is_due(t0() + Days::days(8)).unwrap());
    store.check(t0() + Days::days(8), true).unwrap();
    assert!(!store.check_is_due(t0() + Days::days(9)).unwrap());
}

#[test]
fn damage_a_check_finds_sets_the_file_aside_at_the_next_open_never_deleting_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let course = jaga::content::load_bundled().course;
    let (mut store, _) = Store::open(data, t0()).unwrap();
    jaga::cli::demo::fill(
        &mut store,
        &course,
        jaga::cli::demo::DemoSize::learners(30, 2, 2),
        t0(),
    )
    .unwrap();
    store.checkpoint().unwrap();
    let (page_size, root): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT (SELECT page_size FROM pragma_page_size()),
                    (SELECT rootpage FROM sqlite_master WHERE name = 'attempts_by_finish')",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    drop(store);
    // Scribble over one index page in the middle of the file: the header stays whole.
    let file = data.join(store::FILE_NAME);
    let mut f = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
    f.seek(SeekFrom::Start(
        u64::try_from((root - 1) * page_size).unwrap(),
    ))
    .unwrap();
    f.write_all(&vec![0x5a; 512]).unwrap();
    drop(f);
    let damaged = std::fs::read(&file).unwrap();

    let (store, report) = Store::open(data, t0()).unwrap();
    assert_eq!(
        report.moved_aside, None,
        "opening does not read the whole file"
    );
    let CheckOutcome::Damaged(words) = store.check(t0(), false).unwrap() else {
        panic!("the check found nothing");
    };
    assert!(!words.is_empty());
    drop(store);
    assert!(markers(data).iter().any(|m| m.ends_with("check-failed")));

    let (mut store, report) = Store::open(data, t0()).unwrap();
    let aside = report.moved_aside.expect("set aside at the next open");
    assert!(matches!(report.damage, Some(Damage::CheckFailed(_))));
    assert_eq!(std::fs::read(&aside).unwrap(), damaged, "kept as it was");
    assert!(store.learners().unwrap().is_empty(), "a fresh store");
    store.set_setting("ui.theme", "dark").unwrap();
    assert!(markers(data).iter().all(|m| !m.ends_with("check-failed")));
}

#[test]
fn jaga_check_and_purge_run_on_request_and_no_other_command_purges() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let made = jaga_command()
        .args([
            "demo-data",
            "--data",
            path(data),
            "--learners",
            "12",
            "--seed",
            "4",
        ])
        .output()
        .unwrap();
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let count = || -> i64 {
        let (store, _) = Store::open(data, t0()).unwrap();
        store
            .conn()
            .query_row("SELECT count(*) FROM attempts", [], |row| row.get(0))
            .unwrap()
    };
    {
        let (mut store, _) = Store::open(data, t0()).unwrap();
        store.set_retention_days(Some(100)).unwrap();
    }
    let before = count();
    let out = dir.path().join("report.csv");
    for args in [
        vec!["export", "--format", "csv", "--out", path(&out)],
        vec![
            "bundle",
            "--out",
            &format!("{}/b.jsonl.gz", path(dir.path())),
        ],
        vec!["lrs", "status"],
    ] {
        let output = jaga_command()
            .args(&args)
            .args(["--data", path(data)])
            .output()
            .unwrap();
        assert!(
            output.status.code().is_some_and(|c| c < 2),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert_eq!(count(), before, "`jaga {}` removed results", args[0]);
    }

    let checked = jaga_command()
        .args(["check", "--data", path(data)])
        .output()
        .unwrap();
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stderr));
    assert!(
        text(&checked.stderr).contains("sound (quick check"),
        "{}",
        text(&checked.stderr)
    );

    let purged = jaga_command()
        .args(["purge", "--data", path(data)])
        .output()
        .unwrap();
    assert_eq!(purged.status.code(), Some(0), "{}", text(&purged.stderr));
    let after = count();
    assert!(
        after < before,
        "the purge removed the attempts past 100 days"
    );
    assert!(
        text(&purged.stderr).contains(&format!("removed {} attempts", before - after)),
        "{}",
        text(&purged.stderr)
    );
}
