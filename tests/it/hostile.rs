//! Hostile input met with a clear refusal, through the real `jaga` binary (issue 18): a
//! forged or impossible bundle, a pipe where a file belongs, a file that would take all
//! memory, a manager command without the passphrase, escape sequences in names and paths,
//! a store from a newer Jaga, a folder where the store belongs, a store set aside, and
//! content folders with pipes, outward links and fake images. Each test names the file
//! it plants and checks that nothing changed, as well as what was said.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use uuid::Uuid;

use crate::bundle::{
    bundle, import_cli, jaga, machine, open, person, read_lines, snapshot, take, write_sealed,
};
use crate::support::{jaga_command, path, t0, text};

// ---- Helpers -------------------------------------------------------------------------

/// Runs `command` to its end, or kills it and fails the test if it has not ended after
/// two minutes: a pipe that blocks a reader would otherwise hang the test run forever.
fn finishes(mut command: Command, what: &str) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the jaga binary starts");
    let deadline = Instant::now() + Duration::from_mins(2);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} never finished: it blocked on something");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(at: &Path) {
    let made = Command::new("mkfifo")
        .arg(at)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", at.display());
}

fn is_fifo(at: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt as _;
    at.symlink_metadata().is_ok_and(|m| m.file_type().is_fifo())
}

/// Both streams of a run, for messages that may go to either.
fn both(output: &Output) -> String {
    text(&output.stdout) + &text(&output.stderr)
}

/// A machine whose one learner failed `data-security` once, bundled; and a manager's data
/// folder with that bundle imported.
fn failed_once(dir: &Path) -> (PathBuf, PathBuf) {
    let (a, m) = (dir.join("A"), dir.join("M"));
    {
        let course = crate::bundle::course();
        let mut store = open(&a);
        let learner = person(&mut store, "EMP-F1", "Fajar Nugroho", Some("TI"));
        take(
            &mut store,
            &course,
            &learner,
            "data-security",
            t0() - chrono::Duration::days(3),
            false,
        );
    }
    let fa = dir.join("a.jsonl.gz");
    bundle(&a, &fa);
    let first = import_cli(&m, &[&fa]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    (m, fa)
}

/// `fa` with one more attempt: a copy of its first under a new id, changed by `change`.
fn with_extra_attempt(fa: &Path, out: &Path, change: impl FnOnce(&mut Value)) {
    let mut lines = read_lines(fa);
    let mut attempt = lines
        .iter()
        .find_map(|l| l.get("attempt").cloned())
        .unwrap();
    attempt["id"] = Value::from(Uuid::new_v4().to_string());
    change(&mut attempt);
    lines.push(json!({ "attempt": attempt }));
    write_sealed(out, &lines);
}

fn certificate(m: &Path, out: &Path) -> Output {
    jaga(&[
        "certificate",
        "--data",
        path(m),
        "--employee",
        "EMP-F1",
        "--module",
        "data-security",
        "--out",
        path(out),
    ])
}

/// A change made to an attempt record.
type Change = Box<dyn Fn(&mut Value)>;

// ---- Bundles: consistency ------------------------------------------------------------

#[test]
fn a_forged_pass_is_refused_and_never_gets_a_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (m, fa) = failed_once(dir.path());
    let before = snapshot(&m);
    let forged = dir.path().join("forged.jsonl.gz");
    let real_revision = read_lines(&fa)
        .iter()
        .find_map(|l| l.get("attempt").map(|a| a["revision"].clone()))
        .unwrap();
    // A made-up revision, no answers, 0 of 0 points, passed; then each of those alone.
    let cases: Vec<(Value, &str)> = vec![
        (
            Value::from("v2-final"),
            "is not a module revision (64 hex digits)",
        ),
        (real_revision.clone(), "its maximum score is 0"),
        (real_revision, "it has no responses"),
    ];
    for (n, (revision, reason)) in cases.into_iter().enumerate() {
        with_extra_attempt(&fa, &forged, |a| {
            a["revision"] = revision;
            a["passed"] = Value::Bool(true);
            a["responses"] = json!([]);
            a["score_raw"] = Value::from("0");
            if n < 2 {
                a["score_max"] = Value::from("0");
            }
        });
        let output = import_cli(&m, &[&forged]);
        assert_eq!(output.status.code(), Some(1), "{}", both(&output));
        let err = text(&output.stderr);
        assert!(err.contains("rejected, nothing imported"), "{err}");
        assert!(err.contains(reason), "expected `{reason}` in: {err}");
        assert_eq!(snapshot(&m), before, "a forged pass was written");
    }
    let pdf = dir.path().join("forged.pdf");
    let output = certificate(&m, &pdf);
    assert_eq!(output.status.code(), Some(2), "{}", both(&output));
    assert!(!pdf.exists(), "a forged pass got a certificate");
}

