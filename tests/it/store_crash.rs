//! Never lose an attempt: SIGKILL the real binary while it writes, hundreds of times,
//! then prove the file is sound, every announced commit is whole, and nothing is half
//! written.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use chrono::Utc;
use jaga::store::Store;
use rand::{RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

const KILLS: usize = 200;

/// Runs `jaga stress-store`, kills it `delay` after its first announced write (so every
/// kill lands on a writer at work, however slow the machine is to start it), and returns
/// the lines it printed.
fn run_and_kill(data: &Path, delay: Option<Duration>) -> Vec<String> {
    let mut command = crate::support::jaga_command();
    command
        .args(["stress-store", "--data"])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if delay.is_none() {
        command.args(["--rounds", "3"]);
    }
    let mut child = command.spawn().expect("jaga starts");
    let stdout = child.stdout.take().expect("stdout");
    let (first, started) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.is_empty() {
                let _ = first.send(());
            }
            lines.push(line);
        }
        lines
    });
    if let Some(delay) = delay {
        // A writer that never writes fails here rather than passing unexercised.
        started
            .recv_timeout(Duration::from_mins(1))
            .expect("stress-store announced a first write");
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
    }
    let status = child.wait().expect("wait");
    if delay.is_none() {
        assert!(status.success(), "a clean run must succeed");
    }
    reader.join().expect("reader")
}

#[test]
fn sigkill_at_random_moments_never_loses_or_half_writes_an_attempt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path();
    let mut rng = ChaCha8Rng::seed_from_u64(0x4a41_4741);
    let mut committed: HashMap<String, usize> = HashMap::new();
    let mut progress: HashMap<String, usize> = HashMap::new();
    let mut record = |lines: Vec<String>| {
        for line in lines {
            let mut words = line.split(' ');
            let (Some(what), Some(id), Some(n)) = (words.next(), words.next(), words.next()) else {
                continue;
            };
            let n: usize = n.parse().expect("count");
            match what {
                "committed" => {
                    committed.insert(id.to_owned(), n);
                }
                "progress" => {
                    progress.insert(id.to_owned(), n);
                }
                _ => {}
            }
        }
    };
    for _ in 0..KILLS {
        let delay = Duration::from_millis(rng.random_range(0..60));
        record(run_and_kill(data, Some(delay)));
    }
    // A last run to completion: it must resume whatever was left open and work.
    record(run_and_kill(data, None));

    let (store, report) = Store::open(data, Utc::now()).expect("store opens");
    assert_eq!(
        report.moved_aside, None,
        "the store must never be judged damaged"
    );
    assert_eq!(store.integrity_check().expect("check"), "ok");
    assert!(
        committed.len() >= 3,
        "only {} attempts were committed, fewer than the clean run alone commits",
        committed.len()
    );

    let conn = store.conn();
    // Every announced commit is present and whole.
    for (id, items) in &committed {
        let (item_count, responses): (i64, i64) = conn
            .query_row(
                "SELECT item_count, (SELECT count(*) FROM responses r WHERE r.attempt_id = a.id)
                 FROM attempts a WHERE id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap_or_else(|e| panic!("committed attempt {id} is missing: {e}"));
        assert_eq!(usize::try_from(item_count).unwrap(), *items, "{id}");
        assert_eq!(
            responses, item_count,
            "{id} has {responses} of {item_count} responses"
        );
    }
    // No attempt anywhere is partial: responses and scenario steps all there.
    let partial_attempts: i64 = conn
        .query_row(
            "SELECT count(*) FROM attempts a
             WHERE item_count != (SELECT count(*) FROM responses r WHERE r.attempt_id = a.id)",
            [],
            |row| row.get(0),
        )
        .expect("query");
    assert_eq!(partial_attempts, 0);
    let partial_paths: i64 = conn
        .query_row(
            "SELECT count(*) FROM responses r
             WHERE step_count != (SELECT count(*) FROM scenario_steps s
                                  WHERE s.attempt_id = r.attempt_id AND s.position = r.position)",
            [],
            |row| row.get(0),
        )
        .expect("query");
    assert_eq!(partial_paths, 0);
    let orphans: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM responses WHERE attempt_id NOT IN (SELECT id FROM attempts))
                  + (SELECT count(*) FROM scenario_steps WHERE attempt_id NOT IN (SELECT id FROM attempts))",
            [],
            |row| row.get(0),
        )
        .expect("query");
    assert_eq!(orphans, 0);
    // Announced progress of attempts never finished is still there to resume.
    let learner = store
        .learner_by_employee_id("STRESS-1")
        .expect("query")
        .expect("learner");
    let open: HashMap<String, usize> = store
        .open_attempts(&learner.id)
        .expect("open attempts parse")
        .into_iter()
        .map(|a| (a.id.to_string(), a.answered()))
        .collect();
    for (id, answered) in &progress {
        if committed.contains_key(id) {
            continue;
        }
        if let Some(stored) = open.get(id) {
            assert!(
                stored >= answered,
                "{id}: {stored} answers stored, {answered} announced"
            );
        } else {
            // Not open and not announced as committed: it must have been committed by a
            // run killed between the commit and the announcement.
            let exists: i64 = conn
                .query_row("SELECT count(*) FROM attempts WHERE id = ?1", [id], |row| {
                    row.get(0)
                })
                .expect("query");
            assert_eq!(
                exists, 1,
                "attempt {id} with {answered} saved answers vanished"
            );
        }
    }
}
