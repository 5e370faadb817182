//! Who may open which profile on a computer several people share, and what they were told.
//!
//! A personal computer (one profile, no PIN) asks nothing. Once profiles have PINs, or a
//! manager requires them, opening a profile goes through [`sign_in`], which checks the PIN
//! with the store's throttle; the window's worker refuses every learner job for any other
//! profile than the one signed in. The privacy notice a learner accepted is versioned by
//! where results go ([`Machine::notice_version`]), so turning LRS delivery on shows it
//! again.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::store::learners::{Field, clean};
use crate::store::{Learner, NewLearner, Store, StoreError, Unlock, keys};

use super::learner::LearnerData;

/// Sign a learner out after this many idle minutes, unless a manager set another number.
pub const DEFAULT_IDLE_MINUTES: u32 = 10;

/// The longest idle time a manager can set (a working day).
pub const MAX_IDLE_MINUTES: u32 = 480;

/// How this computer is set up for the people who share it, and where results go: what
/// the window needs to decide who may open which profile and what the privacy notice says.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent switches a manager or the organisation's policy sets, not states"
)]
pub struct Machine {
    /// A manager requires every profile here to have a PIN.
    pub pins_required: bool,
    /// Sign out after this many idle minutes on a shared computer (0: never).
    pub idle_minutes: u32,
    /// The profiles that have a PIN.
    pub with_pin: BTreeSet<String>,
    /// Where results are delivered after each quiz, when a manager set up an LRS.
    pub lrs_host: Option<String>,
    /// The Author button is shown (before anyone signs in).
    pub show_author: bool,
    /// The Manager button is shown (an organisation's policy may hide it).
    pub show_manager: bool,
    /// Signed-in learners see the Manager (and Author) buttons too.
    pub tools_for_learners: bool,
}

impl Default for Machine {
    fn default() -> Self {
        Self {
            pins_required: false,
            idle_minutes: DEFAULT_IDLE_MINUTES,
            with_pin: BTreeSet::new(),
            lrs_host: None,
            show_author: false,
            show_manager: true,
            tools_for_learners: false,
        }
    }
}

/// The privacy notice's edition, raised when what it says Jaga stores changes, so every
/// learner reads it again once: 2 added refreshers and their schedule.
pub const NOTICE_EDITION: u32 = 2;

impl Machine {
    pub fn load(store: &Store) -> Result<Self, StoreError> {
        let lrs_host = crate::lrs::LrsSettings::load(store)
            .ok()
            .filter(crate::lrs::LrsSettings::delivers)
            .and_then(|s| s.endpoint.map(|e| host_of(e.origin())));
        Ok(Self {
            pins_required: store.setting(keys::PINS_REQUIRED)?.as_deref() == Some("1"),
            idle_minutes: store
                .setting(keys::IDLE_MINUTES)?
                .and_then(|m| m.parse().ok())
                .unwrap_or(DEFAULT_IDLE_MINUTES),
            with_pin: store.learners_with_pins()?.into_iter().collect(),
            lrs_host,
            show_author: store.setting(keys::SHOW_AUTHOR)?.as_deref() == Some("1"),
            show_manager: store.setting(keys::SHOW_MANAGER)?.as_deref() != Some("0"),
            tools_for_learners: store.setting(keys::TOOLS_FOR_LEARNERS)?.as_deref() == Some("1"),
        })
    }

    /// Whether several people use this computer: more than one profile, or PINs in use.
    /// A personal computer (one profile, no PIN) asks nothing extra.
    pub fn shared(&self, profiles: usize) -> bool {
        profiles > 1 || self.pins_required || !self.with_pin.is_empty()
    }

    /// Which privacy notice applies: results stay here, or go to an LRS at a host, in the
    /// notice's current edition. A learner who accepted another version is shown the
    /// notice again.
    pub fn notice_version(&self) -> String {
        let place = match &self.lrs_host {
            Some(host) => format!("lrs:{host}"),
            None => "local".to_owned(),
        };
        format!("{place}#{NOTICE_EDITION}")
    }

    pub fn has_pin(&self, learner_id: &str) -> bool {
        self.with_pin.contains(learner_id)
    }
}

/// The host of an origin (`https://lrs.example.co.id:8443` → `lrs.example.co.id:8443`):
/// what a learner recognises in a notice.
fn host_of(origin: &str) -> String {
    origin
        .split_once("://")
        .map_or(origin, |(_, rest)| rest)
        .to_owned()
}

/// How an attempt to open a profile went.
#[derive(Debug, Clone)]
pub enum SignIn {
    /// Opened: everything the learner's screens show.
    Opened(Box<LearnerData>),
    /// The profile has a PIN and none was given.
    PinNeeded,
    /// Wrong PIN: the next try is accepted from `retry_at`.
    Wrong { retry_at: DateTime<Utc> },
    /// Too many wrong tries: wait until `retry_at`.
    Wait { retry_at: DateTime<Utc> },
}

