//! Dashboard frame time with 10,000 learners against 100, in the real App.
//!
//! Builds a data folder of each size with `demo-data`, opens the manager area through the
//! window as a manager would, waits for the dashboard, then times frames while the matrix
//! scrolls. Prints the median frame time of each and the ratio: with virtualised rows and
//! aggregates computed once, 10,000 learners should cost about what 100 do.
//!
//! Run: `cargo bench --bench dashboard` (a benchmark, not a test: only the ratio within
//! one run means anything on a shared machine).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark fails loudly"
)]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone as _, Utc};
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

fn settle(harness: &mut Harness<'_, App>) {
    let deadline = Instant::now() + Duration::from_mins(2);
    loop {
        let _ = harness.run_ok();
        if harness.state().pending_jobs() == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the worker did not answer");
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = harness.run_ok();
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Median milliseconds per frame of the open dashboard over a data folder of `learners`.
fn frame_time(dir: &Path, learners: usize) -> f64 {
    let now = Utc.with_ymd_and_hms(2026, 11, 29, 9, 0, 0).unwrap();
    let course = load(&ContentSource::Bundled).unwrap().course;
    {
        let (mut store, _) = Store::open(dir, now).unwrap();
        fill(&mut store, &course, DemoSize::learners(learners, 7, 7), now).unwrap();
        store.set_manager_passphrase("benchmark-pass").unwrap();
    }
    let config = AppConfig {
        content: ContentSource::Bundled,
        data_dir: dir.to_owned(),
        clock: Arc::new(FixedClock::new(now)),
        entropy: Box::new(SeededEntropy::new(1)),
        native_dialogs: false,
        author: None,
        ask_author_folder: false,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| App::new(cc, config));
    settle(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Manajer")
        .click();
    settle(&mut harness);
    let field = harness.get_by_role_and_label(Role::PasswordInput, "Frasa sandi");
    field.focus();
    harness.run_ok();
    harness
        .get_by_role_and_label(Role::PasswordInput, "Frasa sandi")
        .type_text("benchmark-pass");
    harness.run_ok();
    harness.get_by_role_and_label(Role::Button, "Buka").click();
    settle(&mut harness);
    assert!(
        harness
            .query_all_by_label_contains("peserta ditampilkan")
            .next()
            .is_some(),
        "the dashboard is open"
    );
    let mut times = Vec::with_capacity(FRAMES);
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
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    median(times)
}

fn main() {
    let small = tempfile::tempdir().unwrap();
    let large = tempfile::tempdir().unwrap();
    let ms_small = frame_time(small.path(), 100);
    let ms_large = frame_time(large.path(), 10_000);
    println!("dashboard frame time (median of {FRAMES} frames while scrolling the matrix)");
    println!("  100 learners:    {ms_small:6.2} ms");
    println!("  10,000 learners: {ms_large:6.2} ms");
    println!("  ratio:           {:6.2}", ms_large / ms_small);
}
