//! Training content: the module file format, loading, and validation.
//!
//! Content goes through two stages. [`raw`] mirrors the RON text so serde can reject
//! malformed files with ron's own positions; [`validate`] checks what serde cannot
//! (references, uniqueness, translations, scores) and builds the immutable [`model`]
//! the rest of Jaga uses. Every problem becomes a [`Diagnostic`] with `path:line:col`.

pub mod coverage;
pub mod diagnostic;
pub mod graph;
pub mod load;
pub mod model;
pub mod raw;
pub mod source;
pub mod validate;
pub mod watch;
pub mod workspace;

pub use diagnostic::{Diagnostic, ItemRef, Severity};
pub use load::{
    Assets, ContentSource, FileOutcome, LoadError, Loaded, load, load_bundled, load_dir,
};
pub use model::*;
