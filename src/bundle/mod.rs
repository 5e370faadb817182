//! Results bundles: how results travel from learners' laptops to a manager's Jaga.
//!
//! Learners train offline on their own machines, so a manager gathers results by hand.
//! `jaga bundle` writes a machine's learners and finished attempts (every response and
//! scenario path, with their original ids) as a versioned stream: gzip-compressed JSON
//! lines, a record per line, the last line counting the records and carrying the SHA-256
//! of everything before it (version 2). `jaga import` checks every record (format,
//! version, every attempt's arithmetic) as it reads it and merges it in one transaction,
//! committed only when the checksum at the end matches: attempts keyed by their UUID so a
//! second import changes nothing, learners matched by employee ID, and the manager's
//! profiles never overwritten (a difference is reported as a conflict). Writing and
//! reading take the memory of one record, whatever the bundle's size. Version 1 bundles
//! (one JSON document with a checksum over a canonical form) still import. The file
//! format and the rules are documented in `docs/bundle-format.md`.
//!
//! The code follows the same seams, each file importing only those below it: `version`
//! (the format's name, versions and limits), `problem` (why content is refused), `error`,
//! `wire` (the file format's types), `canonical` (the bytes a version 1 checksum covers),
//! `check` (the file's records turned into checked store records), `document` (a version
//! 1 bundle read and parsed), `import` (checked records merged into a store) and `stream`
//! (version 2 written and read). This file only names them.

mod canonical;
mod check;
mod document;
mod error;
mod import;
mod problem;
mod refresher;
mod stream;
mod version;
mod wire;

pub use self::canonical::{canonical_json, payload_sha256};
pub use self::document::Bundle;
pub use self::error::BundleError;
pub use self::import::{Conflict, ImportReport, LISTED_CONFLICTS, import};
pub use self::problem::{Identifier, Inconsistency, Problem, Subject};
pub use self::stream::{Written, import_file, import_file_until, write, write_until};
pub use self::version::{FORMAT, MAX_BUNDLE_BYTES, MAX_LINE_BYTES, VERSION, VERSION_1, VERSION_2};