#[test]
fn a_pass_at_a_revision_unknown_here_is_imported_and_named_for_the_manager_to_check() {
    let dir = tempfile::tempdir().unwrap();
    let (m, fa) = failed_once(dir.path());
    let other = dir.path().join("other-revision.jsonl.gz");
    // Well formed, adding up, but marked passed at a revision this machine does not have:
    // its pass mark cannot be checked here.
    with_extra_attempt(&fa, &other, |a| {
        a["revision"] = Value::from("ab".repeat(32));
        a["passed"] = Value::Bool(true);
    });
    let output = import_cli(&m, &[&other]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "something to review: {}",
        both(&output)
    );
    let out = text(&output.stdout);
    assert!(out.contains("1 attempt added"), "{out}");
    assert!(
        out.contains("is a pass of module data-security at revision abababababab")
            && out.contains("its pass mark could not be checked"),
        "{out}"
    );
    assert!(text(&output.stderr).contains("1 conflict to review"));
}

#[test]
fn bundle_times_outside_2000_to_2100_and_durations_or_points_beyond_any_real_one_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (m, fa) = failed_once(dir.path());
    let before = snapshot(&m);
    let bad = dir.path().join("bad.jsonl.gz");
    let cases: Vec<(&str, Change)> = vec![
        (
            "started_at `1999-12-31T23:59:59Z` is outside the years 2000 to 2100",
            Box::new(|a| a["started_at"] = Value::from("1999-12-31T23:59:59Z")),
        ),
        (
            "finished_at `9999-12-31T23:59:59Z` is outside the years 2000 to 2100",
            Box::new(|a| a["finished_at"] = Value::from("9999-12-31T23:59:59Z")),
        ),
        (
            "its duration of 5000000000000000000 ms is longer than any attempt",
            Box::new(|a| a["duration_ms"] = Value::from(5_000_000_000_000_000_000_i64)),
        ),
        (
            "1e308 points is more than any question gives",
            Box::new(|a| {
                a["responses"][0]["points"] = Value::from("0");
                a["responses"][0]["max_points"] = Value::from("1e308");
            }),
        ),
    ];
    for (reason, change) in cases {
        with_extra_attempt(&fa, &bad, change);
        let output = import_cli(&m, &[&bad]);
        assert_eq!(output.status.code(), Some(1), "{}", both(&output));
        let err = text(&output.stderr);
        assert!(err.contains(reason), "expected `{reason}` in: {err}");
        assert_eq!(snapshot(&m), before, "{reason}: something was written");
    }
    // The export of the store still works: nothing out of range got in.
    let csv = dir.path().join("report.xlsx");
    let output = jaga(&[
        "export",
        "--data",
        path(&m),
        "--format",
        "xlsx",
        "--out",
        path(&csv),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", both(&output));
}

// ---- Bundles: reading ----------------------------------------------------------------

#[test]
fn a_pipe_given_as_a_bundle_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (m, _) = failed_once(dir.path());
    let fifo = dir.path().join("results.jsonl.gz");
    mkfifo(&fifo);
    let mut command = jaga_command();
    command.args(["import", "--data", path(&m), path(&fifo)]);
    let output = finishes(command, "jaga import on a pipe");
    assert_eq!(output.status.code(), Some(1), "{}", both(&output));
    assert!(
        text(&output.stderr).contains("not a regular file"),
        "{}",
        both(&output)
    );
}

#[test]
fn a_version_1_file_that_is_a_huge_array_is_refused_without_building_it_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (m, _) = failed_once(dir.path());
    // 150 MB of `0,`: read as one JSON tree it needs over 2 GB.
    let huge = dir.path().join("huge.json");
    let mut bytes = Vec::with_capacity(150 << 20);
    bytes.push(b'[');
    while bytes.len() < 150 << 20 {
        bytes.extend_from_slice(b"0,");
    }
    bytes.extend_from_slice(b"0]");
    std::fs::write(&huge, &bytes).unwrap();
    drop(bytes);
    // Under a 1.2 GB address-space limit: enough to read the file, not to build the tree.
    let script = "ulimit -v 1200000 && exec \"$0\" import --data \"$1\" \"$2\"";
    let output = Command::new("sh")
        .args([
            "-c",
            script,
            env!("CARGO_BIN_EXE_jaga"),
            path(&m),
            path(&huge),
        ])
        .env_remove("JAGA_DATA_DIR")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", both(&output));
    assert!(
        text(&output.stderr).contains("not a Jaga results bundle (it is not a JSON object)"),
        "{}",
        both(&output)
    );
}

