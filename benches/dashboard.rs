//! The manager's dashboard in the real App, on a small store against a large one: the time
//! from unlocking to a drawn dashboard (figures and the first rows of the matrix), and the
//! time of a frame while the matrix scrolls.
//!
//! With the figures read from the store's tallies and the matrix a page at a time, a store
//! of a million attempts should open its dashboard about as fast as one of a thousand, and
//! scroll as smoothly.
//!
//! Run: `cargo bench --bench dashboard` builds two data folders itself (100 and 10,000
//! learners); `scripts/bench-scale.sh` passes its own (`JAGA_BENCH_SMALL`,
//! `JAGA_BENCH_LARGE`: folders filled by `jaga demo-data`). A benchmark, not a test: only
//! the ratios within one run mean anything on a shared machine.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark fails loudly"
)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use jaga::cli::demo::{DemoSize, fill};
use jaga::clock::{FixedClock, SeededEntropy};
use jaga::content::{ContentSource, load};
use jaga::store::Store;
use jaga::ui::{App, AppConfig};

const FRAMES: usize = 120;
const UNLOCKS: usize = 7;
const PASSPHRASE: &str = "benchmark-pass";

fn settle(harness: &mut Harness<'_, App>) {
    let deadline = Instant::now() + Duration::from_mins(10);
    loop {
        let _ = harness.run_ok();
        if harness.state().pending_jobs() == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the worker did not answer");
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = harness.run_ok();
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// A data folder ready for the bench: made with `learners` when `given` is `None`, and
/// with the manager passphrase set.
fn prepare(given: Option<PathBuf>, learners: usize, temp: &Path) -> PathBuf {
    let now = Utc::now();
    let dir = given.unwrap_or_else(|| temp.to_owned());
    let (mut store, _) = Store::open(&dir, now).unwrap();
    if store.learners().unwrap().is_empty() {
        let course = load(&ContentSource::Bundled).unwrap().course;
        fill(&mut store, &course, DemoSize::learners(learners, 7, 7), now).unwrap();
    }
    if !store.has_manager_passphrase().unwrap() {
        store.set_manager_passphrase(PASSPHRASE).unwrap();
    }
    dir
}

fn open_manager(harness: &mut Harness<'_, App>) {
    harness
        .get_by_role_and_label(Role::Button, "Manajer")
        .click();
    settle(harness);
    let field = harness.get_by_role_and_label(Role::PasswordInput, "Frasa sandi");
    field.focus();
    harness.run_ok();
    harness
        .get_by_role_and_label(Role::PasswordInput, "Frasa sandi")
        .type_text(PASSPHRASE);
    harness.run_ok();
}

/// Milliseconds from pressing "Buka" to the drawn dashboard: its figures, and the matrix
/// with its first page of rows, with nothing left for the worker to do.
fn unlock(harness: &mut Harness<'_, App>) -> f64 {
    open_manager(harness);
    let start = Instant::now();
    harness.get_by_role_and_label(Role::Button, "Buka").click();
    settle(harness);
    let took = start.elapsed().as_secs_f64() * 1000.0;
    assert!(
        harness
            .query_all_by_label_contains("peserta ditampilkan")
            .next()
            .is_some(),
        "the dashboard is open"
    );
    took
}

/// Median unlock-to-drawn time and median frame time while scrolling.
fn measure(dir: &Path) -> (f64, f64) {
    // The manager's clock reads the present, after every attempt in the folder (demo-data
    // makes them up to the moment it runs), as on a real manager's machine. A clock
    // behind the data would count each pass "in the future" on its own (a machine whose
    // clock ran ahead), which is not what a dashboard at scale looks like.
    let now = Utc::now();
    let config = AppConfig {
        content: ContentSource::Bundled,
        data_dir: dir.to_owned(),
        clock: Arc::new(FixedClock::new(now)),
        entropy: Box::new(SeededEntropy::new(1)),
        native_dialogs: false,
        author: None,
        ask_author_folder: false,
        policy: jaga::policy::Loaded::default(),
        // No learner signs in here, so no nudge: nothing is shown.
        notifier: Arc::new(jaga::ui::notify::DesktopNotifier),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| App::new(cc, config));
    settle(&mut harness);
    let mut unlocks = Vec::with_capacity(UNLOCKS);
    for round in 0..UNLOCKS {
        unlocks.push(unlock(&mut harness));
        if round + 1 < UNLOCKS {
            harness.get_by_role_and_label(Role::Button, "Kunci").click();
            settle(&mut harness);
        }
    }
    let mut frames = Vec::with_capacity(FRAMES);
    for i in 0..FRAMES {
        // Scroll the matrix down and back, as a manager reading it would.
        let delta = if (i / 30) % 2 == 0 { -120.0 } else { 120.0 };
        harness.hover_at(egui::pos2(640.0, 600.0));
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, delta),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        let start = Instant::now();
        harness.step();
        frames.push(start.elapsed().as_secs_f64() * 1000.0);
        // Pages that came into view arrive from the worker between frames.
        let _ = harness.run_ok();
    }
    (median(unlocks), median(frames))
}

fn attempts(dir: &Path) -> i64 {
    let (store, _) = Store::open(dir, Utc::now()).unwrap();
    store
        .conn()
        .query_row("SELECT count(*) FROM attempts", [], |row| row.get(0))
        .unwrap()
}

fn main() {
    let small_temp = tempfile::tempdir().unwrap();
    let large_temp = tempfile::tempdir().unwrap();
    let env = |name: &str| std::env::var_os(name).map(PathBuf::from);
    let small = prepare(env("JAGA_BENCH_SMALL"), 100, small_temp.path());
    let large = prepare(env("JAGA_BENCH_LARGE"), 10_000, large_temp.path());
    let (small_attempts, large_attempts) = (attempts(&small), attempts(&large));
    let (unlock_small, frame_small) = measure(&small);
    let (unlock_large, frame_large) = measure(&large);
    println!(
        "dashboard: median of {UNLOCKS} unlocks and of {FRAMES} frames while scrolling the matrix"
    );
    println!(
        "  {small_attempts:>9} attempts: unlock to drawn {unlock_small:8.1} ms, frame {frame_small:6.2} ms"
    );
    println!(
        "  {large_attempts:>9} attempts: unlock to drawn {unlock_large:8.1} ms, frame {frame_large:6.2} ms"
    );
    println!(
        "  ratios: unlock {:.2}, frame {:.2}",
        unlock_large / unlock_small,
        frame_large / frame_small
    );
    println!(
        "bench-dashboard unlock_small_ms={unlock_small:.1} unlock_large_ms={unlock_large:.1} frame_small_ms={frame_small:.2} frame_large_ms={frame_large:.2}"
    );
}
