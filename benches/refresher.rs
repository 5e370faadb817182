//! The day's refreshers at organisation scale (issue 17): what opening a learner's home
//! screen costs once every learner has a review queue for every module.
//!
//! When the home screen opens, the worker reads the learner's data
//! (`LearnerData::load`, whose share for the refreshers is `Store::review_items`), and the
//! window builds the day's queue from it (`Queue::build` in `refresh_cards`, inside a frame;
//! again at midnight, from the items already read). Both must stay well under a frame
//! (16.7 ms), and neither should grow with the number of learners in the store.
//!
//! The bench fills two real stores on disk (1,000 and 10,000 learners, each with about 10
//! questions of each of the 14 built-in modules in their queue, with FSRS states made by
//! the real scheduler; most learners keep up, so a few of their items are due, and the
//! rest stopped some time in the past five months, so most of theirs are),
//! then, in a fresh process per store (so its peak memory is the measuring alone), times
//! for random learners, alternately with a baseline (`SELECT count(*)` of the learner's
//! items: one index range, nothing decoded): reading the items, building the queue, the
//! two together, and the worker's whole `LearnerData::load`. It prints medians and 99th
//! percentiles per learner, their ratio to the baseline and to a frame, and each
//! process's peak RSS.
//!
//! Run: `scripts/bench-refresher.sh` (or `cargo bench --bench refresher`). A benchmark,
//! not a test: only the ratios within one run mean anything on a shared machine.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_precision_loss,
    reason = "a benchmark fails loudly, and its counts are far below 2^52"
)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use chrono::{DateTime, Duration, FixedOffset, TimeZone as _, Utc};
use jaga::content::{ContentSource, Course, load};
use jaga::engine::review::{self, Queue, Recall, ReviewItem, Scheduler};
use jaga::service::learner::LearnerData;
use jaga::store::{self, Learner, Store};
use rand::{RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

/// The two store sizes: flat time and memory between them is the point.
const SIZES: [usize; 2] = [1_000, 10_000];
/// Questions of each module in every learner's queue (the refreshable ones, in file order).
const QUESTIONS_PER_MODULE: usize = 10;
/// Histories made by the scheduler for each question, that learners are given copies of.
const VARIANTS: usize = 8;
/// The share of learners who take their refreshers when they come due.
const KEEPS_UP: f64 = 0.7;
/// Learners measured per store, after the warm-up.
const SAMPLES: usize = 2_000;
const WARM_UP: usize = 200;
/// Learners written per transaction while filling.
const CHUNK: usize = 1_000;
const FRAME_MS: f64 = 1000.0 / 60.0;
/// Set in the measuring process: the data folder to measure.
const MEASURE_ENV: &str = "JAGA_BENCH_REFRESHER_DIR";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 2, 0, 0).unwrap()
}

/// Western Indonesia Time, where the learners' day ends.
fn wib() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap()
}

fn course() -> Course {
    load(&ContentSource::Bundled).unwrap().course
}

fn recall(rng: &mut ChaCha8Rng, forgot: f64) -> Recall {
    let roll: f64 = rng.random();
    if roll < forgot {
        Recall::Forgot
    } else if roll < forgot + 0.05 {
        Recall::Partly
    } else {
        Recall::Recalled
    }
}