#[test]
fn a_version_1_bundle_saved_with_a_byte_order_mark_imports() {
    let dir = tempfile::tempdir().unwrap();
    let with_bom = dir.path().join("bom.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read("tests/fixtures/bundles/version-1.json").unwrap());
    std::fs::write(&with_bom, bytes).unwrap();
    let m = dir.path().join("M");
    let output = import_cli(&m, &[&with_bom]);
    assert!(
        text(&output.stdout).contains("2 learners added, 18 attempts added"),
        "{}",
        both(&output)
    );
}

// ---- Files written -------------------------------------------------------------------

#[test]
fn out_naming_a_pipe_is_refused_and_the_pipe_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let (m, _) = failed_once(dir.path());
    let fifo = dir.path().join("report.csv");
    mkfifo(&fifo);
    for args in [
        vec!["export", "--format", "csv", "--force", "--out"],
        vec!["bundle", "--force", "--out"],
    ] {
        let mut command = jaga_command();
        command
            .args(&args)
            .arg(path(&fifo))
            .args(["--data", path(&m)]);
        let output = finishes(command, "a write to a pipe");
        assert_eq!(output.status.code(), Some(2), "{}", both(&output));
        assert!(is_fifo(&fifo), "{args:?} replaced the pipe");
    }
}

// ---- The manager passphrase ----------------------------------------------------------

const PASSPHRASE: &str = "kunci rahasia manajer";

/// A manager's data folder with results and a manager passphrase.
fn locked(dir: &Path) -> PathBuf {
    let m = dir.join("M");
    machine(&m, &[("EMP-L1", "Lestari Wibowo", Some("Hukum"))]);
    open(&m).set_manager_passphrase(PASSPHRASE).unwrap();
    m
}

#[test]
fn every_manager_command_refuses_to_run_without_the_passphrase_when_one_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let m = locked(dir.path());
    let before = snapshot(&m);
    let out = dir.path().join("out");
    let data = path(&m);
    let o = path(&out);
    let commands: Vec<Vec<&str>> = vec![
        vec!["export", "--format", "csv", "--out", o],
        vec!["bundle", "--out", o],
        vec!["import", "tests/fixtures/bundles/version-1.json"],
        vec!["certificates", "--out", o],
        vec![
            "certificate",
            "--employee",
            "EMP-L1",
            "--module",
            "data-security",
            "--out",
            o,
        ],
        vec![
            "lrs",
            "configure",
            "--endpoint",
            "http://127.0.0.1:9/xapi",
            "--key",
            "k",
            "--secret",
            "s",
        ],
        vec!["lrs", "status"],
        vec!["push"],
        vec!["purge"],
        vec!["organisation", "--name", "PT Contoh"],
        vec!["demo-data", "--learners", "1"],
    ];
    for args in commands {
        let output = jaga_command()
            .args(&args)
            .args(["--data", data])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", both(&output));
        assert!(
            text(&output.stderr).contains("needs the manager passphrase"),
            "{args:?}: {}",
            both(&output)
        );
        assert!(!out.exists(), "{args:?} wrote its output");
        assert_eq!(snapshot(&m), before, "{args:?} changed the store");
    }
    // A command that shows no results needs no passphrase.
    let check = jaga(&["check", "--data", data]);
    assert_eq!(check.status.code(), Some(0), "{}", both(&check));
}

