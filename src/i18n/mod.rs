//! Every text a person reads, in Indonesian and English, from Fluent (`.ftl`) files.
//!
//! Translators edit `src/i18n/locales/{id,en}/*.ftl`; the files are compiled in. The
//! window's screens ask for a message by key in the learner's language; errors, notices
//! and results from the core carry a [`Message`] that is worded here; certificates take
//! their labels from here too. Dates are formatted here, in each language's own style:
//! `29 November 2026`, `29 Nov 2026`.

mod message;
mod terminal;

pub use message::{Arg, Localized, Message, NoTitles, Titles, io_reason};
pub use terminal::{is_unsafe_on_terminal, printable};

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike as _, Local, NaiveDate, Utc};
use fluent_templates::Loader as _;
use fluent_templates::fluent_bundle::FluentValue;
use unic_langid::LanguageIdentifier;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./src/i18n/locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: the shipped fonts do not draw them,
        // and the interface has no right-to-left text.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The interface languages are the course's: Bahasa Indonesia first, then English.
pub use crate::lang::Lang;

static ID: LazyLock<LanguageIdentifier> = LazyLock::new(|| "id".parse().unwrap_or_default());
static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| "en".parse().unwrap_or_default());

/// What only the window needs of a language.
impl Lang {
    /// The language's name in itself, as the switch shows it.
    pub fn native_name(self) -> String {
        tr(
            self,
            match self {
                Self::Id => "lang-id",
                Self::En => "lang-en",
            },
        )
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Self::Id => &ID,
            Self::En => &EN,
        }
    }
}

/// The message `key` in `lang`.
pub fn tr(lang: Lang, key: &str) -> String {
    LOCALES.lookup(lang.id(), key)
}

/// The message `key` in `lang` with its `{ $name }` arguments filled in.
pub fn trf(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, FluentValue<'_>)> = args
        .iter()
        .map(|(name, value)| (*name, FluentValue::from(value.clone())))
        .collect();
    lookup(lang, key, &args)
}

fn lookup(lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(name, value)| (Cow::Owned((*name).to_owned()), value.clone()))
        .collect();
    LOCALES.lookup_with_args(lang.id(), key, &args)
}

/// A date in the language's style, in the computer's time zone.
pub fn date(lang: Lang, time: DateTime<Utc>) -> String {
    day(lang, time.with_timezone(&Local).date_naive())
}

/// A calendar date in the language's style.
pub fn day(lang: Lang, day: NaiveDate) -> String {
    let month = tr(lang, &format!("month-{}", day.month()));
    trf(
        lang,
        "date-format",
        &[
            ("day", day.day().to_string()),
            ("month", month),
            ("year", day.year().to_string()),
        ],
    )
}

/// A percentage without needless decimals: `80`, `66.7`.
pub fn percent(lang: Lang, value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let text = if (rounded - rounded.round()).abs() < 1e-9 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    };
    match lang {
        // Indonesian writes a decimal comma.
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}

/// The message keys of a `.ftl` text, for the key-parity test.
pub fn message_keys(ftl: &str) -> Vec<String> {
    let mut keys: Vec<String> = ftl
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with(' '))
        .filter_map(|line| line.split_once(" =").map(|(k, _)| k.trim().to_owned()))
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort();
    keys
}

/// The compiled-in `.ftl` texts: language code, file name, text.
pub const FTL_FILES: [(&str, &str, &str); 20] = [
    ("id", "jaga.ftl", include_str!("locales/id/jaga.ftl")),
    (
        "id",
        "certificate.ftl",
        include_str!("locales/id/certificate.ftl"),
    ),
    ("id", "errors.ftl", include_str!("locales/id/errors.ftl")),
    ("id", "results.ftl", include_str!("locales/id/results.ftl")),
    ("id", "access.ftl", include_str!("locales/id/access.ftl")),
    ("id", "manager.ftl", include_str!("locales/id/manager.ftl")),
    ("id", "content.ftl", include_str!("locales/id/content.ftl")),
    ("id", "policy.ftl", include_str!("locales/id/policy.ftl")),
    (
        "id",
        "refresher.ftl",
        include_str!("locales/id/refresher.ftl"),
    ),
    (
        "id",
        "retention.ftl",
        include_str!("locales/id/retention.ftl"),
    ),
    ("en", "jaga.ftl", include_str!("locales/en/jaga.ftl")),
    (
        "en",
        "certificate.ftl",
        include_str!("locales/en/certificate.ftl"),
    ),
    ("en", "errors.ftl", include_str!("locales/en/errors.ftl")),
    ("en", "results.ftl", include_str!("locales/en/results.ftl")),
    ("en", "access.ftl", include_str!("locales/en/access.ftl")),
    ("en", "manager.ftl", include_str!("locales/en/manager.ftl")),
    ("en", "content.ftl", include_str!("locales/en/content.ftl")),
    ("en", "policy.ftl", include_str!("locales/en/policy.ftl")),
    (
        "en",
        "refresher.ftl",
        include_str!("locales/en/refresher.ftl"),
    ),
    (
        "en",
        "retention.ftl",
        include_str!("locales/en/retention.ftl"),
    ),
];
