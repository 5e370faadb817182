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
//! Refresher answers (spaced reviews after a module) are statements too: `answered` on
//! the same question activity, with a context extension marking them as refreshers, so
//! they never read as a graded result (`refresher`).
//!
//! `config` holds what every statement shares, `activity` the actor and activities,
//! `build` makes one attempt's statements, `refresher` one refresher's, `export` the
//! statements behind a report's rows.

mod activity;
mod build;
mod config;
mod export;
mod refresher;

pub use self::build::{Statement, attempt_statements, iso_duration, statement_id};
pub use self::config::{
    PLACEHOLDER_HOME_PAGE, PLATFORM, STATEMENT_NAMESPACE, XAPI_VERSION, XapiConfig, XapiError,
    activity_types, verbs,
};
pub use self::export::{
    StatementArray, each_learner_statement, export_document, export_statements, learner_statements,
};
pub use self::refresher::{
    REFRESHER_EXTENSION, asked, refresher_statement, refresher_statement_id, refresher_statements,
};