#[test]
fn the_passphrase_from_a_file_or_the_environment_unlocks_and_a_wrong_one_counts_as_at_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let m = locked(dir.path());
    let export = |out: &Path| {
        let mut command = jaga_command();
        command.args([
            "export",
            "--data",
            path(&m),
            "--format",
            "csv",
            "--out",
            path(out),
        ]);
        command
    };
    let file = dir.path().join("passphrase.txt");
    std::fs::write(&file, format!("{PASSPHRASE}\n")).unwrap();
    let first = dir.path().join("first.csv");
    let output = export(&first)
        .arg("--passphrase-file")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", both(&output));
    assert!(first.is_file());

    let second = dir.path().join("second.csv");
    let output = export(&second)
        .env("JAGA_MANAGER_PASSPHRASE", PASSPHRASE)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", both(&output));
    assert!(second.is_file());

    // A wrong one: nothing written, and counted as a wrong try in the store, the same
    // count and delay as the window's.
    let third = dir.path().join("third.csv");
    let output = export(&third)
        .env("JAGA_MANAGER_PASSPHRASE", "tebakan salah")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", both(&output));
    assert!(text(&output.stderr).contains("wrong manager passphrase; nothing was done"));
    assert!(!third.exists());
    let setting = |key: &str| -> Option<String> {
        open(&m)
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .ok()
    };
    assert_eq!(setting("manager.failures").as_deref(), Some("1"));
    assert!(setting("manager.locked_until").is_some());
    // While the delay after wrong tries runs (here: as after many), even the right one
    // is not checked.
    open(&m)
        .conn()
        .execute(
            "UPDATE settings SET value = '2100-01-01T00:00:00Z' WHERE key = 'manager.locked_until'",
            [],
        )
        .unwrap();
    let output = export(&third)
        .env("JAGA_MANAGER_PASSPHRASE", PASSPHRASE)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", both(&output));
    assert!(
        text(&output.stderr).contains("too soon after a wrong manager passphrase"),
        "{}",
        both(&output)
    );
    assert!(!third.exists());
}

// ---- The terminal --------------------------------------------------------------------

#[test]
fn no_escape_byte_reaches_the_terminal_from_hostile_paths_titles_or_bundles() {
    const ESC: u8 = 0x1b;
    let dir = tempfile::tempdir().unwrap();
    let hostile = "\u{1b}]0;owned\u{7}\u{1b}[2J";
    // A bundle path that does not exist, and one that is not a bundle.
    let m = dir.path().join("M");
    let missing = dir.path().join(format!("gone{hostile}.jsonl.gz"));
    let junk = dir.path().join(format!("junk{hostile}.json"));
    std::fs::write(
        &junk,
        format!("{{\"format\": \"{hostile}\"}}").replace('\u{1b}', "\\u001b"),
    )
    .unwrap();
    // A module file whose name and title carry escapes, and one that is broken.
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    let module = std::fs::read_to_string("tests/fixtures/valid/minimal.ron").unwrap();
    let titled = module.replacen(
        "title: {\"en\": \"",
        &format!("title: {{\"en\": \"{hostile}"),
        1,
    );
    std::fs::write(content.join("titled.ron"), titled).unwrap();
    std::fs::write(
        content.join(format!("broken{hostile}.ron")),
        "Module(id: \u{1b}",
    )
    .unwrap();

    let runs = [
        import_cli(&m, &[&missing, &junk]),
        jaga(&["validate", path(&content)]),
        jaga(&["list", "--content", path(&content)]),
        jaga(&[
            "export",
            "--data",
            path(&m),
            "--format",
            "csv",
            "--out",
            path(&missing),
        ]),
    ];
    for output in runs {
        assert!(
            !output.stdout.contains(&ESC) && !output.stderr.contains(&ESC),
            "an escape byte reached the terminal: {:?}",
            both(&output)
        );
        assert!(!both(&output).is_empty());
    }
}

// ---- The store -----------------------------------------------------------------------

#[test]
fn a_newer_store_in_rollback_journal_mode_is_refused_and_left_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("M");
    machine(&m, &[("EMP-N1", "Nia Ramadhani", None)]);
    let file = m.join("jaga.sqlite3");
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let bytes = std::fs::read(&file).unwrap();
    let output = jaga(&[
        "export",
        "--data",
        path(&m),
        "--format",
        "csv",
        "--out",
        path(&dir.path().join("r.csv")),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", both(&output));
    assert!(
        text(&output.stderr).contains("written by a newer version of Jaga (format 99"),
        "{}",
        both(&output)
    );
    assert_eq!(std::fs::read(&file).unwrap(), bytes, "the file was changed");
    assert!(!m.join("jaga.sqlite3-wal").exists(), "switched to WAL");
}

#[test]
fn a_folder_named_like_the_store_is_reported_as_not_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("M");
    std::fs::create_dir_all(m.join("jaga.sqlite3")).unwrap();
    let out = dir.path().join("r.csv");
    for args in [
        vec!["export", "--format", "csv", "--out", path(&out)],
        vec!["import", "tests/fixtures/bundles/version-1.json"],
    ] {
        let output = jaga_command()
            .args(&args)
            .args(["--data", path(&m)])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", both(&output));
        assert!(
            text(&output.stderr).contains("jaga.sqlite3 is not a file"),
            "{args:?}: {}",
            both(&output)
        );
    }
    assert!(m.join("jaga.sqlite3").is_dir());
}

