//! What a bundle file is: its format name, the versions this build writes and reads, the
//! sizes beyond which a file cannot be one, and how closely sums must agree. Every other
//! file of the bundle module reads these; this one reads nothing.

/// The `format` of every bundle.
pub const FORMAT: &str = "jaga-results-bundle";
/// The bundle version this build writes: a gzip stream of JSON lines with a checksum in
/// its last line, carrying refreshers beside learners and attempts.
pub const VERSION: u64 = 3;
/// The same stream without refreshers, which this build still reads.
pub const VERSION_2: u64 = 2;
/// The earlier version, one JSON document, which this build still reads.
pub const VERSION_1: u64 = 1;
/// The largest version 1 file read (1 GiB): a version 1 bundle is read whole.
pub const MAX_BUNDLE_BYTES: u64 = 1 << 30;
/// The longest line of a version 2 bundle (16 MiB): a version 2 bundle is read a line at
/// a time, and one attempt with every answer is a few kilobytes.
pub const MAX_LINE_BYTES: u64 = 16 << 20;
/// The earliest and latest years a bundle's times may fall in: a time outside them is a
/// damaged or made-up record, and would break reports (a spreadsheet's dates end in 9999).
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;
/// The longest time an attempt may take (a year, in milliseconds): far more than any
/// real attempt, and small enough that a million of them add up without overflow.
pub const MAX_DURATION_MS: i64 = 366 * 24 * 60 * 60 * 1000;
/// The most points one response may be worth: far more than any question gives, and
/// small enough that sums of them stay exact and finite.
pub const MAX_POINTS: f64 = 1_000_000.0;
/// How far sums of points may differ from a stated score (floating-point rounding).
pub const TOLERANCE: f64 = 1e-6;

/// Whether two sums agree within [`TOLERANCE`] (relative to their size).
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE * a.abs().max(b.abs()).max(1.0)
}
