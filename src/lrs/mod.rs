//! Delivering results to the organisation's Learning Record Store (LRS) over xAPI.
//!
//! A results file on each laptop does not tell an organisation of thousands who has been
//! trained; an LRS does. Jaga works offline, so delivery is a queue: a finished attempt
//! puts its statements in the store's outbox in the same transaction that records it, and
//! a sender posts them to `{endpoint}/statements` whenever the LRS can be reached, marking
//! each sent only once the LRS has accepted it. Statement ids are derived from the attempt
//! (`report::xapi`), so a statement sent twice after a crash or a lost answer is one
//! statement to the LRS: each arrives exactly once.
//!
//! Nothing is sent unless a manager turns delivery on ([`configure`]); it is off by
//! default. The key and secret never enter the store ([`settings`]).
//!
//! - [`settings`]: the endpoint, home page and switch, and the key and secret file;
//! - [`client`]: HTTP (ureq: TLS verified, timeouts, proxy from the environment);
//! - [`deliver`]: what to do with each answer of the LRS;
//! - [`sender`]: the background thread the window runs, with a status to show.
//!
//! `jaga lrs …` and `jaga push` (in `cli::lrs`) use the same functions.

mod backfill;
pub mod client;
pub mod deliver;
pub mod sender;
pub mod settings;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::content::{Course, Module};
use crate::engine::{Attempt, Outcome};
use crate::report::xapi::{self, XapiConfig, XapiError};
use crate::store::{AttemptRecord, OutboxCounts, Store, StoreError};

pub use backfill::{Backfilled, backfill};
pub use client::{Client, Timeouts};
pub use deliver::{Batches, Tally, deliver_pending};
pub use sender::{Backoff, Sender, SenderOptions, SenderState, SenderStatus};
pub use settings::{Credentials, Endpoint, LrsSettings};

#[derive(Debug, thiserror::Error)]
pub enum LrsError {
    #[error("LRS delivery is not set up: no LRS address is configured")]
    NotConfigured,
    #[error("LRS delivery is turned off")]
    Off,
    #[error("no key and secret for the LRS are stored; give them to configure delivery")]
    NoCredentials,
    #[error("`{value}` cannot be the LRS address: {reason}")]
    BadEndpoint { value: String, reason: String },
    #[error(
        "`{value}` cannot be the LRS address: the key and secret would cross the network readable; use https:// (http:// only for an LRS on this machine)"
    )]
    InsecureEndpoint { value: String },
    #[error("the LRS key and secret cannot be used: {0}")]
    BadCredentials(String),
    #[error("cannot use the LRS credentials file {path}")]
    CredentialsFile {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the LRS credentials file can be read by other users (mode {mode:o}); make it owner-only with `chmod 600` or configure the LRS again ({path})"
    )]
    CredentialsExposed { path: String, mode: u32 },
    #[error("the LRS credentials file is damaged ({reason}); configure the LRS again ({path})")]
    CredentialsCorrupt { path: String, reason: String },
    #[error(transparent)]
    Xapi(#[from] XapiError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot reach the LRS at {endpoint}: {message}")]
    Network { endpoint: String, message: String },
    #[error("the LRS at {endpoint} is unavailable (HTTP {status}: {message})")]
    Unavailable {
        endpoint: String,
        status: u16,
        message: String,
    },
    #[error("{endpoint} did not answer as an LRS: {detail}")]
    NotAnLrs { endpoint: String, detail: String },
    #[error(
        "the LRS at {endpoint} refused the key and secret (HTTP {status}: {message}); check the key and secret the LRS gave for Jaga"
    )]
    Refused {
        endpoint: String,
        status: u16,
        message: String,
    },
    #[error(
        "there is no xAPI statements resource at {url} (HTTP {status}: {message}); check the LRS address: it is the part before `/statements`, like https://lrs.example.org/xapi"
    )]
    NotFound {
        url: String,
        status: u16,
        message: String,
    },
    #[error("{url} redirects (HTTP {status}) to {location}; configure the address it redirects to")]
    Redirected {
        url: String,
        status: u16,
        location: String,
    },
    #[error("the LRS at {endpoint} refused the statements (HTTP {status}: {message})")]
    Rejected {
        endpoint: String,
        status: u16,
        message: String,
    },
    #[error("cannot start the LRS sender thread: {0}")]
    Thread(#[source] std::io::Error),
}