#[test]
fn a_store_set_aside_is_reported_by_every_command_until_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("M");
    machine(&m, &[("EMP-D1", "Dewi Lestari", None)]);
    let file = m.join("jaga.sqlite3");
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[..32].copy_from_slice(b"this is no longer a SQLite file!");
    std::fs::write(&file, bytes).unwrap();
    let out = dir.path().join("r.csv");
    let export = || {
        jaga(&[
            "export",
            "--data",
            path(&m),
            "--format",
            "csv",
            "--force",
            "--out",
            path(&out),
        ])
    };
    let first = export();
    assert_eq!(first.status.code(), Some(2), "{}", both(&first));
    assert!(
        text(&first.stderr).contains("moved aside"),
        "{}",
        both(&first)
    );
    let warned = "the results store was damaged and set aside";
    for output in [
        export(),
        jaga(&[
            "bundle",
            "--data",
            path(&m),
            "--out",
            path(&dir.path().join("b")),
        ]),
        jaga(&["check", "--data", path(&m)]),
    ] {
        assert!(text(&output.stderr).contains(warned), "{}", both(&output));
        assert!(text(&output.stderr).contains("jaga check --acknowledge"));
    }
    let ack = jaga(&["check", "--acknowledge", "--data", path(&m)]);
    assert_eq!(ack.status.code(), Some(0), "{}", both(&ack));
    let after = export();
    assert_eq!(after.status.code(), Some(0), "{}", both(&after));
    assert!(!text(&after.stderr).contains(warned), "{}", both(&after));
}

// ---- Content folders -----------------------------------------------------------------

fn content_with(dir: &Path, fixture: &str) -> PathBuf {
    let content = dir.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::copy(
        format!("tests/fixtures/valid/{fixture}"),
        content.join(fixture),
    )
    .unwrap();
    content
}

#[test]
fn validate_finishes_at_once_on_a_pipe_and_an_outward_link_with_a_diagnostic_each() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_with(dir.path(), "minimal.ron");
    mkfifo(&content.join("pipe.ron"));
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "SECRET-LINE-42: not for the terminal\n").unwrap();
    std::os::unix::fs::symlink(&secret, content.join("outside.ron")).unwrap();
    // A link that stays inside the folder is read as usual.
    std::fs::create_dir(content.join("sub")).unwrap();
    std::os::unix::fs::symlink(content.join("minimal.ron"), content.join("sub/inside.ron"))
        .unwrap();

    let mut command = jaga_command();
    command.args(["validate", path(&content)]);
    let output = finishes(command, "jaga validate on a folder with a pipe");
    assert_eq!(output.status.code(), Some(1), "{}", both(&output));
    let all = both(&output);
    assert!(all.contains("pipe.ron: error: not a regular file"), "{all}");
    assert!(
        all.contains(
            "outside.ron: error: the file is a link to a place outside the content folder"
        ),
        "{all}"
    );
    assert!(
        !all.contains("SECRET-LINE-42"),
        "the link's target was printed: {all}"
    );
    assert!(
        all.contains("inside.ron:2:9: error: duplicate module id `fixture`"),
        "a link inside the folder is read: {all}"
    );
}

#[test]
fn an_assets_folder_that_is_a_link_elsewhere_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_with(dir.path(), "image.ron");
    let elsewhere = std::fs::canonicalize("tests/fixtures/assets").unwrap();
    std::os::unix::fs::symlink(&elsewhere, content.join("assets")).unwrap();
    let output = jaga(&["validate", path(&content)]);
    assert_eq!(output.status.code(), Some(1), "{}", both(&output));
    assert!(
        both(&output).contains("is a link to another place; make it a real folder"),
        "{}",
        both(&output)
    );
}

#[test]
fn images_are_checked_by_their_png_signature_and_a_size_cap() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_with(dir.path(), "image.ron");
    let images = content.join("assets/images");
    std::fs::create_dir_all(&images).unwrap();
    let image = images.join("shield.png");
    std::fs::write(&image, "this is text, not a picture\n").unwrap();
    let output = jaga(&["validate", path(&content)]);
    assert_eq!(output.status.code(), Some(1), "{}", both(&output));
    let all = both(&output);
    assert!(
        all.contains("image.ron:12:") && all.contains("is not PNG data"),
        "{all}"
    );

    let mut big = vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
    big.resize(9 << 20, 0);
    std::fs::write(&image, big).unwrap();
    let output = jaga(&["validate", path(&content)]);
    assert_eq!(output.status.code(), Some(1), "{}", both(&output));
    let all = both(&output);
    assert!(
        all.contains("image.ron:12:") && all.contains("over the 8 MiB limit for an image"),
        "{all}"
    );
}