/// Opens a profile: at once when it has no PIN, otherwise only with the right PIN, wrong
/// tries slowing further ones as the manager lock does.
pub fn sign_in(
    store: &mut Store,
    learner_id: &str,
    pin: Option<&str>,
    now: DateTime<Utc>,
) -> Result<SignIn, StoreError> {
    if store.learner_access(learner_id)?.has_pin {
        let Some(pin) = pin else {
            return Ok(SignIn::PinNeeded);
        };
        match store.check_learner_pin(learner_id, pin, now)? {
            Unlock::Unlocked | Unlock::NotSet => {}
            Unlock::Wrong { retry_at } => return Ok(SignIn::Wrong { retry_at }),
            Unlock::Wait { retry_at } => return Ok(SignIn::Wait { retry_at }),
        }
    }
    Ok(SignIn::Opened(Box::new(LearnerData::load(
        store, learner_id,
    )?)))
}

/// A new profile, with the PIN its owner chose (required when a manager requires PINs) and
/// the privacy notice they read while making it.
#[derive(Debug, Clone)]
pub struct NewProfile {
    pub learner: NewLearner,
    pub pin: Option<String>,
    pub notice_version: String,
}

/// Makes a profile: checks every field and the PIN before writing anything, so a refused
/// PIN leaves no half-made profile behind.
pub fn create_profile(
    store: &mut Store,
    new: &NewProfile,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Learner, StoreError> {
    new.learner.validated()?;
    let pin = new.pin.as_deref().filter(|p| !p.is_empty());
    match pin {
        Some(pin) => check_pin_length(pin)?,
        None if Machine::load(store)?.pins_required => return Err(StoreError::PinRequired),
        None => {}
    }
    let learner = store.create_learner(&new.learner, id, now)?;
    if let Some(pin) = pin {
        store.set_learner_pin(&learner.id, pin)?;
    }
    store.set_notice_seen(&learner.id, &new.notice_version)?;
    Ok(learner)
}

fn check_pin_length(pin: &str) -> Result<(), StoreError> {
    if pin.chars().count() < crate::store::MIN_PIN_CHARS {
        return Err(StoreError::PinTooShort {
            min: crate::store::MIN_PIN_CHARS,
        });
    }
    Ok(())
}

/// The signed-in learner removes their own PIN; refused while a manager requires PINs.
pub fn remove_own_pin(store: &mut Store, learner_id: &str) -> Result<(), StoreError> {
    if Machine::load(store)?.pins_required {
        return Err(StoreError::PinRequired);
    }
    store.remove_learner_pin(learner_id, None)
}

/// The manager's rules for this computer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AccessPolicy {
    pub pins_required: bool,
    /// Minutes idle before a learner is signed out on a shared computer (0: never).
    pub idle_minutes: u32,
    /// The Author button is shown (before anyone signs in).
    pub show_author: bool,
    /// Signed-in learners see the Manager (and Author) buttons too.
    pub tools_for_learners: bool,
}

/// Sets the manager's rules, both at once.
pub fn set_policy(store: &mut Store, policy: AccessPolicy) -> Result<(), StoreError> {
    let idle = policy.idle_minutes.min(MAX_IDLE_MINUTES).to_string();
    let flag = |on: bool| Some(if on { "1" } else { "0" });
    store.set_settings(&[
        (keys::PINS_REQUIRED, flag(policy.pins_required)),
        (keys::IDLE_MINUTES, Some(idle.as_str())),
        (keys::SHOW_AUTHOR, flag(policy.show_author)),
        (keys::TOOLS_FOR_LEARNERS, flag(policy.tools_for_learners)),
    ])
}

/// The organisation that issues certificates and who signs them, as a manager types them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Organisation {
    pub name: String,
    pub signatory: String,
    pub signatory_title: String,
}

/// Sets the organisation and signatory printed on certificates; an empty value removes
/// one. Every value is checked before any is written.
pub fn set_organisation(store: &mut Store, org: &Organisation) -> Result<(), StoreError> {
    let name = clean(&org.name, Field::Organisation, false)?;
    let signatory = clean(&org.signatory, Field::Signatory, false)?;
    let title = clean(&org.signatory_title, Field::SignatoryTitle, false)?;
    store.set_settings(&[
        (keys::ORG_NAME, name.as_deref()),
        (keys::ORG_SIGNATORY, signatory.as_deref()),
        (keys::ORG_SIGNATORY_TITLE, title.as_deref()),
    ])
}
