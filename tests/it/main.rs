//! Jaga's integration tests, in one binary: one link of the crate and its dependencies
//! instead of one per file. Each module is named after what it proves; `support` holds
//! the fixtures every module shares (the fixed clock, fixture modules, the real `jaga`
//! binary, Node.js tools, and the window harness).

mod support;

mod access;
mod architecture;
mod author_core;
mod author_diagnostics;
#[cfg(feature = "gui")]
mod author_ui;
mod bundle;
mod certificate;
mod cli;
mod content_validation;
mod course_files;
mod demo_data;
mod engine;
mod exports;
mod gift;
mod hostile;
mod i18n;
#[cfg(feature = "gui")]
mod keyboard;
#[cfg(feature = "gui")]
mod language;
mod lrs;
#[cfg(feature = "gui")]
mod manager_ui;
#[cfg(feature = "gui")]
mod person_view;
mod policy;
#[cfg(feature = "gui")]
mod policy_ui;
mod practice_kinds;
#[cfg(feature = "gui")]
mod practice_ui;
mod properties;
mod refresher_exports;
mod refresher_ui;
mod refreshers;
mod retention;
#[cfg(feature = "gui")]
mod retention_ui;
mod scale;
#[cfg(feature = "gui")]
mod sign_in;
mod store;
mod store_crash;
mod store_health;
#[cfg(feature = "gui")]
mod tracks_ui;
#[cfg(feature = "gui")]
mod ui;
mod xapi;
