//! What a bundle file is: its format name, the versions this build writes and reads, the
//! sizes beyond which a file cannot be one, and how closely sums must agree. Every other
//! file of the bundle module reads these; this one reads nothing.

/// The `format` of every bundle.
pub const FORMAT: &str = "jaga-results-bundle";
/// The bundle version this build writes: a gzip stream of JSON lines with a checksum in
/// its last line.
pub const VERSION: u64 = 2;
/// The earlier version, one JSON document, which this build still reads.
pub const VERSION_1: u64 = 1;
/// The largest version 1 file read (1 GiB): a version 1 bundle is read whole.
pub const MAX_BUNDLE_BYTES: u64 = 1 << 30;
/// The longest line of a version 2 bundle (16 MiB): a version 2 bundle is read a line at
/// a time, and one attempt with every answer is a few kilobytes.
pub const MAX_LINE_BYTES: u64 = 16 << 20;
/// How far sums of points may differ from a stated score (floating-point rounding).
pub const TOLERANCE: f64 = 1e-6;

/// Whether two sums agree within [`TOLERANCE`] (relative to their size).
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE * a.abs().max(b.abs()).max(1.0)
}