impl crate::i18n::Localized for LrsError {
    fn message(&self) -> crate::i18n::Message {
        use crate::i18n::{Message, io_reason};
        match self {
            Self::NotConfigured => Message::new("error-lrs-not-configured"),
            Self::Off => Message::new("error-lrs-off"),
            Self::NoCredentials => Message::new("error-lrs-no-credentials"),
            Self::BadEndpoint { value, reason } => Message::new("error-lrs-bad-endpoint")
                .with("value", value.as_str())
                .with("detail", reason.as_str()),
            Self::InsecureEndpoint { value } => {
                Message::new("error-lrs-insecure").with("value", value.as_str())
            }
            Self::BadCredentials(detail) => {
                Message::new("error-lrs-bad-credentials").with("detail", detail.as_str())
            }
            Self::CredentialsFile { path, source } => Message::new("error-lrs-credentials-file")
                .with("path", path.as_str())
                .with("reason", io_reason(source)),
            Self::CredentialsExposed { path, mode } => {
                Message::new("error-lrs-credentials-exposed")
                    .with("path", path.as_str())
                    .with("mode", format!("{mode:o}"))
            }
            Self::CredentialsCorrupt { path, .. } => {
                Message::new("error-lrs-credentials-corrupt").with("path", path.as_str())
            }
            Self::Xapi(error) => error.message(),
            Self::Store(error) => error.message(),
            Self::Network { endpoint, message } => Message::new("error-lrs-network")
                .with("endpoint", endpoint.as_str())
                .with("detail", message.as_str()),
            Self::Unavailable {
                endpoint,
                status,
                message,
            } => Message::new("error-lrs-unavailable")
                .with("endpoint", endpoint.as_str())
                .with("status", u32::from(*status))
                .with("detail", message.as_str()),
            Self::NotAnLrs { endpoint, detail } => Message::new("error-lrs-not-an-lrs")
                .with("endpoint", endpoint.as_str())
                .with("detail", detail.as_str()),
            Self::Refused {
                endpoint, status, ..
            } => Message::new("error-lrs-refused")
                .with("endpoint", endpoint.as_str())
                .with("status", u32::from(*status)),
            Self::NotFound { url, status, .. } => Message::new("error-lrs-not-found")
                .with("url", url.as_str())
                .with("status", u32::from(*status)),
            Self::Redirected {
                url,
                status,
                location,
            } => Message::new("error-lrs-redirected")
                .with("url", url.as_str())
                .with("status", u32::from(*status))
                .with("location", location.as_str()),
            Self::Rejected {
                endpoint,
                status,
                message,
            } => Message::new("error-lrs-rejected")
                .with("endpoint", endpoint.as_str())
                .with("status", u32::from(*status))
                .with("detail", message.as_str()),
            Self::Thread(source) => Message::new("error-thread").with("reason", io_reason(source)),
        }
    }
}

impl LrsError {
    /// An error that passes by itself (the network, an LRS that is down or busy, a store
    /// in use): worth trying again later without anyone changing anything.
    pub fn is_passing(&self) -> bool {
        match self {
            Self::Network { .. } | Self::Unavailable { .. } | Self::NotAnLrs { .. } => true,
            Self::Store(e) => matches!(e, StoreError::InUse { .. } | StoreError::Sqlite(_)),
            _ => false,
        }
    }
}

/// Settings given on the command line or in the environment (`JAGA_LRS_ENDPOINT`,
/// `JAGA_LRS_KEY`, `JAGA_LRS_SECRET`), taking the place of the stored ones for one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub endpoint: Option<String>,
    pub key: Option<String>,
    pub secret: Option<String>,
}

/// Everything a delivery run needs: where, with which key, and how statements are built.
#[derive(Debug, Clone)]
pub struct Plan {
    pub endpoint: Endpoint,
    pub credentials: Credentials,
    pub xapi: XapiConfig,
}

