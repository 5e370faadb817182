//! xAPI 1.0.3 statements about finished attempts, for exports and the organisation's LRS.
//!
//! Organisations keep training records in a Learning Record Store, which speaks xAPI. This
//! module turns one finished graded attempt into the statements an LRS expects: `passed` or
//! `failed` and `completed` on the module, `answered` per question, and `responded` per
//! choice taken in a scenario (see `docs/xapi.md` for every field and why). It is pure: the
//! attempt, the learner, the module and the settings go in, JSON comes out, so the same
//! attempt always gives the same statements, byte for byte. Statement ids are UUID v5 over
//! the attempt and the item, so a statement sent twice (an export imported after the
//! outbox delivered it, a re-send after a lost answer) is recognised by the LRS as one.
//!
//! The actor is an opaque account (the organisation's home page and the employee ID): no
//! names, no e-mail addresses.
//!
//! `config` holds what every statement shares, `build` makes one attempt's statements,
//! `export` the statements behind a report's rows.

mod build;
mod config;
mod export;

pub use self::build::{Statement, attempt_statements, iso_duration, statement_id};
pub use self::config::{
    PLACEHOLDER_HOME_PAGE, PLATFORM, STATEMENT_NAMESPACE, XAPI_VERSION, XapiConfig, XapiError,
    activity_types, verbs,
};
pub use self::export::{StatementArray, export_document, export_statements, learner_statements};
