//! Results bundles: how results travel from learners' laptops to a manager's Jaga.
//!
//! Learners train offline on their own machines, so a manager gathers results by hand.
//! `jaga bundle` writes a machine's learners and finished attempts (every response and
//! scenario path, with their original ids) as one versioned JSON file whose payload is
//! covered by a SHA-256 checksum over a canonical form. `jaga import` checks a bundle whole
//! (JSON, format, version, checksum, every attempt's arithmetic) before touching the store,
//! then merges it in one transaction: attempts keyed by their UUID so a second import
//! changes nothing, learners matched by employee ID, and the manager's profiles never
//! overwritten (a difference is reported as a conflict). The file format and the rules are
//! documented in `docs/bundle-format.md`.
//!
//! The code follows the same seams, each file importing only those below it: `version`
//! (the format's name, version and limits), `problem` (why content is refused), `error`,
//! `wire` (the file format's types), `canonical` (the bytes the checksum covers), `check`
//! (the file's records turned into checked store records), `document` (the bundle read,
//! written and parsed) and `import` (a checked bundle merged into a store). This file only
//! names them.

mod canonical;
mod check;
mod document;
mod error;
mod import;
mod problem;
mod version;
mod wire;

pub use self::canonical::{canonical_json, payload_sha256};
pub use self::document::Bundle;
pub use self::error::BundleError;
pub use self::import::{Conflict, ImportReport, import, import_file};
pub use self::problem::{Identifier, Inconsistency, Problem, Subject};
pub use self::version::{FORMAT, MAX_BUNDLE_BYTES, VERSION};