impl Plan {
    /// The stored settings, with `overrides` on top. [`LrsError::NotConfigured`] when
    /// there is no endpoint anywhere; [`LrsError::Off`] when delivery was turned off and
    /// no endpoint is given as an override.
    pub fn load(store: &Store, data_dir: &Path, overrides: &Overrides) -> Result<Self, LrsError> {
        let mut settings = LrsSettings::load(store)?;
        let endpoint = match &overrides.endpoint {
            Some(text) => Endpoint::parse(text)?,
            None => match (&settings.endpoint, settings.enabled) {
                (Some(endpoint), true) => endpoint.clone(),
                (Some(_), false) => return Err(LrsError::Off),
                (None, _) => return Err(LrsError::NotConfigured),
            },
        };
        settings.endpoint = Some(endpoint.clone());
        let stored = if overrides.key.is_some() && overrides.secret.is_some() {
            None
        } else {
            settings::credentials_in_force(store, data_dir)?
        };
        let key = overrides
            .key
            .as_deref()
            .or(stored.as_ref().map(Credentials::key));
        let secret = overrides
            .secret
            .as_deref()
            .or(stored.as_ref().map(Credentials::secret));
        let (Some(key), Some(secret)) = (key, secret) else {
            return Err(LrsError::NoCredentials);
        };
        Ok(Self {
            credentials: Credentials::new(key, secret)?,
            xapi: settings.xapi_config()?,
            endpoint,
        })
    }

    pub fn client(&self, timeouts: Timeouts) -> Client {
        Client::new(&self.endpoint, &self.credentials, timeouts)
    }
}

/// The data folder of an open store (where the credentials file lives).
pub fn data_dir_of(store: &Store) -> PathBuf {
    store
        .path()
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The statements to queue with a finished attempt, for [`Store::record_finished`]: none
/// unless delivery is on. It never fails: if the statements cannot be built now (the
/// settings unreadable), the attempt is recorded without them and the sender queues them
/// later, as it does for every attempt without statements.
pub fn statements_for_finish(
    store: &Store,
    learner_id: &str,
    attempt: &Attempt,
    module: &Module,
    outcome: &Outcome,
) -> Vec<(Uuid, String)> {
    let build = || -> Option<Vec<(Uuid, String)>> {
        let (config, learner) = delivering_to(store, learner_id)?;
        let record = AttemptRecord::of_finished(learner_id, attempt, module, outcome).ok()?;
        Some(
            xapi::attempt_statements(&record, &learner, Some(module), &config)
                .iter()
                .map(xapi::Statement::to_outbox)
                .collect(),
        )
    };
    build().unwrap_or_default()
}

/// What statements queued with a result are built with, when delivery is on: the
/// statements' settings and the learner. `None` when delivery is off or either cannot be
/// read (the sender queues the statements later).
fn delivering_to(store: &Store, learner_id: &str) -> Option<(XapiConfig, crate::store::Learner)> {
    let settings = LrsSettings::load(store).ok()?;
    if !settings.delivers() {
        return None;
    }
    Some((
        settings.xapi_config().ok()?,
        store.learner(learner_id).ok()?,
    ))
}

/// The statement to queue with a refresher answer, for [`Store::record_refresher_answer`]:
/// none unless delivery is on. It is built from the answer as the store will record it
/// at `now` ([`Store::refresher_answer_preview`]: its position, rating, days since the
/// last pass and next due time), so it equals the statement an export or a backfill
/// builds from the stored answer. Like [`statements_for_finish`] it never fails: without
/// it the answer is recorded alone and the sender queues its statement later.
pub fn statements_for_refresher(
    store: &Store,
    learner_id: &str,
    answer: &crate::engine::RefresherAnswer,
    now: DateTime<Utc>,
) -> Vec<(Uuid, String)> {
    let build = || -> Option<Vec<(Uuid, String)>> {
        let (config, learner) = delivering_to(store, learner_id)?;
        let record = store
            .refresher_answer_preview(learner_id, answer, now)
            .ok()?;
        let statement = xapi::refresher_statement(
            answer.run,
            &answer.language,
            &record,
            &learner,
            Some(&answer.question),
            &config,
        );
        Some(vec![statement.to_outbox()])
    };
    build().unwrap_or_default()
}

/// What statements in an export (`jaga export --format xapi`) are built with: the LRS
/// settings when a manager has set them, so an exported statement equals the one
/// delivered (same id, same content); otherwise the placeholder home page.
pub fn export_config(store: &Store) -> Result<XapiConfig, LrsError> {
    LrsSettings::load(store)?.xapi_config()
}

/// What a manager fills in to point Jaga at an LRS.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LrsConfig {
    /// The xAPI endpoint, e.g. `https://lrs.example.org/xapi`.
    pub endpoint: String,
    /// The Basic-auth key; `None` keeps the stored one.
    pub key: Option<String>,
    /// The Basic-auth secret; `None` keeps the stored one.
    pub secret: Option<String>,
    /// The actor account's `homePage`; `None` uses the endpoint's origin.
    pub home_page: Option<String>,
    /// Where activity IRIs start; `None` uses the home page.
    pub activity_base: Option<String>,
}

