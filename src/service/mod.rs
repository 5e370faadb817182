//! What the front ends do, written once: the window's worker and the command line are thin
//! adapters over these functions.
//!
//! `access` decides who may open which profile on a shared computer; `learner` applies the effects of a learner's sessions and reads what their screens
//! show; `manager` holds the manager's operations (exports in every format, bundles,
//! imports, certificates, due dates, retention, LRS set-up); `dashboard` computes the
//! manager's figures; `person` reads one learner's whole record for the manager; `retention` adds refresher answers up into forgetting curves; `maintenance` checks and purges the store when nobody waits on it.
//! Nothing here draws or prints: results are data, and every failure
//! is a typed error that the caller words in the user's language.

pub mod access;
pub mod dashboard;
pub mod learner;
pub mod maintenance;
pub mod manager;
pub mod person;
pub mod retention;
