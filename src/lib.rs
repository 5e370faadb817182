//! Jaga: privacy and data-protection training for employees, private by design.
//!
//! The core (`content`, `engine`, `store`, `report`) is plain Rust and never touches
//! egui; the command line in `cli` and the window in `ui` are both built on it.
//! `authoring` is the core of author mode only (watching a folder, reloading it, scenario
//! maps, translation coverage), built on `content`.

pub mod authoring;
pub mod certificate;
pub mod cli;
pub mod clock;
pub mod content;
pub mod engine;
pub mod fsio;
pub mod gift;
pub mod i18n;
pub mod lang;
pub mod lrs;
pub mod report;
pub mod service;
pub mod store;
#[cfg(feature = "gui")]
pub mod ui;