/// For each module, the questions of a queue and, per question, [`VARIANTS`] items as
/// the real scheduler leaves them: a first answer in the graded attempt (wrong about half
/// the time: wrong answers are what enters the queue) and up to four refreshers taken
/// when due, or a few days late.
fn histories(course: &Course, rng: &mut ChaCha8Rng) -> Vec<Vec<Vec<ReviewItem>>> {
    let scheduler = Scheduler::new(review::DEFAULT_RETENTION);
    let start = now() - Duration::days(1000);
    course
        .modules
        .iter()
        .map(|module| {
            module
                .assessment
                .questions
                .iter()
                .filter(|q| review::refreshable(q))
                .take(QUESTIONS_PER_MODULE)
                .map(|question| {
                    (0..VARIANTS)
                        .map(|_| {
                            let first = recall(rng, 0.45);
                            let mut item = scheduler.first(&module.id, question, first, start);
                            for _ in 0..rng.random_range(0..=4) {
                                let at = item.due + Duration::hours(rng.random_range(0..96));
                                item = scheduler.review(&item, question, recall(rng, 0.15), at);
                            }
                            item
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// A copy of `item` last reviewed at `at`: the same memory state, the same interval.
fn moved(item: &ReviewItem, at: DateTime<Utc>) -> ReviewItem {
    let shift = at - item.last_review;
    ReviewItem {
        due: item.due + shift,
        last_review: at,
        ..item.clone()
    }
}

/// Fills `dir` with `learners` learners and their queues; returns the number of items
/// and how many are due by the end of the day.
fn fill(dir: &Path, learners: usize, course: &Course) -> (usize, usize) {
    let (mut store, _) = Store::open(dir, now()).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(17);
    let histories = histories(course, &mut rng);
    let until = review::end_of_day(now(), wib());
    let (mut items, mut due) = (0, 0);
    for chunk in 0..learners.div_ceil(CHUNK) {
        store
            .transact(|tx| {
                for n in chunk * CHUNK..((chunk + 1) * CHUNK).min(learners) {
                    let learner = Learner {
                        id: learner_id(n),
                        employee_id: format!("EMP-{:06}", n + 1),
                        display_name: format!("Peserta {}", n + 1),
                        department: Some(format!("Bagian {}", n % 7 + 1)),
                        created: now() - Duration::days(430),
                    };
                    store::learners::insert_learner(tx, &learner)?;
                    // Most learners take their refreshers: each item was last reviewed
                    // within its interval, or just after it ran out. The others stopped
                    // some time in the past five months, and most of their queue is due.
                    let keeps_up = rng.random_bool(KEEPS_UP);
                    for module in &histories {
                        for variants in module {
                            let template = &variants[rng.random_range(0..variants.len())];
                            let span = if keeps_up {
                                let interval = (template.due - template.last_review).num_minutes();
                                interval + interval / 10 + 1
                            } else {
                                150 * 24 * 60
                            };
                            let minutes = rng.random_range(0..span);
                            let item = moved(template, now() - Duration::minutes(minutes));
                            due += usize::from(item.due <= until);
                            items += 1;
                            store::upsert_review_item_in(tx, &learner.id, &item)?;
                        }
                    }
                }
                Ok(())
            })
            .unwrap();
    }
    (items, due)
}

fn learner_id(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// Milliseconds, sorted.
struct Times(Vec<f64>);

impl Times {
    fn median(&self) -> f64 {
        self.0[self.0.len() / 2]
    }

    fn p99(&self) -> f64 {
        let index = (self.0.len() * 99).div_ceil(100).saturating_sub(1);
        self.0[index]
    }
}

fn sorted(mut values: Vec<f64>) -> Times {
    values.sort_by(f64::total_cmp);
    Times(values)
}

fn ms_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

/// The peak resident memory of this process, in KiB (`VmHWM`).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .unwrap_or(0)
}

/// The measuring process: times the work for random learners of the store in `dir`,
/// alternating which of baseline and work comes first, and prints one line of figures.
fn measure(dir: &Path) {
    let course = course();
    let (store, _) = Store::open(dir, now()).unwrap();
    let learners: usize = store
        .conn()
        .query_row("SELECT count(*) FROM learners", [], |row| {
            row.get::<_, i64>(0)
        })
        .map(|n| usize::try_from(n).unwrap())
        .unwrap();
    let until = review::end_of_day(now(), wib());
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let (mut baseline, mut read, mut build, mut both, mut whole) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut due = 0;
    for round in 0..WARM_UP + SAMPLES {
        let id = learner_id(rng.random_range(0..learners));
        let count = || {
            let start = Instant::now();
            let n: i64 = store
                .conn()
                .prepare_cached("SELECT count(*) FROM review_items WHERE learner_id = ?1")
                .unwrap()
                .query_row([&id], |row| row.get(0))
                .unwrap();
            assert!(n > 0, "every learner has a queue");
            ms_since(start)
        };
        let work = || {
            let start = Instant::now();
            let items = store.review_items(&id).unwrap();
            let read_ms = ms_since(start);
            let building = Instant::now();
            let queue = Queue::build(&course, &items, until);
            let build_ms = ms_since(building);
            (read_ms, build_ms, ms_since(start), queue.due.len())
        };
        let (base_ms, (read_ms, build_ms, both_ms, n)) = if round % 2 == 0 {
            let b = count();
            (b, work())
        } else {
            let w = work();
            (count(), w)
        };
        let start = Instant::now();
        let data = LearnerData::load(&store, &id).unwrap();
        let whole_ms = ms_since(start);
        assert!(!data.reviews.is_empty(), "the learner's queue was read");
        if round >= WARM_UP {
            baseline.push(base_ms);
            read.push(read_ms);
            build.push(build_ms);
            both.push(both_ms);
            whole.push(whole_ms);
            due += n;
        }
    }
    let fields = [
        ("baseline", sorted(baseline)),
        ("read", sorted(read)),
        ("build", sorted(build)),
        ("both", sorted(both)),
        ("load", sorted(whole)),
    ];
    let mut line = format!(
        "bench-refresher-measure learners={learners} due_per_learner={:.1} peak_rss_kib={}",
        due as f64 / SAMPLES as f64,
        peak_rss_kib()
    );
    for (name, times) in &fields {
        let _ = write!(
            line,
            " {name}_median_ms={:.4} {name}_p99_ms={:.4}",
            times.median(),
            times.p99()
        );
    }
    println!("{line}");
}

/// One value of the measuring process's line.
fn field(line: &str, name: &str) -> f64 {
    line.split_whitespace()
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        .and_then(|value| value.parse().ok())
        .unwrap_or(f64::NAN)
}

fn main() {
    if let Some(dir) = std::env::var_os(MEASURE_ENV) {
        measure(Path::new(&dir));
        return;
    }
    let course = course();
    let modules = course.modules.len();
    println!(
        "refresher bench: {modules} modules, up to {QUESTIONS_PER_MODULE} questions each per learner; \
         {SAMPLES} random learners per store (after {WARM_UP} unmeasured), alternating with the baseline"
    );
    for learners in SIZES {
        let temp = tempfile::tempdir().unwrap();
        let start = Instant::now();
        let (items, due) = fill(temp.path(), learners, &course);
        let fill_s = start.elapsed().as_secs_f64();
        let bytes = std::fs::metadata(temp.path().join(store::FILE_NAME)).map_or(0, |m| m.len());
        let output = Command::new(std::env::current_exe().unwrap())
            .env(MEASURE_ENV, temp.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "the measuring process failed");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout
            .lines()
            .find(|l| l.starts_with("bench-refresher-measure "))
            .unwrap();
        let base = field(line, "baseline_median_ms");
        println!(
            "\n{learners} learners: {items} review items ({:.1} per learner, {:.1} due today), \
             store {:.0} MiB, filled in {fill_s:.1} s; measuring process peak RSS {:.1} MiB",
            items as f64 / learners as f64,
            due as f64 / learners as f64,
            bytes as f64 / 1_048_576.0,
            field(line, "peak_rss_kib") / 1024.0
        );
        println!(
            "  {:<44} {:>10} {:>10} {:>14} {:>12}",
            "per learner", "median ms", "p99 ms", "median / base", "p99 / frame"
        );
        for (label, name) in [
            ("baseline: SELECT count(*) of the items", "baseline"),
            ("read the items (Store::review_items)", "read"),
            ("build the queue (Queue::build)", "build"),
            ("read + build", "both"),
            ("the worker's whole LearnerData::load", "load"),
        ] {
            let median = field(line, &format!("{name}_median_ms"));
            let p99 = field(line, &format!("{name}_p99_ms"));
            println!(
                "  {label:<44} {median:>10.3} {p99:>10.3} {:>14.1} {:>11.1}%",
                median / base,
                p99 / FRAME_MS * 100.0
            );
        }
        println!("{}", line.replace("-measure", ""));
    }
}