/// What [`configure`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Configured {
    pub settings: LrsSettings,
    /// The key, with most of it hidden.
    pub key_hint: String,
    pub credentials_path: PathBuf,
    /// Statements queued for earlier attempts.
    pub backfilled: Backfilled,
}

/// Checks and saves the LRS settings and the key and secret, turns delivery on, and
/// queues statements for every earlier attempt. Nothing is saved unless everything checks.
pub fn configure(
    store: &mut Store,
    config: &LrsConfig,
    course: &Course,
    now: DateTime<Utc>,
) -> Result<Configured, LrsError> {
    let data_dir = data_dir_of(store);
    let endpoint = Endpoint::parse(&config.endpoint)?;
    let credentials = match (&config.key, &config.secret) {
        (Some(key), Some(secret)) => Credentials::new(key, secret)?,
        (None, None) => {
            settings::credentials_in_force(store, &data_dir)?.ok_or(LrsError::NoCredentials)?
        }
        _ => {
            return Err(LrsError::BadCredentials(
                "give both the key and the secret".to_owned(),
            ));
        }
    };
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let settings = LrsSettings {
        enabled: true,
        endpoint: Some(endpoint),
        home_page: clean(&config.home_page),
        activity_base: clean(&config.activity_base),
    };
    let xapi = settings.xapi_config()?;
    let credentials_path = settings::save_credentials(&data_dir, &credentials)?;
    settings.save(store)?;
    let backfilled = backfill(store, course, &xapi, now)?;
    Ok(Configured {
        key_hint: credentials.key_hint(),
        settings,
        credentials_path,
        backfilled,
    })
}

/// Turns delivery on again with the stored settings, queuing statements for attempts
/// finished while it was off.
pub fn turn_on(
    store: &mut Store,
    course: &Course,
    now: DateTime<Utc>,
) -> Result<Backfilled, LrsError> {
    let mut settings = LrsSettings::load(store)?;
    if settings.endpoint.is_none() {
        return Err(LrsError::NotConfigured);
    }
    if settings::credentials_in_force(store, &data_dir_of(store))?.is_none() {
        return Err(LrsError::NoCredentials);
    }
    settings.enabled = true;
    settings.save(store)?;
    let xapi = settings.xapi_config()?;
    backfill(store, course, &xapi, now)
}

/// What [`turn_off`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TurnedOff {
    /// The key and secret were deleted.
    pub credentials_removed: bool,
    /// Statements deleted before they were sent.
    pub unsent_removed: usize,
}

/// Turns delivery off: nothing more is sent. With `forget`, also deletes the address, the
/// key and secret, and every statement not yet sent.
pub fn turn_off(store: &mut Store, forget: bool) -> Result<TurnedOff, LrsError> {
    let mut settings = LrsSettings::load(store)?;
    settings.enabled = false;
    if !forget {
        settings.save(store)?;
        return Ok(TurnedOff::default());
    }
    let credentials_removed = settings::remove_credentials(&data_dir_of(store))?;
    LrsSettings::default().save(store)?;
    let unsent_removed = store.forget_unsent_statements()?;
    Ok(TurnedOff {
        credentials_removed,
        unsent_removed,
    })
}

/// Delivery as it stands in the store, for a status line without a running sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    pub settings: LrsSettings,
    /// The stored key with most of it hidden, when there is one.
    pub key_hint: Option<String>,
    pub credentials_path: PathBuf,
    pub counts: OutboxCounts,
    /// The last error noted on a statement not yet sent.
    pub last_error: Option<String>,
    /// Finished attempts without statements (queued when delivery is on).
    pub attempts_without_statements: usize,
    /// Refresher answers without a statement (queued when delivery is on).
    pub refresher_answers_without_statements: usize,
}

/// Reads the settings and the outbox.
pub fn overview(store: &Store) -> Result<Overview, LrsError> {
    let data_dir = data_dir_of(store);
    Ok(Overview {
        settings: LrsSettings::load(store)?,
        key_hint: settings::credentials_in_force(store, &data_dir)?.map(|c| c.key_hint()),
        credentials_path: settings::credentials_path(&data_dir),
        counts: store.outbox_counts()?,
        last_error: store.last_delivery_error()?,
        attempts_without_statements: store.count_attempts_without_statements()?,
        refresher_answers_without_statements: store.count_refresher_answers_without_statements()?,
    })
}
