//! Author mode's core: what Jaga does for someone writing modules, not for learners.
//!
//! Learners only need a course loaded and checked once ([`crate::content`]). An author
//! keeps a folder open while editing it, so this module adds what only that loop needs:
//! a [`watch::Watcher`] that notices saves, a [`workspace::Workspace`] that re-reads just
//! the files a save touched and keeps the last good version playing, the translation
//! [`coverage`] of each file, a [`map`] of each branching scenario, and the [`editor`]
//! command that opens a problem at its line. It builds on
//! `content` (which never imports it) and, like the rest of the core, never draws: the
//! window in `ui` does.

pub mod coverage;
pub mod editor;
pub mod map;
pub mod watch;
pub mod workspace;
