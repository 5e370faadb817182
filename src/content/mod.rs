//! Training content: the module file format, loading, and validation.
//!
//! Content goes through two stages. [`raw`] mirrors the RON text so serde can reject
//! malformed files with ron's own positions; [`validate`] checks what serde cannot
//! (references, uniqueness, translations, scores) and builds the immutable [`model`]
//! the rest of Jaga uses. Every problem becomes a [`Diagnostic`] with `path:line:col`.
//!
//! Beside the modules, the course has two files of its own: the glossary of house terms
//! ([`glossary`]) and the course file that groups modules into tracks ([`manifest`]);
//! [`course_files`] reads and applies them.
//!
//! What only author mode needs (watching a folder, reloading it, scenario maps,
//! translation coverage) lives in [`crate::authoring`], which builds on this module.

pub mod course_files;
pub mod diagnostic;
pub mod glossary;
pub mod load;
pub mod manifest;
pub mod model;
pub mod raw;
pub mod ron_file;
pub(crate) mod scenario_graph;
pub mod source;
pub mod syntax;
pub mod validate;

pub use diagnostic::{Diagnostic, ItemRef, Severity};
pub use load::{
    Assets, ContentSource, FileOutcome, LoadError, Loaded, load, load_bundled, load_dir,
};
pub use model::*;
