//! Jaga: privacy and data-protection training for employees, private by design.
//!
//! The core is plain Rust and never touches egui: `content` (modules, checked), `engine`
//! (attempts and session rules), `store` (results in SQLite), `report`, `bundle`,
//! `certificate`, `gift` and `lrs`, with `service` holding what the front ends do.
//! `authoring` is the core of author mode only (watching a folder, reloading it, scenario
//! maps, translation coverage), built on `content`. The command line in `cli` and the
//! window in `ui` are both built on the core.

pub mod authoring;
pub mod bundle;
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
pub mod policy;
pub mod report;
pub mod service;
pub mod store;
#[cfg(feature = "gui")]
pub mod ui;
