//! What a bundle file is: its format name, the version this build writes and reads, the
//! size beyond which a file cannot be one, and how closely sums must agree. Every other
//! file of the bundle module reads these; this one reads nothing.

/// The `format` of every bundle.
pub const FORMAT: &str = "jaga-results-bundle";
/// The bundle version this build writes and reads.
pub const VERSION: u64 = 1;
/// The largest file read as a bundle (1 GiB); a real bundle is far smaller.
pub const MAX_BUNDLE_BYTES: u64 = 1 << 30;
/// How far sums of points may differ from a stated score (floating-point rounding).
pub const TOLERANCE: f64 = 1e-6;

/// Whether two sums agree within [`TOLERANCE`] (relative to their size).
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE * a.abs().max(b.abs()).max(1.0)
}
